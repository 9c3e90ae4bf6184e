// The .qdpx import with worker threads (services/qdpxTexts.ts, workers/import.ts):
// the texts are prepared and a fresh project's full-text index is built in
// workers, and the project that results is the one the single-thread import
// makes, row for row. The worker bundle is built here from the sources, as
// electron/build.mjs builds it.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { strToU8, zipSync } from 'fflate';
import { reference } from '../reference.js';
import { Project } from '../../electron/services/project.js';
import { exportQdpx } from '../../electron/services/qdpxExport.js';
import { formatImportReport, importQdpx, type QdpxImportOptions, type QdpxImportReport } from '../../electron/services/qdpxImport.js';
import { installDeidHooks } from '../../electron/services/deid.js';
import '../../electron/services/turns.js';
import { searchText } from '../../electron/services/search.js';
import { setWorkerDir, workerScript } from '../../electron/workers/syncPool.js';
import { buildStudy } from './exchangeFixture.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// inside the repository, so that the bundle finds node_modules as dist/workers does
const workerDir = path.join(root, 'node_modules', '.cache', 'weft-test-workers');

beforeAll(async () => {
  installDeidHooks();
  await build({
    entryPoints: [path.join(root, 'electron/workers/import.ts')],
    outfile: path.join(workerDir, 'import.mjs'),
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    external: ['better-sqlite3', 'better-sqlite3-multiple-ciphers', 'electron'],
    banner: { js: "import { createRequire as __weftCreateRequire } from 'node:module'; const require = __weftCreateRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  setWorkerDir(workerDir);
}, 60_000);
afterAll(() => setWorkerDir(null));

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-qdpx-workers-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function importFresh(name: string, qdpx: string, options: QdpxImportOptions): QdpxImportReport {
  const p = Project.create(path.join(dir, name));
  try {
    return importQdpx(p, qdpx, options);
  } finally {
    p.close();
  }
}

/**
 * Every table of a project, row by row, as a digest per table; without the
 * project's own row, the full-text shadow tables (compared by searching),
 * GUIDs the import makes up and times it stamps.
 */
function contents(file: string): Record<string, string> {
  const p = Project.open(file, { readOnly: true });
  try {
    const tables = p.db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'documents_fts%' AND name <> 'project' ORDER BY name").pluck().all() as string[];
    const out: Record<string, string> = {};
    for (const t of tables) {
      const cols = (p.db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(t) as string[]).filter((c) => !/guid$|_at$|^at$|created|updated/.test(c));
      if (!cols.length) continue;
      const rows = p.db.prepare(`SELECT ${cols.map((c) => `"${c}"`).join(', ')} FROM "${t}" ORDER BY ${cols.map((_c, i) => i + 1).join(', ')}`).raw().all();
      out[t] = `${rows.length} ${createHash('sha256').update(JSON.stringify(rows, (_k, v) => (Buffer.isBuffer(v) ? v.toString('hex') : v))).digest('hex')}`;
    }
    return out;
  } finally {
    p.close();
  }
}

function searches(file: string, queries: string[]): string[] {
  const p = Project.open(file, { readOnly: true });
  try {
    return queries.map((q) => searchText(p, q).map((h) => `${h.documentId}:${h.start}-${h.end}`).join(' '));
  } finally {
    p.close();
  }
}

/** FTS5's own check of the index against the documents (throws when they disagree). */
function checkIndex(file: string): void {
  const p = Project.open(file);
  try {
    p.db.exec("INSERT INTO documents_fts(documents_fts, rank) VALUES ('integrity-check', 1)");
  } finally {
    p.close();
  }
}

/** Import with workers and without, and compare the two projects. */
function bothWays(qdpx: string, queries: string[], options: QdpxImportOptions = {}) {
  const withWorkers = importFresh('workers.weft', qdpx, { ...options, threads: 'always' });
  const alone = importFresh('alone.weft', qdpx, { ...options, threads: 'never' });
  expect(alone.work).toEqual({ workers: 0, fullTextIndex: 'in place' });
  expect(withWorkers.work!.workers).toBeGreaterThanOrEqual(2);
  expect({ ...withWorkers, work: undefined }).toEqual({ ...alone, work: undefined });
  expect(contents(path.join(dir, 'workers.weft'))).toEqual(contents(path.join(dir, 'alone.weft')));
  const found = searches(path.join(dir, 'workers.weft'), queries);
  expect(found).toEqual(searches(path.join(dir, 'alone.weft'), queries));
  checkIndex(path.join(dir, 'workers.weft'));
  return { report: withWorkers, found };
}

const G = (n: number) => `${n.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;

/** A .qdpx of text sources given as file bytes (or inline text), each with one coding of its first `len` positions. */
function archiveOf(sources: Array<{ name: string; file?: Uint8Array; inline?: string; len: number }>, origin = 'MAXQDA 2022'): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
  const xml = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="workers" origin="${origin}">
<Users><User guid="${G(1)}" name="Amina"/></Users>
<CodeBook><Codes><Code guid="${G(2)}" name="Reporting" isCodable="true"/></Codes></CodeBook>
<Sources>${sources
    .map((s, i) => {
      const sel = `<PlainTextSelection guid="${G(100 + i)}" startPosition="0" endPosition="${s.len}" creatingUser="${G(1)}"><Coding guid="${G(200 + i)}" creatingUser="${G(1)}"><CodeRef targetGUID="${G(2)}"/></Coding></PlainTextSelection>`;
      return s.inline !== undefined
        ? `<TextSource guid="${G(10 + i)}" name="${esc(s.name)}"><PlainTextContent>${esc(s.inline)}</PlainTextContent>${sel}</TextSource>`
        : `<TextSource guid="${G(10 + i)}" name="${esc(s.name)}" plainTextPath="internal://${s.name}.txt">${sel}</TextSource>`;
    })
    .join('\n')}</Sources>
</Project>`;
  const files: Record<string, Uint8Array> = { 'project.qde': strToU8(xml) };
  for (const s of sources) if (s.file) files[`sources/${s.name}.txt`] = s.file;
  const out = path.join(dir, 'mixed.qdpx');
  fs.writeFileSync(out, zipSync(files));
  return out;
}

const utf16le = (s: string) => new Uint8Array([0xff, 0xfe, ...Buffer.from(s, 'utf16le')]);

describe('.qdpx import with worker threads', () => {
  it('imports the real NVivo and qc exports exactly as the single-thread import does', () => {
    const nvivo = bothWays(reference('qdpx', 'nvivo-mac-12.7', 'OltasSzkepticizmus_17June.qdpx'), ['oltás', 'covidban', 'a']);
    expect(nvivo.report.created.codings).toBe(297);
    expect(nvivo.report.work!.fullTextIndex).toBe('worker');
    // the CLI's report says so; without workers it has no such line
    expect(formatImportReport(nvivo.report).filter((l) => l.startsWith('work:'))).toEqual([`work: done in ${nvivo.report.work!.workers} worker threads, the search index built in one of them`]);
    expect(formatImportReport({ ...nvivo.report, work: { workers: 0, fullTextIndex: 'in place' } }).some((l) => l.startsWith('work:'))).toBe(false);
    expect(nvivo.found[0]!.length).toBeGreaterThan(0);
    fs.rmSync(path.join(dir, 'workers.weft'));
    fs.rmSync(path.join(dir, 'alone.weft'));
    const qc = bothWays(reference('qdpx', 'qc-cli', 'demo.qdpx'), ['board', 'the']);
    expect(qc.report.created.codings).toBe(205);
    expect(qc.report.work!.fullTextIndex).toBe('worker');
  }, 60_000);

  it('round-trips the study (emoji, Thai, a CRLF original, memos, attributes) the same way, with and without CRLF files', () => {
    const study = buildStudy(path.join(dir, 'study'));
    for (const crlf of [false, true]) {
      const p = Project.open(study, { readOnly: true });
      const out = path.join(dir, `study-${crlf}.qdpx`);
      exportQdpx(p, out, { crlf });
      p.close();
      const { report, found } = bothWays(out, ['helpline', 'ช่วยเล่า', '😀', 'SUM(A1)']);
      expect(report.created.documents).toBe(4);
      expect(report.work!.fullTextIndex).toBe('worker');
      expect(found[1]).not.toBe('');
      fs.rmSync(path.join(dir, 'workers.weft'));
      fs.rmSync(path.join(dir, 'alone.weft'));
    }
  }, 60_000);

  it('texts with a BOM and CRLF, in UTF-16, or given inline, are indexed in the worker as they are stored', () => {
    const crlf = 'Interviewer: Who helped?\r\nRespondent: The social worker 👩‍👧 from the district office.\r\n';
    const { report, found } = bothWays(
      archiveOf([
        { name: 'bom-crlf', file: new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from(crlf, 'utf8')]), len: 12 },
        { name: 'utf16', file: utf16le('Interviewer: ช่วยเล่าให้ฟังหน่อย\nRespondent: ครอบครัวไม่อยากให้เป็นเรื่องใหญ่\n'), len: 12 },
        { name: 'khmer-amharic', file: strToU8('Interviewer: សួស្តី\nRespondent: ሰላም ነው። ការងារ\n'), len: 12 },
        { name: 'inline', inline: 'Interviewer: Inline text\nRespondent: kept in the project file itself\n', len: 12 },
      ]),
      ['district office', 'ครอบครัว', 'ការងារ', 'ሰላም', 'project file'],
    );
    expect(report.work!.fullTextIndex).toBe('worker');
    expect(found.every((f) => f !== '')).toBe(true);
  }, 60_000);

  it('indexes a decomposed text in the worker as it is stored (composed), and in place when the texts did not become documents 1, 2, … (one empty, one repeated)', () => {
    const nfd = 'Người phỏng vấn: Xin chào\nNgười trả lời: Tôi làm việc ở huyện\n'.normalize('NFD');
    const plain = strToU8('Interviewer: Where?\nRespondent: In Kisumu, near the lake.\n');
    for (const [sources, where] of [
      [[{ name: 'nfd', file: strToU8(nfd), len: 5 }, { name: 'plain', file: plain, len: 5 }], 'worker'],
      [[{ name: 'plain', file: plain, len: 5 }, { name: 'again', file: plain, len: 5 }], 'in place'],
      [[{ name: 'empty', file: strToU8('  \n'), len: 0 }, { name: 'plain', file: plain, len: 5 }], 'in place'],
    ] as const) {
      const { report, found } = bothWays(archiveOf([...sources]), ['huyện', 'Kisumu'], { allowLossy: true });
      expect(report.work!.fullTextIndex).toBe(where);
      expect(found[1]).not.toBe('');
      fs.rmSync(path.join(dir, 'workers.weft'));
      fs.rmSync(path.join(dir, 'alone.weft'));
    }
  }, 60_000);

  it('the copied index takes later edits: search, import, change a text, and FTS5 finds the index consistent', () => {
    const file = path.join(dir, 'edited.weft');
    const p = Project.create(file);
    // the connection reads the (empty) index before the import, as an open project in the app may
    expect(searchText(p, 'lake')).toEqual([]);
    const report = importQdpx(p, archiveOf([{ name: 'plain', file: strToU8('Interviewer: Where?\nRespondent: In Kisumu, near the lake.\n'), len: 5 }]), { threads: 'always' });
    expect(report.work!.fullTextIndex).toBe('worker');
    // the same connection must see the copied index (FTS5 caches the index's structure per connection)
    expect(searchText(p, 'lake')).toHaveLength(1);
    p.repo.transaction(() => p.db.prepare("UPDATE documents SET text = replace(text, 'lake', 'river') WHERE id = 1").run());
    expect(searchText(p, 'lake')).toEqual([]);
    expect(searchText(p, 'river')).toHaveLength(1);
    p.close();
    checkIndex(file);
  }, 60_000);

  it('a worker that fails to start leaves the work to this thread, with the same result, and says so', () => {
    const broken = path.join(dir, 'broken');
    fs.mkdirSync(broken);
    fs.writeFileSync(path.join(broken, 'import.mjs'), "throw new Error('this worker does not start');\n");
    setWorkerDir(broken);
    try {
      const qdpx = reference('qdpx', 'qc-cli', 'demo.qdpx');
      const t0 = performance.now();
      const report = importFresh('broken.weft', qdpx, { threads: 'always' });
      expect(performance.now() - t0).toBeLessThan(40_000);
      expect(report.info.join('\n')).toMatch(/worker threads stopped .*no start/);
      expect(report.work!.fullTextIndex).toBe('in place');
      importFresh('alone.weft', qdpx, { threads: 'never' });
      expect(contents(path.join(dir, 'broken.weft'))).toEqual(contents(path.join(dir, 'alone.weft')));
    } finally {
      setWorkerDir(workerDir);
    }
  }, 60_000);

  it('finds the worker bundle unpacked next to app.asar in an installed app, and none with WEFT_WORKERS=0', () => {
    const app = path.join(dir, 'resources');
    const unpacked = path.join(app, 'app.asar.unpacked', 'dist', 'workers');
    fs.mkdirSync(unpacked, { recursive: true });
    fs.writeFileSync(path.join(unpacked, 'import.mjs'), '');
    setWorkerDir(path.join(app, 'app.asar', 'dist', 'workers'));
    try {
      expect(workerScript('import')).toBe(path.join(unpacked, 'import.mjs'));
      process.env.WEFT_WORKERS = '0';
      expect(workerScript('import')).toBeNull();
    } finally {
      delete process.env.WEFT_WORKERS;
      setWorkerDir(workerDir);
    }
    expect(workerScript('import')).toBe(path.join(workerDir, 'import.mjs'));
  });

  it('a thread that may not block on Atomics.wait does the work itself, with the same result', () => {
    const wait = Atomics.wait;
    (Atomics as { wait: unknown }).wait = () => {
      throw new TypeError('Atomics.wait cannot be called in this context');
    };
    try {
      const report = importFresh('nowait.weft', reference('qdpx', 'qc-cli', 'demo.qdpx'), { threads: 'always' });
      expect(report.info.join('\n')).toMatch(/cannot wait for worker threads/);
      expect(report.work!.fullTextIndex).toBe('in place');
    } finally {
      (Atomics as { wait: unknown }).wait = wait;
    }
    importFresh('alone.weft', reference('qdpx', 'qc-cli', 'demo.qdpx'), { threads: 'never' });
    expect(contents(path.join(dir, 'nowait.weft'))).toEqual(contents(path.join(dir, 'alone.weft')));
  }, 60_000);
});
