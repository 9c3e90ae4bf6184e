// The exchange and triangulation commands, run as the real `weft` on a small
// study: .qdpx both ways, segment exports in every format with layers,
// filters, context and spreadsheet safety, the matrix checked against counts
// computed independently from the CSV export, and theme reports.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { REPO_ROOT, reference } from '../reference.js';
import { parseCsv } from '../../shared/formats/csv.js';
import { buildStudy, TRANSCRIPTS } from '../unit/exchangeFixture.js';
import { validateQde } from '../unit/qdpxSchema.js';
import { BUNDLE, ok, refused } from './weft.js';


let root: string;
let study: string;
let dir: string;
beforeAll(() => {
  if (!fs.existsSync(BUNDLE) || fs.statSync(BUNDLE).mtimeMs < fs.statSync(path.join(REPO_ROOT, 'electron', 'services', 'qdpxImport.ts')).mtimeMs) {
    throw new Error(`${BUNDLE} is missing or older than the sources: run npm run build (tests/globalSetup.ts does)`);
  }
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-cli-exchange-'));
  study = buildStudy(root);
}, 200_000);
afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(root, 'case-'));
});
const file = (name: string) => path.join(dir, name);
const csvRows = (f: string) => parseCsv(fs.readFileSync(f, 'utf8')).rows.map((r) => r.cells);

describe('weft export --out FILE.qdpx and weft qdpx import', () => {
  it('writes a schema-valid .qdpx (also with --crlf) that a fresh project imports with every coding', async () => {
    for (const crlf of [false, true]) {
      const out = file(crlf ? 'crlf.qdpx' : 'study.qdpx');
      expect(ok('export', study, '--out', out, ...(crlf ? ['--crlf'] : []))).toMatch(/wrote .* \(qdpx, \d+ bytes: 4 sources, 8 codes, 15 codings, 3 users/);
      const entries = unzipSync(fs.readFileSync(out));
      expect(await validateQde(new TextDecoder().decode(entries['project.qde']!))).toEqual([]);
      const target = file(crlf ? 'crlf.weft' : 'again.weft');
      // --bare: without the default attributes, so every attribute of the .qdpx is created
      ok('init', target, '--bare');
      const report = ok('qdpx', 'import', target, out);
      expect(report).toMatch(/created: 4 documents, 8 codes, 15 codings, 3 coders, 6 memos, 6 attributes/);
      expect(report).toMatch(/nothing was left out/);
      expect(JSON.parse(ok('info', target, '--json'))).toEqual(JSON.parse(ok('info', study, '--json')));
    }
  });

  it('imports the real NVivo export, reports the lossy one and refuses it without --allow-lossy', () => {
    const p = file('n.weft');
    ok('init', p);
    expect(ok('qdpx', 'import', p, reference('qdpx', 'nvivo-mac-12.7', 'OltasSzkepticizmus_17June.qdpx'))).toMatch(/created: 2 documents, 152 codes, 297 codings/);
    const lossy = reference('qdpx', 'nvivo-mac-15-lossy', 'nvivo_project.qdpx');
    const q = file('l.weft');
    ok('init', q);
    expect(refused(['qdpx', 'import', q, lossy])).toMatch(/^weft: .*lossy export from NVivo for Mac 15\.0\.0: 2 of 2 sources have empty texts/);
    expect(JSON.parse(ok('info', q, '--json'))).toMatchObject({ documents: 0, codes: 0, codings: 0 });
    const out = ok('qdpx', 'import', q, lossy, '--allow-lossy');
    expect(out).toMatch(/note: LOSSY EXPORT from NVivo for Mac 15\.0\.0/);
    expect(out).toMatch(/not imported: source .*its text is empty \(1 byte\)/);
    expect(out).toMatch(/2 item\(s\) not imported/);
  });

  it('refuses layer options for a .qdpx and a file that is not one', () => {
    expect(refused(['export', study, '--out', file('x.qdpx'), '--coder', 'Amina'], 2)).toMatch(/a \.qdpx holds the whole project/);
    fs.writeFileSync(file('bad.qdpx'), 'not a zip');
    const p = file('b.weft');
    ok('init', p);
    expect(refused(['qdpx', 'import', p, file('bad.qdpx')])).toMatch(/bad\.qdpx: not a \.qdpx archive/);
  });
});

describe('segment exports', () => {
  it('uses the Consensus layer by default, a chosen coder, or all coders', () => {
    ok('export', study, '--out', file('default.csv'));
    expect(new Set(csvRows(file('default.csv')).map((r) => r.coder))).toEqual(new Set(['Consensus']));
    ok('export', study, '--out', file('amina.csv'), '--coder', 'Amina');
    expect(new Set(csvRows(file('amina.csv')).map((r) => r.coder))).toEqual(new Set(['Amina']));
    ok('export', study, '--out', file('all.csv'), '--all-coders');
    expect(csvRows(file('all.csv'))).toHaveLength(15);
    expect(refused(['export', study, '--out', file('x.csv'), '--coder', 'Nobody'])).toMatch(/coder "Nobody" is not in the project/);
  });

  it('keeps the default CSV exact (it round-trips through codings import) and neutralises formulas with --safe', () => {
    ok('export', study, '--out', file('all.csv'), '--all-coders');
    const exact = csvRows(file('all.csv'));
    expect(exact.map((r) => r.text)).toContain('=SUM(A1) is what the spreadsheet shows');
    expect(exact.find((r) => r.document === 'officer-kenya')!.interviewer).toBe('=HYPERLINK("x")');
    // the exact CSV imports back onto the same text (every row already present)
    expect(ok('codings', 'import', study, file('all.csv'))).toMatch(/0 added, 15 already present/);
    ok('export', study, '--out', file('safe.csv'), '--all-coders', '--safe');
    const safe = csvRows(file('safe.csv'));
    for (const row of safe) for (const v of Object.values(row)) expect(v).not.toMatch(/^[=+\-@]/);
    expect(safe.map((r) => r.text)).toEqual(expect.arrayContaining(["'=SUM(A1) is what the spreadsheet shows", "'-Two years- on average.", "'@training is rare; we learn on the job."]));
  });

  it('filters codes with their children and documents by attributes (repeated --where is "any of")', () => {
    ok('export', study, '--out', file('cap.csv'), '--code', 'Capacity', '--where', 'country=Kenya', '--where', 'country=Thailand');
    const rows = csvRows(file('cap.csv'));
    expect(new Set(rows.map((r) => r.code_path))).toEqual(new Set(['Capacity > Training', 'Capacity > Forensics']));
    expect(new Set(rows.map((r) => r.country))).toEqual(new Set(['Kenya', 'Thailand']));
    ok('export', study, '--out', file('k.csv'), '--where', 'country=Kenya', '--where', 'participant_group=justice professional');
    expect(new Set(csvRows(file('k.csv')).map((r) => r.document))).toEqual(new Set(['prosecutor-kenya']));
    expect(refused(['export', study, '--out', file('x.csv'), '--where', 'region=East'])).toMatch(/no attribute "region"/);
    expect(refused(['export', study, '--out', file('x.csv'), '--where', 'country=Kenia'])).toMatch(/no document has this value \(values: Kenya, Thailand, Uganda\)/);
    expect(refused(['export', study, '--out', file('x.csv'), '--code', 'Nope'])).toMatch(/--code "Nope": no such code/);
  });

  it('adds context: the whole speaker turn, or N characters either side', () => {
    ok('export', study, '--out', file('turn.csv'), '--context', 'turn');
    const row = csvRows(file('turn.csv')).find((r) => r.text === 'Platforms answer slowly.')!;
    expect(row.context_before).toBe('Officer: =SUM(A1) is what the spreadsheet shows, they said. ');
    expect(row.context_after).toBe('');
    ok('export', study, '--out', file('n.csv'), '--context', '5');
    const r2 = csvRows(file('n.csv')).find((r) => r.text === 'Platforms answer slowly.')!;
    expect([r2.context_before, r2.context_after]).toEqual(['aid. ', '\n']);
    // 5 before, the 24 of the segment, and the 1 left before the end of the text
    expect(Number(r2.context_end) - Number(r2.context_start)).toBe(5 + 24 + 1);
    expect(refused(['export', study, '--out', file('x.csv'), '--context', 'paragraph'], 2)).toMatch(/--context "paragraph"/);
  });

  it('writes JSON segments when a segment option is given, and the lossless project JSON otherwise', () => {
    ok('export', study, '--out', file('seg.json'), '--segments');
    const seg = JSON.parse(fs.readFileSync(file('seg.json'), 'utf8')) as { format: string; layer: string; segments: Array<{ coder: string; attributes: object }> };
    expect(seg.format).toBe('weft-segments');
    expect(seg.layer).toBe('Consensus');
    expect(seg.segments.every((s) => s.coder === 'Consensus')).toBe(true);
    ok('export', study, '--out', file('project.json'));
    expect((JSON.parse(fs.readFileSync(file('project.json'), 'utf8')) as { format: string }).format).toBe('weft-project');
  });

  it('writes a workbook whose cells cannot run formulas: Segments, Codebook, Documents and Summary', async () => {
    ok('export', study, '--out', file('all.xlsx'), '--all-coders');
    const entries = unzipSync(fs.readFileSync(file('all.xlsx')));
    for (const [name, data] of Object.entries(entries)) {
      if (name.startsWith('xl/worksheets/')) expect(new TextDecoder().decode(data), name).not.toMatch(/<f[ >]/);
    }
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file('all.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Segments', 'Codebook', 'Documents', 'Summary']);
    const texts: string[] = [];
    for (const ws of wb.worksheets) {
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          expect(cell.type, `${ws.name}!${cell.address}`).not.toBe(ExcelJS.ValueType.Formula);
          if (typeof cell.value === 'string') {
            expect(cell.value, `${ws.name}!${cell.address}`).not.toMatch(/^[=+\-@]/);
            texts.push(cell.value);
          }
        }),
      );
    }
    expect(texts).toEqual(expect.arrayContaining(["'=SUM(A1) is what the spreadsheet shows", "'=HYPERLINK(\"x\")"]));
    const seg = wb.getWorksheet('Segments')!;
    expect(seg.rowCount).toBe(16);
    const header = (seg.getRow(1).values as string[]).slice(1);
    expect(header).toEqual(expect.arrayContaining(['segment_id', 'code_path', 'text', 'country', 'participant_group', 'age', 'interview_date', 'consent_recorded', 'interviewer']));
    expect(wb.getWorksheet('Documents')!.rowCount).toBe(1 + Object.keys(TRANSCRIPTS).length);
  });
});

describe('weft matrix', () => {
  interface MatrixJson {
    columns: Array<{ values: string[]; documents: number }>;
    rows: Array<{ path: string; segments: number[]; documents: number[]; segmentsWithChildren: number[]; documentsWithChildren: number[] }>;
  }

  it('counts equal those computed independently from the CSV export (2 nested attributes, own and with children)', () => {
    for (const layer of [[], ['--all-coders']]) {
      ok('export', study, '--out', file('seg.csv'), ...layer);
      const rows = csvRows(file('seg.csv'));
      const m = JSON.parse(ok('matrix', study, '--rows', 'codes', '--cols', 'country,participant_group', '--json', ...layer)) as MatrixJson;
      const allCodes = m.rows.map((r) => r.path);
      for (const r of m.rows) {
        m.columns.forEach((c, i) => {
          const inCol = rows.filter((x) => x.country === c.values[0] && x.participant_group === c.values[1]);
          const own = inCol.filter((x) => x.code_path === r.path);
          const tree = inCol.filter((x) => x.code_path === r.path || (x.code_path ?? '').startsWith(`${r.path} > `));
          expect(r.segments[i], `${r.path} × ${c.values}`).toBe(own.length);
          expect(r.documents[i]).toBe(new Set(own.map((x) => x.document_id)).size);
          expect(r.segmentsWithChildren[i]).toBe(tree.length);
          expect(r.documentsWithChildren[i]).toBe(new Set(tree.map((x) => x.document_id)).size);
        });
      }
      expect(allCodes).toEqual(['Reporting', 'Reporting > Channels', 'Reporting > Delays', 'Barriers', 'Barriers > Shame & blame', 'Capacity', 'Capacity > Training', 'Capacity > Forensics']);
      expect(m.columns.map((c) => c.values.join('/'))).toEqual(['Kenya/law-enforcement officer', 'Kenya/justice professional', 'Uganda/caregiver', 'Thailand/frontline worker']);
    }
  });

  it('prints a table, percent of documents, and writes CSV and XLSX', async () => {
    const text = ok('matrix', study, '--rows', 'codes', '--cols', 'country', '--measure', 'percent');
    expect(text).toMatch(/code \\ country\s+Kenya\s+Uganda\s+Thailand/);
    expect(text).toMatch(/^ {2}Forensics\s+50\s+0\s+0$/m);
    ok('matrix', study, '--cols', 'country', '--measure', 'documents', '--out', file('m.csv'));
    const m = csvRows(file('m.csv'));
    expect(m.find((r) => r.code_path === 'Capacity')).toEqual({ code_path: 'Capacity', Kenya: '1', Uganda: '0', Thailand: '1' });
    ok('matrix', study, '--cols', 'country,participant_group', '--out', file('m.xlsx'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file('m.xlsx'));
    expect(wb.worksheets[0]!.getRow(1).getCell(2).value).toBe('Kenya');
    expect(refused(['matrix', study, '--cols', 'region'])).toMatch(/--cols: no attribute "region"/);
    expect(refused(['matrix', study, '--cols', 'country', '--measure', 'share'], 2)).toMatch(/--measure "share"/);
  });

  it('lists co-occurring codes by overlap and by speaker turn', () => {
    const overlap = ok('cooccurrence', study, '--all-coders');
    expect(overlap.split('\n')[0]).toBe('1\tCapacity > Training\tCapacity > Forensics');
    const turn = JSON.parse(ok('cooccurrence', study, '--mode', 'turn', '--json')) as { codes: Array<{ path: string }>; counts: number[][] };
    const i = turn.codes.findIndex((c) => c.path === 'Capacity > Training');
    const j = turn.codes.findIndex((c) => c.path === 'Capacity > Forensics');
    expect(turn.counts[i]![j]).toBe(1);
  });
});

describe('weft report', () => {
  it('writes a printable HTML and a DOCX theme report with definitions, counts per group and labelled quotes', () => {
    ok('report', study, '--codes', 'Barriers,Capacity > Training', '--group-by', 'participant_group,country', '--out', file('r.html'));
    const html = fs.readFileSync(file('r.html'), 'utf8');
    expect(html).toMatch(/<h2>Barriers<\/h2>/);
    expect(html).toMatch(/What stops children and families from telling/);
    expect(html).toMatch(/<h3>caregiver · Uganda<\/h3>/);
    expect(html).toMatch(/“She was afraid of being blamed\.”<span class="label">caregiver-uganda · country: Uganda · participant_group: caregiver/);
    expect(html).toMatch(/@media print/);
    ok('report', study, '--codes', 'Barriers', '--group-by', 'country', '--out', file('r.docx'));
    const docx = unzipSync(fs.readFileSync(file('r.docx')));
    const xml = new TextDecoder().decode(docx['word/document.xml']!);
    expect(xml).toMatch(/She was afraid of being blamed\./);
    expect(xml).toMatch(/country: Uganda/);
    expect(refused(['report', study, '--codes', 'Nope', '--group-by', 'country', '--out', file('x.html')])).toMatch(/--codes: no code "Nope"/);
  });
});
