// The real `weft` command for de-identification: `deid scan --json` with
// code-point offsets into the normalised text, `import --deidentify`, the
// known-names list, and one-line refusals.
import { beforeAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../reference.js';
import { normalizeText, sliceCodePoints } from '../../shared/offsets.js';
import { LABELLED, parseLabelled } from '../unit/deid/labelled.js';

const NODE22 = path.join(REPO_ROOT, 'node_modules', '.bin', 'node');
const WEFT = path.join(REPO_ROOT, 'electron', 'cli', 'weft.cjs');
const BUNDLE = path.join(REPO_ROOT, 'dist', 'cli', 'weft.mjs');

const weft = (...args: string[]) => {
  const r = spawnSync(NODE22, [WEFT, ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  return r;
};
function ok(...args: string[]): string {
  const r = weft(...args);
  expect(r.stderr, `weft ${args.join(' ')}`).toBe('');
  expect(r.status, `weft ${args.join(' ')}`).toBe(0);
  return r.stdout;
}
function refused(args: string[], code = 1): string {
  const r = weft(...args);
  expect(r.status, r.stderr).toBe(code);
  const lines = r.stderr.split('\n').filter(Boolean);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^weft: /);
  return lines[0]!;
}

beforeAll(() => {
  if (!fs.existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing or older than the sources: run npm run build (tests/globalSetup.ts does)`);
}, 200_000);

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-cli-deid-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string | Buffer) => {
  const f = path.join(dir, name);
  fs.writeFileSync(f, content);
  return f;
};

interface Row {
  file: string;
  kind: string;
  start: number;
  end: number;
  text: string;
  confidence: string;
}

describe('weft deid scan', () => {
  it('prints findings as JSON with code-point offsets into the text as Weft stores it (BOM removed, LF, NFC)', () => {
    // a BOM, CRLF, an emoji and a decomposed é before the identifiers
    const raw = '\ufeffInterviewer: 😀 cafe\u0301?\r\nRespondent: My daughter Wanjiru, call 0722 456 789 or write to w.kamau@example.co.ke.\r\n';
    const f = file('a.txt', raw);
    const rows = JSON.parse(ok('deid', 'scan', f, '--json')) as Row[];
    const stored = normalizeText(raw);
    expect(rows.map((r) => [r.kind, r.text])).toEqual([
      ['person', 'Wanjiru'],
      ['phone', '0722 456 789'],
      ['email', 'w.kamau@example.co.ke'],
    ]);
    for (const r of rows) {
      expect(Object.keys(r)).toEqual(['file', 'kind', 'start', 'end', 'text', 'confidence']);
      expect(r.file).toBe(f);
      expect(sliceCodePoints(stored, r.start, r.end)).toBe(r.text);
      expect(['high', 'medium', 'low']).toContain(r.confidence);
    }
  });

  it('scans several files and other formats, and uses a project’s known names', () => {
    const t = LABELLED.find((x) => x.id === 'kh-native')!;
    const khmer = file('kh.txt', parseLabelled(t.marked).text);
    const utf16 = file('u16.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Respondent: passport number A1234567.\n', 'utf16le')]));
    const rows = JSON.parse(ok('deid', 'scan', khmer, utf16, '--json')) as Row[];
    expect(rows.filter((r) => r.file === utf16).map((r) => [r.kind, r.text])).toEqual([['id', 'A1234567']]);
    expect(rows.some((r) => r.text === 'ស្រីមុំ')).toBe(false);
    const project = path.join(dir, 'p.weft');
    ok('init', project);
    ok('deid', 'names', project, 'add', 'ស្រីមុំ', 'Srey Mom');
    const withNames = JSON.parse(ok('deid', 'scan', khmer, '--json', '--project', project)) as Row[];
    expect(withNames.filter((r) => r.text === 'ស្រីមុំ')).toHaveLength(2);
    // plain output: one line per finding and a count
    expect(ok('deid', 'scan', utf16)).toMatch(/\tid\thigh\tA1234567\n1 finding in 1 file\n$/);
  });

  it('refuses an unreadable file in one line, before printing anything', () => {
    const good = file('ok.txt', 'Call 0722 456 789.');
    const line = refused(['deid', 'scan', good, path.join(dir, 'missing.txt'), '--json']);
    expect(line).toMatch(/missing\.txt/);
    expect(weft('deid', 'scan', good, path.join(dir, 'missing.txt'), '--json').stdout).toBe('');
    refused(['deid', 'scan'], 2);
  });
});

describe('weft import --deidentify', () => {
  it('replaces high-confidence identifiers while importing and reports what it did', () => {
    const project = path.join(dir, 'p.weft');
    ok('init', project);
    const { text } = parseLabelled(LABELLED.find((x) => x.id === 'ke-caregiver')!.marked);
    const out = ok('import', project, file('ke.txt', text), '--deidentify');
    expect(out).toMatch(/imported .*ke\.txt as "ke"\n\s+de-identified: \d+ replaced \(.*phone.*\); \d+ findings? left for review/);
    const status = ok('deid', 'status', project, '--json');
    const [doc] = JSON.parse(status) as Array<{ name: string; status: string; redactions: number; open: Record<string, number> }>;
    expect(doc!.redactions).toBeGreaterThan(10);
    expect(doc!.open.high).toBe(0);
    expect(doc!.status).toBe('imported');
    const bytes = Buffer.concat([fs.readFileSync(project), fs.existsSync(project + '-wal') ? fs.readFileSync(project + '-wal') : Buffer.alloc(0)]);
    for (const v of ['0722 456 789', '+254 733 123 456', 'faith.njeri@helpline-example.or.ke', '@brian_photos254', 'OB 23/14/03/2021']) {
      expect(bytes.includes(Buffer.from(v)), v).toBe(false);
    }
  });

  it('without the flag, scans and reports findings to review but changes nothing', () => {
    const project = path.join(dir, 'p.weft');
    ok('init', project);
    const out = ok('import', project, file('a.txt', 'Respondent: call me on 0722 456 789.'));
    expect(out).toMatch(/de-identification: 1 finding to review \(1 high confidence\)/);
  });
});

describe('weft deid names', () => {
  it('adds, lists and removes known names, keeping no name in the file', () => {
    const project = path.join(dir, 'p.weft');
    ok('init', project);
    ok('import', project, file('a.txt', 'Respondent: Zawadi went to school. ZAWADI is twelve.'));
    expect(ok('deid', 'names', project, 'add', '--by', 'Lead', 'Zawadi Mushi', 'Zawadi')).toMatch(/^added \[PERSON-1\] \(person, 2 spellings\); \d+ new findings? in 1 document/);
    expect(ok('deid', 'names', project, 'add', '--kind', 'school', 'Kisenyi Parents')).toMatch(/^added \[SCHOOL-1\]/);
    const list = JSON.parse(ok('deid', 'names', project, 'list', '--json')) as Array<{ placeholder: string; kind: string; spellings: number }>;
    expect(list.map((n) => [n.placeholder, n.kind, n.spellings])).toEqual([
      ['[PERSON-1]', 'person', 2],
      ['[SCHOOL-1]', 'school', 1],
    ]);
    expect(refused(['deid', 'names', project, 'add', 'zawadi'])).toMatch(/already on the known-names list \(\[PERSON-1\]\)/);
    refused(['deid', 'names', project, 'add', '--kind', 'village', 'X'], 2);
    expect(ok('deid', 'names', project, 'remove', 'ZAWADI MUSHI')).toMatch(/^removed \[PERSON-1\]/);
    expect(ok('deid', 'names', project, 'remove', '[school-1]')).toMatch(/^removed \[SCHOOL-1\]/);
    expect(refused(['deid', 'names', project, 'remove', 'Nobody'])).toMatch(/"Nobody" is not on the known-names list/);
    expect(fs.readFileSync(project).includes(Buffer.from('Mushi'))).toBe(false);
  });
});
