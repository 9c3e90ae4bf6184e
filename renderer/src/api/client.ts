// The renderer's only way to the backend: a typed client of the API contract,
// over Electron IPC (window.weft) or, in browser mode, loopback HTTP with the run token.
import { ApiError, type ApiErrorBody, type Invoke, type MethodName, type ParamsOf, type ResultOf } from '../../../shared/api/contract';
import type { WeftBridge } from '../../../shared/api/bridge';
import type { BackendEvent } from '../../../shared/types';

declare global {
  interface Window {
    weft?: WeftBridge;
  }
}

const TOKEN_KEY = 'weft.token';

/** Take the token from the URL once, keep it for this tab, and remove it from the address bar. */
function browserToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

type Envelope = { ok: true; result: unknown } | { ok: false; error: { code: string; message: string } };

function unwrap(envelope: Envelope): unknown {
  if (envelope.ok) return envelope.result;
  throw new ApiError(envelope.error.code as ApiErrorBody['code'], envelope.error.message);
}

export interface Client {
  invoke: Invoke;
  onEvent: (listener: (e: BackendEvent) => void) => () => void;
  /** hear how many calls are waiting for their answer, each time that number changes */
  onPending: (listener: (pending: number) => void) => () => void;
  mode: 'electron' | 'browser';
}

/** Counts the calls in flight, so the progress indicator knows when an operation's call has returned. */
function pendingCalls(invoke: Invoke): Pick<Client, 'invoke' | 'onPending'> {
  let pending = 0;
  const listeners = new Set<(pending: number) => void>();
  const set = (n: number) => {
    pending = n;
    for (const l of listeners) l(pending);
  };
  const counted = (async (method: MethodName, params: never) => {
    set(pending + 1);
    try {
      return await invoke(method, params);
    } finally {
      set(pending - 1);
    }
  }) as Invoke;
  return {
    invoke: counted,
    onPending(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export function createClient(): Client {
  const bridge = window.weft;
  if (bridge) {
    return {
      mode: 'electron',
      ...pendingCalls((async (method: MethodName, params: unknown) => unwrap(await bridge.invoke(method, params))) as Invoke),
      onEvent: (l) => bridge.onEvent(l),
    };
  }
  const token = browserToken();
  const listeners = new Set<(e: BackendEvent) => void>();
  let source: EventSource | null = null;
  const invoke = async <M extends MethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> => {
    const res = await fetch('/api/call', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-weft-token': token },
      // a Blob, not a string: with DevTools' network panel (or a test driver) listening, Chromium freezes the page
      // for the whole call when a string body is megabytes (a merge's packages), so progress events wait for the end
      body: new Blob([JSON.stringify({ method, params })], { type: 'application/json' }),
    });
    let body: Envelope;
    try {
      body = (await res.json()) as Envelope;
    } catch {
      // a long list comes in slices after a 200: if it breaks off, say so rather than "200 OK"
      throw new ApiError('internal', res.ok ? `${method}: the answer was cut short` : `${method}: the server answered ${res.status} ${res.statusText}`);
    }
    return unwrap(body) as ResultOf<M>;
  };
  return {
    mode: 'browser',
    ...pendingCalls(invoke as Invoke),
    onEvent(listener) {
      listeners.add(listener);
      if (!source) {
        source = new EventSource('/api/events');
        source.onmessage = (m) => {
          const event = JSON.parse(m.data as string) as BackendEvent;
          for (const l of listeners) l(event);
        };
      }
      return () => listeners.delete(listener);
    },
  };
}
