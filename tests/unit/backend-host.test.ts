// The database process's message handling, on a real temp project under plain Node.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Project } from '../../electron/services/project.js';
import { createBackendHost, type BackendHost, type HostReply } from '../../electron/backendProcess.js';

let dir: string;
let file: string;
let replies: HostReply[];
let host: BackendHost;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-host-'));
  file = path.join(dir, 'study.weft');
  Project.create(file, 'Study').close();
  replies = [];
  host = createBackendHost((r) => replies.push(r));
});

afterEach(() => {
  host.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const results = () => replies.filter((r) => r.type === 'result');
const events = () => replies.filter((r) => r.type === 'event').map((r) => (r as { event: unknown }).event);

async function call(id: number, method: unknown, params: unknown) {
  await host.handle({ type: 'call', id, method, params });
  const reply = results().find((r) => r.id === id);
  expect(reply, `no reply to call ${id}`).toBeDefined();
  return reply!;
}

describe('backend host', () => {
  it('opens a project and answers project.summary', async () => {
    await host.handle({ type: 'open', id: 1, file });
    const opened = replies.find((r) => r.type === 'opened');
    expect(opened).toMatchObject({ type: 'opened', id: 1, info: { name: 'Study', path: file, readOnly: false } });
    expect(await call(2, 'project.summary', {})).toEqual({
      type: 'result',
      id: 2,
      ok: true,
      result: { documents: 0, codes: 0, codings: 0, coders: [] },
    });
  });

  it('refuses calls before a project is open', async () => {
    expect(await call(1, 'project.summary', {})).toMatchObject({ ok: false, error: { code: 'bad_request', message: 'no project is open' } });
  });

  it('reports a missing project file instead of creating it', async () => {
    const missing = path.join(dir, 'missing.weft');
    await host.handle({ type: 'open', id: 5, file: missing });
    expect(replies).toContainEqual({ type: 'open-failed', id: 5, error: { code: 'not_found', message: `${missing}: no such project file` } });
    expect(fs.existsSync(missing)).toBe(false);
  });

  it('returns a clean error for an unknown method', async () => {
    await host.handle({ type: 'open', file });
    const reply = await call(3, 'project.drop', {});
    expect(reply).toEqual({ type: 'result', id: 3, ok: false, error: { code: 'unknown_method', message: 'unknown method "project.drop"' } });
  });

  it('returns a clean error for malformed params and writes nothing', async () => {
    await host.handle({ type: 'open', file });
    const reply = await call(4, 'codes.create', { name: 42 });
    expect(reply).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect((reply as { error: { message: string } }).error.message).toMatch(/^codes\.create: name: /);
    expect(await call(5, 'codes.create', { name: 'Trust', colour: '#ff0000' })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await call(6, 'codes.list', {})).toMatchObject({ ok: true, result: [] });
  });

  it('creates a code and forwards the change event', async () => {
    await host.handle({ type: 'open', file });
    replies.length = 0;
    const reply = await call(7, 'codes.create', { name: 'Disclosure', color: '#3366cc' });
    expect(reply).toMatchObject({ ok: true, result: { name: 'Disclosure', color: '#3366cc' } });
    expect(events()).toContainEqual({ type: 'changed', what: ['codes'] });
    expect(await call(8, 'project.summary', {})).toMatchObject({ ok: true, result: { codes: 1 } });
  });

  it('keeps the current project when switching to a bad file fails', async () => {
    await host.handle({ type: 'open', file });
    await host.handle({ type: 'open', id: 9, file: path.join(dir, 'nope.weft') });
    expect(replies.find((r) => r.type === 'open-failed')).toMatchObject({ id: 9 });
    expect(await call(10, 'project.info', {})).toMatchObject({ ok: true, result: { path: file } });
  });

  it('creates a new project on request, but never over an existing file', async () => {
    const fresh = path.join(dir, 'fresh.weft');
    await host.handle({ type: 'open', id: 11, file: fresh, create: true, name: 'Fresh' });
    expect(replies.find((r) => r.type === 'opened')).toMatchObject({ id: 11, info: { name: 'Fresh', path: fresh } });
    await host.handle({ type: 'open', id: 12, file, create: true });
    expect(replies.find((r) => r.type === 'open-failed')).toMatchObject({ id: 12, error: { code: 'conflict' } });
  });

  it('ignores junk and answers unknown message types that carry an id', async () => {
    await host.handle(null);
    await host.handle('open');
    await host.handle({ type: 'call', method: 'project.info' }); // no id: nobody to answer
    expect(replies).toEqual([]);
    await host.handle({ type: 'drop-tables', id: 13 });
    expect(replies).toEqual([
      { type: 'result', id: 13, ok: false, error: { code: 'bad_request', message: 'unknown message type "drop-tables"' } },
    ]);
  });

  it('closes the project on request', async () => {
    await host.handle({ type: 'open', file });
    await host.handle({ type: 'close' });
    expect(replies.at(-1)).toEqual({ type: 'closed' });
    expect(await call(14, 'project.summary', {})).toMatchObject({ ok: false, error: { message: 'no project is open' } });
  });
});
