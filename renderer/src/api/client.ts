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
  mode: 'electron' | 'browser';
}

export function createClient(): Client {
  const bridge = window.weft;
  if (bridge) {
    return {
      mode: 'electron',
      invoke: (async (method: MethodName, params: unknown) => unwrap(await bridge.invoke(method, params))) as Invoke,
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
      body: JSON.stringify({ method, params }),
    });
    let body: Envelope;
    try {
      body = (await res.json()) as Envelope;
    } catch {
      throw new ApiError('internal', `${method}: the server answered ${res.status} ${res.statusText}`);
    }
    return unwrap(body) as ResultOf<M>;
  };
  return {
    mode: 'browser',
    invoke: invoke as Invoke,
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
