// Session undo/redo: one mechanism for codings, memos and codebook changes.
import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Project } from '../../electron/services/project.js';
import { createBackend, dispatch, type Backend } from '../../electron/api/handlers.js';
import { importCodebookEntries } from '../../electron/services/codebook.js';
import { parseCodebookCsv } from '../../shared/formats/codebook.js';

let project: Project;
let backend: Backend;
const call = (method: string, params: unknown = {}) => dispatch(backend, method, params) as Promise<any>;

function setup(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-undo-'));
  project = Project.create(path.join(dir, 'p.weft'), 'undo');
  const doc = project.repo.insertDocument({ name: 'd', text: 'Hello 👋 world, สวัสดี', length: 20, contentHash: 'x', sourceName: null, sourceType: null });
  expect(doc).toBe(1);
  importCodebookEntries(project, parseCodebookCsv('code_path\nA\nA > B\nC\n', 'cb.csv'));
  project.repo.ensureCoder('ann');
  backend = createBackend(project, () => {});
}

afterEach(() => project?.close());

const snapshot = () =>
  JSON.stringify({
    codes: project.db.prepare('SELECT * FROM codes ORDER BY id').all(),
    codings: project.db.prepare('SELECT * FROM codings ORDER BY id').all(),
    memos: project.db.prepare('SELECT * FROM memos ORDER BY id').all(),
  });

describe('undo and redo', () => {
  it('undoes and redoes applying, adjusting and removing a coding', async () => {
    setup();
    const s0 = snapshot();
    const seg = await call('codings.apply', { documentId: 1, codeId: 2, coderId: 1, start: 6, end: 7 });
    expect(seg.text).toBe('👋');
    const s1 = snapshot();
    await call('codings.update', { id: seg.id, start: 0, end: 7 });
    const s2 = snapshot();
    await call('codings.remove', { id: seg.id });
    expect((await call('history.state')).undo).toBe('remove coding');
    await call('history.undo');
    expect(snapshot()).toBe(s2);
    await call('history.undo');
    expect(snapshot()).toBe(s1);
    await call('history.undo');
    expect(snapshot()).toBe(s0);
    expect((await call('history.undo')).undone).toBeNull();
    await call('history.redo');
    expect(snapshot()).toBe(s1);
    await call('history.redo');
    await call('history.redo');
    expect(project.repo.counts().codings).toBe(0);
  });

  it('restores a deleted code with its children, codings and memos', async () => {
    setup();
    const seg = await call('codings.apply', { documentId: 1, codeId: 2, coderId: 1, start: 0, end: 5 });
    await call('memos.save', { targetType: 'coding', targetId: seg.id, coderId: 1, body: '{}', bodyText: 'a memo' });
    const before = snapshot();
    expect(await call('codes.impact', { id: 1 })).toEqual({ codings: 1, documents: 1, descendants: 1 });
    expect(await call('codes.delete', { id: 1 })).toEqual({ codes: 2, codings: 1 });
    expect(project.repo.counts()).toMatchObject({ codes: 1, codings: 0 });
    await call('history.undo');
    expect(snapshot()).toBe(before);
  });

  it('merges codes without losing codings, and the merge can be undone', async () => {
    setup();
    await call('codings.apply', { documentId: 1, codeId: 2, coderId: 1, start: 0, end: 5 });
    await call('codings.apply', { documentId: 1, codeId: 3, coderId: 1, start: 0, end: 5 });
    await call('codings.apply', { documentId: 1, codeId: 3, coderId: 1, start: 8, end: 13 });
    // memos on both codings of the duplicated span, and a second coder's memo on the duplicate only
    const body = (text: string) =>
      JSON.stringify({ root: { type: 'root', version: 1, children: [{ type: 'paragraph', version: 1, children: [{ type: 'text', version: 1, text }] }] } });
    const [kept, duplicate] = project.db.prepare('SELECT id FROM codings WHERE start = 0 ORDER BY code_id').all() as Array<{ id: number }>;
    const ben = project.repo.ensureCoder('ben');
    await call('memos.save', { targetType: 'coding', targetId: kept!.id, coderId: 1, body: body('kept: police 👮'), bodyText: 'kept: police 👮' });
    await call('memos.save', { targetType: 'coding', targetId: duplicate!.id, coderId: 1, body: body('dup: ครู'), bodyText: 'dup: ครู' });
    await call('memos.save', { targetType: 'coding', targetId: duplicate!.id, coderId: ben.id, body: body('ben only'), bodyText: 'ben only' });
    const before = snapshot();
    expect(await call('codes.merge', { sourceId: 3, targetId: 2 })).toEqual({ moved: 1, duplicates: 1 });
    const rows = project.db.prepare('SELECT code_id, start, "end" FROM codings ORDER BY start').all();
    expect(rows).toEqual([{ code_id: 2, start: 0, end: 5 }, { code_id: 2, start: 8, end: 13 }]);
    // nothing is lost: each coder's memo on the duplicate is on the kept coding, appended to one already there
    const memos = project.db.prepare("SELECT coder_id, body, body_text FROM memos WHERE target_type = 'coding' AND target_id = ? ORDER BY coder_id").all(kept!.id) as Array<{ coder_id: number; body: string; body_text: string }>;
    expect(memos.map((m) => [m.coder_id, m.body_text])).toEqual([[1, 'kept: police 👮\n\ndup: ครู'], [ben.id, 'ben only']]);
    expect(JSON.parse(memos[0]!.body).root.children.map((p: { children: Array<{ text: string }> }) => p.children[0]!.text)).toEqual(['kept: police 👮', 'dup: ครู']);
    // the memo text on the coding (the last memo saved on each, as exports show it) is kept too
    expect((project.db.prepare('SELECT memo FROM codings WHERE id = ?').get(kept!.id) as { memo: string }).memo).toBe('kept: police 👮\n\nben only');
    await call('history.undo');
    expect(snapshot()).toBe(before);
  });

  it('a new change clears the redo stack', async () => {
    setup();
    await call('codes.create', { name: 'X' });
    await call('history.undo');
    expect((await call('history.state')).redo).toBe('create code “X”');
    await call('codes.create', { name: 'Y' });
    expect((await call('history.state')).redo).toBeNull();
  });
});
