// Automatic backups of a project: consistent snapshots in PROJECT.weft-backups/, the last N kept.
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { WeftError } from '../errors.js';

type Db = Database.Database;

export const DEFAULT_BACKUPS_KEPT = 5;
export const BACKUPS_KEPT_SETTING = 'backups.keep';

export interface BackupEntry {
  /** file name inside the backups folder */
  name: string;
  file: string;
  /** ISO time the snapshot was taken */
  takenAt: string;
  /** why: before-migration-6-to-9, before-merge, before-restore… */
  reason: string;
  bytes: number;
}

/** `study.weft` → `study.weft-backups` next to it. */
export function backupsDir(projectFile: string): string {
  const dir = path.dirname(path.resolve(projectFile));
  return path.join(dir, `${path.basename(projectFile).replace(/\.weft$/i, '')}.weft-backups`);
}

// Names sort by time: 2026-11-29T04-40-12-345Z_before-merge.weft
const NAME = /^(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z_([a-z0-9-]+)(?:_\d+)?\.weft$/;

function keptCount(db: Db): number {
  try {
    const raw = db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(BACKUPS_KEPT_SETTING) as string | undefined;
    const n = raw === undefined ? NaN : Number(JSON.parse(raw));
    return Number.isInteger(n) && n >= 1 ? n : DEFAULT_BACKUPS_KEPT;
  } catch {
    return DEFAULT_BACKUPS_KEPT; // no settings table yet (a very old file)
  }
}

/**
 * Snapshot the open database into the backups folder, then drop the oldest beyond the kept count.
 * VACUUM INTO rather than the backup API: it is synchronous (migrations run while a project opens, which is
 * synchronous), and SQLite3MultipleCiphers writes the copy with the source's cipher and key, where the backup API
 * refuses an encrypted source. The copy goes to a temporary name first, so a full disk never leaves a half backup.
 */
export function backupDatabase(db: Db, projectFile: string, reason: string, keep = keptCount(db)): BackupEntry {
  const dir = backupsDir(projectFile);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  let name = `${stamp}_${reason}.weft`;
  for (let i = 2; fs.existsSync(path.join(dir, name)); i++) name = `${stamp}_${reason}_${i}.weft`;
  const file = path.join(dir, name);
  const tmp = path.join(dir, `.${name}.${process.pid}.tmp`);
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.rmSync(tmp, { force: true });
    db.prepare('VACUUM INTO ?').run(tmp);
    fs.renameSync(tmp, file);
  } catch (e) {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // the folder itself could not be made: there is no temp file
    }
    throw new WeftError(`${projectFile}: cannot write a backup to ${dir} (${describeIoError(e)}); nothing was changed`);
  }
  for (const old of listBackups(projectFile).slice(keep)) fs.rmSync(old.file, { force: true });
  return entryFor(file, name)!;
}

/** Backups of a project, newest first. */
export function listBackups(projectFile: string): BackupEntry[] {
  const dir = backupsDir(projectFile);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .map((name) => entryFor(path.join(dir, name), name))
    .filter((e): e is BackupEntry => e !== null)
    .sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
}

function entryFor(file: string, name: string): BackupEntry | null {
  const m = NAME.exec(name);
  if (!m) return null;
  return { name, file, takenAt: `${m[1]}T${m[2]}:${m[3]}:${m[4]}.${m[5]}Z`, reason: m[6]!, bytes: fs.statSync(file).size };
}

/** A storage failure in words a researcher can act on. */
export function describeIoError(e: unknown): string {
  const code = (e as { code?: string }).code ?? '';
  const message = (e as Error)?.message ?? String(e);
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || /database or disk is full/.test(message)) return 'the disk is full';
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS' || code === 'EACCES' || code === 'EPERM' || /readonly database/.test(message)) {
    return 'the location is read-only';
  }
  return message;
}

/**
 * A write that failed for lack of room or permission, as one line naming the file; null for any other error.
 * SQLite rolls the statement's transaction back on these, so the project stays as it was before the change.
 */
export function storageFailure(e: unknown, file: string): WeftError | null {
  const code = (e as { code?: string }).code ?? '';
  if (!/^(SQLITE_FULL|SQLITE_READONLY|SQLITE_IOERR|SQLITE_CANTOPEN|ENOSPC|EROFS|EACCES|EPERM)/.test(code)) return null;
  const why = describeIoError(e);
  const hint = why === 'the location is read-only' ? '; open it with --read-only, or copy it somewhere writable' : why === 'the disk is full' ? '; free some space and try again' : '';
  return new WeftError(`${file}: ${why}: the change was not saved, and the project is as it was before it${hint}`, why === 'the location is read-only' ? 'read_only' : 'internal');
}
