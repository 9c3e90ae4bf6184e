// The IPC side of the contract: one invoke channel, the sender checked and the
// method name checked before anything reaches the backend. Errors always come
// back as values; a raw exception never crosses into the renderer.
import type { IpcMain } from 'electron';
import { ApiError, isMethodName, type MethodName } from '../../shared/api/contract.js';
import { IPC_INVOKE_CHANNEL, type WeftBridge } from '../../shared/api/bridge.js';

export type IpcEnvelope = Awaited<ReturnType<WeftBridge['invoke']>>;

export interface IpcDependencies {
  isTrustedSender: (frameUrl: string | null) => boolean;
  call: (method: MethodName, params: unknown) => Promise<unknown>;
}

/** The URL of the frame that sent a message; a frame that has gone away has none. */
function senderUrl(event: { senderFrame: { url: string } | null }): string | null {
  try {
    return event.senderFrame?.url ?? null;
  } catch {
    return null;
  }
}

export async function handleInvoke(
  deps: IpcDependencies,
  frameUrl: string | null,
  method: unknown,
  params: unknown,
): Promise<IpcEnvelope> {
  if (!deps.isTrustedSender(frameUrl)) {
    return { ok: false, error: { code: 'bad_request', message: 'refused: the call did not come from the Weft window' } };
  }
  if (!isMethodName(method)) {
    return { ok: false, error: { code: 'unknown_method', message: `unknown method "${String(method)}"` } };
  }
  try {
    return { ok: true, result: await deps.call(method, params) };
  } catch (e) {
    if (e instanceof ApiError) return { ok: false, error: { code: e.code, message: e.message } };
    return { ok: false, error: { code: 'internal', message: `${method}: ${(e as Error)?.message ?? String(e)}` } };
  }
}

export function registerIpc(ipcMain: Pick<IpcMain, 'handle'>, deps: IpcDependencies): void {
  ipcMain.handle(IPC_INVOKE_CHANNEL, (event, method: unknown, params: unknown) =>
    handleInvoke(deps, senderUrl(event), method, params),
  );
}
