// Export → import round trips: any set of codings survives the segments CSV
// unchanged, and the CSV reader gives back exactly what the writer wrote.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Project } from '../../electron/services/project.js';
import { importFiles } from '../../electron/services/documents.js';
import { createCode } from '../../electron/services/codebook.js';
import { applyCoding, importCodingsCsv } from '../../electron/services/coding.js';
import { segmentsCsv } from '../../electron/services/exportProject.js';
import { parseCsv, toCsv } from '../../shared/formats/csv.js';
import { SEGMENT_COLUMNS } from '../../shared/formats/segmentsCsv.js';

const piece = fc.oneof(
  fc.constantFrom('a', 'Q', ' ', ',', '"', '""', ';', '|', '\t', "'", '=1+1'),
  fc.constantFrom('😀', '👩‍👩‍👧', '🇹🇭', '𝄞', '🏽'),
  fc.constantFrom('\u0301', '\u0323', 'e\u0301', 'Vie\u0323\u0302t', 'ñ'),
  fc.constantFrom('ก', 'ภาษาไทย', 'น้ำ', '\u0e48'),
  fc.constantFrom('ខ្មែរ', 'ក្ម', '\u17d2'),
  fc.constantFrom('ሰላም', 'ኢትዮጵያ'),
  fc.string({ unit: 'binary', maxLength: 2 }),
);
const lineBreak = fc.constantFrom('\n', '\r\n', '\r');
const textWithBreaks = (maxLength: number) => fc.array(fc.oneof({ weight: 5, arbitrary: piece }, { weight: 1, arbitrary: lineBreak }), { maxLength }).map((p) => p.join(''));

let dir: string;
const projects: Project[] = [];
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-csv-'));
});
afterEach(() => {
  for (const p of projects.splice(0)) p.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('toCsv / parseCsv', () => {
  const headerName = fc.stringMatching(/^[a-z][a-z0-9_ ]{0,10}[a-z0-9]$/);

  it('round-trips any cells, with 2 or more columns', () => {
    const table = fc.uniqueArray(headerName, { minLength: 2, maxLength: 6, selector: (h) => h.trim() }).chain((header) =>
      fc.tuple(fc.constant(header), fc.array(fc.array(textWithBreaks(8), { minLength: header.length, maxLength: header.length }), { maxLength: 8 })),
    );
    fc.assert(
      fc.property(table, ([header, rows]) => {
        const csv = toCsv(header, rows);
        const parsed = parseCsv(csv);
        expect(parsed.header).toEqual(header);
        expect(parsed.rows.map((r) => header.map((h) => r.cells[h]))).toEqual(rows);
        expect(parsed.rows.map((r) => r.line)).toEqual(rows.map((_, i) => i + 2));
        // a BOM and LF-only record separators read the same
        expect(parseCsv('\ufeff' + csv).rows).toEqual(parsed.rows);
      }),
      { numRuns: 200 },
    );
  });

  it('round-trips a single column whose cells contain ; | and tabs (the delimiter is never guessed)', () => {
    const cell = textWithBreaks(6).filter((c) => c.length > 0);
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 6 }), (cells) => {
        const parsed = parseCsv(toCsv(['code_path'], cells.map((c) => [c])));
        expect(parsed.rows.map((r) => r.cells.code_path)).toEqual(cells);
      }),
      { numRuns: 100 },
    );
    expect(parseCsv('code_path\nHarm; self\nRisk | online\n').rows.map((r) => r.cells.code_path)).toEqual(['Harm; self', 'Risk | online']);
    expect(parseCsv('a,b\nx|y|z,1|2|3\n').rows[0]!.cells).toEqual({ a: 'x|y|z', b: '1|2|3' });
  });

  it('writes numbers, null and undefined, quotes only when needed, and ends records with CRLF', () => {
    expect(toCsv(['a', 'b', 'c', 'd'], [[1, null, undefined, 'x y'], [' lead', 'trail ', 'q"q', 'c,c']])).toBe(
      'a,b,c,d\r\n1,,,x y\r\n" lead","trail ","q""q","c,c"\r\n',
    );
  });

  it('names the row of a malformed record and refuses empty files and repeated columns', () => {
    expect(() => parseCsv('a,b\n1,2\n1,2,3\n', 'in.csv')).toThrow('in.csv: row 3: has 3 fields, the header has 2');
    expect(() => parseCsv('a,b\n1\n', 'in.csv')).toThrow('in.csv: row 2: has 1 fields, the header has 2');
    expect(() => parseCsv('', 'in.csv')).toThrow('in.csv: the file is empty');
    expect(() => parseCsv('a,a\n1,2\n', 'in.csv')).toThrow('in.csv: header: column "a" appears twice');
    expect(() => parseCsv('a,b\n"open,2\n', 'in.csv')).toThrow(/^in\.csv: row \d+: /);
  });
});

interface Scenario {
  docs: string[];
  codes: Array<{ name: string; children: string[] }>;
  codings: Array<{ doc: number; code: number; coder: number; a: number; b: number; memo: string }>;
}

const CODERS = ['Ana', 'Søren', 'อรุณ', 'Ben "B" Jr, PhD'];
const codeName = fc
  .array(fc.oneof(piece, fc.constantFrom('Harm', 'Trust', 'Online')), { minLength: 1, maxLength: 4 })
  .map((p) => p.join('').trim())
  .filter((n) => n.length > 0 && !n.includes('>') && !/[\r\n]/.test(n));
const uniqueNames = (min: number, max: number) => fc.uniqueArray(codeName, { minLength: min, maxLength: max, selector: (n) => n.toLowerCase() });

/**
 * Transcript text: the importer refuses text with NUL or other control characters as a binary file
 * (checked below), so the documents drop them; codes and memos keep them.
 */
const CONTROLS = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/g;
const docText = textWithBreaks(30).map((t) => t.replace(CONTROLS, ''));

const scenario: fc.Arbitrary<Scenario> = fc.record({
  docs: fc.array(docText, { minLength: 1, maxLength: 3 }),
  codes: uniqueNames(1, 3).chain((tops) =>
    fc.tuple(...tops.map((name) => uniqueNames(0, 2).map((children) => ({ name, children })))),
  ),
  codings: fc.array(
    fc.record({ doc: fc.nat(), code: fc.nat(), coder: fc.nat(CODERS.length - 1), a: fc.nat(), b: fc.nat(), memo: fc.oneof(fc.constant(''), textWithBreaks(10)) }),
    { maxLength: 12 },
  ),
});

type Row = [document: string, codePath: string, coder: string, start: number, end: number, text: string, memo: string];
const rowsOf = (p: Project): Row[] =>
  p.repo
    .segments()
    .map((s): Row => [s.documentName, s.codePath, s.coderName, s.start, s.end, s.text, s.memo])
    .sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));

/** A project with the scenario's documents (imported from files) and codebook. */
function build(name: string, s: Scenario, files: string[]): Project {
  const p = Project.create(path.join(dir, name));
  projects.push(p);
  const imported = importFiles(p, files);
  expect(imported.map((r) => r.status)).toEqual(files.map(() => 'imported'));
  for (const top of s.codes) {
    const parent = createCode(p, { name: top.name });
    for (const child of top.children) createCode(p, { name: child, parentId: parent.id });
  }
  return p;
}

describe('segments CSV: export → import', () => {
  it('refuses a transcript with a NUL or many control characters as binary, naming the file (why the documents above drop them)', () => {
    const p = Project.create(path.join(dir, 'binary.weft'));
    projects.push(p);
    const nul = path.join(dir, 'nul.txt');
    const controls = path.join(dir, 'controls.txt');
    const ok = path.join(dir, 'ok.txt');
    fs.writeFileSync(nul, 'Interview 0:\r\n\u0000');
    fs.writeFileSync(controls, 'Interview 1:\r\n\u0001\u0002\u0003 text');
    fs.writeFileSync(ok, 'Interview 2:\r\n\ttab and form feed\f');
    const r = importFiles(p, [nul, controls, ok]);
    expect(r.map((x) => x.status)).toEqual(['failed', 'failed', 'imported']);
    for (const x of r.slice(0, 2)) expect(JSON.stringify(x)).toMatch(/binary file/);
    expect(p.repo.allDocuments().map((d) => d.name)).toEqual(['ok']);
  });

  it('any set of codings survives export and re-import into a fresh project unchanged; importing twice adds nothing', () => {
    let run = 0;
    fc.assert(
      fc.property(scenario, (s) => {
        const runDir = path.join(dir, `run-${run++}`);
        fs.mkdirSync(runDir);
        // a numbered first line keeps documents distinct, and non-empty
        const files = s.docs.map((text, i) => {
          const f = path.join(runDir, `interview ${i}, "P${i}".txt`);
          fs.writeFileSync(f, `Interview ${i}:\r\n${text}`);
          return f;
        });
        const a = build(`run-${run}-a.weft`, s, files);
        const docs = a.repo.allDocuments();
        const codes = a.repo.codes();
        const coders = CODERS.map((n) => a.repo.ensureCoder(n));
        for (const c of s.codings) {
          const d = docs[c.doc % docs.length]!;
          const start = c.a % d.length;
          const end = start + 1 + (c.b % (d.length - start));
          applyCoding(a, { documentId: d.id, codeId: codes[c.code % codes.length]!.id, coderId: coders[c.coder]!.id, start, end, memo: c.memo });
        }
        const expected = rowsOf(a);
        const storedText = new Map(docs.map((d) => [d.name, d.text]));
        for (const [doc, , , start, end, text] of expected) expect(text).toBe(Array.from(storedText.get(doc)!).slice(start, end).join(''));

        const csv = segmentsCsv(a);
        const csvFile = path.join(runDir, 'segments.csv');
        fs.writeFileSync(csvFile, csv);
        const table = parseCsv(csv);
        expect(table.header).toEqual([...SEGMENT_COLUMNS]);
        expect(table.rows).toHaveLength(expected.length);

        const b = build(`run-${run}-b.weft`, s, files);
        const first = importCodingsCsv(b, csvFile);
        expect(first).toMatchObject({ rows: expected.length, added: expected.length, unchanged: 0, codesCreated: 0 });
        expect(rowsOf(b)).toEqual(expected);
        // segment ids survive too
        expect(b.repo.segments().map((x) => x.guid).sort()).toEqual(a.repo.segments().map((x) => x.guid).sort());

        const snapshot = b.db.prepare('SELECT * FROM codings ORDER BY id').all();
        const second = importCodingsCsv(b, csvFile);
        expect(second).toMatchObject({ rows: expected.length, added: 0, unchanged: expected.length, codesCreated: 0, codersCreated: 0 });
        expect(b.db.prepare('SELECT * FROM codings ORDER BY id').all()).toEqual(snapshot);

        // and the source project takes its own export back without change
        expect(importCodingsCsv(a, csvFile).added).toBe(0);
        expect(rowsOf(a)).toEqual(expected);

        for (const p of projects.splice(0)) p.close();
      }),
      { numRuns: 100 },
    );
  });

  it('matches documents by name when the ids differ, and codes by path ignoring case and spacing', () => {
    const f = path.join(dir, 'talk.txt');
    fs.writeFileSync(f, 'Say 😀 to ሰላም');
    const s: Scenario = { docs: [], codes: [{ name: 'Risk', children: ['Online'] }], codings: [] };
    const p = build('p.weft', s, [f]);
    const csvFile = path.join(dir, 'in.csv');
    fs.writeFileSync(
      csvFile,
      toCsv(['document_id', 'document', 'code_path', 'coder', 'start', 'end', 'text', 'memo'], [
        ['not-a-guid', 'talk', 'risk>ONLINE', 'Ana', 4, 5, '😀', 'm'],
        ['', 'talk', '  Risk  >  Online ', 'Ana', 9, 12, '', ''],
      ]),
    );
    expect(importCodingsCsv(p, csvFile)).toMatchObject({ rows: 2, added: 2, codersCreated: 1 });
    expect(rowsOf(p)).toEqual([
      ['talk', 'Risk > Online', 'Ana', 4, 5, '😀', 'm'],
      ['talk', 'Risk > Online', 'Ana', 9, 12, 'ሰላም', ''],
    ]);
  });
});
