// Opening a project file: pragmas, version checks and migrations.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import { LATEST_SCHEMA_VERSION, migrations, type Migration } from './migrations.js';
import { WeftError } from '../errors.js';

export type Db = Database.Database;

export interface OpenOptions {
  /** create the file when missing (only `weft init` and the demo do this) */
  create?: boolean;
  readOnly?: boolean;
}

export function openDatabase(path: string, options: OpenOptions = {}): Db {
  const exists = fs.existsSync(path);
  if (!exists && !options.create) throw new WeftError(`${path}: no such project file`);
  if (exists && options.create) throw new WeftError(`${path}: file already exists`);
  if (exists) assertSqliteFile(path);
  let db: Db;
  try {
    db = new Database(path, { readonly: options.readOnly ?? false, fileMustExist: !options.create });
  } catch (e) {
    throw new WeftError(`${path}: cannot open project (${(e as Error).message})`);
  }
  try {
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
    if (!options.readOnly) db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    // de-identification: deleted content is overwritten, and temporary tables (the undo log) never touch the disk.
    // temp_store must be set before any TEMP object exists (changing it later drops them).
    db.pragma('secure_delete = ON');
    db.pragma('temp_store = MEMORY');
    if (version < LATEST_SCHEMA_VERSION) {
      if (options.readOnly) throw new WeftError(`${path}: project needs an upgrade; open it for writing once`);
      migrate(db, migrations);
    }
    return db;
  } catch (e) {
    db.close();
    throw e;
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

function assertSqliteFile(path: string): void {
  const fd = fs.openSync(path, 'r');
  try {
    const header = Buffer.alloc(16);
    const n = fs.readSync(fd, header, 0, 16, 0);
    if (n === 0) return; // an empty file is a fresh database
    if (n < 16 || header.toString('latin1') !== 'SQLite format 3\u0000') {
      throw new WeftError(`${path}: not a Weft project (not an SQLite file, or encrypted)`);
    }
  } finally {
    fs.closeSync(fd);
  }
}
