// What the Electron preload exposes to the renderer as `window.weft`:
// one invoke function and one event subscription, nothing else.
import type { BackendEvent } from '../types.js';

export interface WeftBridge {
  invoke(method: string, params: unknown): Promise<{ ok: true; result: unknown } | { ok: false; error: { code: string; message: string } }>;
  onEvent(listener: (event: BackendEvent) => void): () => void;
}

export const IPC_INVOKE_CHANNEL = 'weft:invoke';
export const IPC_EVENT_CHANNEL = 'weft:event';
