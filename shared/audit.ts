// The audit trail's entries and their CSV form, shared by the store, the
// API, the CLI and the Audit view.
import { toCsv } from './formats/csv.js';
import { neutraliseCell } from './formats/spreadsheetSafety.js';

export type AuditTargetKind = 'document' | 'code' | 'coding' | 'project' | 'file' | 'coder' | 'attribute' | 'memo' | null;

export interface AuditEntry {
  id: number;
  /** ISO 8601, UTC */
  at: string;
  coder: string | null;
  /** the operating-system account that ran Weft */
  account: string | null;
  via: 'app' | 'cli';
  /** an API method name ("codings.apply") or an operation ("import", "export", "merge") */
  action: string;
  targetKind: AuditTargetKind;
  targetGuid: string | null;
  targetName: string | null;
  /** counts, formats and file names: never content */
  details: Record<string, string | number | boolean>;
}

export interface AuditFilter {
  action?: string;
  coder?: string;
  /** ISO date or date-time, inclusive */
  from?: string;
  /** ISO date (the whole day) or date-time, exclusive */
  to?: string;
  limit?: number;
}

export const AUDIT_CSV_COLUMNS = ['at', 'coder', 'account', 'via', 'action', 'target_kind', 'target_guid', 'target_name', 'details'] as const;

export function auditCsv(entries: readonly AuditEntry[]): string {
  return toCsv(
    AUDIT_CSV_COLUMNS,
    // names come from users and imported files: keep spreadsheets from running them as formulas
    entries.map((e) => [e.at, e.coder, e.account, e.via, e.action, e.targetKind, e.targetGuid, e.targetName, Object.keys(e.details).length ? JSON.stringify(e.details) : ''].map((c) => (typeof c === 'string' ? neutraliseCell(c) : c))),
  );
}
