// Browser-mode transport: serves the renderer and the API on 127.0.0.1 only.
// Every request needs the per-run token (query on first load, then a
// SameSite=Strict cookie; API calls also send it as a header), a loopback peer,
// our own Host header, and our own Origin when one is sent.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { ApiError } from '../../shared/api/contract.js';
import type { BackendEvent } from '../../shared/types.js';
import {
  CONTENT_SECURITY_POLICY,
  cookieValue,
  isAllowedHost,
  isAllowedOrigin,
  isLoopbackAddress,
  tokensEqual,
} from './security.js';

/** Items per slice when a long list is written as JSON. */
const JSON_SLICE = 2000;

/** Wait until a response can take more (or is closed: a client that went away must not hold the list). */
function drained(res: http.ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    // 'close' may have come already: waiting for it would keep the list forever
    if (res.destroyed) return resolve();
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

export const TOKEN_COOKIE = 'weft_token';
export const TOKEN_HEADER = 'x-weft-token';
const MAX_BODY = 64 * 1024 * 1024;

export interface HttpTransportOptions {
  token: string;
  port?: number;
  staticDir: string;
  call: (method: unknown, params: unknown) => Promise<unknown>;
  subscribe: (listener: (e: BackendEvent) => void) => () => void;
}

export interface HttpTransport {
  port: number;
  url: string;
  close: () => Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

function baseHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  };
}

function refuse(res: http.ServerResponse, status: number, message: string): void {
  res.writeHead(status, { ...baseHeaders(), 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(message + '\n');
}

export function startHttpTransport(options: HttpTransportOptions): Promise<HttpTransport> {
  const staticRoot = path.resolve(options.staticDir);
  let port = 0;
  const sockets = new Set<import('node:net').Socket>();

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e) => {
      if (!res.headersSent) refuse(res, 500, `internal error: ${(e as Error).message}`);
      else res.end();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (!isLoopbackAddress(req.socket.remoteAddress)) return refuse(res, 403, 'forbidden: not a loopback client');
    if (!isAllowedHost(req.headers.host, port)) return refuse(res, 403, 'forbidden: unexpected Host header');
    const origin = req.headers.origin;
    if (!isAllowedOrigin(typeof origin === 'string' ? origin : undefined, port)) return refuse(res, 403, 'forbidden: cross-origin request');

    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const queryToken = url.searchParams.get('token');
    const headerToken = req.headers[TOKEN_HEADER];
    const cookieToken = cookieValue(req.headers.cookie, TOKEN_COOKIE);
    const viaQuery = tokensEqual(queryToken, options.token);
    const viaHeader = tokensEqual(typeof headerToken === 'string' ? headerToken : undefined, options.token);
    const viaCookie = tokensEqual(cookieToken, options.token);

    if (url.pathname === '/api/call') {
      // the header is required for calls: a cookie alone could be ridden by another page
      if (!viaHeader) return refuse(res, 401, 'unauthorised: missing or wrong token');
      if (req.method !== 'POST') return refuse(res, 405, 'method not allowed');
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return refuse(res, 415, 'expected application/json');
      return apiCall(req, res);
    }
    if (!(viaQuery || viaHeader || viaCookie)) return refuse(res, 401, 'unauthorised: missing or wrong token');
    if (url.pathname === '/api/events') return events(req, res);
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'method not allowed');
    return serveStatic(url.pathname, res, viaQuery);
  }

  async function apiCall(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY) return refuse(res, 413, 'request too large');
      chunks.push(chunk as Buffer);
    }
    let body: { method?: unknown; params?: unknown };
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return sendJson(res, 400, { ok: false, error: { code: 'bad_request', message: 'request body is not valid JSON' } });
    }
    let result: unknown;
    try {
      result = await options.call(body.method, body.params);
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError('internal', (e as Error).message);
      const status = err.code === 'internal' ? 500 : err.code === 'not_found' ? 404 : err.code === 'unknown_method' ? 404 : 400;
      return sendJson(res, status, { ok: false, error: { code: err.code, message: err.message } });
    }
    if (Array.isArray(result) && result.length > JSON_SLICE) return sendJsonList(res, result);
    sendJson(res, 200, { ok: true, result });
  }

  function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
    res.writeHead(status, { ...baseHeaders(), 'Content-Type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(value));
  }

  /**
   * `{"ok":true,"result":[…]}` for a long list, written a slice of items at a
   * time: 100,000 segments are about 100 MB as one JSON string, and the
   * string, its bytes and the list at once pushed the backend over 1 GB.
   */
  async function sendJsonList(res: http.ServerResponse, items: readonly unknown[]): Promise<void> {
    res.writeHead(200, { ...baseHeaders(), 'Content-Type': 'application/json; charset=utf-8' });
    res.write('{"ok":true,"result":[');
    try {
      for (let i = 0; i < items.length && !res.destroyed; i += JSON_SLICE) {
        // each slice as JSON.stringify writes it inside the whole array (undefined items become null)
        const slice = JSON.stringify(items.slice(i, i + JSON_SLICE));
        if (!res.write((i ? ',' : '') + slice.slice(1, -1))) await drained(res);
      }
      res.end(']}');
    } catch (e) {
      // the status is sent already: a cut answer is the only honest signal left
      res.destroy(e as Error);
    }
  }

  function events(req: http.IncomingMessage, res: http.ServerResponse): void {
    res.writeHead(200, { ...baseHeaders(), 'Content-Type': 'text/event-stream', Connection: 'keep-alive' });
    res.write(': connected\n\n');
    const unsubscribe = options.subscribe((e) => {
      res.write(`data: ${JSON.stringify(e)}\n\n`);
      // Node holds a response's writes until the next tick; progress of a synchronous call must leave now, not after it
      res.socket?.uncork();
    });
    req.on('close', unsubscribe);
  }

  function serveStatic(pathname: string, res: http.ServerResponse, setCookie: boolean): void {
    let rel: string;
    try {
      rel = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
    } catch {
      return refuse(res, 404, 'not found'); // malformed percent-encoding is the client's error, not ours
    }
    const file = path.resolve(staticRoot, rel);
    if (!file.startsWith(staticRoot + path.sep)) return refuse(res, 404, 'not found');
    let data: Buffer;
    try {
      data = fs.readFileSync(file);
    } catch {
      return refuse(res, 404, 'not found');
    }
    const headers: Record<string, string> = { ...baseHeaders(), 'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream' };
    if (setCookie) headers['Set-Cookie'] = `${TOKEN_COOKIE}=${options.token}; Path=/; HttpOnly; SameSite=Strict`;
    res.writeHead(200, headers);
    res.end(data);
  }

  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      port = (server.address() as import('node:net').AddressInfo).port;
      resolve({
        port,
        url: `http://127.0.0.1:${port}/?token=${options.token}`,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
