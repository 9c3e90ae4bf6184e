// Memos on the project, documents, codes and coded segments. The body is a
// serialised Lexical state; its plain text is kept beside it for search and
// exports, and a segment's memo text is mirrored into codings.memo.
import type { Project } from './project.js';
import type { Memo, MemoTarget } from '../../shared/types.js';
import { newGuid, nowIso } from '../store/repository.js';
import { OffsetIndex } from '../../shared/offsets.js';
import { WeftError } from '../errors.js';

interface MemoRow {
  id: number; guid: string; target_type: MemoTarget; target_id: number | null; coder_id: number | null;
  coder_name: string | null; title: string; body: string; body_text: string; created_at: string; updated_at: string;
}

function targetLabel(project: Project, type: MemoTarget, id: number | null): string {
  if (type === 'project') return project.repo.project().name;
  if (id === null) return '';
  if (type === 'document') return project.repo.documentRef({ id })?.name ?? '(deleted document)';
  if (type === 'code') return project.repo.codeById(id)?.path ?? '(deleted code)';
  const c = project.repo.codingById(id);
  if (!c) return '(deleted coding)';
  const doc = project.repo.documentText(c.documentId)!;
  const quote = new OffsetIndex(doc.text).slice(c.start, c.end);
  return `${doc.name}: “${quote.length > 80 ? quote.slice(0, 80) + '…' : quote}”`;
}

function toMemo(project: Project, r: MemoRow): Memo {
  return {
    id: r.id, guid: r.guid, targetType: r.target_type, targetId: r.target_id, coderId: r.coder_id, coderName: r.coder_name,
    targetLabel: targetLabel(project, r.target_type, r.target_id), title: r.title, body: r.body, bodyText: r.body_text,
    createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

const SELECT = 'SELECT m.*, k.name AS coder_name FROM memos m LEFT JOIN coders k ON k.id = m.coder_id';

export function listMemos(project: Project, f: { targetType?: MemoTarget; targetId?: number | null; query?: string }): Memo[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (f.targetType) {
    where.push('m.target_type = ?');
    args.push(f.targetType);
  }
  if (f.targetId !== undefined) {
    where.push('IFNULL(m.target_id, 0) = IFNULL(?, 0)');
    args.push(f.targetId);
  }
  if (f.query?.trim()) {
    where.push("(instr(lower(m.body_text), lower(?)) > 0 OR instr(lower(m.title), lower(?)) > 0)");
    args.push(f.query.trim(), f.query.trim());
  }
  const rows = project.db.prepare(`${SELECT} ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY m.updated_at DESC`).all(...args) as MemoRow[];
  return rows.map((r) => toMemo(project, r));
}

export function saveMemo(
  project: Project,
  p: { targetType: MemoTarget; targetId: number | null; coderId: number | null; title?: string; body: string; bodyText: string },
): Memo {
  project.assertWritable();
  if (p.targetType === 'project' && p.targetId !== null) throw new WeftError('targetId: a project memo has no target id');
  if (p.targetType !== 'project' && p.targetId === null) throw new WeftError(`targetId: a ${p.targetType} memo needs a target id`);
  if (p.targetId !== null && targetLabel(project, p.targetType, p.targetId).startsWith('(deleted')) {
    throw new WeftError(`targetId: no ${p.targetType} with id ${p.targetId}`, 'not_found');
  }
  const now = nowIso();
  const existing = project.db
    .prepare('SELECT id FROM memos WHERE target_type = ? AND IFNULL(target_id, 0) = IFNULL(?, 0) AND IFNULL(coder_id, 0) = IFNULL(?, 0)')
    .get(p.targetType, p.targetId, p.coderId) as { id: number } | undefined;
  let id: number;
  if (existing) {
    project.db.prepare('UPDATE memos SET title = ?, body = ?, body_text = ?, updated_at = ? WHERE id = ?').run(p.title ?? '', p.body, p.bodyText, now, existing.id);
    id = existing.id;
  } else {
    id = Number(
      project.db
        .prepare('INSERT INTO memos (guid, target_type, target_id, coder_id, title, body, body_text, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(newGuid(), p.targetType, p.targetId, p.coderId, p.title ?? '', p.body, p.bodyText, now, now).lastInsertRowid,
    );
  }
  if (p.targetType === 'coding') project.db.prepare('UPDATE codings SET memo = ? WHERE id = ?').run(p.bodyText, p.targetId);
  return toMemo(project, project.db.prepare(`${SELECT} WHERE m.id = ?`).get(id) as MemoRow);
}

export function deleteMemo(project: Project, id: number): number {
  const row = project.db.prepare('SELECT target_type, target_id FROM memos WHERE id = ?').get(id) as { target_type: MemoTarget; target_id: number | null } | undefined;
  if (!row) throw new WeftError(`id: no memo with id ${id}`, 'not_found');
  if (row.target_type === 'coding') project.db.prepare("UPDATE codings SET memo = '' WHERE id = ?").run(row.target_id);
  return project.db.prepare('DELETE FROM memos WHERE id = ?').run(id).changes;
}
