// Encryption at rest, passphrase changes, backups and restore. Every change of the project file is made in a new
// file next to it, verified (it opens, integrity_check = ok, same counts), then swapped in with one rename; the
// original stays until the swap has succeeded. The writer lock is held throughout.
import fs from 'node:fs';
import path from 'node:path';
import { Project } from './project.js';
import { applyKey, applyRekey, connect, isEncryptedFile, type Db } from '../store/database.js';
import { backupDatabase, describeIoError, listBackups, type BackupEntry } from '../store/backups.js';
import { WeftError } from '../errors.js';

export type { BackupEntry };

interface Counts {
  [table: string]: number;
}

const COUNTED = ['documents', 'codes', 'codings', 'memos', 'coders', 'attributes', 'document_attributes'];

function counts(db: Db): Counts {
  const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]));
  const c: Counts = {};
  for (const t of COUNTED) if (tables.has(t)) c[t] = db.prepare(`SELECT COUNT(*) FROM "${t}"`).pluck().get() as number;
  return c;
}

function removeDatabaseFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(file + suffix, { force: true });
}

/** Check a finished copy: it opens with `passphrase` (encrypted exactly when one is given), integrity_check is ok, and its counts are `expected`. */
function verifyCopy(copy: string, passphrase: string | undefined, expected: Counts | null, what: string): void {
  const encrypted = isEncryptedFile(copy);
  if (encrypted !== Boolean(passphrase)) throw new WeftError(`${what}: the copy is ${encrypted ? 'encrypted' : 'not encrypted'}, which is not what was asked`);
  let db: Db | null = null;
  try {
    db = connect(copy, { readonly: true, fileMustExist: true });
    if (passphrase) applyKey(db, passphrase);
    let integrity: unknown;
    try {
      integrity = db.pragma('integrity_check', { simple: true });
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_NOTADB') throw new WeftError(`wrong passphrase for ${copy}`, 'locked');
      throw e;
    }
    if (integrity !== 'ok') throw new WeftError(`${what}: the copy fails its integrity check (${String(integrity)})`);
    if (expected) {
      const got = counts(db);
      for (const [t, n] of Object.entries(expected)) {
        if (got[t] !== n) throw new WeftError(`${what}: the copy has ${got[t]} ${t}, the project ${n}`);
      }
    }
  } finally {
    db?.close();
  }
}

/**
 * Leave WAL mode so the project is one self-contained file (no -wal beside it) before a swap. This needs every other
 * connection closed: a reader in another window would otherwise apply its old WAL to the new file.
 */
function detachWal(project: Project): void {
  try {
    project.db.pragma('wal_checkpoint(TRUNCATE)');
    const mode = project.db.pragma('journal_mode = DELETE', { simple: true });
    if (mode !== 'delete') throw new Error(`journal mode stays ${String(mode)}`);
  } catch (e) {
    throw new WeftError(`${project.file}: close the other windows that have it open (read-only too), then try again (${(e as Error).message})`);
  }
}

/** Swap `next` in for `file` with one rename; the original survives under a temporary name until then. */
function swapIn(file: string, next: string): void {
  const keep = path.join(path.dirname(file), `.${path.basename(file)}.original-${process.pid}`);
  fs.rmSync(keep, { force: true });
  try {
    fs.linkSync(file, keep);
  } catch {
    fs.copyFileSync(file, keep);
  }
  try {
    fs.renameSync(next, file);
  } catch (e) {
    fs.rmSync(keep, { force: true });
    throw new WeftError(`${file}: cannot replace the project file (${describeIoError(e)}); it is unchanged`);
  }
  fs.rmSync(keep, { force: true });
}

/**
 * Rewrite the project with another key: `to` undefined or '' writes it unencrypted. `from` opens it.
 * Used by `weft encrypt`, `weft decrypt` and `weft passphrase`.
 */
export function rekeyProject(file: string, from: string | undefined, to: string | undefined): { encrypted: boolean; counts: Counts; backupsRekeyed: number } {
  const project = Project.open(file, { passphrase: from });
  const copy = path.join(path.dirname(file), `.${path.basename(file)}.rekey-${process.pid}.weft`);
  try {
    const before = counts(project.db);
    removeDatabaseFiles(copy);
    try {
      project.db.prepare('VACUUM INTO ?').run(copy);
      const db = connect(copy, { fileMustExist: true });
      try {
        if (project.encrypted) applyKey(db, from!);
        db.pragma('journal_mode = DELETE');
        applyRekey(db, to ?? '');
      } finally {
        db.close();
      }
    } catch (e) {
      throw new WeftError(`${file}: cannot write the converted copy (${describeIoError(e)}); the project is unchanged`);
    }
    verifyCopy(copy, to || undefined, before, file);
    detachWal(project);
    project.db.close(); // the writer lock stays held until the swap is done
    swapIn(file, copy);
    return { encrypted: Boolean(to), counts: before, backupsRekeyed: from && to ? rekeyBackups(file, from, to) : 0 };
  } finally {
    removeDatabaseFiles(copy);
    project.close();
  }
}

/** After a passphrase change, the encrypted backups made with the old one take the new one (SQLite rekeys in a transaction). */
function rekeyBackups(file: string, from: string, to: string): number {
  let done = 0;
  for (const b of listBackups(file)) {
    if (!isEncryptedFile(b.file)) continue;
    let db: Db | null = null;
    try {
      db = connect(b.file, { fileMustExist: true });
      applyKey(db, from);
      db.prepare('SELECT COUNT(*) FROM sqlite_master').get();
      db.pragma('journal_mode = DELETE');
      applyRekey(db, to);
      done++;
    } catch {
      // made with yet another passphrase: left as it is
    } finally {
      db?.close();
    }
  }
  return done;
}

/** Backups of the project, newest first. */
export function projectBackups(file: string): BackupEntry[] {
  return listBackups(file);
}

/** Take a backup now (the CLI's `weft backups PROJECT --now`, and before merges). */
export function backupProject(project: Project, reason: string): BackupEntry {
  return backupDatabase(project.db, project.file, reason);
}

/**
 * Replace the project with a backup: the current state is backed up first, the backup is checked (it opens with the
 * project's passphrase, integrity_check = ok), then swapped in. `backup` is a name from the list or a path; the
 * newest backup by default.
 */
export function restoreBackup(file: string, backup: string | undefined, passphrase: string | undefined): { restored: BackupEntry; savedAs: BackupEntry } {
  const all = listBackups(file);
  const chosen = backup === undefined ? all[0] : all.find((b) => b.name === backup || b.file === path.resolve(backup));
  if (!chosen) throw new WeftError(backup === undefined ? `${file}: has no backups` : `${backup}: not a backup of ${file} (see weft backups)`);
  const encrypted = isEncryptedFile(chosen.file);
  if (encrypted && !passphrase) throw new WeftError(`${chosen.file}: the backup is encrypted and needs the project's passphrase`, 'locked');
  verifyCopy(chosen.file, encrypted ? passphrase : undefined, null, chosen.file);
  const project = Project.open(file, { passphrase });
  const copy = path.join(path.dirname(file), `.${path.basename(file)}.restore-${process.pid}.weft`);
  try {
    const savedAs = backupDatabase(project.db, file, 'before-restore', Math.max(listBackups(file).length + 1, 1));
    try {
      fs.copyFileSync(chosen.file, copy);
    } catch (e) {
      throw new WeftError(`${file}: cannot copy the backup next to the project (${describeIoError(e)}); the project is unchanged`);
    }
    detachWal(project);
    project.db.close();
    swapIn(file, copy);
    return { restored: chosen, savedAs };
  } finally {
    removeDatabaseFiles(copy);
    project.close();
  }
}
