// Sandboxed preload: gives the renderer `window.weft` with exactly two
// functions. ipcRenderer itself, and the IPC event objects that carry it,
// never reach page code.
import { contextBridge, ipcRenderer, type IpcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, type WeftBridge } from '../shared/api/bridge.js';
import type { BackendEvent } from '../shared/types.js';

export type BridgeIpc = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>;

export function createBridge(ipc: BridgeIpc): WeftBridge {
  return {
    async invoke(method, params) {
      if (typeof method !== 'string') {
        return { ok: false, error: { code: 'unknown_method', message: 'method must be a string' } };
      }
      try {
        return await ipc.invoke(IPC_INVOKE_CHANNEL, method, params);
      } catch (e) {
        // e.g. params that cannot be cloned across processes
        return { ok: false, error: { code: 'bad_request', message: `${method}: ${(e as Error)?.message ?? String(e)}` } };
      }
    },
    onEvent(listener) {
      const relay = (_event: IpcRendererEvent, payload: BackendEvent) => listener(payload);
      ipc.on(IPC_EVENT_CHANNEL, relay);
      return () => {
        ipc.removeListener(IPC_EVENT_CHANNEL, relay);
      };
    },
  };
}

contextBridge.exposeInMainWorld('weft', createBridge(ipcRenderer));
