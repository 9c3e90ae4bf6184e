// The database process: started by the Electron shell with utilityProcess.fork,
// so SQLite work never blocks the window. It owns the open project, answers
// calls through the API dispatch table and forwards backend events.
// The message handling is a plain function so it can be tested under Node.
import fs from 'node:fs';
import { Project } from './services/project.js';
import { ensureDemoProject } from './services/demo.js';
import { restoreBackup } from './services/security.js';
import { recordAudit } from './services/audit.js';
import { createBackend, dispatch, type Backend } from './api/handlers.js';
import { ApiError, type ApiErrorBody } from '../shared/api/contract.js';
import type { BackendEvent, ProjectInfo } from '../shared/types.js';
import { fileURLToPath } from 'node:url';
import { setWorkerDir } from './workers/syncPool.js';

// the worker bundles sit next to this one's folder (dist/electron/backend.cjs → dist/workers/)
setWorkerDir(fileURLToPath(new URL('../workers/', import.meta.url)));

/** Messages from the shell. `id` ties a reply to its request. */
export type HostRequest =
  | { type: 'open'; id?: number; file: string; create?: boolean; name?: string; readOnly?: boolean }
  | { type: 'open-demo'; id?: number; dir: string }
  | { type: 'call'; id: number; method: unknown; params: unknown }
  | { type: 'close' };

export type HostReply =
  | { type: 'opened'; id?: number; info: ProjectInfo }
  | { type: 'open-failed'; id?: number; error: ApiErrorBody }
  | { type: 'result'; id: number; ok: true; result: unknown }
  | { type: 'result'; id: number; ok: false; error: ApiErrorBody }
  | { type: 'event'; event: BackendEvent }
  | { type: 'closed' };

export interface BackendHost {
  handle(message: unknown): Promise<void>;
  close(): void;
}

const EVERYTHING_CHANGED: BackendEvent = { type: 'changed', what: ['project', 'documents', 'codes', 'codings', 'coders'] };

function errorBody(e: unknown): ApiErrorBody {
  if (e instanceof ApiError) return { code: e.code, message: e.message };
  return { code: 'internal', message: (e as Error)?.message ?? String(e) };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const optionalId = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

export function createBackendHost(send: (reply: HostReply) => void): BackendHost {
  let project: Project | null = null;
  // an encrypted project whose open waits for its passphrase (project.unlock); the passphrase itself is never kept here
  let locked: { file: string; readOnly: boolean } | null = null;
  const backend = (p: Project): Backend => createBackend(p, (event) => send({ type: 'event', event }));

  function close(): void {
    project?.close();
    project = null;
  }

  function openProject(file: string, options: { create?: boolean; name?: string; readOnly?: boolean }): Project {
    if (options.create) {
      if (fs.existsSync(file)) throw new ApiError('conflict', `${file}: a file with this name already exists`);
      return Project.create(file, options.name, { defaultAttributes: true });
    }
    if (!fs.existsSync(file)) throw new ApiError('not_found', `${file}: no such project file`);
    return Project.open(file, { readOnly: options.readOnly });
  }

  /** Open the next project first, so a failure leaves the current one open. */
  function switchTo(id: number | undefined, open: () => Project, file?: string, readOnly = false): void {
    let next: Project;
    try {
      next = open();
    } catch (e) {
      const error = errorBody(e);
      // an encrypted project without its passphrase: the UI asks for it and calls project.unlock
      if (error.code === 'locked' && file && !/^wrong passphrase/.test(error.message)) {
        locked = { file, readOnly };
        send({ type: 'event', event: { type: 'locked', file, message: error.message } });
      }
      send({ type: 'open-failed', id, error });
      return;
    }
    close();
    project = next;
    send({ type: 'opened', id, info: next.info() });
    send({ type: 'event', event: EVERYTHING_CHANGED });
  }

  /** Calls that replace the open project are answered here, not by the dispatch table. */
  function callOnHost(method: unknown, params: unknown): { result: unknown } | null {
    if (method === 'project.unlock') {
      const passphrase = isRecord(params) && typeof params.passphrase === 'string' ? params.passphrase : '';
      if (!locked) {
        if (project) return { result: project.info() };
        throw new ApiError('bad_request', 'no project is waiting for its passphrase');
      }
      if (!passphrase) throw new ApiError('bad_request', 'passphrase: required');
      const next = Project.open(locked.file, { passphrase, readOnly: locked.readOnly });
      close();
      project = next;
      locked = null;
      send({ type: 'event', event: EVERYTHING_CHANGED });
      return { result: next.info() };
    }
    if (method === 'backups.restore' && project) {
      const name = isRecord(params) && typeof params.name === 'string' ? params.name : '';
      if (!name) throw new ApiError('bad_request', 'name: required');
      project.assertWritable();
      const { file, readOnly } = project;
      const passphrase = project.passphrase();
      close();
      let outcome: ReturnType<typeof restoreBackup> | null = null;
      let failure: unknown = null;
      try {
        outcome = restoreBackup(file, name, passphrase);
      } catch (e) {
        failure = e;
      }
      // reopened whatever happened: a refused restore leaves the project as it was
      project = Project.open(file, { passphrase, readOnly });
      send({ type: 'event', event: EVERYTHING_CHANGED });
      if (failure) throw failure;
      recordAudit(project, 'restore', { kind: 'file', name }, { backup: name, savedAs: outcome!.savedAs.name });
      return { result: { restored: outcome!.restored.name, savedAs: outcome!.savedAs.name } };
    }
    return null;
  }

  async function call(id: number, method: unknown, params: unknown): Promise<void> {
    try {
      const answered = callOnHost(method, params);
      if (answered) {
        send({ type: 'result', id, ok: true, result: answered.result });
        return;
      }
    } catch (e) {
      send({ type: 'result', id, ok: false, error: errorBody(e) });
      return;
    }
    if (!project) {
      send({ type: 'result', id, ok: false, error: { code: 'bad_request', message: 'no project is open' } });
      return;
    }
    try {
      const result = await dispatch(backend(project), method, params);
      send({ type: 'result', id, ok: true, result });
    } catch (e) {
      send({ type: 'result', id, ok: false, error: errorBody(e) });
    }
  }

  async function handle(message: unknown): Promise<void> {
    if (!isRecord(message)) return;
    const id = optionalId(message.id);
    switch (message.type) {
      case 'open':
        if (typeof message.file !== 'string' || message.file === '') {
          send({ type: 'open-failed', id, error: { code: 'bad_request', message: 'open: file must be a path' } });
          return;
        }
        return switchTo(
          id,
          () =>
            openProject(message.file as string, {
              create: message.create === true,
              name: typeof message.name === 'string' ? message.name : undefined,
              readOnly: message.readOnly === true,
            }),
          message.file,
          message.readOnly === true,
        );
      case 'open-demo':
        if (typeof message.dir !== 'string' || message.dir === '') {
          send({ type: 'open-failed', id, error: { code: 'bad_request', message: 'open-demo: dir must be a path' } });
          return;
        }
        return switchTo(id, () => Project.open(ensureDemoProject(message.dir as string)));
      case 'call':
        if (id === undefined) return; // a call nobody can be answered about
        return call(id, message.method, message.params);
      case 'close':
        close();
        send({ type: 'closed' });
        return;
      default:
        if (id !== undefined) {
          send({ type: 'result', id, ok: false, error: { code: 'bad_request', message: `unknown message type "${String(message.type)}"` } });
        }
    }
  }

  return { handle, close };
}

interface ParentPortLike {
  on(event: 'message', listener: (message: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

// Only Electron's utility process has a parent port; importing this file elsewhere starts nothing.
const parentPort = (process as unknown as { parentPort?: ParentPortLike }).parentPort;
if (parentPort) {
  const host = createBackendHost((reply) => parentPort.postMessage(reply));
  let queue = Promise.resolve();
  parentPort.on('message', ({ data }) => {
    // one message at a time, in arrival order, so a call never overtakes the open before it
    queue = queue.then(async () => {
      await host.handle(data);
      if (isRecord(data) && data.type === 'close') process.exit(0);
    });
  });
}
