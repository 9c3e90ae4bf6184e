// Figures, medians and a memory sampler for the benchmarks.
import { Worker } from 'node:worker_threads';

export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** the same work done the plainest way, measured in the same run; null where there is none */
  baseline: number | null;
  /** value / baseline */
  ratio: number | null;
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

export function figure(name: string, value: number, unit: string, baseline: number | null = null): Figure {
  const digits = unit === 'bytes' ? 0 : unit === 's' ? 3 : 1;
  return {
    name,
    value: round(value, digits),
    unit,
    baseline: baseline === null ? null : round(baseline, digits),
    ratio: baseline === null || baseline === 0 ? null : round(value / baseline, 2),
  };
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error('median of nothing');
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Milliseconds one call takes. */
export async function time(fn: () => unknown): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** Median milliseconds over `runs` calls, after `warmup` calls that don't count. */
export async function medianTime(runs: number, fn: (run: number) => unknown, warmup = 1): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn(-1 - i);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await time(() => fn(i)));
  return median(times);
}

/**
 * The highest resident set size of this process, sampled every 20 ms from a
 * worker thread, so long synchronous work on the main thread (an import, a
 * big query) is sampled too.
 */
export class RssSampler {
  private readonly max = new Float64Array(new SharedArrayBuffer(8));
  private readonly worker: Worker;
  constructor() {
    this.max[0] = process.memoryUsage.rss();
    this.worker = new Worker(
      `const { workerData } = require('node:worker_threads');
       const max = new Float64Array(workerData);
       setInterval(() => { const r = process.memoryUsage.rss(); if (r > max[0]) max[0] = r; }, 20);`,
      { eval: true, workerData: this.max.buffer },
    );
    this.worker.unref();
  }
  /** Stop sampling; the peak in bytes. */
  async stop(): Promise<number> {
    const now = process.memoryUsage.rss();
    await this.worker.terminate();
    return Math.max(this.max[0]!, now);
  }
}
