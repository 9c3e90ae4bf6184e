// SQL for team coding: assignments of documents to coders, completion marks,
// consensus provenance and reconciliation decisions.
import type Database from 'better-sqlite3';
import type { Db } from './database.js';
import { newGuid, nowIso } from './repository.js';

export interface Assignment {
  documentId: number;
  coderId: number;
  at: string;
}

export type ReconcileDecision = 'acceptA' | 'acceptB' | 'acceptBoth' | 'adjust' | 'drop' | 'agree';

export interface ReconciliationRow {
  id: number;
  guid: string;
  coderAId: number;
  coderBId: number;
  documentId: number;
  codeId: number;
  start: number;
  end: number;
  decision: ReconcileDecision;
  decidedBy: string | null;
  decidedAt: string;
}

const reconSelect = `SELECT id, guid, coder_a_id AS coderAId, coder_b_id AS coderBId, document_id AS documentId, code_id AS codeId,
  start, "end", decision, decided_by AS decidedBy, decided_at AS decidedAt FROM reconciliations`;

export class TeamStore {
  private readonly statements = new Map<string, Database.Statement>();
  constructor(readonly db: Db) {}

  private stmt(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) this.statements.set(sql, (s = this.db.prepare(sql)));
    return s;
  }

  // ---- assignments and completion marks
  assignments(): Assignment[] {
    return this.stmt('SELECT document_id AS documentId, coder_id AS coderId, assigned_at AS at FROM document_assignments ORDER BY coder_id, document_id').all() as Assignment[];
  }
  completions(): Assignment[] {
    return this.stmt('SELECT document_id AS documentId, coder_id AS coderId, completed_at AS at FROM document_completions ORDER BY coder_id, document_id').all() as Assignment[];
  }
  assign(documentId: number, coderId: number, at = nowIso()): boolean {
    return this.stmt('INSERT OR IGNORE INTO document_assignments (document_id, coder_id, assigned_at) VALUES (?, ?, ?)').run(documentId, coderId, at).changes > 0;
  }
  unassign(documentId: number, coderId: number): boolean {
    return this.stmt('DELETE FROM document_assignments WHERE document_id = ? AND coder_id = ?').run(documentId, coderId).changes > 0;
  }
  markComplete(documentId: number, coderId: number, at = nowIso()): boolean {
    return this.stmt('INSERT OR IGNORE INTO document_completions (document_id, coder_id, completed_at) VALUES (?, ?, ?)').run(documentId, coderId, at).changes > 0;
  }
  unmarkComplete(documentId: number, coderId: number): boolean {
    return this.stmt('DELETE FROM document_completions WHERE document_id = ? AND coder_id = ?').run(documentId, coderId).changes > 0;
  }
  /** coder id → ids of the documents they marked complete */
  completedByCoder(): Map<number, Set<number>> {
    const map = new Map<number, Set<number>>();
    for (const c of this.completions()) {
      let s = map.get(c.coderId);
      if (!s) map.set(c.coderId, (s = new Set()));
      s.add(c.documentId);
    }
    return map;
  }
  /** coder id → ids of the documents where they have at least one coding */
  codedByCoder(): Map<number, Set<number>> {
    const rows = this.stmt('SELECT DISTINCT coder_id AS c, document_id AS d FROM codings').all() as Array<{ c: number; d: number }>;
    const map = new Map<number, Set<number>>();
    for (const r of rows) {
      let s = map.get(r.c);
      if (!s) map.set(r.c, (s = new Set()));
      s.add(r.d);
    }
    return map;
  }

  // ---- consensus provenance
  addConsensusSource(consensusGuid: string, sourceGuid: string): boolean {
    return this.stmt('INSERT OR IGNORE INTO consensus_sources (consensus_guid, source_guid) VALUES (?, ?)').run(consensusGuid, sourceGuid).changes > 0;
  }
  consensusSources(): Array<{ consensusGuid: string; sourceGuid: string }> {
    return this.stmt('SELECT consensus_guid AS consensusGuid, source_guid AS sourceGuid FROM consensus_sources ORDER BY id').all() as never;
  }
  sourcesOf(consensusGuid: string): string[] {
    return (this.stmt('SELECT source_guid AS g FROM consensus_sources WHERE consensus_guid = ? ORDER BY id').all(consensusGuid) as Array<{ g: string }>).map((r) => r.g);
  }

  // ---- reconciliation decisions
  reconciliations(coderAId?: number, coderBId?: number): ReconciliationRow[] {
    if (coderAId === undefined) return this.stmt(`${reconSelect} ORDER BY id`).all() as ReconciliationRow[];
    return this.stmt(`${reconSelect} WHERE coder_a_id = ? AND coder_b_id = ? ORDER BY id`).all(coderAId, coderBId) as ReconciliationRow[];
  }
  reconciliationByGuid(guid: string): ReconciliationRow | undefined {
    return this.stmt(`${reconSelect} WHERE guid = ?`).get(guid) as ReconciliationRow | undefined;
  }
  findReconciliation(r: { coderAId: number; coderBId: number; documentId: number; codeId: number; start: number; end: number }): ReconciliationRow | undefined {
    return this.stmt(`${reconSelect} WHERE coder_a_id = ? AND coder_b_id = ? AND document_id = ? AND code_id = ? AND start = ? AND "end" = ?`).get(
      r.coderAId, r.coderBId, r.documentId, r.codeId, r.start, r.end,
    ) as ReconciliationRow | undefined;
  }
  insertReconciliation(r: Omit<ReconciliationRow, 'id' | 'guid' | 'decidedAt'> & { guid?: string; decidedAt?: string }): number {
    return Number(
      this.stmt(
        'INSERT INTO reconciliations (guid, coder_a_id, coder_b_id, document_id, code_id, start, "end", decision, decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ).run(r.guid ?? newGuid(), r.coderAId, r.coderBId, r.documentId, r.codeId, r.start, r.end, r.decision, r.decidedBy, r.decidedAt ?? nowIso()).lastInsertRowid,
    );
  }
  deleteReconciliation(id: number): void {
    this.stmt('DELETE FROM reconciliations WHERE id = ?').run(id);
  }

  // ---- for merging and packaging
  codingsOfCoder(coderId: number, documentIds: readonly number[]): Array<{ id: number; guid: string }> {
    const docs = new Set(documentIds);
    return (this.stmt('SELECT id, guid, document_id AS d FROM codings WHERE coder_id = ?').all(coderId) as Array<{ id: number; guid: string; d: number }>)
      .filter((r) => docs.has(r.d))
      .map((r) => ({ id: r.id, guid: r.guid }));
  }
  updateCodingMemo(id: number, memo: string): void {
    this.stmt('UPDATE codings SET memo = ? WHERE id = ?').run(memo, id);
  }
  documentByGuid(guid: string): { id: number; name: string; text: string; contentHash: string } | undefined {
    return this.stmt('SELECT id, name, text, content_hash AS contentHash FROM documents WHERE guid = ?').get(guid) as never;
  }
  documentsByHash(hash: string): Array<{ id: number; guid: string; name: string; text: string }> {
    return this.stmt('SELECT id, guid, name, text FROM documents WHERE content_hash = ? ORDER BY id').all(hash) as never;
  }
  setCodeParent(id: number, parentId: number | null): void {
    this.stmt('UPDATE codes SET parent_id = ? WHERE id = ?').run(parentId, id);
  }
}
