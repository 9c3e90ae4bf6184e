// The benchmark harness runs end to end (at the tiny scale, about a minute)
// and reports every figure as JSON. Timings are never asserted: shared
// machines are too noisy for that.
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../reference.js';

const NAMES = [
  'fulltext_search',
  'fulltext_search_latin',
  'fulltext_search_thai',
  'export_csv',
  'export_xlsx',
  'export_qdpx',
  'import_qdpx',
  'matrix_country_x_group',
  'agreement_character_3coders',
  'agreement_segment_3coders',
  'project_file_size',
  'peak_rss_bench_process',
  'open_largest_transcript',
  'apply_code_latency',
  'scroll_longest_frame',
  'scroll_long_frames',
  'segments_table_load',
  'segments_table_filter',
  'segments_table_filter_clear',
  'apply_code_latency_large_project',
];

interface Figure {
  name: string;
  value: number;
  unit: string;
  baseline: number | null;
  ratio: number | null;
}

describe('npm run bench -- --scale tiny', () => {
  // Run asynchronously: a worker blocked for a minute misses vitest's RPC deadline.
  it('prints one JSON line per figure and writes them all to --json', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-bench-smoke-'));
    const json = path.join(dir, 'figures.json');
    try {
      const run = await promisify(execFile)(process.execPath, [path.join(REPO_ROOT, 'tests', 'bench', 'run.mjs'), '--scale', 'tiny', '--json', json], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        timeout: 280_000,
        maxBuffer: 64 * 1024 * 1024,
      });

      const figures = JSON.parse(fs.readFileSync(json, 'utf8')) as Figure[];
      const names = figures.map((f) => f.name);
      expect(names.filter((n) => /^import_\d+_docs$/.test(n))).toEqual(['import_20_docs']);
      for (const n of NAMES) expect(names, n).toContain(n);
      if (fs.existsSync('/proc/self/status')) expect(names).toContain('peak_rss_backend');
      for (const f of figures) {
        expect(Object.keys(f).sort(), f.name).toEqual(['baseline', 'name', 'ratio', 'unit', 'value']);
        expect(Number.isFinite(f.value), f.name).toBe(true);
        expect(f.value, f.name).toBeGreaterThanOrEqual(0);
        expect(f.baseline === null || Number.isFinite(f.baseline), f.name).toBe(true);
        expect(f.ratio === null || Number.isFinite(f.ratio), f.name).toBe(true);
        expect(typeof f.unit).toBe('string');
      }
      // the lines on stdout are the same figures
      const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as Figure);
      expect(lines).toEqual(figures);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
