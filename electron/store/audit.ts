// The audit trail's table (migration 8) and its queries. A row says who did
// what, when, and to which document, code or file, by GUID and name; details
// hold counts, formats and file names only, never transcript text or a
// de-identified value.
import type Database from 'better-sqlite3';
import type { Migration } from './migrations.js';
import type { AuditEntry, AuditFilter } from '../../shared/audit.js';

export const auditMigration: Migration = {
  version: 8,
  description: 'audit trail: who did what, when, on which document or code (no content)',
  up(db) {
    db.exec(`
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        -- the coder named in the app (or on the command line), and the operating-system account
        coder TEXT,
        account TEXT,
        via TEXT NOT NULL CHECK (via IN ('app','cli')),
        action TEXT NOT NULL,
        target_kind TEXT,
        target_guid TEXT,
        target_name TEXT,
        details TEXT NOT NULL DEFAULT '{}'
      );
      CREATE INDEX audit_log_at ON audit_log(at);
      CREATE INDEX audit_log_action ON audit_log(action);
    `);
  },
};

export type NewAuditEntry = Omit<AuditEntry, 'id'>;

export function insertAudit(db: Database.Database, e: NewAuditEntry): void {
  db.prepare(
    `INSERT INTO audit_log (at, coder, account, via, action, target_kind, target_guid, target_name, details)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(e.at, e.coder, e.account, e.via, e.action, e.targetKind, e.targetGuid, e.targetName, JSON.stringify(e.details ?? {}));
}

interface AuditRow {
  id: number;
  at: string;
  coder: string | null;
  account: string | null;
  via: 'app' | 'cli';
  action: string;
  target_kind: AuditEntry['targetKind'];
  target_guid: string | null;
  target_name: string | null;
  details: string;
}

/** Entries, newest first. `action` matches a whole action or its family ("codings" matches "codings.apply"). */
export function listAudit(db: Database.Database, f: AuditFilter = {}): AuditEntry[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (f.action) {
    where.push('(action = ? OR action LIKE ? ESCAPE \'\\\')');
    args.push(f.action, `${f.action.replace(/[\\%_]/g, (c) => `\\${c}`)}.%`);
  }
  if (f.coder) {
    where.push('(coder = ? COLLATE NOCASE OR account = ? COLLATE NOCASE)');
    args.push(f.coder, f.coder);
  }
  if (f.from) {
    where.push('at >= ?');
    args.push(f.from);
  }
  if (f.to) {
    // a bare date includes the whole day
    where.push('at < ?');
    args.push(/^\d{4}-\d{2}-\d{2}$/.test(f.to) ? `${f.to}T99` : f.to);
  }
  const rows = db
    .prepare(`SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY at DESC, id DESC LIMIT ?`)
    .all(...args, f.limit ?? 100000) as AuditRow[];
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    coder: r.coder,
    account: r.account,
    via: r.via,
    action: r.action,
    targetKind: r.target_kind,
    targetGuid: r.target_guid,
    targetName: r.target_name,
    details: JSON.parse(r.details) as Record<string, string | number | boolean>,
  }));
}
