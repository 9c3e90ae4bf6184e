// dispatch(): the one entry point of every transport. Bad calls are refused
// with a readable error naming the field, and refused calls change nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dispatch, type Backend } from '../../electron/api/handlers.js';
import { Project } from '../../electron/services/project.js';
import { importFiles } from '../../electron/services/documents.js';
import { ApiError, apiContract, methodNames, type ApiErrorBody, type MethodName } from '../../shared/api/contract.js';
import type { BackendEvent, Code, Coder, Segment } from '../../shared/types.js';

const TEXT = 'Interviewer: 😀 tell me, "please".\nParticipant: ภาษาไทย ខ្មែរ ሰላም — café.';
const TEXT_LENGTH = [...TEXT].length;

let dir: string;
let project: Project;
let events: BackendEvent[];
let backend: Backend;
let docId: number;
let code: Code;
let coder: Coder;

function openBackend(p: Project): Backend {
  events = [];
  return { project: p, emit: (e) => events.push(e) };
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-api-'));
  project = Project.create(path.join(dir, 'p.weft'));
  const src = path.join(dir, 'interview-1.txt');
  fs.writeFileSync(src, TEXT);
  const [imported] = importFiles(project, [src]);
  docId = imported!.documentId!;
  backend = openBackend(project);
});
afterEach(() => {
  project.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const call = (method: unknown, params?: unknown) => dispatch(backend, method, params);
/** How many change events so far name `what` (other notices, e.g. about undo history, may come too). */
const changes = (what: string) => events.filter((e) => e.type === 'changed' && (e.what as string[]).includes(what)).length;
async function seed(): Promise<void> {
  code = (await call('codes.create', { name: 'Trust' })) as Code;
  coder = (await call('coders.ensure', { name: 'Ana' })) as Coder;
  events.length = 0;
}
const apply = (over: Record<string, unknown> = {}) =>
  call('codings.apply', { documentId: docId, codeId: code.id, coderId: coder.id, start: 0, end: 11, ...over }) as Promise<Segment>;

/** Everything a call could change, read straight from the file. */
function snapshot(p = project) {
  const all = (sql: string) => p.db.prepare(sql).all();
  return {
    summary: p.summary(),
    codings: all('SELECT * FROM codings ORDER BY id'),
    codes: all('SELECT * FROM codes ORDER BY id'),
    coders: all('SELECT * FROM coders ORDER BY id'),
    settings: all('SELECT * FROM settings ORDER BY key'),
    documents: all('SELECT id, guid, name, text FROM documents ORDER BY id'),
  };
}

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  const e = await promise.then(
    () => {
      throw new Error('expected the call to be refused');
    },
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ApiError);
  return e as ApiError;
}

describe('dispatch: method names', () => {
  it.each([['nope'], ['codings.delete'], [''], [42], [undefined], [null], ['toString'], ['__proto__'], ['constructor']])(
    'refuses %j as unknown_method',
    async (method) => {
      const e = await refusal(call(method, {}));
      expect(e.code).toBe('unknown_method');
      expect(e.message).toContain('unknown method');
    },
  );
});

describe('dispatch: parameter validation', () => {
  beforeEach(seed);

  const cases: Array<{ what: string; method: MethodName; params: () => unknown; field: RegExp }> = [
    { what: 'missing codeId', method: 'codings.apply', params: () => ({ documentId: docId, coderId: coder.id, start: 0, end: 2 }), field: /^codings\.apply: codeId: / },
    { what: 'start as a string', method: 'codings.apply', params: () => ({ documentId: docId, codeId: code.id, coderId: coder.id, start: '0', end: 2 }), field: /^codings\.apply: start: / },
    { what: 'fractional end', method: 'codings.apply', params: () => ({ documentId: docId, codeId: code.id, coderId: coder.id, start: 0, end: 2.5 }), field: /^codings\.apply: end: / },
    { what: 'an extra field', method: 'codings.apply', params: () => ({ documentId: docId, codeId: code.id, coderId: coder.id, start: 0, end: 2, colour: 'red' }), field: /^codings\.apply: .*"colour"/ },
    { what: 'end equal to start', method: 'codings.apply', params: () => ({ documentId: docId, codeId: code.id, coderId: coder.id, start: 4, end: 4 }), field: /^codings\.apply: end: end must be greater than start/ },
    { what: 'end before start', method: 'codings.apply', params: () => ({ documentId: docId, codeId: code.id, coderId: coder.id, start: 5, end: 1 }), field: /^codings\.apply: end: / },
    { what: 'a negative start', method: 'codings.apply', params: () => ({ documentId: docId, codeId: code.id, coderId: coder.id, start: -1, end: 2 }), field: /^codings\.apply: start: / },
    { what: 'a zero document id', method: 'codings.apply', params: () => ({ documentId: 0, codeId: code.id, coderId: coder.id, start: 0, end: 2 }), field: /^codings\.apply: documentId: / },
    { what: 'params that are not an object', method: 'codings.apply', params: () => 'start=0', field: /^codings\.apply: params: / },
    { what: 'an array as params', method: 'codings.apply', params: () => [docId, code.id], field: /^codings\.apply: params: / },
    { what: 'an empty code name', method: 'codes.create', params: () => ({ name: '   ' }), field: /^codes\.create: name: / },
    { what: 'a bad colour', method: 'codes.create', params: () => ({ name: 'Fear', color: 'red' }), field: /^codes\.create: color: colour must look like #RRGGBB/ },
    { what: 'a string parentId', method: 'codes.create', params: () => ({ name: 'Fear', parentId: '1' }), field: /^codes\.create: parentId: / },
    { what: 'an extra field', method: 'codes.create', params: () => ({ name: 'Fear', owner: 'me' }), field: /^codes\.create: .*"owner"/ },
    { what: 'a missing memo', method: 'codings.setMemo', params: () => ({ id: 1 }), field: /^codings\.setMemo: memo: / },
    { what: 'a negative id', method: 'codings.remove', params: () => ({ id: -3 }), field: /^codings\.remove: id: / },
    { what: 'any params to a method that takes none', method: 'project.summary', params: () => ({ all: true }), field: /^project\.summary: .*"all"/ },
    { what: 'an empty coder name', method: 'coders.ensure', params: () => ({ name: '' }), field: /^coders\.ensure: name: / },
    { what: 'an empty settings key', method: 'settings.set', params: () => ({ key: '', value: 1 }), field: /^settings\.set: key: / },
  ];

  it.each(cases)('$method with $what is bad_request naming the field, and changes nothing', async ({ method, params, field }) => {
    const before = snapshot();
    const e = await refusal(call(method, params()));
    expect(e.code).toBe('bad_request');
    expect(e.message).toMatch(field);
    expect(snapshot()).toEqual(before);
    expect(events).toEqual([]);
  });

  it('treats missing params as {} for methods without parameters, and refuses them where fields are required', async () => {
    expect(await call('project.summary')).toEqual({ documents: 1, codes: 1, codings: 0, coders: ['Ana'] });
    const e = await refusal(call('codings.apply'));
    expect(e.code).toBe('bad_request');
    expect(e.message).toMatch(/^codings\.apply: documentId: /);
  });
});

describe('dispatch: codings', () => {
  beforeEach(seed);

  it('applies a coding with its text sliced by code points', async () => {
    const s = await apply({ start: 13, end: 14, memo: 'smile' });
    expect(s.text).toBe('😀');
    expect(s).toMatchObject({ documentId: docId, codeId: code.id, coderId: coder.id, start: 13, end: 14, memo: 'smile', codePath: 'Trust', coderName: 'Ana', documentName: 'interview-1' });
    const last = await apply({ start: TEXT_LENGTH - 5, end: TEXT_LENGTH });
    expect(last.text).toBe('café.');
    expect((await call('project.summary')) as object).toMatchObject({ codings: 2 });
    expect(changes('codings')).toBe(2);
  });

  it('refuses an end beyond the text, naming the document, and writes nothing', async () => {
    const before = snapshot();
    const e = await refusal(apply({ start: 3, end: TEXT_LENGTH + 1 }));
    expect(e.code).toBe('bad_request');
    expect(e.message).toContain('document "interview-1"');
    expect(e.message).toContain(`beyond the end of the text (${TEXT_LENGTH} code points)`);
    expect(snapshot()).toEqual(before);
    expect(events).toEqual([]);
    // the UTF-16 length is not the limit: the last code point ends at TEXT_LENGTH
    expect(TEXT.length).toBeGreaterThan(TEXT_LENGTH);
    await expect(apply({ start: 0, end: TEXT_LENGTH })).resolves.toMatchObject({ text: TEXT });
  });

  it('refuses unknown documents, codes and coders as not_found, and a category code as bad_request', async () => {
    const before = snapshot();
    for (const [over, field] of [[{ documentId: 999 }, 'documentId'], [{ codeId: 999 }, 'codeId'], [{ coderId: 999 }, 'coderId']] as const) {
      const e = await refusal(apply(over));
      expect(e.code).toBe('not_found');
      expect(e.message).toContain(`${field}: no`);
    }
    project.repo.updateCodeFields(code.id, { codable: false });
    const e = await refusal(apply());
    expect(e.code).toBe('bad_request');
    expect(e.message).toContain('"Trust" is a category');
    project.repo.updateCodeFields(code.id, { codable: true });
    expect(snapshot()).toEqual(before);
  });

  it('applying the same coding twice yields one coding', async () => {
    const a = await apply({ memo: 'first' });
    const b = await apply({ memo: 'second' });
    expect(b.id).toBe(a.id);
    expect(b.guid).toBe(a.guid);
    expect(b.memo).toBe('first');
    expect(((await call('codings.list', {})) as Segment[]).length).toBe(1);
    // another coder on the same span is a second coding
    const ben = (await call('coders.ensure', { name: 'Ben' })) as Coder;
    const c = await apply({ coderId: ben.id });
    expect(c.id).not.toBe(a.id);
    expect(((await call('codings.list', { documentId: docId })) as Segment[]).map((s) => s.coderName).sort()).toEqual(['Ana', 'Ben']);
  });

  it('removes a coding, and refuses to remove it again', async () => {
    const a = await apply();
    const keep = await apply({ start: 1, end: 2 });
    events.length = 0;
    expect(await call('codings.remove', { id: a.id })).toEqual({ removed: 1 });
    expect(changes('codings')).toBe(1);
    expect(((await call('codings.list', {})) as Segment[]).map((s) => s.id)).toEqual([keep.id]);
    const before = snapshot();
    events.length = 0;
    const e = await refusal(call('codings.remove', { id: a.id }));
    expect(e.code).toBe('not_found');
    expect(e.message).toContain(`no coding with id ${a.id}`);
    expect(snapshot()).toEqual(before);
    expect(events).toEqual([]);
  });

  it('sets a memo, and refuses an unknown coding', async () => {
    const a = await apply();
    events.length = 0;
    const memo = 'Participant hesitates here, "trust" said twice;\nsee 😀 line 4';
    const s = (await call('codings.setMemo', { id: a.id, memo })) as Segment;
    expect(s.memo).toBe(memo);
    expect(changes('codings')).toBe(1);
    expect(((await call('codings.list', {})) as Segment[])[0]!.memo).toBe(memo);
    expect(project.db.prepare('SELECT memo FROM codings WHERE id = ?').pluck().get(a.id)).toBe(memo);
    const e = await refusal(call('codings.setMemo', { id: a.id + 100, memo: 'x' }));
    expect(e.code).toBe('not_found');
  });
});

describe('dispatch: codes', () => {
  beforeEach(seed);

  it('refuses a duplicate sibling name (any case) as conflict and changes nothing', async () => {
    const before = snapshot();
    for (const name of ['Trust', 'trust', '  TRUST  ']) {
      const e = await refusal(call('codes.create', { name }));
      expect(e.code).toBe('conflict');
      expect(e.message).toContain('"Trust" already exists');
    }
    expect(snapshot()).toEqual(before);
    expect(events).toEqual([]);
  });

  it('allows the same name under another parent, and refuses a duplicate child', async () => {
    const child = (await call('codes.create', { name: 'Trust', parentId: code.id, color: '#123456' })) as Code;
    expect(child).toMatchObject({ path: 'Trust > Trust', parentId: code.id, color: '#123456' });
    const e = await refusal(call('codes.create', { name: 'trust', parentId: code.id }));
    expect(e.code).toBe('conflict');
    expect(e.message).toContain('"Trust > Trust"');
    const missing = await refusal(call('codes.create', { name: 'X', parentId: 999 }));
    expect(missing.code).toBe('not_found');
    expect(missing.message).toMatch(/^parentId: /);
    expect(changes('codes')).toBe(1);
  });

  it('refuses a name containing the path separator', async () => {
    const e = await refusal(call('codes.create', { name: 'Risk > Online' }));
    expect(e.code).toBe('bad_request');
    expect(e.message).toContain('may not contain ">"');
    expect(((await call('codes.list', {})) as Code[]).map((c) => c.path)).toEqual(['Trust']);
  });
});

describe('dispatch: events', () => {
  it('emits what changed, once per change, and nothing for reads or refusals', async () => {
    await call('project.summary', {});
    await call('codes.list', {});
    await call('documents.list', {});
    expect(events).toEqual([]);
    await call('coders.ensure', { name: 'Ana' });
    await call('coders.ensure', { name: 'ana' }); // same coder: no change
    expect(changes('coders')).toBe(1);
    expect(changes('codes')).toBe(0);
    await call('codes.create', { name: 'Fear' });
    expect(events).toContainEqual({ type: 'changed', what: ['codes'] });
    expect(changes('codes')).toBe(1);
    expect(changes('codings')).toBe(0);
    const count = events.length;
    await refusal(call('codes.create', { name: 'Fear' }));
    expect(events).toHaveLength(count);
  });
});

describe('dispatch: read-only project', () => {
  it('refuses every write method with read_only, answers reads, and leaves the file unchanged', async () => {
    await seed();
    const seg = await apply();
    project.close();
    project = Project.open(path.join(dir, 'p.weft'), { readOnly: true });
    backend = openBackend(project);
    const before = snapshot();

    // valid params for every write method (validation runs before the read-only check)
    const validWrites: Record<string, unknown> = {
      'settings.set': { key: 'theme', value: 'dark' },
      'coders.ensure': { name: 'Zoe' },
      'codes.create': { name: 'Fear' },
      'codes.update': { id: code.id, name: 'Renamed', color: '#123456' },
      'codes.move': { id: code.id, parentId: null, index: 0 },
      'codes.merge': { sourceId: code.id, targetId: code.id },
      'codes.delete': { id: code.id },
      'codings.apply': { documentId: docId, codeId: code.id, coderId: coder.id, start: 2, end: 5 },
      'codings.applyMany': { codeId: code.id, coderId: coder.id, ranges: [{ documentId: docId, start: 2, end: 5 }] },
      'codings.update': { id: seg.id, start: 1, end: 4 },
      'codings.remove': { id: seg.id },
      'codings.setMemo': { id: seg.id, memo: 'changed' },
      'memos.save': { targetType: 'project', targetId: null, coderId: null, title: 't', body: '{}', bodyText: 'x' },
      'memos.delete': { id: 1 },
      'history.undo': {},
      'history.redo': {},
      'exchange.importQdpx': { fileName: 'x.qdpx', base64: 'UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==' },
      'team.assign': { documentIds: [docId], coderId: coder.id, assigned: true },
      'team.complete': { documentIds: [docId], coderId: coder.id, complete: true },
      'team.merge': { files: [{ fileName: 'x.weft', base64: 'eA==' }] },
      'agreement.decide': { coderA: 'Ana', coderB: 'Ben', documentId: docId, codeId: code.id, start: 0, end: 2, decision: 'drop' },
      'agreement.acceptAgreements': { coderA: 'Ana', coderB: 'Ben' },
      // de-identification (issue 4)
      'deid.scan': { documentId: docId },
      'deid.accept': { ids: [1], reviewer: 'Ana' },
      'deid.reject': { ids: [1], reviewer: 'Ana' },
      'deid.acceptHigh': { documentId: docId, reviewer: 'Ana' },
      'deid.redact': { documentId: docId, start: 0, end: 2, kind: 'person', reviewer: 'Ana' },
      'deid.undo': {},
      'deid.markDeidentified': { documentId: docId, reviewer: 'Ana' },
      'deid.reopen': { documentId: docId },
      'deid.names.add': { kind: 'person', spellings: ['X'], addedBy: 'Ana' },
      'deid.names.addSpelling': { id: 1, spelling: 'X' },
      'deid.names.remove': { id: 1 },
      'deid.setPolicy': { blockCoding: true },
      // import and document attributes (issue 4)
      'documents.import': { files: [{ name: 'x.txt', data: 'eA==' }] },
      'attributes.create': { name: 'region', type: 'text' },
      'attributes.update': { id: 1, name: 'renamed' },
      'attributes.delete': { id: 1 },
      'attributes.move': { id: 1, index: 0 },
      'attributes.setValues': { changes: [{ documentId: docId, attributeId: 1, value: 'x' }] },
      'attributes.importCsv': { csv: 'document\n' },
      // codebook versions, lock and proposals (issue 5)
      'codebook.publish': { note: 'round 1' },
      'codebook.setLock': { locked: true },
      'codes.propose': { name: 'New idea' },
      'codes.acceptProposal': { id: code.id },
      'codes.mergeProposal': { id: code.id, targetId: code.id },
      'codes.rejectProposal': { id: code.id },
      // codebook exchange (issue 5)
      'codebook.importFile': { fileName: 'x.csv', base64: Buffer.from('code_path\nNew\n').toString('base64') },
      'backups.restore': { name: 'x.weft' },
    };
    const writeMethods = methodNames.filter((m) => apiContract[m].writes);
    expect(writeMethods.filter((m) => !(m in validWrites)), 'write methods without a read-only test: add valid params for them').toEqual([]);
    for (const m of writeMethods) {
      const e = await refusal(call(m, validWrites[m]));
      expect([m, e.code]).toEqual([m, 'read_only' satisfies ApiErrorBody['code']]);
      expect(e.message).toContain('read-only');
    }
    expect(snapshot()).toEqual(before);
    expect(events).toEqual([]);

    expect(await call('project.summary', {})).toEqual({ documents: 1, codes: 1, codings: 1, coders: ['Ana'] });
    expect(((await call('codings.list', {})) as Segment[])[0]!.text).toBe('Interviewer');
    expect(await call('project.info', {})).toMatchObject({ readOnly: true });
  });
});
