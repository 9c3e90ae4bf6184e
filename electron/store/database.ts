// Opening a project file: the key of an encrypted project, pragmas, version checks and migrations.
// One driver for every project: better-sqlite3-multiple-ciphers is better-sqlite3 with SQLite3MultipleCiphers
// compiled in, and without a key it reads and writes plain SQLite files exactly as better-sqlite3 does.
import type Database from 'better-sqlite3';
import CipherDatabase from 'better-sqlite3-multiple-ciphers';
import fs from 'node:fs';
import { LATEST_SCHEMA_VERSION, migrations, type Migration } from './migrations.js';
import { backupDatabase, storageFailure } from './backups.js';
import { WeftError } from '../errors.js';

export type Db = Database.Database;

/** A connection through the cipher-capable driver, typed as the better-sqlite3 database the store is written for. */
export function connect(path: string, options: { readonly?: boolean; fileMustExist?: boolean } = {}): Db {
  return new CipherDatabase(path, options);
}

/** SQLCipher 4 format, so that other tools (sqlcipher, DB Browser) open the file with the passphrase. */
export function applyKey(db: Db, passphrase: string): void {
  db.pragma("cipher = 'sqlcipher'");
  db.pragma('legacy = 4');
  (db as InstanceType<typeof CipherDatabase>).key(Buffer.from(passphrase, 'utf8'));
}

/** Change the key of an open connection ('' removes it). The journal must not be WAL while the pages are rewritten. */
export function applyRekey(db: Db, passphrase: string): void {
  db.pragma("cipher = 'sqlcipher'");
  db.pragma('legacy = 4');
  (db as InstanceType<typeof CipherDatabase>).rekey(Buffer.from(passphrase, 'utf8'));
}

/** True when the file exists, is not empty and does not start like a plain SQLite file: encrypted, or not SQLite at all. */
export function isEncryptedFile(path: string): boolean {
  if (!fs.existsSync(path)) return false;
  const fd = fs.openSync(path, 'r');
  try {
    const header = Buffer.alloc(16);
    const n = fs.readSync(fd, header, 0, 16, 0);
    return n > 0 && (n < 16 || header.toString('latin1') !== 'SQLite format 3\u0000');
  } finally {
    fs.closeSync(fd);
  }
}

export interface OpenOptions {
  /** create the file when missing (only `weft init` and the demo do this) */
  create?: boolean;
  readOnly?: boolean;
  /** the key of an encrypted project; with `create`, the new file is encrypted. Held in memory only. */
  passphrase?: string;
  /** called once the file is known to be a Weft project this version can open, before anything is written (the writer lock) */
  beforeWrite?: () => void;
}

export function openDatabase(path: string, options: OpenOptions = {}): Db {
  const exists = fs.existsSync(path);
  if (!exists && !options.create) throw new WeftError(`${path}: no such project file`);
  if (exists && options.create) throw new WeftError(`${path}: file already exists`);
  const encrypted = exists && isEncryptedFile(path);
  if (encrypted && !options.passphrase) {
    throw new WeftError(`${path}: not a Weft project (not an SQLite file), or an encrypted project that needs its passphrase`, 'locked');
  }
  let db: Db;
  try {
    db = connect(path, { readonly: options.readOnly ?? false, fileMustExist: !options.create });
  } catch (e) {
    throw new WeftError(`${path}: cannot open project (${(e as Error).message})`);
  }
  try {
    if (options.passphrase && (encrypted || options.create)) applyKey(db, options.passphrase);
    try {
      db.prepare('SELECT COUNT(*) FROM sqlite_master').get();
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_NOTADB') {
        throw new WeftError(encrypted ? `wrong passphrase for ${path}` : `${path}: not a Weft project (not an SQLite file)`, encrypted ? 'locked' : 'bad_request');
      }
      throw e;
    }
    db.pragma('busy_timeout = 3000');
    // check the version before any pragma that writes: a newer project is left byte-for-byte as it was
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > LATEST_SCHEMA_VERSION) {
      throw new WeftError(
        `${path}: this project was saved by a newer version of Weft (schema ${version}; this version reads up to ${LATEST_SCHEMA_VERSION}). Update Weft to open it.`,
      );
    }
    // version 0 with tables is another program's database, not an old Weft project: never migrate into it
    if (version === 0 && (db.prepare('SELECT COUNT(*) FROM sqlite_master').pluck().get() as number) > 0) {
      throw new WeftError(`${path}: not a Weft project (an SQLite database of another program)`);
    }
    if (!options.readOnly) {
      options.beforeWrite?.();
      db.pragma('journal_mode = WAL');
    }
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    // de-identification: deleted content is overwritten, and temporary tables (the undo log) never touch the disk.
    // temp_store must be set before any TEMP object exists (changing it later drops them).
    db.pragma('secure_delete = ON');
    db.pragma('temp_store = MEMORY');
    if (version < LATEST_SCHEMA_VERSION) {
      if (options.readOnly) throw new WeftError(`${path}: project needs an upgrade; open it for writing once`);
      if (version > 0) backupDatabase(db, path, `before-migration-${version}-to-${LATEST_SCHEMA_VERSION}`);
      migrate(db, migrations);
    }
    return db;
  } catch (e) {
    db.close();
    throw storageFailure(e, path) ?? e;
  }
}

/** Apply every migration above the file's user_version, each in its own transaction. */
export function migrate(db: Db, list: readonly Migration[]): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (const m of list) {
    if (m.version <= current) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}
