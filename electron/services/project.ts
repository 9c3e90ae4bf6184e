// An open project: its file, its repository, and whether it may be written.
import path from 'node:path';
import { isEncryptedFile, openDatabase, type Db } from '../store/database.js';
import { acquireWriterLock, type WriterLock } from '../store/writerLock.js';
import { Repository } from '../store/repository.js';
import { WeftError } from '../errors.js';
import type { ProjectInfo } from '../../shared/types.js';
import { DEFAULT_ATTRIBUTES } from '../../shared/attributes.js';
import type { ProjectSummary } from '../../shared/api/contract.js';

export interface OpenProjectOptions {
  readOnly?: boolean;
  /** the passphrase of an encrypted project: kept in memory only, for side connections and packages */
  passphrase?: string;
}

export class Project {
  readonly repo: Repository;
  #passphrase: string | undefined;
  #lock: WriterLock | null;
  private constructor(
    readonly file: string,
    readonly db: Db,
    readonly readOnly: boolean,
    passphrase: string | undefined,
    lock: WriterLock | null,
  ) {
    this.repo = new Repository(db);
    this.#passphrase = passphrase;
    this.#lock = lock;
  }

  /** True when the file is encrypted at rest. */
  get encrypted(): boolean {
    return this.#passphrase !== undefined;
  }

  /** The key, for code that opens another connection to this file or writes a package with it. */
  passphrase(): string | undefined {
    return this.#passphrase;
  }

  /** A new project file; `defaultAttributes` adds the research defaults of shared/attributes.ts (country, participant group…). */
  static create(file: string, name?: string, options: { defaultAttributes?: boolean; passphrase?: string } = {}): Project {
    let lock: WriterLock | null = null;
    let db: Db;
    try {
      db = openDatabase(file, { create: true, passphrase: options.passphrase, beforeWrite: () => (lock = acquireWriterLock(file)) });
    } catch (e) {
      (lock as WriterLock | null)?.release();
      throw e;
    }
    const project = new Project(file, db, false, options.passphrase || undefined, lock);
    project.repo.transaction(() => {
      project.repo.createProject(name ?? path.basename(file).replace(/\.weft$/i, ''));
      if (options.defaultAttributes) for (const a of DEFAULT_ATTRIBUTES) project.repo.ensureAttribute(a.name, a.type, a.values);
    });
    return project;
  }

  /** Open for writing (taking the writer lock) or read-only (no lock: readers never wait for the writer). */
  static open(file: string, options: OpenProjectOptions = {}): Project {
    const readOnly = options.readOnly ?? false;
    let lock: WriterLock | null = null;
    try {
      const encrypted = isEncryptedFile(file);
      const db = openDatabase(file, { readOnly, passphrase: options.passphrase, beforeWrite: () => (lock = acquireWriterLock(file)) });
      return new Project(file, db, readOnly, encrypted ? options.passphrase : undefined, lock);
    } catch (e) {
      (lock as WriterLock | null)?.release();
      throw e;
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
    this.#lock?.release();
    this.#lock = null;
  }

  assertWritable(): void {
    if (this.readOnly) throw new WeftError(`${this.file}: project is open read-only`, 'read_only');
  }

  info(): ProjectInfo {
    const p = this.repo.project();
    return {
      guid: p.guid,
      name: p.name,
      path: this.file,
      createdAt: p.createdAt,
      schemaVersion: this.db.pragma('user_version', { simple: true }) as number,
      readOnly: this.readOnly,
      encrypted: this.encrypted,
    };
  }

  summary(): ProjectSummary {
    const c = this.repo.counts();
    return { ...c, coders: this.repo.coders().map((k) => k.name) };
  }
}
