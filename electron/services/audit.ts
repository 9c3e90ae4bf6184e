// Recording the audit trail. Every path that changes or exports a project
// records here: the API's dispatch does it for each write method, and the
// services that the CLI calls directly (import, merge, exports) do it
// themselves. Who acted comes from the context the caller sets: the coder
// named in the app, or WEFT_CODER on the command line, plus the OS account.
import fs from 'node:fs';
import os from 'node:os';
import type Database from 'better-sqlite3';
import { applyKey, connect } from '../store/database.js';
import type { Project } from './project.js';
import { insertAudit, listAudit, type NewAuditEntry } from '../store/audit.js';
import { nowIso } from '../store/repository.js';
import { WeftError } from '../errors.js';
import type { AuditEntry, AuditFilter, AuditTargetKind } from '../../shared/audit.js';

export interface AuditTarget {
  kind: Exclude<AuditTargetKind, null>;
  guid?: string | null;
  name?: string | null;
}

interface AuditContext {
  via: 'app' | 'cli';
  coder: string | null;
  /** the `weft` command being run ("codings import") */
  command?: string | null;
}

let context: AuditContext = { via: 'app', coder: null };
/** records made since the context was last set */
let recordedSinceContext = 0;

/** Who is acting, for the records made until the next call. */
export function setAuditContext(next: Partial<AuditContext>): void {
  context = { ...context, ...next };
  recordedSinceContext = 0;
}

/**
 * A `weft` command that changed a project without recording anything itself
 * (assign, reconcile, codebook import…) is recorded by its name, so no
 * command-line change is missing from the trail.
 */
export function auditCommandIfSilent(project: Project, changesAtOpen: number): void {
  if (context.via !== 'cli' || !context.command || recordedSinceContext > 0 || project.readOnly) return;
  if (totalChanges(project) === changesAtOpen) return;
  const info = project.info();
  recordAudit(project, context.command, { kind: 'project', guid: info.guid, name: info.name });
}

export function auditContext(): AuditContext {
  return context;
}

let account: string | null | undefined;
function osAccount(): string | null {
  if (account === undefined) {
    try {
      account = os.userInfo().username || null;
    } catch {
      account = null;
    }
  }
  return account;
}

/** Keep details to scalars, and file names to their last part (a path can name a person's folder). */
function cleanDetails(details: Record<string, unknown>): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(details)) {
    if (typeof v === 'number' || typeof v === 'boolean') out[k] = v;
    else if (typeof v === 'string') out[k] = /file/i.test(k) ? v.split(/[\\/]/).pop()! : v.slice(0, 200);
  }
  return out;
}

/**
 * Record one action. On a project open read-only (exports from the CLI), the
 * record goes through a short-lived connection of its own; when even that
 * can't write (a read-only folder), false is returned and the caller warns.
 */
export function recordAudit(project: Project, action: string, target: AuditTarget | null = null, details: Record<string, unknown> = {}, coder?: string | null): boolean {
  const entry: NewAuditEntry = {
    at: nowIso(),
    coder: coder ?? context.coder,
    account: osAccount(),
    via: context.via,
    action,
    targetKind: target?.kind ?? null,
    targetGuid: target?.guid ?? null,
    targetName: target?.name ?? null,
    details: cleanDetails(details),
  };
  recordedSinceContext++;
  if (!project.readOnly) {
    insertAudit(project.db, entry);
    return true;
  }
  let side: Database.Database | null = null;
  try {
    side = connect(project.file, { fileMustExist: true });
    const key = project.passphrase();
    if (key !== undefined) applyKey(side, key);
    side.pragma('busy_timeout = 3000');
    insertAudit(side, entry);
    return true;
  } catch {
    return false;
  } finally {
    side?.close();
  }
}

/** Rows this connection has changed since it opened: tells a command that wrote from one that only read. */
export function totalChanges(project: Project): number {
  return project.db.prepare('SELECT total_changes()').pluck().get() as number;
}

export function auditEntries(project: Project, filter: AuditFilter = {}): AuditEntry[] {
  return listAudit(project.db, filter);
}

export function documentTarget(project: Project, id: number): AuditTarget | null {
  const d = project.db.prepare('SELECT guid, name FROM documents WHERE id = ?').get(id) as { guid: string; name: string } | undefined;
  return d ? { kind: 'document', guid: d.guid, name: d.name } : null;
}

export function codeTarget(project: Project, id: number): AuditTarget | null {
  const c = project.db.prepare('SELECT guid, name FROM codes WHERE id = ?').get(id) as { guid: string; name: string } | undefined;
  return c ? { kind: 'code', guid: c.guid, name: c.name } : null;
}

/** A coding is named by its document and code: never by the text it covers. */
export function codingTarget(project: Project, id: number): AuditTarget | null {
  const c = project.db
    .prepare('SELECT c.guid, d.name AS doc, k.name AS code FROM codings c JOIN documents d ON d.id = c.document_id JOIN codes k ON k.id = c.code_id WHERE c.id = ?')
    .get(id) as { guid: string; doc: string; code: string } | undefined;
  return c ? { kind: 'coding', guid: c.guid, name: `${c.doc} / ${c.code}` } : null;
}

export function coderName(project: Project, id: number): string | null {
  return (project.db.prepare('SELECT name FROM coders WHERE id = ?').pluck().get(id) as string | undefined) ?? null;
}

/**
 * Record an export that has just been written to `out`. An export the trail
 * can't record is not left behind: the file is removed and the export refused.
 */
export function auditExport(project: Project, out: string, details: { format: string; rows?: number; bytes?: number; [key: string]: unknown }): void {
  const name = out.split(/[\\/]/).pop() ?? out;
  if (recordAudit(project, 'export', { kind: 'file', name }, { file: name, ...details })) return;
  fs.rmSync(out, { force: true });
  throw new WeftError(`${out}: not written: the export could not be recorded in the project's audit trail (is the project file read-only or locked?)`);
}
