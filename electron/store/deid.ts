// De-identification tables (schema 4): findings, placeholders, the known-names
// list as salted hashes, the redaction log, and who marked a document
// de-identified. No table here ever holds an identifying value.
import type { Statement } from 'better-sqlite3';
import type { Db } from './database.js';
import type { Confidence, FindingKind, FindingSource, KnownNameKind } from '../../shared/deid/types.js';
import type { KnownVariant, MatchMode } from '../../shared/deid/knownNames.js';

export interface FindingRow {
  id: number;
  documentId: number;
  kind: FindingKind;
  start: number;
  end: number;
  confidence: Confidence;
  source: FindingSource;
  status: 'open' | 'rejected';
  decidedBy: string | null;
  decidedAt: string | null;
}

export interface RedactionRow {
  id: number;
  guid: string;
  documentId: number;
  kind: FindingKind;
  placeholder: string;
  start: number;
  end: number;
  method: 'accept' | 'accept-high' | 'manual' | 'import';
  reviewer: string;
  at: string;
}

export interface KnownNameRow {
  id: number;
  guid: string;
  kind: KnownNameKind;
  placeholder: string;
  spellings: number;
  addedBy: string | null;
  addedAt: string;
}

export interface CodingSpan {
  id: number;
  codeId: number;
  coderId: number;
  start: number;
  end: number;
}

const FINDING_COLUMNS = `id, document_id AS documentId, kind, start, "end", confidence, source, status, decided_by AS decidedBy, decided_at AS decidedAt`;

export class DeidStore {
  constructor(private readonly db: Db) {}

  // prepared once per connection: an import scans every document
  private readonly statements = new Map<string, Statement>();
  private stmt(sql: string): Statement {
    let s = this.statements.get(sql);
    if (!s) this.statements.set(sql, (s = this.db.prepare(sql)));
    return s;
  }

  // ---- findings
  findings(documentId: number): FindingRow[] {
    return this.stmt(`SELECT ${FINDING_COLUMNS} FROM deid_findings WHERE document_id = ? ORDER BY start, "end", id`).all(documentId) as FindingRow[];
  }
  findingDocument(id: number): number | undefined {
    return (this.stmt('SELECT document_id AS d FROM deid_findings WHERE id = ?').get(id) as { d: number } | undefined)?.d;
  }
  findingsByIds(ids: readonly number[]): FindingRow[] {
    if (!ids.length) return [];
    return this.db.prepare(`SELECT ${FINDING_COLUMNS} FROM deid_findings WHERE id IN (${ids.map(() => '?').join(',')}) ORDER BY start`).all(...ids) as FindingRow[];
  }
  insertFinding(f: Omit<FindingRow, 'id' | 'status' | 'decidedBy' | 'decidedAt'> & { status?: 'open' | 'rejected'; decidedBy?: string | null; decidedAt?: string | null }): number {
    const info = this.stmt('INSERT INTO deid_findings (document_id, kind, start, "end", confidence, source, status, decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(f.documentId, f.kind, f.start, f.end, f.confidence, f.source, f.status ?? 'open', f.decidedBy ?? null, f.decidedAt ?? null);
    return Number(info.lastInsertRowid);
  }
  deleteOpenFindings(documentId: number): number {
    return this.stmt("DELETE FROM deid_findings WHERE document_id = ? AND status = 'open'").run(documentId).changes;
  }
  deleteFindings(ids: readonly number[]): void {
    const stmt = this.stmt('DELETE FROM deid_findings WHERE id = ?');
    for (const id of ids) stmt.run(id);
  }
  rejectFinding(id: number, by: string, at: string): void {
    this.stmt("UPDATE deid_findings SET status = 'rejected', decided_by = ?, decided_at = ? WHERE id = ?").run(by, at, id);
  }
  moveFinding(id: number, start: number, end: number): void {
    this.stmt('UPDATE deid_findings SET start = ?, "end" = ? WHERE id = ?').run(start, end, id);
  }
  /** open findings of one document by confidence (an import asks after each document: counting every document's would grow with the project) */
  openCountsOf(documentId: number): Record<Confidence, number> {
    const rows = this.stmt("SELECT confidence AS c, COUNT(*) AS n FROM deid_findings WHERE document_id = ? AND status = 'open' GROUP BY confidence")
      .all(documentId) as Array<{ c: Confidence; n: number }>;
    const rec: Record<Confidence, number> = { high: 0, medium: 0, low: 0 };
    for (const r of rows) rec[r.c] = r.n;
    return rec;
  }
  /** open findings per document and confidence, for lists */
  openCounts(): Map<number, Record<Confidence, number>> {
    const rows = this.stmt("SELECT document_id AS d, confidence AS c, COUNT(*) AS n FROM deid_findings WHERE status = 'open' GROUP BY document_id, confidence")
      .all() as Array<{ d: number; c: Confidence; n: number }>;
    const map = new Map<number, Record<Confidence, number>>();
    for (const r of rows) {
      let rec = map.get(r.d);
      if (!rec) map.set(r.d, (rec = { high: 0, medium: 0, low: 0 }));
      rec[r.c] = r.n;
    }
    return map;
  }

  // ---- placeholders and keys
  newPlaceholder(prefix: string): { id: number; number: number } {
    const next = (this.stmt('SELECT IFNULL(MAX(number), 0) + 1 AS n FROM deid_placeholders WHERE prefix = ?').get(prefix) as { n: number }).n;
    const info = this.stmt('INSERT INTO deid_placeholders (prefix, number) VALUES (?, ?)').run(prefix, next);
    return { id: Number(info.lastInsertRowid), number: next };
  }
  placeholder(id: number): { prefix: string; number: number } | undefined {
    return this.stmt('SELECT prefix, number FROM deid_placeholders WHERE id = ?').get(id) as { prefix: string; number: number } | undefined;
  }
  keyByHash(hash: string): { placeholderId: number; nameId: number | null } | undefined {
    return this.stmt('SELECT placeholder_id AS placeholderId, name_id AS nameId FROM deid_keys WHERE hash = ?').get(hash) as
      | { placeholderId: number; nameId: number | null }
      | undefined;
  }
  putKey(k: { hash: string; placeholderId: number; nameId: number | null; weak?: number; first?: number; length?: number; mode?: MatchMode }): void {
    this.stmt(
        `INSERT INTO deid_keys (hash, placeholder_id, name_id, weak, first, length, mode) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(hash) DO UPDATE SET placeholder_id = excluded.placeholder_id, name_id = excluded.name_id,
           weak = excluded.weak, first = excluded.first, length = excluded.length, mode = excluded.mode`,
      )
      .run(k.hash, k.placeholderId, k.nameId, k.weak ?? null, k.first ?? null, k.length ?? null, k.mode ?? null);
  }

  // ---- the known-names list
  insertKnownName(guid: string, kind: KnownNameKind, placeholderId: number, by: string | null, at: string): number {
    const info = this.stmt('INSERT INTO deid_known_names (guid, kind, placeholder_id, added_by, added_at) VALUES (?, ?, ?, ?, ?)')
      .run(guid, kind, placeholderId, by, at);
    return Number(info.lastInsertRowid);
  }
  /** Remove an entry; its spellings stay as keys (name_id NULL), so the same names keep their placeholder. */
  deleteKnownName(id: number): number {
    return this.stmt('DELETE FROM deid_known_names WHERE id = ?').run(id).changes;
  }
  knownNames(): KnownNameRow[] {
    const rows = this.stmt(
        `SELECT n.id, n.guid, n.kind, p.prefix, p.number, n.added_by AS addedBy, n.added_at AS addedAt,
                (SELECT COUNT(*) FROM deid_keys k WHERE k.name_id = n.id) AS spellings
         FROM deid_known_names n JOIN deid_placeholders p ON p.id = n.placeholder_id ORDER BY p.prefix, p.number, n.id`,
      )
      .all() as Array<Omit<KnownNameRow, 'placeholder'> & { prefix: string; number: number }>;
    return rows.map(({ prefix, number, ...r }) => ({ ...r, placeholder: `[${prefix}-${number}]` }));
  }
  knownName(id: number): KnownNameRow | undefined {
    return this.knownNames().find((n) => n.id === id);
  }
  knownPlaceholderId(nameId: number): number | undefined {
    return (this.stmt('SELECT placeholder_id AS p FROM deid_known_names WHERE id = ?').get(nameId) as { p: number } | undefined)?.p;
  }
  knownVariants(): KnownVariant[] {
    const rows = this.stmt(
        `SELECT k.hash, k.weak, k.first, k.length, k.mode, n.kind, p.prefix, p.number
         FROM deid_keys k JOIN deid_known_names n ON n.id = k.name_id JOIN deid_placeholders p ON p.id = k.placeholder_id`,
      )
      .all() as Array<{ hash: string; weak: number; first: number; length: number; mode: MatchMode; kind: KnownNameKind; prefix: string; number: number }>;
    return rows.map((r) => ({ placeholder: `[${r.prefix}-${r.number}]`, kind: r.kind, hash: r.hash, weak: r.weak, first: r.first, length: r.length, mode: r.mode }));
  }

  // ---- the redaction log
  redactions(documentId: number): RedactionRow[] {
    return this.stmt('SELECT id, guid, document_id AS documentId, kind, placeholder, start, "end", method, reviewer, at FROM deid_redactions WHERE document_id = ? ORDER BY start, id')
      .all(documentId) as RedactionRow[];
  }
  insertRedaction(r: Omit<RedactionRow, 'id'>): number {
    const info = this.stmt('INSERT INTO deid_redactions (guid, document_id, kind, placeholder, start, "end", method, reviewer, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(r.guid, r.documentId, r.kind, r.placeholder, r.start, r.end, r.method, r.reviewer, r.at);
    return Number(info.lastInsertRowid);
  }
  moveRedaction(id: number, start: number, end: number): void {
    this.stmt('UPDATE deid_redactions SET start = ?, "end" = ? WHERE id = ?').run(start, end, id);
  }
  redactionCounts(): Map<number, number> {
    const rows = this.stmt('SELECT document_id AS d, COUNT(*) AS n FROM deid_redactions GROUP BY document_id').all() as Array<{ d: number; n: number }>;
    return new Map(rows.map((r) => [r.d, r.n]));
  }

  // ---- documents
  setText(documentId: number, text: string, length: number): void {
    this.stmt('UPDATE documents SET text = ?, length = ? WHERE id = ?').run(text, length, documentId);
  }
  deidState(documentId: number): { status: 'imported' | 'deidentified'; by: string | null; at: string | null } | undefined {
    return this.stmt('SELECT status, deidentified_by AS by, deidentified_at AS at FROM documents WHERE id = ?').get(documentId) as never;
  }
  setDeidState(documentId: number, status: 'imported' | 'deidentified', by: string | null, at: string | null): void {
    this.stmt('UPDATE documents SET status = ?, deidentified_by = ?, deidentified_at = ? WHERE id = ?').run(status, by, at, documentId);
  }
  /** who marked each de-identified document, and when */
  deidStates(): Map<number, { by: string | null; at: string | null }> {
    const rows = this.stmt("SELECT id, deidentified_by AS by, deidentified_at AS at FROM documents WHERE status = 'deidentified'").all() as Array<{ id: number; by: string | null; at: string | null }>;
    return new Map(rows.map((r) => [r.id, { by: r.by, at: r.at }]));
  }
  documentIds(): number[] {
    return (this.stmt('SELECT id FROM documents ORDER BY sort_order, id').all() as Array<{ id: number }>).map((r) => r.id);
  }
  statuses(ids: readonly number[]): Array<{ id: number; name: string; status: string }> {
    if (!ids.length) return [];
    return this.db.prepare(`SELECT id, name, status FROM documents WHERE id IN (${ids.map(() => '?').join(',')})`).all(...ids) as never;
  }

  // ---- codings whose offsets move with the text
  codingSpans(documentId: number): CodingSpan[] {
    return this.stmt('SELECT id, code_id AS codeId, coder_id AS coderId, start, "end" FROM codings WHERE document_id = ? ORDER BY id').all(documentId) as CodingSpan[];
  }
  moveCoding(id: number, start: number, end: number): void {
    this.stmt('UPDATE codings SET start = ?, "end" = ? WHERE id = ?').run(start, end, id);
  }
  deleteCoding(id: number): void {
    this.stmt('DELETE FROM codings WHERE id = ?').run(id);
  }
  restoreCoding(c: CodingSpan & { documentId: number; guid: string; memo: string; createdAt: string }): void {
    this.stmt('INSERT INTO codings (id, guid, document_id, code_id, coder_id, start, "end", memo, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(c.id, c.guid, c.documentId, c.codeId, c.coderId, c.start, c.end, c.memo, c.createdAt);
  }
  codingRows(documentId: number): Array<CodingSpan & { documentId: number; guid: string; memo: string; createdAt: string }> {
    return this.stmt('SELECT id, guid, document_id AS documentId, code_id AS codeId, coder_id AS coderId, start, "end", memo, created_at AS createdAt FROM codings WHERE document_id = ? ORDER BY id')
      .all(documentId) as never;
  }

  // ---- restoring a snapshot (session undo)
  replaceFindings(documentId: number, rows: readonly FindingRow[]): void {
    this.stmt('DELETE FROM deid_findings WHERE document_id = ?').run(documentId);
    const stmt = this.stmt(
      'INSERT INTO deid_findings (id, document_id, kind, start, "end", confidence, source, status, decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (const r of rows) stmt.run(r.id, r.documentId, r.kind, r.start, r.end, r.confidence, r.source, r.status, r.decidedBy, r.decidedAt);
  }
  replaceRedactions(documentId: number, rows: readonly RedactionRow[]): void {
    this.stmt('DELETE FROM deid_redactions WHERE document_id = ?').run(documentId);
    for (const r of rows) {
      this.stmt('INSERT INTO deid_redactions (id, guid, document_id, kind, placeholder, start, "end", method, reviewer, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(r.id, r.guid, r.documentId, r.kind, r.placeholder, r.start, r.end, r.method, r.reviewer, r.at);
    }
  }

  // ---- leaving no trace in the file
  /** Copy the WAL into the database and empty it; false when another connection holds it open. */
  checkpoint(): boolean {
    const r = this.db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number; log: number; checkpointed: number }>;
    return !r[0] || r[0].busy === 0;
  }
  /** Rebuild the file without free pages (which an older version may have left unzeroed). */
  vacuum(): void {
    this.db.exec('VACUUM');
  }
  /** Temporary tables on this connection (the undo log) no longer describe the text: clear them. */
  clearUndoLog(): void {
    const exists = this.stmt("SELECT 1 FROM temp.sqlite_master WHERE name = 'undolog'").get();
    if (exists) this.db.exec('DELETE FROM temp.undolog');
  }
}
