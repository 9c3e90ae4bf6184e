// One writer at a time: the process that opens a project for writing holds a lock on a small sidecar
// database, PROJECT.weft-lock.
//
// Why a sidecar database: the lock is SQLite's own file lock (fcntl on POSIX, LockFileEx on Windows), held by an
// open write transaction (BEGIN IMMEDIATE, a RESERVED lock). The operating system drops it when the process ends,
// however it ends, so it can't go stale after a crash or kill -9, and no pid-reuse guessing is needed. A lock on the
// project file itself would be too strong (readers and the WAL need it). Readers of the sidecar still see the holder's
// committed row (pid, since), which names it in the message. The sidecar is left in place when the project closes:
// a leftover file locks nothing.
import os from 'node:os';
import type Database from 'better-sqlite3';
import { connect } from './database.js';
import { WeftError } from '../errors.js';

export interface WriterLock {
  release(): void;
}

interface Holder {
  pid: number;
  host: string;
  since: string;
}

export function lockFileFor(projectFile: string): string {
  return `${projectFile.replace(/\.weft$/i, '')}.weft-lock`;
}

const isBusy = (e: unknown) => /^SQLITE_(BUSY|LOCKED)/.test((e as { code?: string }).code ?? '');

/** Take the writer lock of a project, or throw naming the process that holds it. */
export function acquireWriterLock(projectFile: string): WriterLock {
  const file = lockFileFor(projectFile);
  let db: Database.Database;
  try {
    db = connect(file);
    db.pragma('busy_timeout = 0');
    db.pragma('journal_mode = DELETE');
    db.exec('CREATE TABLE IF NOT EXISTS holder (id INTEGER PRIMARY KEY CHECK (id = 1), pid INTEGER NOT NULL, host TEXT NOT NULL, since TEXT NOT NULL)');
  } catch (e) {
    if (isBusy(e)) throw heldBy(projectFile, file);
    throw new WeftError(`${projectFile}: cannot open it for writing (${(e as Error).message}); open it read-only with --read-only`, 'read_only');
  }
  const me: Holder = { pid: process.pid, host: os.hostname(), since: new Date().toISOString() };
  try {
    db.exec('BEGIN IMMEDIATE');
    db.prepare('INSERT INTO holder (id, pid, host, since) VALUES (1, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET pid = excluded.pid, host = excluded.host, since = excluded.since').run(me.pid, me.host, me.since);
    db.exec('COMMIT');
    // hold the lock from here on; another process that slipped in after the commit wins, and we report it
    db.exec('BEGIN IMMEDIATE');
  } catch (e) {
    if (db.inTransaction) db.exec('ROLLBACK');
    db.close();
    if (isBusy(e)) throw heldBy(projectFile, file);
    throw new WeftError(`${projectFile}: cannot take the writer lock (${(e as Error).message})`);
  }
  return {
    release() {
      if (!db.open) return;
      if (db.inTransaction) db.exec('ROLLBACK');
      db.close();
    },
  };
}

function heldBy(projectFile: string, lockFile: string): WeftError {
  let holder: Holder | undefined;
  try {
    const db = connect(lockFile, { readonly: true, fileMustExist: true });
    try {
      db.pragma('busy_timeout = 1000');
      holder = db.prepare('SELECT pid, host, since FROM holder WHERE id = 1').get() as Holder | undefined;
    } finally {
      db.close();
    }
  } catch {
    holder = undefined;
  }
  const who = holder ? ` (pid ${holder.pid}${holder.host !== os.hostname() ? ` on ${holder.host}` : ''}, since ${holder.since})` : '';
  return new WeftError(`${projectFile} is open in another Weft window${who}; open it read-only with --read-only`, 'conflict');
}
