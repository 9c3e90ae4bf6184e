// Runs in every test worker. Many CLI tests call the real `weft` synchronously
// (spawnSync), and vitest may run a file's tests back to back without the
// worker's event loop ever polling for messages; if that adds up to a minute,
// vitest's own RPC to the worker times out ("Timeout calling onTaskUpdate").
// Letting the loop turn once after each test keeps the worker answering.
import { afterEach } from 'vitest';

afterEach(() => new Promise<void>((resolve) => setImmediate(resolve)));
