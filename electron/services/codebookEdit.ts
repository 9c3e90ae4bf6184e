// Editing the codebook in place: update, move, merge and delete codes.
// Each function runs in the caller's transaction (the API wraps it in one undo step).
import type { Project } from './project.js';
import type { Code } from '../../shared/types.js';
import { codeNameError } from '../../shared/codePath.js';
import { WeftError } from '../errors.js';
import { assertCodebookUnlocked } from './codebookLock.js';
import { nowIso } from '../store/repository.js';

function requireCode(project: Project, id: number, field = 'id'): Code {
  const code = project.repo.codeById(id);
  if (!code) throw new WeftError(`${field}: no code with id ${id}`, 'not_found');
  return code;
}

function descendantIds(project: Project, id: number): number[] {
  const rows = project.db
    .prepare(
      `WITH RECURSIVE sub(id) AS (SELECT id FROM codes WHERE parent_id = ? UNION ALL SELECT c.id FROM codes c JOIN sub ON c.parent_id = sub.id)
       SELECT id FROM sub`,
    )
    .all(id) as Array<{ id: number }>;
  return rows.map((r) => r.id);
}

function assertFreeName(project: Project, parentId: number | null, name: string, exceptId?: number): void {
  const clash = project.db
    .prepare('SELECT id FROM codes WHERE IFNULL(parent_id, 0) = IFNULL(?, 0) AND name = ? COLLATE NOCASE AND id IS NOT ?')
    .get(parentId, name, exceptId ?? null);
  if (clash) throw new WeftError(`a code named "${name}" already exists there`, 'conflict');
}

export type CodeFields = Partial<Pick<Code, 'name' | 'color' | 'shortDefinition' | 'definition' | 'inclusion' | 'exclusion' | 'example' | 'atypicalExample' | 'memo' | 'codable'>>;

export function updateCode(project: Project, id: number, fields: CodeFields): Code {
  const code = requireCode(project, id);
  // a proposal stays editable during a locked round: its author refines it before the lead decides
  if (code.status !== 'proposed') assertCodebookUnlocked(project, 'editing a code');
  if (fields.name !== undefined && fields.name !== code.name) {
    const err = codeNameError(fields.name);
    if (err) throw new WeftError(`name: ${err}`);
    assertFreeName(project, code.parentId, fields.name, id);
    project.db.prepare('UPDATE codes SET name = ? WHERE id = ?').run(fields.name.trim(), id);
  }
  const { name: _name, ...rest } = fields;
  if (rest.codable === false) {
    const n = (project.db.prepare('SELECT COUNT(*) AS n FROM codings WHERE code_id = ?').get(id) as { n: number }).n;
    if (n > 0) throw new WeftError(`code "${code.path}" has ${n} codings, so it can't become a category`, 'conflict');
  }
  project.repo.updateCodeFields(id, rest);
  return project.repo.codeById(id)!;
}

export function moveCode(project: Project, id: number, parentId: number | null, index?: number): Code {
  const code = requireCode(project, id);
  assertCodebookUnlocked(project, 'moving a code');
  if (parentId !== null) {
    requireCode(project, parentId, 'parentId');
    if (parentId === id || descendantIds(project, id).includes(parentId)) {
      throw new WeftError(`code "${code.path}" can't be moved inside itself`);
    }
  }
  if ((code.parentId ?? null) !== parentId) assertFreeName(project, parentId, code.name, id);
  const siblings = (project.db
    .prepare('SELECT id FROM codes WHERE IFNULL(parent_id, 0) = IFNULL(?, 0) AND id != ? ORDER BY sort_order, id')
    .all(parentId, id) as Array<{ id: number }>).map((r) => r.id);
  const at = Math.min(index ?? siblings.length, siblings.length);
  siblings.splice(at, 0, id);
  project.db.prepare('UPDATE codes SET parent_id = ? WHERE id = ?').run(parentId, id);
  const setOrder = project.db.prepare('UPDATE codes SET sort_order = ? WHERE id = ?');
  siblings.forEach((sid, i) => setOrder.run(i + 1, sid));
  return project.repo.codeById(id)!;
}

export function codeImpact(project: Project, id: number): { codings: number; documents: number; descendants: number } {
  requireCode(project, id);
  const ids = [id, ...descendantIds(project, id)];
  const marks = ids.map(() => '?').join(',');
  const row = project.db
    .prepare(`SELECT COUNT(*) AS codings, COUNT(DISTINCT document_id) AS documents FROM codings WHERE code_id IN (${marks})`)
    .get(...ids) as { codings: number; documents: number };
  return { ...row, descendants: ids.length - 1 };
}

/** Merge `sourceId` into `targetId`: codings, children and memos move; nothing is lost. */
export function mergeCodes(project: Project, sourceId: number, targetId: number): { moved: number; duplicates: number } {
  const source = requireCode(project, sourceId, 'sourceId');
  const target = requireCode(project, targetId, 'targetId');
  if (sourceId === targetId) throw new WeftError('sourceId and targetId are the same code');
  if (descendantIds(project, sourceId).includes(targetId)) throw new WeftError(`"${target.path}" is inside "${source.path}"; merge it the other way round`);
  if (!target.codable) throw new WeftError(`"${target.path}" is a category; merge into a codable code`);
  // merging a proposal into an existing code is one of the lead's decisions on proposals, allowed during a round
  if (source.status !== 'proposed') assertCodebookUnlocked(project, 'merging codes');
  if (target.status === 'rejected') throw new WeftError(`"${target.path}" is a rejected proposal; merge into a code of the codebook`);
  // a coding that already exists on the target (same document, coder and span) is a duplicate: its memos go to
  // the coding it duplicates before it is removed
  const pairs = project.db
    .prepare(
      `SELECT s.id AS source, t.id AS target FROM codings s JOIN codings t ON t.code_id = ? AND t.document_id = s.document_id
         AND t.coder_id = s.coder_id AND t.start = s.start AND t."end" = s."end" WHERE s.code_id = ?`,
    )
    .all(targetId, sourceId) as Array<{ source: number; target: number }>;
  for (const p of pairs) foldCodingMemos(project, p.source, p.target);
  const duplicates = project.db
    .prepare(
      `DELETE FROM codings WHERE code_id = ? AND EXISTS (SELECT 1 FROM codings t WHERE t.code_id = ? AND t.document_id = codings.document_id
         AND t.coder_id = codings.coder_id AND t.start = codings.start AND t."end" = codings."end")`,
    )
    .run(sourceId, targetId).changes;
  const moved = project.db.prepare('UPDATE codings SET code_id = ? WHERE code_id = ?').run(targetId, sourceId).changes;
  const children = project.db.prepare('SELECT id, name FROM codes WHERE parent_id = ?').all(sourceId) as Array<{ id: number; name: string }>;
  for (const child of children) {
    let name = child.name;
    for (let i = 2; project.db.prepare('SELECT 1 FROM codes WHERE parent_id = ? AND name = ? COLLATE NOCASE').get(targetId, name); i++) {
      name = `${child.name} (${i})`;
    }
    project.db.prepare('UPDATE codes SET parent_id = ?, name = ? WHERE id = ?').run(targetId, name, child.id);
  }
  project.db.prepare("UPDATE memos SET target_id = ? WHERE target_type = 'code' AND target_id = ? AND NOT EXISTS (SELECT 1 FROM memos m WHERE m.target_type = 'code' AND m.target_id = ? AND IFNULL(m.coder_id, 0) = IFNULL(memos.coder_id, 0))").run(targetId, sourceId, targetId);
  // keep what the source's own memo said
  const leftover = project.db.prepare("SELECT id, body_text FROM memos WHERE target_type = 'code' AND target_id = ?").all(sourceId) as Array<{ id: number; body_text: string }>;
  const extraMemo = [source.memo, ...leftover.map((m) => m.body_text)].filter((t) => t.trim()).join('\n\n');
  if (extraMemo) {
    const merged = [target.memo, `Merged from "${source.path}":\n${extraMemo}`].filter((t) => t.trim()).join('\n\n');
    project.db.prepare('UPDATE codes SET memo = ? WHERE id = ?').run(merged, targetId);
  }
  project.db.prepare("DELETE FROM memos WHERE target_type = 'code' AND target_id = ?").run(sourceId);
  project.db.prepare('DELETE FROM codes WHERE id = ?').run(sourceId);
  // recorded so that the next published version can say where the code went
  project.db
    .prepare('INSERT INTO code_merges (source_guid, source_path, target_guid, merged_at) VALUES (?, ?, ?, ?)')
    .run(source.guid, source.path, target.guid, nowIso());
  return { moved, duplicates };
}

const joinText = (...texts: string[]) => texts.filter((t) => t.trim()).join('\n\n');

/** Two memo bodies as one: Lexical states end to end, or else their texts one after the other. */
function joinMemoBodies(a: { body: string; body_text: string }, b: { body: string; body_text: string }): string {
  const state = (body: string): { root: { children: unknown[] } } | null => {
    try {
      const v = JSON.parse(body) as { root?: { children?: unknown } };
      return v && typeof v === 'object' && v.root && Array.isArray(v.root.children) ? (v as { root: { children: unknown[] } }) : null;
    } catch {
      return null;
    }
  };
  const sa = state(a.body);
  const sb = state(b.body);
  if (sa && sb) return JSON.stringify({ ...sa, root: { ...sa.root, children: [...sa.root.children, ...sb.root.children] } });
  return joinText(a.body_text, b.body_text);
}

/** Fold coding `from`'s memos into coding `into` (which it duplicates): each coder's memo moves, or is appended to theirs. */
function foldCodingMemos(project: Project, from: number, into: number): void {
  const db = project.db;
  const memos = db.prepare("SELECT id, coder_id, body, body_text FROM memos WHERE target_type = 'coding' AND target_id = ?").all(from) as Array<{
    id: number;
    coder_id: number | null;
    body: string;
    body_text: string;
  }>;
  for (const m of memos) {
    const theirs = db
      .prepare("SELECT id, body, body_text FROM memos WHERE target_type = 'coding' AND target_id = ? AND IFNULL(coder_id, 0) = IFNULL(?, 0)")
      .get(into, m.coder_id) as { id: number; body: string; body_text: string } | undefined;
    if (!theirs) db.prepare('UPDATE memos SET target_id = ? WHERE id = ?').run(into, m.id);
    else if (m.body_text.trim() && m.body_text !== theirs.body_text) {
      db.prepare('UPDATE memos SET body = ?, body_text = ?, updated_at = ? WHERE id = ?').run(joinMemoBodies(theirs, m), joinText(theirs.body_text, m.body_text), nowIso(), theirs.id);
    }
  }
  // the memo text on the coding itself
  const [a, b] = [into, from].map((id) => (db.prepare('SELECT memo FROM codings WHERE id = ?').get(id) as { memo: string }).memo);
  if (b!.trim() && !a!.includes(b!)) db.prepare('UPDATE codings SET memo = ? WHERE id = ?').run(joinText(a!, b!), into);
}

/** Delete a code, its descendants and their codings (undoable through the session's undo log). */
export function deleteCode(project: Project, id: number): { codes: number; codings: number } {
  requireCode(project, id);
  assertCodebookUnlocked(project, 'deleting a code');
  const ids = [id, ...descendantIds(project, id)];
  const marks = ids.map(() => '?').join(',');
  const codings = project.db.prepare(`DELETE FROM codings WHERE code_id IN (${marks})`).run(...ids).changes;
  project.db.prepare(`DELETE FROM memos WHERE target_type = 'code' AND target_id IN (${marks})`).run(...ids);
  // children first, so the parent's RESTRICT never fires
  for (const cid of [...ids].reverse()) project.db.prepare('DELETE FROM codes WHERE id = ?').run(cid);
  return { codes: ids.length, codings };
}
