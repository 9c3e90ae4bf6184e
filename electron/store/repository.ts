// The only code that writes SQL. Each method is one statement or one
// transaction; services compose them inside `transaction()`.
import { installFullTextRows, type FullTextRows } from './fullTextBuild.js';
import { randomUUID } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type { Db } from './database.js';
import type { AttributeDef, AttributeType, Code, Coder, Coding, DocumentStatus, DocumentSummary, Segment } from '../../shared/types.js';
import { joinCodePath } from '../../shared/codePath.js';
import { OffsetIndex } from '../../shared/offsets.js';
import { WeftError } from '../errors.js';

export const newGuid = (): string => randomUUID();
export const nowIso = (): string => new Date().toISOString();

interface CodeRow {
  id: number; guid: string; parent_id: number | null; name: string; color: string;
  short_definition: string; definition: string; inclusion: string; exclusion: string;
  example: string; atypical_example: string; memo: string; codable: number; sort_order: number;
  status?: 'active' | 'proposed' | 'rejected'; proposed_by?: string | null;
}
interface CodingRow {
  id: number; guid: string; document_id: number; code_id: number; coder_id: number;
  start: number; end: number; memo: string; created_at: string;
}

export interface NewDocument {
  guid?: string;
  name: string;
  /** the stored text, or its UTF-8 bytes (stored as the text they are) */
  text: string | Uint8Array;
  length: number;
  contentHash: string;
  sourceName: string | null;
  sourceType: string | null;
  importedAt?: string;
  status?: DocumentStatus;
}

export interface NewCode {
  guid?: string;
  parentId: number | null;
  name: string;
  color: string;
  shortDefinition?: string;
  definition?: string;
  inclusion?: string;
  exclusion?: string;
  example?: string;
  atypicalExample?: string;
  memo?: string;
  codable?: boolean;
  sortOrder?: number;
}

export interface NewCoding {
  guid?: string;
  documentId: number;
  codeId: number;
  coderId: number;
  start: number;
  end: number;
  memo?: string;
  createdAt?: string;
}

export class Repository {
  constructor(readonly db: Db) {}

  // prepared once per connection: imports run these thousands of times (only SQL whose text is fixed, or has a few forms, is cached)
  private readonly statements = new Map<string, Statement>();
  private stmt(sql: string): Statement {
    let s = this.statements.get(sql);
    if (!s) this.statements.set(sql, (s = this.db.prepare(sql)));
    return s;
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  // ---- project and settings
  project(): { guid: string; name: string; createdAt: string } {
    const row = this.stmt('SELECT guid, name, created_at AS createdAt FROM project WHERE id = 1').get() as
      | { guid: string; name: string; createdAt: string }
      | undefined;
    if (!row) throw new WeftError('project file has no project record');
    return row;
  }
  createProject(name: string, guid = newGuid()): void {
    this.stmt('INSERT INTO project (id, guid, name, created_at) VALUES (1, ?, ?, ?)').run(guid, name, nowIso());
  }
  getSetting(key: string): unknown {
    const row = this.stmt('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
    return row ? JSON.parse(row.value) : null;
  }
  setSetting(key: string, value: unknown): void {
    this.stmt('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
      .run(key, JSON.stringify(value ?? null));
  }
  counts(): { documents: number; codes: number; codings: number } {
    return this.stmt(
        'SELECT (SELECT COUNT(*) FROM documents) AS documents, (SELECT COUNT(*) FROM codes) AS codes, (SELECT COUNT(*) FROM codings) AS codings',
      )
      .get() as { documents: number; codes: number; codings: number };
  }

  // ---- coders
  coders(): Coder[] {
    return this.stmt('SELECT id, guid, name FROM coders ORDER BY name COLLATE NOCASE').all() as Coder[];
  }
  coderByName(name: string): Coder | undefined {
    return this.stmt('SELECT id, guid, name FROM coders WHERE name = ? COLLATE NOCASE').get(name) as Coder | undefined;
  }
  coderById(id: number): Coder | undefined {
    return this.stmt('SELECT id, guid, name FROM coders WHERE id = ?').get(id) as Coder | undefined;
  }
  ensureCoder(name: string, guid?: string): Coder {
    const existing = this.coderByName(name);
    if (existing) return existing;
    const g = guid ?? newGuid();
    const info = this.stmt('INSERT INTO coders (guid, name, created_at) VALUES (?, ?, ?)').run(g, name, nowIso());
    return { id: Number(info.lastInsertRowid), guid: g, name };
  }

  // ---- attributes
  attributeDefs(): AttributeDef[] {
    const rows = this.stmt('SELECT id, guid, name, type, allowed_values FROM attribute_defs ORDER BY sort_order, id')
      .all() as Array<{ id: number; guid: string; name: string; type: AttributeType; allowed_values: string }>;
    return rows.map((r) => ({ id: r.id, guid: r.guid, name: r.name, type: r.type, values: JSON.parse(r.allowed_values) }));
  }
  ensureAttribute(name: string, type: AttributeType = 'text', values: string[] = [], guid?: string): AttributeDef {
    const existing = this.attributeDefs().find((a) => a.name.toLowerCase() === name.toLowerCase());
    if (existing) return existing;
    const g = guid ?? newGuid();
    const next = (this.stmt('SELECT IFNULL(MAX(sort_order), 0) + 1 AS n FROM attribute_defs').get() as { n: number }).n;
    const info = this.stmt('INSERT INTO attribute_defs (guid, name, type, allowed_values, sort_order) VALUES (?, ?, ?, ?, ?)')
      .run(g, name, type, JSON.stringify(values), next);
    return { id: Number(info.lastInsertRowid), guid: g, name, type, values };
  }
  setDocumentAttribute(documentId: number, attributeId: number, value: string): void {
    this.stmt(
        'INSERT INTO document_attributes (document_id, attribute_id, value) VALUES (?, ?, ?) ON CONFLICT(document_id, attribute_id) DO UPDATE SET value = excluded.value',
      )
      .run(documentId, attributeId, value);
  }
  /** document id → attribute name → value */
  allDocumentAttributes(): Map<number, Record<string, string>> {
    const rows = this.stmt('SELECT da.document_id AS d, a.name AS n, da.value AS v FROM document_attributes da JOIN attribute_defs a ON a.id = da.attribute_id')
      .all() as Array<{ d: number; n: string; v: string }>;
    const map = new Map<number, Record<string, string>>();
    for (const r of rows) {
      let rec = map.get(r.d);
      if (!rec) map.set(r.d, (rec = {}));
      rec[r.n] = r.v;
    }
    return map;
  }

  // ---- documents
  insertDocument(d: NewDocument): number {
    // The full-text index's secure-delete option (on, so that replaced
    // identifiers leave no trace in the index) makes an insert about 1.8 times
    // slower, measured here. An insert deletes nothing, so the option is off
    // for the insert alone, inside this transaction: a crash can't leave it off.
    return this.db.transaction(() => {
      const secure = this.ftsSecureDelete();
      if (secure) this.setFtsSecureDelete(false);
      const info = this.stmt(
          `INSERT INTO documents (guid, name, text, length, content_hash, source_name, source_type, imported_at, status, sort_order)
           VALUES (?, ?, CAST(? AS TEXT), ?, ?, ?, ?, ?, ?, (SELECT IFNULL(MAX(sort_order), 0) + 1 FROM documents))`,
        )
        .run(d.guid ?? newGuid(), d.name, d.text, d.length, d.contentHash, d.sourceName, d.sourceType, d.importedAt ?? nowIso(), d.status ?? 'imported');
      if (secure) this.setFtsSecureDelete(true);
      return Number(info.lastInsertRowid);
    })();
  }
  /**
   * Run `fn`, which inserts documents and changes no stored text, with their
   * full-text indexing deferred to one bulk insert at the end: FTS5 fills its
   * index about a third faster from one INSERT … SELECT than from a trigger
   * per row. Must run inside a transaction, so that a failure or a crash
   * restores the trigger with everything else.
   *
   * In a project that had no documents, `prebuilt` may give the index of the
   * new documents built elsewhere (see fullTextBuild.ts); it is put in place
   * when it was built for exactly these documents, and otherwise (or when it
   * gives null) the documents are indexed here.
   */
  withBulkFullTextIndex<T>(fn: () => T, prebuilt?: () => FullTextRows | null, onIndexed?: (how: 'worker' | 'in place') => void): T {
    if (!this.db.inTransaction) throw new Error('withBulkFullTextIndex needs a transaction');
    // the trigger is put back from its own definition, so the migration stays its one source
    const trigger = this.db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = 'documents_fts_insert'").pluck().get() as string;
    const firstNew = (this.db.prepare('SELECT IFNULL(MAX(id), 0) + 1 FROM documents').pluck().get() as number);
    // ids are positive, so only a table without documents starts the new ones at 1
    const wasEmpty = firstNew === 1;
    this.db.exec('DROP TRIGGER documents_fts_insert');
    // off once for the whole batch (insertDocument then leaves it alone): inserts delete nothing from the index
    const secure = this.ftsSecureDelete();
    if (secure) this.setFtsSecureDelete(false);
    const result = fn();
    const built = wasEmpty ? prebuilt?.() : null;
    if (built && installFullTextRows(this.db, built)) onIndexed?.('worker');
    else {
      this.db.prepare('INSERT INTO documents_fts(rowid, text) SELECT id, text FROM documents WHERE id >= ? ORDER BY id').run(firstNew);
      onIndexed?.('in place');
    }
    if (secure) this.setFtsSecureDelete(true);
    this.db.exec(trigger);
    return result;
  }
  private ftsSecureDelete(): boolean {
    const row = this.stmt("SELECT v FROM documents_fts_config WHERE k = 'secure-delete'").get() as { v: number } | undefined;
    return row?.v === 1;
  }
  private setFtsSecureDelete(on: boolean): void {
    this.stmt(`INSERT INTO documents_fts(documents_fts, rank) VALUES ('secure-delete', ${on ? 1 : 0})`).run();
  }
  renameDocument(id: number, name: string): void {
    this.stmt('UPDATE documents SET name = ? WHERE id = ?').run(name, id);
  }
  setDocumentStatus(id: number, status: DocumentStatus): void {
    this.stmt('UPDATE documents SET status = ? WHERE id = ?').run(status, id);
  }
  documentByHash(hash: string): { id: number; name: string } | undefined {
    return this.stmt('SELECT id, name FROM documents WHERE content_hash = ?').get(hash) as { id: number; name: string } | undefined;
  }
  documentNameTaken(name: string): boolean {
    return this.stmt('SELECT 1 FROM documents WHERE name = ?').get(name) !== undefined;
  }
  documentRef(idOrGuidOrName: { id?: number; guid?: string; name?: string }): { id: number; guid: string; name: string } | undefined {
    const sel = 'SELECT id, guid, name FROM documents WHERE ';
    if (idOrGuidOrName.id !== undefined) return this.stmt(sel + 'id = ?').get(idOrGuidOrName.id) as never;
    if (idOrGuidOrName.guid) return this.stmt(sel + 'guid = ?').get(idOrGuidOrName.guid) as never;
    if (idOrGuidOrName.name !== undefined) return this.stmt(sel + 'name = ?').get(idOrGuidOrName.name) as never;
    return undefined;
  }
  /** A document's name and length (in code points), without its text. */
  documentInfo(id: number): { id: number; guid: string; name: string; length: number } | undefined {
    return this.stmt('SELECT id, guid, name, length FROM documents WHERE id = ?').get(id) as never;
  }
  documentText(id: number): { id: number; guid: string; name: string; text: string; length: number } | undefined {
    return this.stmt('SELECT id, guid, name, text, length FROM documents WHERE id = ?').get(id) as never;
  }
  documentSummaries(): DocumentSummary[] {
    const rows = this.stmt(
        `SELECT d.id, d.guid, d.name, d.source_name AS sourceName, d.source_type AS sourceType, d.content_hash AS contentHash,
                d.imported_at AS importedAt, d.status, d.length,
                (SELECT COUNT(*) FROM codings c WHERE c.document_id = d.id) AS codingCount,
                (SELECT GROUP_CONCAT(name, char(31)) FROM (SELECT DISTINCT k.name FROM codings c JOIN coders k ON k.id = c.coder_id WHERE c.document_id = d.id ORDER BY k.name)) AS coderNames
         FROM documents d ORDER BY d.sort_order, d.id`,
      )
      .all() as Array<Omit<DocumentSummary, 'attributes' | 'coders'> & { coderNames: string | null }>;
    const attrs = this.allDocumentAttributes();
    return rows.map(({ coderNames, ...r }) => ({
      ...r,
      attributes: attrs.get(r.id) ?? {},
      coders: coderNames ? coderNames.split('\u001f') : [],
    }));
  }
  /** Every document with its text: used by exports. */
  allDocuments(): Array<{ id: number; guid: string; name: string; text: string; length: number; contentHash: string; sourceName: string | null; sourceType: string | null; importedAt: string; status: DocumentStatus }> {
    return this.stmt(
        `SELECT id, guid, name, text, length, content_hash AS contentHash, source_name AS sourceName, source_type AS sourceType,
                imported_at AS importedAt, status FROM documents ORDER BY sort_order, id`,
      )
      .all() as never;
  }

  // ---- codes
  codes(): Code[] {
    const rows = this.stmt('SELECT * FROM codes ORDER BY sort_order, id').all() as CodeRow[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    const pathOf = (r: CodeRow): string => {
      const names: string[] = [];
      let cur: CodeRow | undefined = r;
      let guard = 0;
      while (cur && guard++ < 1000) {
        names.unshift(cur.name);
        cur = cur.parent_id === null ? undefined : byId.get(cur.parent_id);
      }
      return joinCodePath(names);
    };
    return rows.map((r) => ({
      id: r.id,
      guid: r.guid,
      parentId: r.parent_id,
      name: r.name,
      path: pathOf(r),
      color: r.color,
      shortDefinition: r.short_definition,
      definition: r.definition,
      inclusion: r.inclusion,
      exclusion: r.exclusion,
      example: r.example,
      atypicalExample: r.atypical_example,
      memo: r.memo,
      codable: r.codable === 1,
      sortOrder: r.sort_order,
      status: r.status ?? 'active',
      proposedBy: r.proposed_by ?? null,
    }));
  }
  codeById(id: number): Code | undefined {
    return this.codes().find((c) => c.id === id);
  }
  insertCode(c: NewCode): number {
    const sort =
      c.sortOrder ??
      (this.stmt('SELECT IFNULL(MAX(sort_order), 0) + 1 AS n FROM codes WHERE IFNULL(parent_id, 0) = IFNULL(?, 0)').get(c.parentId) as { n: number }).n;
    const info = this.stmt(
        `INSERT INTO codes (guid, parent_id, name, color, short_definition, definition, inclusion, exclusion, example, atypical_example, memo, codable, sort_order)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        c.guid ?? newGuid(), c.parentId, c.name, c.color, c.shortDefinition ?? '', c.definition ?? '', c.inclusion ?? '',
        c.exclusion ?? '', c.example ?? '', c.atypicalExample ?? '', c.memo ?? '', c.codable === false ? 0 : 1, sort,
      );
    return Number(info.lastInsertRowid);
  }
  updateCodeFields(id: number, f: Partial<Pick<NewCode, 'color' | 'shortDefinition' | 'definition' | 'inclusion' | 'exclusion' | 'example' | 'atypicalExample' | 'memo' | 'codable'>>): void {
    const cols: Record<string, string> = {
      color: 'color', shortDefinition: 'short_definition', definition: 'definition', inclusion: 'inclusion',
      exclusion: 'exclusion', example: 'example', atypicalExample: 'atypical_example', memo: 'memo', codable: 'codable',
    };
    for (const [k, v] of Object.entries(f)) {
      if (v === undefined) continue;
      this.stmt(`UPDATE codes SET ${cols[k]} = ? WHERE id = ?`).run(typeof v === 'boolean' ? (v ? 1 : 0) : v, id);
    }
  }

  // ---- codings
  private static codingFromRow(r: CodingRow): Coding {
    return {
      id: r.id, guid: r.guid, documentId: r.document_id, codeId: r.code_id, coderId: r.coder_id,
      start: r.start, end: r.end, memo: r.memo, createdAt: r.created_at,
    };
  }
  codingById(id: number): Coding | undefined {
    const r = this.stmt('SELECT * FROM codings WHERE id = ?').get(id) as CodingRow | undefined;
    return r ? Repository.codingFromRow(r) : undefined;
  }
  codingByGuid(guid: string): Coding | undefined {
    const r = this.stmt('SELECT * FROM codings WHERE guid = ?').get(guid) as CodingRow | undefined;
    return r ? Repository.codingFromRow(r) : undefined;
  }
  codingByIdentity(documentId: number, codeId: number, coderId: number, start: number, end: number): Coding | undefined {
    const r = this.stmt('SELECT * FROM codings WHERE document_id = ? AND code_id = ? AND coder_id = ? AND start = ? AND "end" = ?')
      .get(documentId, codeId, coderId, start, end) as CodingRow | undefined;
    return r ? Repository.codingFromRow(r) : undefined;
  }
  insertCoding(c: NewCoding): number {
    const info = this.stmt('INSERT INTO codings (guid, document_id, code_id, coder_id, start, "end", memo, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(c.guid ?? newGuid(), c.documentId, c.codeId, c.coderId, c.start, c.end, c.memo ?? '', c.createdAt ?? nowIso());
    return Number(info.lastInsertRowid);
  }
  deleteCoding(id: number): number {
    return this.stmt('DELETE FROM codings WHERE id = ?').run(id).changes;
  }
  setCodingMemo(id: number, memo: string): number {
    return this.stmt('UPDATE codings SET memo = ? WHERE id = ?').run(memo, id).changes;
  }

  /** Codings joined with document, code and coder names, plus their text. */
  segments(filter: { documentId?: number; ids?: number[] } = {}): Segment[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.documentId !== undefined) {
      where.push('c.document_id = ?');
      args.push(filter.documentId);
    }
    if (filter.ids) {
      where.push(`c.id IN (${filter.ids.map(() => '?').join(',') || 'NULL'})`);
      args.push(...filter.ids);
    }
    // A few codings (one just applied or edited) take their text from SQLite's substr(), which counts code
    // points in UTF-8 text, as Weft's offsets do; many take it from one offset index per document, since
    // substr() walks the text from its start for every row.
    const few = filter.ids !== undefined && filter.ids.length <= 64;
    const rows = this.db
      .prepare(
        `SELECT c.*, d.guid AS document_guid, d.name AS document_name, k.name AS coder_name
                ${few ? ', substr(d.text, c.start + 1, c."end" - c.start) AS segment_text' : ''}
         FROM codings c JOIN documents d ON d.id = c.document_id JOIN coders k ON k.id = c.coder_id
         ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
         ORDER BY d.sort_order, d.id, c.start, c."end", c.id`,
      )
      .all(...args) as Array<CodingRow & { document_guid: string; document_name: string; coder_name: string; segment_text?: string }>;
    const codes = new Map(this.codes().map((c) => [c.id, c]));
    // rows come document by document: one document's text and index are held at a time
    const textStmt = this.db.prepare('SELECT text FROM documents WHERE id = ?');
    let current: { id: number; idx: OffsetIndex } | null = null;
    const textOf = (r: CodingRow): string => {
      if (current?.id !== r.document_id) current = { id: r.document_id, idx: new OffsetIndex((textStmt.get(r.document_id) as { text: string }).text) };
      return current.idx.slice(r.start, r.end);
    };
    return rows.map((r) => {
      const code = codes.get(r.code_id)!;
      return {
        ...Repository.codingFromRow(r),
        documentGuid: r.document_guid,
        documentName: r.document_name,
        codeGuid: code.guid,
        codePath: code.path,
        codeColor: code.color,
        coderName: r.coder_name,
        text: r.segment_text ?? textOf(r),
      };
    });
  }
}
