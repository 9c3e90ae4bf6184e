// The real `weft` command, run as a child process on fresh temp projects.
// Bad input must change nothing and say what is wrong in exactly one line.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, reference } from '../reference.js';
import { parseCsv, toCsv } from '../../shared/formats/csv.js';
import { normalizeText } from '../../shared/offsets.js';

const NODE22 = path.join(REPO_ROOT, 'node_modules', '.bin', 'node');
const WEFT = path.join(REPO_ROOT, 'electron', 'cli', 'weft.cjs');
const BUNDLE = path.join(REPO_ROOT, 'dist', 'cli', 'weft.mjs');
const UDHR = ['tha', 'khm', 'amh', 'vie'].map((l) => reference('transcripts', 'udhr', `${l}.txt`));
// BOM, CRLF, astral emoji, a ZWJ family, a decomposed é that NFC composes
const EMOJI_TEXT = '\ufeffInterviewer: how was it? 😀\r\nParticipant: with my 👩‍👩‍👧, \u201cfine\u201d, cafe\u0301.\r\nInterviewer: ok\r\n';

interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], env?: NodeJS.ProcessEnv): Result {
  const r = spawnSync(command, args, { cwd: REPO_ROOT, encoding: 'utf8', env: env ?? process.env, timeout: 30_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
const weft = (...args: string[]) => run(NODE22, [WEFT, ...args]);
function ok(...args: string[]): string {
  const r = weft(...args);
  expect(r.stderr, `weft ${args.join(' ')}`).toBe('');
  expect(r.status, `weft ${args.join(' ')}`).toBe(0);
  return r.stdout;
}
/** A refusal: non-zero exit and exactly one line on stderr, which is returned. */
function refused(args: string[], exitCode = 1): string {
  const r = weft(...args);
  expect(r.status, `weft ${args.join(' ')}\n${r.stderr}`).toBe(exitCode);
  const lines = r.stderr.split('\n');
  expect(lines.at(-1), 'stderr ends with a newline').toBe('');
  expect(lines.slice(0, -1), 'exactly one line on stderr').toHaveLength(1);
  expect(lines[0]).toMatch(/^weft: /);
  return lines[0]!;
}

/** Newest modification time of the sources the CLI bundle is built from. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (/\.(ts|json)$/.test(e.name)) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

let template: { dir: string; base: string; withOneCoding: string; docs: ExportJson['documents'] };

beforeAll(() => {
  const stale =
    !fs.existsSync(BUNDLE) ||
    fs.statSync(BUNDLE).mtimeMs < Math.max(newestSource(path.join(REPO_ROOT, 'electron')), newestSource(path.join(REPO_ROOT, 'shared')));
  if (stale) throw new Error(`${BUNDLE} is missing or older than the sources: run npm run build (tests/globalSetup.ts does)`);
  expect(fs.existsSync(BUNDLE)).toBe(true);

  // CLI start-up dominates the run time: set up the imported project once and copy it per test
  const tdir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-cli-template-'));
  const base = path.join(tdir, 'base.weft');
  const write = (name: string, content: string) => (fs.writeFileSync(path.join(tdir, name), content), path.join(tdir, name));
  ok('init', base);
  ok('import', base, ...UDHR, write('emoji-crlf.txt', EMOJI_TEXT));
  ok('codebook', 'import', base, write('codebook.csv', CODEBOOK_CSV));
  ok('codebook', 'import', base, write('codebook.json', CODEBOOK_JSON));
  ok('export', base, '--out', path.join(tdir, 'base.json'));
  const docs = (JSON.parse(fs.readFileSync(path.join(tdir, 'base.json'), 'utf8')) as ExportJson).documents;
  const withOneCoding = path.join(tdir, 'one.weft');
  fs.copyFileSync(base, withOneCoding);
  ok('codings', 'import', withOneCoding, write('existing.csv', codingsCsv(plannedCodings(docs).slice(0, 1))));
  template = { dir: tdir, base, withOneCoding, docs };
}, 200_000);

afterAll(() => {
  if (template) fs.rmSync(template.dir, { recursive: true, force: true });
});

let dir: string;
let project: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-cli-'));
  project = path.join(dir, 'study.weft');
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const info = () => ok('info', project, '--json');
interface ExportJson {
  documents: Array<{ guid: string; name: string; text: string; length: number }>;
  codes: Array<{ path: string; definition: string; color: string; codable: boolean }>;
  codings: unknown[];
}
function exportJson(): ExportJson {
  const out = path.join(dir, `export-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
  ok('export', project, '--out', out);
  return JSON.parse(fs.readFileSync(out, 'utf8')) as ExportJson;
}
/** The codings table as stored in the .weft file. */
function codingRows(): unknown[] {
  const db = new Database(project, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT * FROM codings ORDER BY id').all();
  } finally {
    db.close();
  }
}
function countsInFile(): { documents: number; codes: number; coders: number } {
  const db = new Database(project, { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare('SELECT (SELECT COUNT(*) FROM documents) AS documents, (SELECT COUNT(*) FROM codes) AS codes, (SELECT COUNT(*) FROM coders) AS coders')
      .get() as { documents: number; codes: number; coders: number };
  } finally {
    db.close();
  }
}
function write(name: string, content: string): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, content);
  return f;
}

const CODEBOOK_CSV = toCsv(
  ['code_path', 'definition', 'color'],
  [
    ['Rights', 'Statements of rights', '#4363d8'],
    ['Rights > Freedom', 'Freedom of the person; of "thought", speech', ''],
    ['Rights > Equality', 'Equal before the law', '#3cb44b'],
  ],
);
const CODEBOOK_JSON = JSON.stringify({
  format: 'weft-codebook',
  formatVersion: 1,
  name: 'Experience',
  codes: [
    { name: 'Emotion', codable: false, children: [{ name: 'Joy 😀', color: '#f58231' }, { name: 'Doubt' }] },
    { name: 'Family', definition: 'Mentions of relatives' },
  ],
});

/** A copy of the template: the four UDHR files and an emoji/CRLF file imported, both codebooks imported. */
function setUp(from: 'base' | 'withOneCoding' = 'base'): ExportJson['documents'] {
  fs.copyFileSync(template[from], project);
  return template.docs;
}

const CODINGS_HEADER = ['document', 'code_path', 'coder', 'start', 'end', 'text', 'memo'];
type Planned = { document: string; codePath: string; coder: string; start: number; end: number; memo: string };

/** Spans chosen on the stored text, with their text taken by code points. */
function plannedCodings(docs: ExportJson['documents']): Array<Planned & { text: string }> {
  const plan: Planned[] = [];
  for (const d of docs) {
    const n = [...d.text].length;
    plan.push({ document: d.name, codePath: 'Rights > Freedom', coder: 'Ana', start: 0, end: Math.min(12, n), memo: '' });
    plan.push({ document: d.name, codePath: 'Rights > Equality', coder: 'Bea', start: Math.floor(n / 2), end: Math.floor(n / 2) + 9, memo: `mid of ${d.name}, "quoted"` });
    plan.push({ document: d.name, codePath: 'Family', coder: 'Ana', start: n - 7, end: n, memo: 'ends the text\nsecond line' });
  }
  const emoji = docs.find((d) => d.name === 'emoji-crlf')!;
  const cps = Array.from(emoji.text);
  const smile = cps.indexOf('😀');
  plan.push({ document: 'emoji-crlf', codePath: 'Emotion > Joy 😀', coder: 'Ana', start: smile, end: smile + 1, memo: '' });
  const family = cps.indexOf('👩');
  plan.push({ document: 'emoji-crlf', codePath: 'Family', coder: 'Bea', start: family, end: family + 5, memo: 'ZWJ sequence' });
  return plan.map((p) => ({ ...p, text: Array.from(docs.find((d) => d.name === p.document)!.text).slice(p.start, p.end).join('') }));
}
const codingsCsv = (rows: Array<Planned & { text: string }>) =>
  toCsv(CODINGS_HEADER, rows.map((r) => [r.document, r.codePath, r.coder, r.start, r.end, r.text, r.memo]));

describe('weft init and info', () => {
  it('creates an empty project; info --json has exactly the documented shape', () => {
    expect(ok('init', project, '--name', 'Pilot study')).toBe(`created ${project} (project "Pilot study")\n`);
    expect(fs.existsSync(project)).toBe(true);
    expect(info()).toBe('{"documents":0,"codes":0,"codings":0,"coders":[]}\n');
    expect(ok('info', project)).toBe('0 documents, 0 codes, 0 codings; coders: (none)\n');
  });

  it('refuses to init over an existing file, and to open a missing project', () => {
    ok('init', project);
    const before = fs.readFileSync(project);
    expect(refused(['init', project])).toBe(`weft: ${project}: file already exists`);
    expect(fs.readFileSync(project).equals(before)).toBe(true);
    const missing = path.join(dir, 'missing.weft');
    expect(refused(['info', missing, '--json'])).toBe(`weft: ${missing}: no such project file`);
    expect(fs.existsSync(missing)).toBe(false);
  });
});

describe('weft import', () => {
  it('imports the Thai, Khmer, Amharic and Vietnamese UDHR and an emoji/CRLF file, normalised, with code point lengths', () => {
    const emojiFile = write('emoji-crlf.txt', EMOJI_TEXT);
    ok('init', project);
    const out = ok('import', project, ...UDHR, emojiFile);
    // indented lines are notes under a file (what the de-identification scan found, for example)
    expect(out.trim().split('\n').filter((l) => !l.startsWith('  '))).toEqual([...UDHR, emojiFile].map((f) => `imported ${f} as "${path.basename(f, '.txt')}"`));
    expect(info()).toBe('{"documents":5,"codes":0,"codings":0,"coders":[]}\n');

    const docs = exportJson().documents;
    expect(docs.map((d) => d.name)).toEqual(['tha', 'khm', 'amh', 'vie', 'emoji-crlf']);
    for (const [i, f] of [...UDHR, emojiFile].entries()) {
      const d = docs[i]!;
      expect(d.text).toBe(normalizeText(fs.readFileSync(f, 'utf8')));
      expect(d.length).toBe([...d.text].length);
      expect(d.text.includes('\r')).toBe(false);
    }
    expect(docs[3]!.length).toBe(12753); // vie.txt: 14,706 code points before NFC
    expect(docs[4]!.text).toBe('Interviewer: how was it? 😀\nParticipant: with my 👩‍👩‍👧, \u201cfine\u201d, caf\u00e9.\nInterviewer: ok\n');

    // the same bytes again are skipped, not duplicated
    const again = ok('import', project, UDHR[0]!);
    expect(again).toBe(`skipped ${UDHR[0]}: duplicate (same content as "tha")\n`);
    expect(info()).toBe('{"documents":5,"codes":0,"codings":0,"coders":[]}\n');
  });

  it('a missing transcript is one error line naming it, and nothing is imported', () => {
    ok('init', project);
    const missing = path.join(dir, 'no-such-interview.txt');
    const line = refused(['import', project, missing]);
    expect(line).toContain(missing);
    expect(line).toContain('ENOENT');
    expect(info()).toBe('{"documents":0,"codes":0,"codings":0,"coders":[]}\n');
  });
});

describe('weft codebook import', () => {
  it('imports a CSV and a JSON codebook, and a second import changes nothing', () => {
    ok('init', project);
    const csv = write('codebook.csv', CODEBOOK_CSV);
    const json = write('codebook.json', CODEBOOK_JSON);
    expect(ok('codebook', 'import', project, csv)).toBe('codebook: 3 added, 0 updated, 0 unchanged\n');
    expect(ok('codebook', 'import', project, json)).toBe('codebook: 4 added, 0 updated, 0 unchanged\n');
    expect(info()).toBe('{"documents":0,"codes":7,"codings":0,"coders":[]}\n');
    const codes = exportJson().codes;
    expect(codes.map((c) => c.path).sort()).toEqual(
      ['Emotion', 'Emotion > Doubt', 'Emotion > Joy 😀', 'Family', 'Rights', 'Rights > Equality', 'Rights > Freedom'].sort(),
    );
    const byPath = new Map(codes.map((c) => [c.path, c]));
    expect(byPath.get('Rights > Freedom')!.definition).toBe('Freedom of the person; of "thought", speech');
    expect(byPath.get('Rights > Equality')!.color).toBe('#3cb44b');
    expect(byPath.get('Emotion')!.codable).toBe(false);
    expect(byPath.get('Family')!.definition).toBe('Mentions of relatives');

    expect(ok('codebook', 'import', project, csv)).toBe('codebook: 0 added, 0 updated, 3 unchanged\n');
    expect(ok('codebook', 'import', project, json)).toBe('codebook: 0 added, 0 updated, 4 unchanged\n');
    expect(info()).toBe('{"documents":0,"codes":7,"codings":0,"coders":[]}\n');
  });

  it('imports a codebook CSV with only a code_path column', () => {
    ok('init', project);
    const csv = write('paths.csv', 'code_path\nHarm; self\nRisk | online\nRisk | online > Gaming\n');
    expect(ok('codebook', 'import', project, csv)).toBe('codebook: 3 added, 0 updated, 0 unchanged\n');
    expect(exportJson().codes.map((c) => c.path).sort()).toEqual(['Harm; self', 'Risk | online', 'Risk | online > Gaming']);
  });

  it('a bad codebook is one error line naming file and row, and adds nothing', () => {
    ok('init', project);
    const csv = write('bad-codebook.csv', 'code_path,color\nGood,#123456\nBad,red\n');
    expect(refused(['codebook', 'import', project, csv])).toBe(`weft: ${csv}: row 3: color "red" must look like #RRGGBB`);
    const json = write('bad-codebook.json', JSON.stringify({ format: 'weft-codebook', formatVersion: 1, codes: [{ name: 'A', children: [{ name: 'B > C' }] }] }));
    expect(refused(['codebook', 'import', project, json])).toBe(`weft: ${json}: codes[0].children[0]: code name "B > C" may not contain ">"`);
    expect(info()).toBe('{"documents":0,"codes":0,"codings":0,"coders":[]}\n');
  });
});

describe('weft codings import and export', () => {
  it('imports codings at code point offsets; the exported CSV has the same start, end and text; re-import is idempotent', () => {
    const docs = setUp();
    expect(info()).toBe('{"documents":5,"codes":7,"codings":0,"coders":[]}\n');
    const plan = plannedCodings(docs);
    const input = write('codings.csv', codingsCsv(plan));
    expect(ok('codings', 'import', project, input)).toBe(
      `codings: ${plan.length} added, 0 already present, 0 codes and 2 coders created (${plan.length} rows)\n`,
    );
    expect(info()).toBe(`{"documents":5,"codes":7,"codings":${plan.length},"coders":["Ana","Bea"]}\n`);

    const out = path.join(dir, 'segments.csv');
    expect(ok('export', project, '--out', out)).toMatch(new RegExp(`^wrote ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(csv, \\d+ bytes\\)\\n$`));
    const exported = parseCsv(fs.readFileSync(out, 'utf8'), out);
    const key = (r: { document: string; code_path: string; coder: string; start: string; end: string }) => `${r.document}|${r.code_path}|${r.coder}|${r.start}|${r.end}`;
    const rows = new Map(exported.rows.map((r) => [key(r.cells as never), r.cells]));
    expect(rows.size).toBe(plan.length);
    const storedText = new Map(docs.map((d) => [d.name, d.text]));
    for (const p of plan) {
      const row = rows.get(`${p.document}|${p.codePath}|${p.coder}|${p.start}|${p.end}`);
      expect(row, `${p.document} ${p.start}-${p.end}`).toBeDefined();
      expect(row!.start).toBe(String(p.start));
      expect(row!.end).toBe(String(p.end));
      expect(row!.text).toBe(p.text);
      expect(row!.text).toBe(Array.from(storedText.get(p.document)!).slice(Number(row!.start), Number(row!.end)).join(''));
      expect(row!.memo).toBe(p.memo);
    }
    // spot checks that the offsets are code points of the stored text, not UTF-16 units or raw bytes
    expect(plan.find((p) => p.codePath === 'Emotion > Joy 😀')!.text).toBe('😀');
    expect(plan.find((p) => p.memo === 'ZWJ sequence')!.text).toBe('👩‍👩‍👧');
    expect(rows.get(`vie|Family|Ana|12746|12753`)!.text).toBe(Array.from(storedText.get('vie')!).slice(-7).join(''));

    const before = codingRows();
    expect(ok('codings', 'import', project, input)).toBe(
      `codings: 0 added, ${plan.length} already present, 0 codes and 0 coders created (${plan.length} rows)\n`,
    );
    expect(ok('codings', 'import', project, out)).toMatch(new RegExp(`^codings: 0 added, ${plan.length} already present`));
    expect(codingRows()).toEqual(before);
    expect(info()).toBe(`{"documents":5,"codes":7,"codings":${plan.length},"coders":["Ana","Bea"]}\n`);
  });

  it('--create-codes adds missing codes and their parents', () => {
    const docs = setUp();
    const tha = docs.find((d) => d.name === 'tha')!;
    const rows = [{ document: 'tha', codePath: 'Place > Village', coder: 'Ana', start: 3, end: 8, memo: '', text: Array.from(tha.text).slice(3, 8).join('') }];
    const csv = write('new-codes.csv', codingsCsv(rows));
    const line = refused(['codings', 'import', project, csv]);
    expect(line).toBe(`weft: ${csv}: row 2: code "Place > Village" is not in the codebook (use --create-codes to add it)`);
    expect(ok('codings', 'import', project, csv, '--create-codes')).toBe('codings: 1 added, 0 already present, 2 codes and 1 coders created (1 rows)\n');
    expect(info()).toBe('{"documents":5,"codes":9,"codings":1,"coders":["Ana"]}\n');
    expect(exportJson().codes.map((c) => c.path)).toEqual(expect.arrayContaining(['Place', 'Place > Village']));
  });

  describe('bad input changes nothing and is one line naming the file and row or field', () => {
    let docs: ExportJson['documents'];
    let good: Planned & { text: string };
    const SUMMARY = '{"documents":5,"codes":7,"codings":1,"coders":["Ana"]}\n';
    let rowsBefore: unknown[];
    beforeEach(() => {
      // one coding already in the project, so "unchanged" is checked against real rows
      docs = setUp('withOneCoding');
      rowsBefore = codingRows();
      expect(rowsBefore).toHaveLength(1);
      // a valid new row precedes each bad row: a partial import would show
      good = plannedCodings(docs)[4]!;
    });
    afterEach(() => {
      // the file is checked after every refusal; the CLI's own count once per test
      expect(info()).toBe(SUMMARY);
    });

    function expectRefusedAndUnchanged(file: string, expected: string, args: string[] = []): void {
      const line = refused(['codings', 'import', project, file, ...args]);
      expect(line).toBe(`weft: ${expected}`);
      expect(line).toContain(file);
      expect(codingRows()).toEqual(rowsBefore);
      expect(countsInFile()).toEqual({ documents: 5, codes: 7, coders: 1 });
    }
    const goodCells = () => [good.document, good.codePath, good.coder, good.start, good.end, good.text, good.memo];

    it('a text that does not match the document', () => {
      const f = write('mismatch.csv', toCsv(CODINGS_HEADER, [goodCells(), ['khm', 'Family', 'Ana', 0, 5, 'wrong', '']]));
      expectRefusedAndUnchanged(f, `${f}: row 3: text does not match the document "khm" between 0 and 5`);
    });

    it('an unknown code without --create-codes', () => {
      const f = write('unknown-code.csv', toCsv(CODINGS_HEADER, [goodCells(), ['khm', 'Nope > Never', 'Ana', 0, 5, '', '']]));
      expectRefusedAndUnchanged(f, `${f}: row 3: code "Nope > Never" is not in the codebook (use --create-codes to add it)`);
    });

    it('a non-numeric start', () => {
      const f = write('non-numeric.csv', toCsv(CODINGS_HEADER, [goodCells(), ['khm', 'Family', 'Ana', 'abc', 5, '', '']]));
      expectRefusedAndUnchanged(f, `${f}: row 3: start "abc" is not a whole number`);
    });

    it('a negative or fractional offset', () => {
      const neg = write('negative.csv', toCsv(CODINGS_HEADER, [goodCells(), ['khm', 'Family', 'Ana', -1, 5, '', '']]));
      expectRefusedAndUnchanged(neg, `${neg}: row 3: start "-1" is not a whole number`);
      const frac = write('fraction.csv', toCsv(CODINGS_HEADER, [goodCells(), ['khm', 'Family', 'Ana', 1, 5.5, '', '']]));
      expectRefusedAndUnchanged(frac, `${frac}: row 3: end "5.5" is not a whole number`);
    });

    it('a row with the wrong number of fields', () => {
      const f = write('field-count.csv', toCsv(CODINGS_HEADER, [goodCells()]) + 'khm,Family,Ana,0,5\r\n');
      expectRefusedAndUnchanged(f, `${f}: row 3: has 5 fields, the header has 7`);
    });

    it('an end beyond the text (in code points, not UTF-16 units)', () => {
      const emoji = docs.find((d) => d.name === 'emoji-crlf')!;
      const n = [...emoji.text].length;
      expect(emoji.text.length).toBeGreaterThan(n);
      const f = write('beyond.csv', toCsv(CODINGS_HEADER, [goodCells(), ['emoji-crlf', 'Family', 'Ana', n - 2, n + 1, '', '']]));
      expectRefusedAndUnchanged(f, `${f}: row 3: end ${n + 1} is beyond the end of the text (${n} code points) of document "emoji-crlf"`);
    });

    it('end not after start, and an unknown document', () => {
      const f = write('empty-span.csv', toCsv(CODINGS_HEADER, [goodCells(), ['khm', 'Family', 'Ana', 5, 5, '', '']]));
      expectRefusedAndUnchanged(f, `${f}: row 3: end 5 must be greater than start 5`);
      const g = write('unknown-doc.csv', toCsv(CODINGS_HEADER, [goodCells(), ['nobody', 'Family', 'Ana', 0, 1, '', '']]));
      expectRefusedAndUnchanged(g, `${g}: row 3: document "nobody" is not in the project`);
    });

    it('a missing required column, an empty file, and a missing file', () => {
      const noEnd = write('no-end.csv', 'document,code_path,coder,start\nkhm,Family,Ana,0\n');
      expectRefusedAndUnchanged(noEnd, `${noEnd}: header: required column "end" is missing`);
      const empty = write('empty.csv', '');
      expectRefusedAndUnchanged(empty, `${empty}: the file is empty (a header row is needed)`);
      const missing = path.join(dir, 'not-there.csv');
      expectRefusedAndUnchanged(missing, `${missing}: cannot read (ENOENT)`);
    });
  });
});

describe('weft usage errors', () => {
  it('an unknown command exits 2 with one line', () => {
    expect(refused(['frobnicate', project], 2)).toBe('weft: unknown command "frobnicate" (run weft --help)');
  });

  it('missing arguments and unknown options exit 2', () => {
    expect(refused(['init'], 2)).toBe('weft: missing PROJECT');
    expect(refused(['export', project], 2)).toBe('weft: missing --out FILE');
    expect(refused(['codings', 'export', project], 2)).toMatch(/unknown codings command "export"/);
    expect(refused(['info', project, '--jsno'], 2)).toMatch(/--jsno/);
  });

  it('--help prints usage on stdout and exits 0', () => {
    const r = weft('--help');
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^weft: qualitative coding/);
    expect(r.stdout).toContain('weft codings import PROJECT FILE.csv [--create-codes]');
  });
});

describe('weft under an older system Node', () => {
  const node20 = (() => {
    let candidates: string[] = [];
    try {
      candidates = execFileSync('which', ['-a', 'node'], { encoding: 'utf8' }).split('\n').filter(Boolean);
    } catch {
      return undefined;
    }
    candidates.push('/usr/local/bin/node', '/usr/bin/node');
    return candidates.find((c) => {
      try {
        return fs.existsSync(c) && execFileSync(c, ['--version'], { encoding: 'utf8' }).startsWith('v20.');
      } catch {
        return false;
      }
    });
  })();

  // Skipped only where no Node 20 is installed (it runs on the build machines, whose
  // system Node is 20): there is then no older Node to start weft with.
  it.skipIf(!node20)('re-executes itself under Node 22 when started by Node 20 [skipped when no Node 20 is installed]', () => {
    ok('init', project);
    ok('import', project, UDHR[0]!);
    const r = run(node20!, [WEFT, 'info', project, '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('{"documents":1,"codes":0,"codings":0,"coders":[]}\n');
    // and the exit code of the re-executed child comes back
    const bad = run(node20!, [WEFT, 'frobnicate']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('weft: unknown command "frobnicate" (run weft --help)\n');
    // through the shebang too, with Node 20 first on PATH
    const viaShebang = run(WEFT, ['info', project, '--json'], { ...process.env, PATH: `${path.dirname(node20!)}:/usr/bin:/bin` });
    expect(viaShebang.status).toBe(0);
    expect(viaShebang.stdout).toBe('{"documents":1,"codes":0,"codings":0,"coders":[]}\n');
  });
});
