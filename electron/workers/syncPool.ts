// Worker threads that a synchronous caller can wait for. An import runs in one
// SQLite transaction, which better-sqlite3 keeps synchronous, so the importer
// can't await a worker; it posts work, goes on with its own, and then blocks
// on Atomics.wait until the worker's answer is there, reading it with
// receiveMessageOnPort. Each worker (a "lane") answers its messages in order.
//
// Worker scripts are bundles next to the CLI and backend bundles
// (dist/workers/NAME.mjs); each entry point says where they are. Without
// them (tests run from source) a caller does the work in its own thread.
import fs from 'node:fs';
import path from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, workerData, type MessagePort, type TransferListItem } from 'node:worker_threads';

let workerDir: string | null = null;

/** Where the worker bundles are (null: none, every caller works in its own thread). */
export function setWorkerDir(dir: string | null): void {
  workerDir = dir;
}

/** The bundle of a worker, when there is one (WEFT_WORKERS=0 turns workers off). */
export function workerScript(name: string): string | null {
  if (!workerDir || process.env.WEFT_WORKERS === '0') return null;
  const file = path.join(workerDir, `${name}.mjs`);
  // in an installed app the bundles are unpacked next to the archive (electron-builder.yml): a worker thread
  // loads its script from the file system, not from inside app.asar
  const unpacked = file.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
  if (unpacked !== file && fs.existsSync(unpacked)) return unpacked;
  return fs.existsSync(file) ? file : null;
}

/** A worker that failed, answered with an error or didn't answer in time. */
export class WorkerFailure extends Error {}

interface Lane {
  worker: Worker;
  port: MessagePort;
  /** counts the worker's answers; the worker adds one and notifies after each */
  signal: Int32Array;
  /** the worker has said it is running (its first answer) */
  ready: boolean;
}

/** how long a worker may take to start and say so: one that fails to load is noticed after this */
const START_TIMEOUT_MS = 15_000;

type Answer = { value: unknown } | { error: string };

export interface PoolOptions {
  /** how long to wait for one answer: a worker that dies is noticed only this way */
  timeoutMs?: number;
  /** V8's young generation for each worker: bigger means fewer collections of short-lived strings */
  youngGenerationMb?: number;
}

export class SyncWorkerPool {
  private closed = false;

  private constructor(
    private readonly lanes: Lane[],
    private readonly timeoutMs: number,
  ) {}

  /** Start `size` workers of a script. Throws WorkerFailure when none can start. */
  static start(script: string, size: number, options: PoolOptions = {}): SyncWorkerPool {
    const lanes: Lane[] = [];
    try {
      for (let i = 0; i < size; i++) {
        const { port1, port2 } = new MessageChannel();
        const signal = new Int32Array(new SharedArrayBuffer(4));
        const worker = new Worker(script, {
          workerData: { port: port2, signal },
          transferList: [port2],
          resourceLimits: options.youngGenerationMb ? { maxYoungGenerationSizeMb: options.youngGenerationMb } : undefined,
        });
        // a failure shows as an error answer or a missing one; the process never waits for a worker
        worker.on('error', () => {});
        worker.unref();
        port1.unref();
        lanes.push({ worker, port: port1, signal, ready: false });
      }
    } catch (e) {
      for (const l of lanes) void l.worker.terminate();
      throw new WorkerFailure(`cannot start worker threads (${(e as Error).message})`);
    }
    return new SyncWorkerPool(lanes, options.timeoutMs ?? 120_000);
  }

  get size(): number {
    return this.lanes.length;
  }

  /** Send a message to one worker; `transfer` moves buffers instead of copying them. */
  post(lane: number, message: unknown, transfer: readonly TransferListItem[] = []): void {
    if (this.closed) throw new WorkerFailure('the workers were stopped');
    this.lanes[lane]!.port.postMessage(message, transfer);
  }

  /** Block until the worker's next answer. Throws WorkerFailure on an error answer or none in time. */
  take<T>(lane: number): T {
    const l = this.lanes[lane]!;
    if (!l.ready) {
      this.next(l, START_TIMEOUT_MS, 'start');
      l.ready = true;
    }
    return this.next(l, this.timeoutMs, 'answer') as T;
  }

  private next(l: Lane, timeoutMs: number, what: string): unknown {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      // the count is read before the port, so an answer arriving in between ends the wait at once
      const seen = Atomics.load(l.signal, 0);
      const m = receiveMessageOnPort(l.port);
      if (m) {
        const a = m.message as Answer;
        if ('error' in a) throw new WorkerFailure(a.error);
        return a.value;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new WorkerFailure(`a worker thread gave no ${what} in ${Math.round(timeoutMs / 1000)} s`);
      try {
        Atomics.wait(l.signal, 0, seen, Math.min(left, 1000));
      } catch (e) {
        // a thread that may not block (as a browser's main thread may not) does the work itself
        throw new WorkerFailure(`this thread cannot wait for worker threads (${(e as Error).message})`);
      }
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const l of this.lanes) {
      l.port.close();
      void l.worker.terminate();
    }
  }
}

/** How a worker answers: any number of answers per message, each read by one `take`. */
export type Reply = (value: unknown, transfer?: readonly TransferListItem[]) => void;

/**
 * In a worker: hand each message to `handle` with a way to answer it. An
 * error thrown by `handle` is answered as an error. `handle` also gets the
 * ports that came with the message (to talk to another worker directly).
 */
export function serveLane(handle: (message: unknown, reply: Reply) => void): void {
  const { port, signal } = workerData as { port: MessagePort; signal: Int32Array };
  const send = (answer: Answer, transfer: readonly TransferListItem[] = []) => {
    port.postMessage(answer, transfer);
    Atomics.add(signal, 0, 1);
    Atomics.notify(signal, 0);
  };
  // the first answer says the worker is running: one that fails to load is noticed sooner than one that is busy
  send({ value: 'ready' });
  port.on('message', (message: unknown) => {
    try {
      handle(message, (value, transfer) => send({ value }, transfer));
    } catch (e) {
      send({ error: (e as Error)?.message ?? String(e) });
    }
  });
}
