// An open project: its file, its repository, and whether it may be written.
import path from 'node:path';
import { openDatabase, type Db } from '../store/database.js';
import { Repository } from '../store/repository.js';
import { WeftError } from '../errors.js';
import type { ProjectInfo } from '../../shared/types.js';
import { DEFAULT_ATTRIBUTES } from '../../shared/attributes.js';
import type { ProjectSummary } from '../../shared/api/contract.js';

export class Project {
  readonly repo: Repository;
  private constructor(
    readonly file: string,
    readonly db: Db,
    readonly readOnly: boolean,
  ) {
    this.repo = new Repository(db);
  }

  /** A new project file; `defaultAttributes` adds the research defaults of shared/attributes.ts (country, participant group…). */
  static create(file: string, name?: string, options: { defaultAttributes?: boolean } = {}): Project {
    const db = openDatabase(file, { create: true });
    const project = new Project(file, db, false);
    project.repo.transaction(() => {
      project.repo.createProject(name ?? path.basename(file).replace(/\.weft$/i, ''));
      if (options.defaultAttributes) for (const a of DEFAULT_ATTRIBUTES) project.repo.ensureAttribute(a.name, a.type, a.values);
    });
    return project;
  }

  static open(file: string, options: { readOnly?: boolean } = {}): Project {
    const db = openDatabase(file, { readOnly: options.readOnly });
    return new Project(file, db, options.readOnly ?? false);
  }

  close(): void {
    if (this.db.open) this.db.close();
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
    };
  }

  summary(): ProjectSummary {
    const c = this.repo.counts();
    return { ...c, coders: this.repo.coders().map((k) => k.name) };
  }
}
