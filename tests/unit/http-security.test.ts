// Browser mode serves a sensitive project on loopback: every way in without
// the token, from another origin or host, or off the machine must be refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startBrowserMode } from '../../electron/transports/browserMode.js';
import { TOKEN_COOKIE, TOKEN_HEADER } from '../../electron/transports/http.js';
import { CONTENT_SECURITY_POLICY } from '../../electron/transports/security.js';
import { Project } from '../../electron/services/project.js';
import { importFiles } from '../../electron/services/documents.js';

const TOKEN = 'test-token-0123456789abcdefghij';
const INDEX = '<!doctype html><title>Weft</title><p>index</p>';
const SECRET = 'participant 7 lives at 12 Elm Street';

let dir: string;
let server: Awaited<ReturnType<typeof startBrowserMode>>;
let port: number;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-http-'));
  const projectFile = path.join(dir, 'p.weft');
  const p = Project.create(projectFile);
  fs.writeFileSync(path.join(dir, 'interview.txt'), 'Hello 😀 world');
  importFiles(p, [path.join(dir, 'interview.txt')]);
  p.close();
  const staticDir = path.join(dir, 'static');
  fs.mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(staticDir, 'index.html'), INDEX);
  fs.writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  // files next to the static root that must never be served
  fs.writeFileSync(path.join(dir, 'secret.txt'), SECRET);
  fs.mkdirSync(path.join(dir, 'static-evil'));
  fs.writeFileSync(path.join(dir, 'static-evil', 'x.txt'), SECRET);
  server = await startBrowserMode({ projectFile, staticDir, token: TOKEN, port: 0 });
  port = server.port;
});

afterAll(async () => {
  await server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function request(opts: { path: string; method?: string; headers?: Record<string, string>; body?: string; host?: string }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: opts.host ?? '127.0.0.1',
        port,
        path: opts.path,
        method: opts.method ?? 'GET',
        // Host is sent as given; default to the one a browser would send
        headers: { Host: `127.0.0.1:${port}`, ...opts.headers },
        agent: false,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

const apiHeaders = (extra: Record<string, string> = {}) => ({ 'Content-Type': 'application/json', [TOKEN_HEADER]: TOKEN, ...extra });
const api = (method: string, params: unknown, headers: Record<string, string> = apiHeaders()) =>
  request({ path: '/api/call', method: 'POST', headers, body: JSON.stringify({ method, params }) });

describe('refused', () => {
  it('a page request without any token (401)', async () => {
    const r = await request({ path: '/' });
    expect(r.status).toBe(401);
    expect(r.body).not.toContain('index');
    expect(r.headers['set-cookie']).toBeUndefined();
  });

  it('a wrong token in the query, the cookie or the header (401)', async () => {
    const attempts: Array<Record<string, string>> = [{}, { Cookie: `${TOKEN_COOKIE}=wrong` }, { [TOKEN_HEADER]: TOKEN.slice(0, -1) + 'X' }];
    for (const headers of attempts) {
      const r = await request({ path: '/?token=' + encodeURIComponent(TOKEN + 'x'), headers });
      expect(r.status).toBe(401);
      expect(r.body).not.toContain('index');
    }
    const prefix = await request({ path: '/?token=' + TOKEN.slice(0, 8) });
    expect(prefix.status).toBe(401);
  });

  it('an API call with the cookie but no header (401), and with a wrong header', async () => {
    const cookieOnly = await api('project.summary', {}, { 'Content-Type': 'application/json', Cookie: `${TOKEN_COOKIE}=${TOKEN}` });
    expect(cookieOnly.status).toBe(401);
    expect(cookieOnly.body).not.toContain('documents');
    const queryOnly = await request({ path: `/api/call?token=${TOKEN}`, method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"method":"project.summary"}' });
    expect(queryOnly.status).toBe(401);
    const wrong = await api('project.summary', {}, apiHeaders({ [TOKEN_HEADER]: 'nope' }));
    expect(wrong.status).toBe(401);
  });

  it('a cross-origin request, even with a valid token (403)', async () => {
    for (const origin of ['http://evil.example', `http://evil.example:${port}`, 'null', `https://127.0.0.1:${port}`, `http://127.0.0.1:${port + 1}`]) {
      const r = await api('project.summary', {}, apiHeaders({ Origin: origin }));
      expect([origin, r.status]).toEqual([origin, 403]);
      expect(r.body).not.toContain('documents');
      const page = await request({ path: `/?token=${TOKEN}`, headers: { Origin: origin } });
      expect(page.status).toBe(403);
    }
    const ownOrigin = await api('project.summary', {}, apiHeaders({ Origin: `http://127.0.0.1:${port}` }));
    expect(ownOrigin.status).toBe(200);
  });

  it('a DNS-rebinding Host header, even with a valid token (403)', async () => {
    for (const host of [`evil.example:${port}`, 'evil.example', `127.0.0.1.evil.example:${port}`, `127.0.0.1:${port + 1}`, `127.0.0.1`]) {
      const r = await api('project.summary', {}, apiHeaders({ Host: host }));
      expect([host, r.status]).toEqual([host, 403]);
      const page = await request({ path: `/?token=${TOKEN}`, headers: { Host: host } });
      expect(page.status).toBe(403);
      expect(page.body).not.toContain('index');
    }
    const localhost = await api('project.summary', {}, apiHeaders({ Host: `localhost:${port}` }));
    expect(localhost.status).toBe(200);
  });

  const external = Object.values(os.networkInterfaces())
    .flat()
    .find((a) => a && !a.internal && a.family === 'IPv4')?.address;

  // Skipped only on a machine with no network interface but loopback: there is then no
  // non-loopback address to try. Loopback-only binding is still checked by the tests above.
  it.skipIf(!external)('a connection to a non-loopback address of this machine (ECONNREFUSED) [skipped when there is no non-loopback IPv4 interface]', async () => {
    const e = await request({ path: `/?token=${TOKEN}`, host: external!, headers: { Host: `127.0.0.1:${port}` } }).then(
      () => null,
      (err: NodeJS.ErrnoException) => err,
    );
    expect(e?.code).toBe('ECONNREFUSED');
    // control: the address is reachable when a server does listen on it, so the refusal above is the server's doing
    const open = http.createServer((_req, res) => res.end('open'));
    await new Promise<void>((resolve) => open.listen(0, '0.0.0.0', resolve));
    try {
      const body = await new Promise<string>((resolve, reject) => {
        http
          .get({ host: external!, port: (open.address() as import('node:net').AddressInfo).port, agent: false }, (res) => {
            let b = '';
            res.on('data', (d) => (b += d));
            res.on('end', () => resolve(b));
          })
          .on('error', reject);
      });
      expect(body).toBe('open');
    } finally {
      await new Promise((resolve) => open.close(resolve));
    }
  });

  it('path traversal out of the static folder (404)', async () => {
    const attempts = [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/../static-evil/x.txt',
      '/..%2fstatic-evil%2fx.txt',
      '/../package.json',
      '/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd',
      '/%2fetc%2fpasswd',
      '//etc/passwd',
    ];
    for (const p of attempts) {
      const r = await request({ path: p, headers: { Cookie: `${TOKEN_COOKIE}=${TOKEN}` } });
      expect([p, r.status]).toEqual([p, 404]);
      expect(r.body).not.toContain(SECRET);
      expect(r.body).not.toContain('root:');
    }
  });

  it('a malformed percent-encoding or a NUL in the path (404, not an internal error)', async () => {
    for (const p of ['/%', '/%E0%A4%A', '/assets/%ZZ.js', '/index.html%00.js']) {
      const r = await request({ path: p, headers: { Cookie: `${TOKEN_COOKIE}=${TOKEN}` } });
      expect([p, r.status]).toEqual([p, 404]);
      expect(r.body).not.toMatch(/internal|URI/);
    }
  });

  it('GET on /api/call (405), and a body that is not JSON (415/400)', async () => {
    const get = await request({ path: '/api/call', headers: { [TOKEN_HEADER]: TOKEN } });
    expect(get.status).toBe(405);
    const form = await request({ path: '/api/call', method: 'POST', headers: { [TOKEN_HEADER]: TOKEN, 'Content-Type': 'text/plain' }, body: '{}' });
    expect(form.status).toBe(415);
    const junk = await request({ path: '/api/call', method: 'POST', headers: apiHeaders(), body: '{"method":' });
    expect(junk.status).toBe(400);
    expect(JSON.parse(junk.body)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });

  it('writes to the static folder (405)', async () => {
    const r = await request({ path: '/index.html', method: 'PUT', headers: { Cookie: `${TOKEN_COOKIE}=${TOKEN}` }, body: 'owned' });
    expect(r.status).toBe(405);
    expect(fs.readFileSync(path.join(dir, 'static', 'index.html'), 'utf8')).toBe(INDEX);
  });
});

describe('accepted', () => {
  it('the token in the query serves index.html with an HttpOnly SameSite=Strict cookie and the CSP', async () => {
    const r = await request({ path: `/?token=${TOKEN}` });
    expect(r.status).toBe(200);
    expect(r.body).toBe(INDEX);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(r.headers['x-frame-options']).toBe('DENY');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    const cookie = r.headers['set-cookie']?.[0] ?? '';
    expect(cookie.startsWith(`${TOKEN_COOKIE}=${TOKEN};`)).toBe(true);
    const attrs = cookie.split(';').map((s) => s.trim().toLowerCase());
    expect(attrs).toContain('httponly');
    expect(attrs).toContain('samesite=strict');
    expect(attrs).toContain('path=/');
  });

  it('the cookie alone serves static files (but not the API)', async () => {
    const r = await request({ path: '/assets/app.js', headers: { Cookie: `other=1; ${TOKEN_COOKIE}=${TOKEN}` } });
    expect(r.status).toBe(200);
    expect(r.body).toBe('console.log(1)');
    expect(r.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(r.headers['set-cookie']).toBeUndefined();
  });

  it('an API call with the header token returns {ok:true,result}', async () => {
    const r = await api('project.summary', {});
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(r.body)).toEqual({ ok: true, result: { documents: 1, codes: 0, codings: 0, coders: [] } });
    const doc = JSON.parse((await api('documents.get', { id: 1 })).body);
    expect(doc).toMatchObject({ ok: true, result: { name: 'interview', text: 'Hello 😀 world' } });
  });

  it('malformed params are 400 with {ok:false,error:{code:"bad_request"}}, unknown methods 404', async () => {
    const r = await api('codings.apply', { documentId: 1, codeId: 1, coderId: 1, start: 5, end: 2 });
    expect(r.status).toBe(400);
    const body = JSON.parse(r.body);
    expect(body).toEqual({ ok: false, error: { code: 'bad_request', message: expect.stringMatching(/^codings\.apply: end: /) } });
    const unknown = await api('project.delete', {});
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    const summary = JSON.parse((await api('project.summary', {})).body);
    expect(summary.result.codings).toBe(0);
  });
});
