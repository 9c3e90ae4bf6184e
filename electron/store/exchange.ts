// SQL for exchange and analysis: raw reads of codings and memos for exports and
// the matrix, and exact writes of memos for the .qdpx import.
import type Database from 'better-sqlite3';
import type { Db } from './database.js';
import type { Coding, MemoTarget } from '../../shared/types.js';

export interface MemoRecord {
  id: number;
  guid: string;
  targetType: MemoTarget;
  targetId: number | null;
  coderId: number | null;
  title: string;
  body: string;
  bodyText: string;
  createdAt: string;
  updatedAt: string;
}

export interface NewMemoRecord {
  guid: string;
  targetType: MemoTarget;
  targetId: number | null;
  coderId: number | null;
  title: string;
  body: string;
  bodyText: string;
  createdAt: string;
  updatedAt: string;
}

interface CodingRow {
  id: number; guid: string; document_id: number; code_id: number; coder_id: number;
  start: number; end: number; memo: string; created_at: string;
}

const memoSelect = `SELECT id, guid, target_type AS targetType, target_id AS targetId, coder_id AS coderId, title, body,
  body_text AS bodyText, created_at AS createdAt, updated_at AS updatedAt FROM memos`;

export class ExchangeStore {
  private readonly statements = new Map<string, Database.Statement>();
  constructor(readonly db: Db) {}

  /** A prepared statement, prepared once per store (bulk imports run these thousands of times). */
  private stmt(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) this.statements.set(sql, (s = this.db.prepare(sql)));
    return s;
  }

  insertCoding(c: { guid: string; documentId: number; codeId: number; coderId: number; start: number; end: number; memo: string; createdAt: string }): number {
    return Number(
      this.stmt('INSERT INTO codings (guid, document_id, code_id, coder_id, start, "end", memo, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
        c.guid, c.documentId, c.codeId, c.coderId, c.start, c.end, c.memo, c.createdAt,
      ).lastInsertRowid,
    );
  }

  /** Every coding, in document order then by position; no text (fast for counting). */
  codings(filter: { coderIds?: number[] } = {}): Coding[] {
    const where = filter.coderIds ? `WHERE c.coder_id IN (${filter.coderIds.map(() => '?').join(',') || 'NULL'})` : '';
    const rows = this.db
      .prepare(
        `SELECT c.* FROM codings c JOIN documents d ON d.id = c.document_id ${where}
         ORDER BY d.sort_order, d.id, c.start, c."end", c.id`,
      )
      .all(...(filter.coderIds ?? [])) as CodingRow[];
    return rows.map((r) => ({
      id: r.id, guid: r.guid, documentId: r.document_id, codeId: r.code_id, coderId: r.coder_id,
      start: r.start, end: r.end, memo: r.memo, createdAt: r.created_at,
    }));
  }

  /** Documents in project order, without their text. */
  documents(): Array<{ id: number; guid: string; name: string; length: number; status: 'imported' | 'deidentified' }> {
    return this.db.prepare('SELECT id, guid, name, length, status FROM documents ORDER BY sort_order, id').all() as never;
  }

  documentTexts(ids: number[]): Map<number, string> {
    const stmt = this.db.prepare('SELECT text FROM documents WHERE id = ?');
    return new Map(ids.map((id) => [id, (stmt.get(id) as { text: string }).text]));
  }

  /** Number of codings per coder id. */
  codingCountsByCoder(): Map<number, number> {
    const rows = this.db.prepare('SELECT coder_id AS id, COUNT(*) AS n FROM codings GROUP BY coder_id').all() as Array<{ id: number; n: number }>;
    return new Map(rows.map((r) => [r.id, r.n]));
  }

  memos(): MemoRecord[] {
    return this.db.prepare(`${memoSelect} ORDER BY id`).all() as MemoRecord[];
  }

  memoFor(targetType: MemoTarget, targetId: number | null, coderId: number | null): MemoRecord | undefined {
    return this.db
      .prepare(`${memoSelect} WHERE target_type = ? AND IFNULL(target_id, 0) = IFNULL(?, 0) AND IFNULL(coder_id, 0) = IFNULL(?, 0)`)
      .get(targetType, targetId, coderId) as MemoRecord | undefined;
  }

  memoByGuid(guid: string): MemoRecord | undefined {
    return this.db.prepare(`${memoSelect} WHERE guid = ?`).get(guid) as MemoRecord | undefined;
  }

  insertMemo(m: NewMemoRecord): number {
    return Number(
      this.db
        .prepare(
          'INSERT INTO memos (guid, target_type, target_id, coder_id, title, body, body_text, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        )
        .run(m.guid, m.targetType, m.targetId, m.coderId, m.title, m.body, m.bodyText, m.createdAt, m.updatedAt).lastInsertRowid,
    );
  }

  updateMemoText(id: number, body: string, bodyText: string, updatedAt: string): void {
    this.db.prepare('UPDATE memos SET body = ?, body_text = ?, updated_at = ? WHERE id = ?').run(body, bodyText, updatedAt, id);
  }

  setProjectName(name: string): void {
    this.db.prepare('UPDATE project SET name = ? WHERE id = 1').run(name);
  }

  coderByGuid(guid: string): { id: number; guid: string; name: string } | undefined {
    return this.db.prepare('SELECT id, guid, name FROM coders WHERE guid = ?').get(guid) as never;
  }

  codeByGuid(guid: string): { id: number } | undefined {
    return this.db.prepare('SELECT id FROM codes WHERE guid = ?').get(guid) as never;
  }

  attributeByGuid(guid: string): { id: number } | undefined {
    return this.db.prepare('SELECT id FROM attribute_defs WHERE guid = ?').get(guid) as never;
  }

  documentAttributeValue(documentId: number, attributeId: number): string | undefined {
    const r = this.db.prepare('SELECT value FROM document_attributes WHERE document_id = ? AND attribute_id = ?').get(documentId, attributeId) as
      | { value: string }
      | undefined;
    return r?.value;
  }

  /** Speed up a bulk import: codings by identity for one document. */
  codingKeysOfDocument(documentId: number): Set<string> {
    const rows = this.db.prepare('SELECT code_id, coder_id, start, "end" AS e FROM codings WHERE document_id = ?').all(documentId) as Array<{
      code_id: number; coder_id: number; start: number; e: number;
    }>;
    return new Set(rows.map((r) => `${r.code_id}:${r.coder_id}:${r.start}:${r.e}`));
  }

  codingGuidTaken(guid: string): boolean {
    return this.stmt('SELECT 1 FROM codings WHERE guid = ?').get(guid) !== undefined;
  }
}
