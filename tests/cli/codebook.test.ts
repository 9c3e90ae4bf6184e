// The codebook exchange commands, run as the real `weft`: export in every
// format and import back, merge import with its report, diff between files,
// projects and published versions, and one-line refusals that leave the
// project unchanged.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, reference } from '../reference.js';
import { validateQdc } from '../unit/qdpxSchema.js';
import { parseCsv, toCsv } from '../../shared/formats/csv.js';
import type { CodebookDiff } from '../../shared/codebookDiff.js';
import type { CodebookMergeReport } from '../../shared/api/methods/codebookExchange.js';
import { BUNDLE, weft, ok, refused } from './weft.js';

const STARTER = path.join(REPO_ROOT, 'codebooks', 'ocsea-starter.json');

let root: string;
let dir: string;
beforeAll(() => {
  const newest = ['services/codebookExchange.ts', 'cli/commands/codebookExchange.ts'].map((f) => fs.statSync(path.join(REPO_ROOT, 'electron', f)).mtimeMs);
  if (!fs.existsSync(BUNDLE) || fs.statSync(BUNDLE).mtimeMs < Math.max(...newest)) {
    throw new Error(`${BUNDLE} is missing or older than the sources: run npm run build (tests/globalSetup.ts does)`);
  }
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-cli-codebook-'));
}, 200_000);
afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(root, 'case-'));
});
const file = (name: string) => path.join(dir, name);

function starterProject(name = 'p.weft'): string {
  const p = file(name);
  ok('init', p, '--bare');
  expect(ok('codebook', 'import', p, STARTER)).toMatch(/^codebook: 96 added, 0 updated, 0 unchanged/);
  return p;
}

describe('weft codebook export and import', () => {
  it('exports every format; each imports into a fresh project as the same codebook, and diff finds nothing', async () => {
    const p = starterProject();
    for (const ext of ['qdc', 'qdpx', 'json', 'csv', 'xlsx', 'txt']) {
      const out = file(`starter.${ext}`);
      expect(ok('codebook', 'export', p, '--out', out)).toMatch(new RegExp(`^wrote .*starter\\.${ext} \\(${ext}, 96 codes, \\d+ bytes\\)`));
      if (ext === 'qdc') expect(await validateQdc(fs.readFileSync(out, 'utf8'))).toEqual([]);
      const q = file(`from-${ext}.weft`);
      ok('init', q, '--bare');
      const merged = JSON.parse(ok('codebook', 'import', q, out, '--merge', '--json')) as CodebookMergeReport;
      expect(merged.added, ext).toHaveLength(96);
      expect(merged.warnings, ext).toEqual([]);
      if (ext === 'txt') continue; // the plain format has no colours, and no place to say a code without children is a category
      const d = JSON.parse(ok('codebook', 'diff', p, q, '--json')) as CodebookDiff;
      expect(d.unchanged, ext).toBe(96);
      expect(ok('codebook', 'diff', out, p), ext).toMatch(/no differences\n$/);
    }
  }, 240_000); // some 30 runs of weft on a shared machine

  it('merge import: the same file twice changes nothing the second time; the report names each change', () => {
    const p = starterProject();
    const csv = file('cb.csv');
    ok('codebook', 'export', p, '--out', csv);
    expect(ok('codebook', 'import', p, csv, '--merge')).toBe('codebook: 0 added, 0 updated, 0 renamed, 0 moved, 96 unchanged\n');
    // the lead renames one code, sharpens a definition and adds a code
    const table = parseCsv(fs.readFileSync(csv, 'utf8'));
    const rows = table.rows.map((r) => r.cells);
    rows.find((r) => r.code_path === 'Forms of harm > Grooming')!.code_path = 'Forms of harm > Online grooming';
    rows.find((r) => r.code_path === 'Forms of harm > Sexual extortion')!.definition = 'Blackmail with sexual images of a child.';
    rows.push({ ...Object.fromEntries(table.header.map((h) => [h, ''])), code_path: 'Forms of harm > Deepfake images', definition: 'Sexual images of a child made or altered by software.', codable: 'true' });
    const text = toCsv(table.header, rows.map((r) => table.header.map((h) => r[h])));
    fs.writeFileSync(csv, text);
    const out = ok('codebook', 'import', p, csv, '--merge');
    expect(out.split('\n')[0]).toBe('codebook: 1 added, 1 updated, 1 renamed, 0 moved, 94 unchanged');
    expect(out).toContain('  added: Forms of harm > Deepfake images\n');
    expect(out).toContain('  updated: Forms of harm > Sexual extortion (definition)\n');
    expect(out).toContain('  renamed: Forms of harm > Grooming → Forms of harm > Online grooming\n');
    expect(ok('codebook', 'import', p, csv, '--merge', '--dry-run')).toMatch(/^codebook \(dry run, nothing written\): 0 added, 0 updated, 0 renamed, 0 moved, 97 unchanged/);
  });

  it('imports reference codebooks of other tools, with warnings on stderr for what had to change', () => {
    const p = file('ref.weft');
    ok('init', p, '--bare');
    const r = weft('codebook', 'import', p, reference('codebooks', 'openqda-qdc', 'example_codebook.qdc'), '--merge');
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^weft: warning: .*not a GUID/m);
    expect(r.stdout).toMatch(/^codebook: \d+ added, 0 updated/);
    const n = weft('codebook', 'import', p, reference('qdpx', 'nvivo-mac-12.7', 'OltasSzkepticizmus_17June.qdpx'), '--merge', '--json');
    expect((JSON.parse(n.stdout) as CodebookMergeReport).added).toHaveLength(152);
    expect(JSON.parse(ok('info', p, '--json')).codes).toBeGreaterThan(152);
  });

  it('refuses bad input with one line naming the file, row and field, and leaves the project unchanged', () => {
    const p = starterProject();
    const before = file('before.json');
    ok('codebook', 'export', p, '--out', before);
    const bad = file('bad.csv');
    fs.writeFileSync(bad, 'code_path,color\nNew code,#123456\nOther,blue\n');
    expect(refused(['codebook', 'import', p, bad, '--merge'])).toBe(`weft: ${bad}: row 3: color "blue" must look like #RRGGBB`);
    expect(refused(['codebook', 'import', p, bad])).toBe(`weft: ${bad}: row 3: color "blue" must look like #RRGGBB`);
    const json = file('bad.json');
    fs.writeFileSync(json, '{"format":"weft-codebook","formatVersion":1,"codes":[{"name":"A"},{"name":"B","children":[{"name":"x > y"}]}]}');
    expect(refused(['codebook', 'import', p, json, '--merge'])).toBe(`weft: ${json}: codes[1].children[0]: code name "x > y" may not contain ">"`);
    const xml = file('bad.qdc');
    fs.writeFileSync(xml, '<CodeBook><Codes><Code');
    expect(refused(['codebook', 'import', p, xml, '--merge'])).toMatch(new RegExp(`^weft: ${xml.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: malformed XML`));
    expect(refused(['codebook', 'import', p, file('cb.doc')])).toMatch(/unsupported codebook format "\.doc"/);
    expect(refused(['codebook', 'export', p, '--out', file('cb.pdf')])).toMatch(/unsupported codebook format "\.pdf"/);
    expect(refused(['codebook', 'export', p], 2)).toBe('weft: missing --out FILE');
    expect(refused(['codebook', 'import', p, bad, '--json'], 2)).toBe('weft: --json and --dry-run go with --merge');
    const after = file('after.json');
    ok('codebook', 'export', p, '--out', after);
    expect(fs.readFileSync(after, 'utf8')).toBe(fs.readFileSync(before, 'utf8'));
  }, 120_000);
});

describe('weft codebook diff', () => {
  it('lists exactly the changes between two files', () => {
    const p = starterProject();
    const a = file('a.json');
    ok('codebook', 'export', p, '--out', a);
    const doc = JSON.parse(fs.readFileSync(a, 'utf8'));
    const harm = doc.codes[0];
    harm.children[0].name = 'Online grooming'; // renamed
    harm.children[1].definition = 'Changed.'; // definition changed
    const live = harm.children.splice(3, 1)[0]; // moved to another theme
    doc.codes[1].children.push(live);
    harm.children.splice(4, 1); // deleted
    doc.codes.push({ name: 'Emerging themes', codable: false, children: [] }); // added
    const b = file('b.json');
    fs.writeFileSync(b, JSON.stringify(doc));
    const d = JSON.parse(ok('codebook', 'diff', a, b, '--json')) as CodebookDiff;
    expect(d.renamed.map((r) => [r.fromName, r.toName])).toEqual([['Grooming', 'Online grooming']]);
    expect(d.definitionChanged.map((c) => [c.path.join(' > '), c.fields.map((f) => f.field)])).toEqual([['Forms of harm > Sexual extortion', ['definition']]]);
    expect(d.moved.map((m) => [m.from.join(' > '), m.to.join(' > ')])).toEqual([['Forms of harm > Live-streamed abuse', 'Settings and technology > Live-streamed abuse']]);
    expect(d.deleted.map((c) => c.path.join(' > '))).toEqual(['Forms of harm > Unwanted exposure to sexual content']);
    expect(d.added.map((c) => c.path.join(' > '))).toEqual(['Emerging themes']);
    expect(d.merged).toEqual([]);
    const text = ok('codebook', 'diff', a, b);
    expect(text.split('\n')[0]).toBe('1 added, 1 deleted, 1 renamed, 1 moved, 0 merged, 1 changed, 92 unchanged');
    expect(text).toContain('~ renamed: Forms of harm > Grooming → Forms of harm > Online grooming\n');
  });

  it('compares a published version with the project: PROJECT.weft@N', () => {
    const p = starterProject();
    ok('codebook', 'publish', p, '--note', 'round 1');
    const csv = file('cb.csv');
    ok('codebook', 'export', p, '--out', csv);
    fs.writeFileSync(csv, fs.readFileSync(csv, 'utf8').replace('Forms of harm > Grooming,', 'Forms of harm > Online grooming,'));
    ok('codebook', 'import', p, csv, '--merge');
    const d = JSON.parse(ok('codebook', 'diff', `${p}@1`, p, '--json')) as CodebookDiff;
    expect(d.renamed.map((r) => r.toName)).toEqual(['Online grooming']);
    expect(d.added.length + d.deleted.length + d.moved.length + d.definitionChanged.length).toBe(0);
    expect(refused(['codebook', 'diff', `${p}@7`, p])).toMatch(/no codebook version 7/);
  });
});
