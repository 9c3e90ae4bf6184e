// Browser mode writes a long list answer (100,000 codings) a slice at a time
// instead of as one string: the bytes must be those JSON.stringify would give,
// a slow reader must hold the writing back, and a reader that goes away or an
// item that cannot be written must not hang or crash the server.
import { afterEach, describe, expect, it } from 'vitest';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHttpTransport, TOKEN_HEADER, type HttpTransport } from '../../electron/transports/http.js';

const TOKEN = 'test-token-0123456789abcdefghij';

let transport: HttpTransport | undefined;
let dir: string | undefined;

afterEach(async () => {
  await transport?.close();
  transport = undefined;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** A transport whose every call answers `answer()`. */
async function serving(answer: () => unknown): Promise<number> {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-http-lists-'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Weft</title>');
  transport = await startHttpTransport({ token: TOKEN, port: 0, staticDir: dir, call: async () => answer(), subscribe: () => () => {} });
  return transport.port;
}

/** POST a call; `onResponse` sees the response before its body is read. */
function call(port: number, onResponse?: (res: http.IncomingMessage, req: http.ClientRequest) => void): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: '/api/call', method: 'POST', headers: { host: `127.0.0.1:${port}`, 'content-type': 'application/json', [TOKEN_HEADER]: TOKEN } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
        onResponse?.(res, req);
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ method: 'codings.list', params: {} }));
  });
}

/** Items that say how many of them have been turned into JSON so far. */
function countedItems(n: number, size = 1) {
  const counter = { written: 0 };
  const items = Array.from({ length: n }, (_, i) => ({ toJSON: () => (counter.written++, { id: i, text: 'x'.repeat(size) }) }));
  return { counter, items };
}

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('long list answers', () => {
  it('are the bytes JSON.stringify gives, across slices, with undefined items and special characters', async () => {
    const awkward = [
      'He said "no" \\ then left',
      'line\nbreak\ttab\r\u0000',
      'U+2028\u2028U+2029\u2029',
      'astral 😀 and a lone \ud800 surrogate',
      undefined,
      null,
      { text: undefined, n: NaN, big: Infinity, when: new Date(0), nested: [undefined, () => 1] },
      () => 'a function',
      Symbol('s'),
    ];
    for (const n of [5, 2000, 2001, 4000, 5003]) {
      const list: unknown[] = Array.from({ length: n }, (_, i) => (i % 7 === 0 ? awkward[(i / 7) % awkward.length] : { id: i, text: awkward[i % 4] }));
      const port = await serving(() => list);
      const r = await call(port);
      expect(r.status).toBe(200);
      expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(r.body).toBe(JSON.stringify({ ok: true, result: list }));
      await transport!.close();
      transport = undefined;
    }
  });

  it('hold back while the reader is slow, then finish', async () => {
    const n = 40_000;
    const { counter, items } = countedItems(n, 500); // about 20 MB
    const port = await serving(() => items);
    const answer = call(port, (res) => {
      res.pause();
      setTimeout(() => res.resume(), 300);
    });
    await tick(200);
    // the socket's buffers hold a few slices at most, not the whole list
    expect(counter.written).toBeGreaterThan(0);
    expect(counter.written).toBeLessThan(n / 2);
    const r = await answer;
    expect(counter.written).toBe(n);
    const parsed = JSON.parse(r.body) as { ok: boolean; result: Array<{ id: number }> };
    expect(parsed.ok).toBe(true);
    expect(parsed.result).toHaveLength(n);
    expect(parsed.result.at(-1)!.id).toBe(n - 1);
  });

  it('stop when the reader goes away, and the server answers the next call', async () => {
    const n = 40_000;
    const { counter, items } = countedItems(n, 500);
    let answer: unknown = items;
    const port = await serving(() => answer);
    await call(port, (res, req) => {
      res.pause();
      setTimeout(() => req.destroy(), 50);
    }).catch(() => {});
    await tick(200);
    const stoppedAt = counter.written;
    expect(stoppedAt).toBeLessThan(n);
    await tick(200);
    expect(counter.written).toBe(stoppedAt);
    answer = ['still here'];
    expect(JSON.parse((await call(port)).body)).toEqual({ ok: true, result: ['still here'] });
  });

  it('are cut off, not finished as valid JSON, when an item cannot be written', async () => {
    const list: unknown[] = Array.from({ length: 5000 }, (_, i) => (i === 4500 ? { big: 1n } : { id: i }));
    let answer: unknown = list;
    const port = await serving(() => answer);
    const outcome = await call(port).then(
      (r) => r.body,
      (e: Error) => e,
    );
    // either the connection broke, or what arrived is not a whole answer
    if (typeof outcome === 'string') expect(() => JSON.parse(outcome)).toThrow();
    else expect(outcome).toBeInstanceOf(Error);
    answer = [1];
    expect(JSON.parse((await call(port)).body)).toEqual({ ok: true, result: [1] });
  });
});
