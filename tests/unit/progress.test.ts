// Progress of long operations: the CLI's bar (drawn on a terminal only,
// throttled, rubbed out at the end), the status bar's choice of what to show,
// and the progress events the API sends for export and agreement.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { clearProgress, cliProgress, progressText, setQuietProgress, type ProgressStream } from '../../electron/cli/progress.js';
import { applyProgress, LINGER_MS, nextChangeAt, operationLabel, prune, settle, SHOW_AFTER_MS, visibleOperations, type Operations } from '../../renderer/src/lib/operationProgress';
import { Project } from '../../electron/services/project.js';
import { createBackend, dispatch, type Backend } from '../../electron/api/handlers.js';
import { importFiles } from '../../electron/services/documents.js';
import { importCodingsCsv } from '../../electron/services/coding.js';
import { exportSegments } from '../../electron/services/segmentExport.js';
import { toCsv } from '../../shared/formats/csv.js';
import type { BackendEvent, ProgressEvent } from '../../shared/types.js';

/** A stream that keeps what is written to it. */
function fakeStream(isTTY: boolean, columns = 80): ProgressStream & { written: string[] } {
  const written: string[] = [];
  return { isTTY, columns, written, write: (t: string) => written.push(t) };
}

const CLEAR = '\r\x1b[K';

describe('cliProgress', () => {
  let clock = 0;
  const now = () => clock;
  const noCi = {};
  beforeEach(() => {
    clock = 1000;
    setQuietProgress(false);
  });

  it('draws "label [bar] done/total (message)" on a terminal', () => {
    const s = fakeStream(true);
    const p = cliProgress('importing', s, { now, env: noCi })!;
    p(42, 100, 'interview-07.docx');
    expect(s.written).toEqual([`${CLEAR}importing [########............] 42/100 (interview-07.docx)`]);
  });

  it('draws nothing when the stream is not a terminal, under CI, or with --quiet', () => {
    for (const [stream, options] of [
      [fakeStream(false), { now, env: noCi }],
      [{ write: () => 0 }, { now, env: noCi }],
      [fakeStream(true), { now, env: { CI: 'true' } }],
      [fakeStream(true), { now, env: noCi, quiet: true }],
    ] as const) {
      expect(cliProgress('merging', stream, options)).toBeUndefined();
    }
    setQuietProgress(true);
    expect(cliProgress('merging', fakeStream(true), { now, env: noCi })).toBeUndefined();
    // CI set to an explicit "no" still draws
    setQuietProgress(false);
    for (const CI of ['', '0', 'false']) expect(cliProgress('merging', fakeStream(true), { now, env: { CI } })).toBeDefined();
  });

  it('draws at most once per 100 ms, and always the first time', () => {
    const s = fakeStream(true);
    const p = cliProgress('exporting', s, { now, env: noCi })!;
    p(1, 1000);
    clock += 30;
    p(2, 1000);
    clock += 30;
    p(3, 1000);
    expect(s.written).toHaveLength(1);
    clock += 40; // 100 ms after the first drawing
    p(4, 1000);
    expect(s.written).toHaveLength(2);
    expect(s.written[1]).toContain(' 4/1000');
    // a thousand quick steps within one second: about ten drawings
    const t0 = clock;
    for (let i = 5; i < 1000; i++) {
      clock = t0 + i;
      p(i, 1000);
    }
    expect(s.written.length).toBeGreaterThanOrEqual(10);
    expect(s.written.length).toBeLessThanOrEqual(12);
  });

  it('rubs the line out when done reaches total, and writes nothing for an operation done at its first step', () => {
    const s = fakeStream(true);
    const p = cliProgress('merging', s, { now, env: noCi })!;
    p(0, 2);
    clock += 10;
    p(1, 2); // throttled
    p(2, 2);
    expect(s.written).toEqual([`${CLEAR}merging [....................] 0/2`, CLEAR]);
    const quick = fakeStream(true);
    cliProgress('merging', quick, { now, env: noCi })!(1, 1);
    expect(quick.written).toEqual([]);
  });

  it('clearProgress rubs out a bar left half-way (before an error message)', () => {
    const s = fakeStream(true);
    const p = cliProgress('agreement', s, { now, env: noCi })!;
    p(3, 10, 'Forms of harm > Grooming');
    clearProgress();
    expect(s.written.at(-1)).toBe(CLEAR);
    clearProgress(); // once only
    expect(s.written).toHaveLength(2);
  });

  it('cuts the line to the terminal width so \\r can redraw it', () => {
    const line = progressText('importing', 1, 3, 'a very long file name that would wrap on a narrow terminal.docx', 40);
    expect([...line].length).toBe(39);
    expect(line.endsWith('…')).toBe(true);
    expect(progressText('x', 5, 10)).toBe('x [##########..........] 5/10');
    expect(progressText('x', 0, 0)).toBe('x [....................] 0/0');
  });
});

describe('the status bar progress indicator', () => {
  const ev = (operation: string, done: number, total: number, message?: string): ProgressEvent => ({ type: 'progress', operation, done, total, message });

  it('shows an operation once it has run for a moment, and keeps it, full, for a moment after', () => {
    let ops: Operations = new Map();
    ops = applyProgress(ops, ev('merge', 0, 4), 0);
    expect(visibleOperations(ops, 0)).toEqual([]);
    expect(nextChangeAt(ops, 0)).toBe(SHOW_AFTER_MS);
    ops = applyProgress(ops, ev('merge', 2, 4, 'ben.weft'), SHOW_AFTER_MS + 50);
    expect(visibleOperations(ops, SHOW_AFTER_MS + 50).map((o) => [o.operation, o.done, o.total, o.message])).toEqual([['merge', 2, 4, 'ben.weft']]);
    ops = applyProgress(ops, ev('merge', 4, 4), 1000);
    expect(visibleOperations(ops, 1000 + LINGER_MS - 1)).toHaveLength(1);
    expect(nextChangeAt(ops, 1000)).toBe(1000 + LINGER_MS);
    expect(visibleOperations(ops, 1000 + LINGER_MS)).toEqual([]);
    expect(prune(ops, 1000 + LINGER_MS).size).toBe(0);
  });

  it('never shows an operation that finished quickly', () => {
    let ops: Operations = new Map();
    ops = applyProgress(ops, ev('agreement', 1, 3), 0);
    ops = applyProgress(ops, ev('agreement', 3, 3), 50);
    for (const t of [50, SHOW_AFTER_MS, SHOW_AFTER_MS + 10]) expect(visibleOperations(ops, t)).toEqual([]);
    expect(prune(ops, 60).size).toBe(0);
    // an operation first heard of at its end is not started at all
    expect(applyProgress(new Map(), ev('export', 5, 5), 0).size).toBe(0);
  });

  it('ends an operation when its call returns, even without a last event', () => {
    let ops: Operations = new Map();
    ops = applyProgress(ops, ev('qdpx import', 1, 10), 0);
    ops = settle(ops, 2000);
    expect(ops.get('qdpx import')!.finishedAt).toBe(2000);
    expect(visibleOperations(ops, 2000 + LINGER_MS)).toEqual([]);
    // with calls in flight elsewhere, only an operation quiet for long enough is settled
    let two: Operations = applyProgress(applyProgress(new Map(), ev('merge', 0, 2), 0), ev('export', 1, 9), 900);
    two = settle(two, 1000, 500);
    expect(two.get('merge')!.finishedAt).toBe(1000);
    expect(two.get('export')!.finishedAt).toBeNull();
  });

  it('starts a new run of a finished operation afresh, and shows the latest operation first', () => {
    let ops: Operations = applyProgress(applyProgress(new Map(), ev('import', 0, 2), 0), ev('import', 2, 2), 500);
    ops = applyProgress(ops, ev('import', 0, 3), 600);
    expect(ops.get('import')).toMatchObject({ startedAt: 600, finishedAt: null, done: 0, total: 3 });
    ops = applyProgress(ops, ev('merge', 0, 1), 700);
    expect(visibleOperations(ops, 1100).map((o) => o.operation)).toEqual(['merge', 'import']);
  });

  it('ignores a step heard after its call returned (events and answers travel apart in browser mode)', () => {
    let ops: Operations = applyProgress(new Map(), ev('merge', 4, 6), 0);
    ops = settle(ops, 1000);
    expect(applyProgress(ops, ev('merge', 5, 6), 1010)).toBe(ops);
    // the last step still fills the bar, without starting it again
    const last = applyProgress(ops, ev('merge', 6, 6), 1020).get('merge')!;
    expect(last).toMatchObject({ done: 6, startedAt: 0, finishedAt: 1000 });
  });

  it('names operations for people', () => {
    expect(operationLabel('merge')).toBe('Merging');
    expect(operationLabel('scanning for known names')).toBe('Scanning for known names');
    expect(operationLabel('something new')).toBe('Something new');
  });
});

describe('progress from the services and the API', () => {
  let dir: string;
  let project: Project;
  let events: BackendEvent[];
  let backend: Backend;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-progress-'));
    project = Project.create(path.join(dir, 'p.weft'));
    const files = [1, 2, 3].map((i) => {
      const f = path.join(dir, `doc${i}.txt`);
      fs.writeFileSync(f, `Participant: the aunt went to the police, and the police did nothing for weeks (${i}).\n`);
      return f;
    });
    importFiles(project, files);
    const rows = [];
    for (let i = 1; i <= 3; i++) for (const coder of ['Ana', 'Ben']) rows.push([`doc${i}`, 'Actors > Police', coder, 34, coder === 'Ana' ? 40 : 41], [`doc${i}`, 'Barriers > Delay', coder, 46, 78]);
    fs.writeFileSync(path.join(dir, 'c.csv'), toCsv(['document', 'code_path', 'coder', 'start', 'end'], rows));
    importCodingsCsv(project, path.join(dir, 'c.csv'), { createCodes: true });
    events = [];
    backend = createBackend(project, (e) => events.push(e));
  });
  afterEach(() => {
    project.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const progressOf = (operation: string) => events.filter((e): e is ProgressEvent => e.type === 'progress' && e.operation === operation).map((e) => [e.done, e.total]);

  it('agreement: one event per code, then one across codes', async () => {
    await dispatch(backend, 'agreement.compute', {});
    expect(progressOf('agreement')).toEqual([[1, 3], [2, 3], [3, 3]]);
  });

  it('segment export: the rows, then the file; in the CLI service too', async () => {
    await dispatch(backend, 'exchange.export', { format: 'csv' });
    expect(progressOf('export')).toEqual([[12, 13], [13, 13]]);
    const seen: Array<[number, number, string | undefined]> = [];
    await exportSegments(project, path.join(dir, 'out.xlsx'), 'xlsx', { onProgress: (d, t, m) => seen.push([d, t, m]) });
    expect(seen).toEqual([[12, 13, 'writing xlsx'], [13, 13, undefined]]);
  });

  it('qdpx export: one event per document, then writing project.qde, then compressing', async () => {
    await dispatch(backend, 'exchange.export', { format: 'qdpx' });
    expect(progressOf('export')).toEqual([[1, 5], [2, 5], [3, 5], [4, 5], [5, 5]]);
  });
});
