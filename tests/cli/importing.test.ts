// `weft import` with every format and whole folders, and `weft attributes`
// import/export/list/define, run as the real command on temporary projects.
// Bad input: one line on stderr naming the file/row/column, non-zero exit,
// and the project unchanged.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { Document, Packer, Paragraph, TextRun } from 'docx';
import { REPO_ROOT, reference } from '../reference.js';
import { parseCsv } from '../../shared/formats/csv.js';
import { BUNDLE, weft, ok, refused as refusedBy } from './weft.js';

/** As the shared `refused`, and the line starts with "weft: ". */
function refused(args: string[], code = 1): string {
  const line = refusedBy(args, code);
  expect(line).toMatch(/^weft: /);
  return line;
}
const sha = (f: string) => createHash('sha256').update(fs.readFileSync(f)).digest('hex');

let root: string;
let dir: string;
/** a project with the default attributes and three transcripts P1–P3, made once and copied per test (start-up of the CLI dominates) */
let template: string;
beforeAll(() => {
  const newest = (d: string): number =>
    fs.readdirSync(d, { withFileTypes: true }).reduce((m, e) => Math.max(m, e.isDirectory() ? newest(path.join(d, e.name)) : fs.statSync(path.join(d, e.name)).mtimeMs), 0);
  if (!fs.existsSync(BUNDLE) || fs.statSync(BUNDLE).mtimeMs < Math.max(newest(path.join(REPO_ROOT, 'electron')), newest(path.join(REPO_ROOT, 'shared')))) {
    throw new Error(`${BUNDLE} is missing or older than the sources: run npm run build (tests/globalSetup.ts does)`);
  }
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-cli-import-'));
  template = path.join(root, 'template.weft');
  ok('init', template);
  const t = (name: string, text: string) => (fs.writeFileSync(path.join(root, name), text), path.join(root, name));
  ok('import', template, t('P1.txt', 'Interviewer: one\n'), t('P2.txt', 'Interviewer: two\n'), t('P3.txt', 'Interviewer: three\n'));
}, 200_000);
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(root, 'case-'));
});
const file = (...parts: string[]) => path.join(dir, ...parts);
function copyTemplate(): string {
  const f = file('p.weft');
  fs.copyFileSync(template, f);
  return f;
}
function write(rel: string, content: string | Uint8Array): string {
  const f = file(rel);
  fs.mkdirSync(path.dirname(f), { recursive: true });
  fs.writeFileSync(f, content);
  return f;
}

describe('weft import', () => {
  it('walks a folder of mixed formats: imports each, reports the failures on stderr, lists what it ignored, and exits 1', async () => {
    const project = file('p.weft');
    ok('init', project);
    const docx = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph({ children: [new TextRun('Interviewer: Word file')] })] }] }));
    write('batch/kenya/01-officer.txt', 'Interviewer: When did the unit start?\nOfficer: In 2019.\n');
    write('batch/kenya/02-legacy.txt', Buffer.from('Q: Caf\xe9 \x93quoted\x94 na\xefve?\nA: Yes.\n', 'latin1'));
    write('batch/kenya/03-word.docx', docx);
    write('batch/uganda/04-call.vtt', 'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Counsellor>Hello.\n');
    write('batch/uganda/05-broken.docx', 'this is not a Word file');
    write('batch/uganda/06-scan.pdf', '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
    write('batch/uganda/07-notes.rtf', '{\\rtf1\\ansi Interviewer: rich text\\par}');
    write('batch/photo.jpg', 'jpeg');
    write('batch/consent.xlsx', 'xlsx');
    write('batch/.DS_Store', 'x');
    const missing = file('nowhere');
    const r = weft('import', project, file('batch'), missing, reference('transcripts', 'serdif', 'odt', 'P1_GMT20211118.odt'));
    expect(r.status).toBe(1);
    const err = r.stderr.trim().split('\n');
    expect(err).toHaveLength(3);
    expect(err[2]).toBe(`weft: ${missing}: no such file or folder (ENOENT)`);
    expect(err[0]).toBe(`weft: ${file('batch/uganda/05-broken.docx')}: not a valid Word document (the file does not start like one)`);
    expect(err[1]).toMatch(new RegExp(`^weft: ${file('batch/uganda/06-scan.pdf').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: (no text layer; run OCR first|not a readable PDF)`));
    const lines = r.stdout.trim().split('\n').filter((l) => !l.startsWith('  '));
    expect(lines).toEqual([
      `imported ${file('batch/kenya/01-officer.txt')} as "01-officer"`,
      `imported ${file('batch/kenya/02-legacy.txt')} as "02-legacy" (encoding guessed: windows-1252)`,
      `imported ${file('batch/kenya/03-word.docx')} as "03-word"`,
      `imported ${file('batch/uganda/04-call.vtt')} as "04-call"`,
      `imported ${file('batch/uganda/07-notes.rtf')} as "07-notes"`,
      `imported ${reference('transcripts', 'serdif', 'odt', 'P1_GMT20211118.odt')} as "P1_GMT20211118"`,
      'ignored 2 files that are not a transcript format: consent.xlsx, photo.jpg',
    ]);

    // again: everything is a duplicate, nothing fails but the two bad files
    const again = weft('import', project, file('batch'), '--json');
    const results = JSON.parse(again.stdout) as Array<{ file: string; status: string }>;
    expect(results.map((x) => x.status).sort()).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate', 'duplicate', 'failed', 'failed', 'ignored', 'ignored']);
  });

  it('imports the reference PDFs with the text and speaker turns of the interview', () => {
    const out = ok('import', copyTemplate(), reference('transcripts', 'pdpilot', 'pdf'), '--json');
    const results = JSON.parse(out) as Array<{ status: string; turns: number; speakers: string[]; notes: string[] }>;
    expect(results).toHaveLength(7);
    for (const r of results) {
      expect(r.status).toBe('imported');
      expect(r.speakers).toEqual(expect.arrayContaining(['Dan', 'Participant']));
      expect(r.turns).toBeGreaterThan(20);
    }
  }, 60_000);

  it('checks --attr values against their types before importing anything', () => {
    const project = copyTemplate();
    const t = write('a.txt', 'Interviewer: hello\n');
    const before = sha(project);
    expect(refused(['import', project, t, '--attr', 'country=Kenia', '--attr', 'interview_date=2025-01-01'])).toMatch(
      /^weft: attribute "country": "Kenia" is not one of the allowed values of country \(Ethiopia, Kenya/,
    );
    expect(sha(project)).toBe(before);
    ok('import', project, t, '--attr', 'country=kenya', '--attr', 'participant_group=Caregiver');
    ok('attributes', 'export', project, '--out', file('a.csv'));
    expect(fs.readFileSync(file('a.csv'), 'utf8').split('\r\n')[4]).toBe('a,Kenya,caregiver,,,,,,');
  });
});

describe('weft attributes', () => {
  let project: string;
  beforeEach(() => {
    project = copyTemplate();
  });

  it('exports the document name then one column per attribute, and imports a spreadsheet back', () => {
    expect(ok('attributes', 'export', project, '--out', file('empty.csv'))).toBe(`wrote ${file('empty.csv')} (3 documents)\n`);
    const csv = parseCsv(fs.readFileSync(file('empty.csv'), 'utf8'));
    expect(csv.header).toEqual(['document', 'country', 'participant_group', 'language', 'interview_date', 'interviewer', 'site', 'sex', 'age_band']);
    expect(csv.rows.map((r) => r.cells.document)).toEqual(['P1', 'P2', 'P3']);

    // a spreadsheet saved as Windows-1252 CSV, with a new column
    write('in.csv', Buffer.from('document,country,participant_group,language,interview_date,age\r\nP1,Kenya,survivor,Kiswahili,2025-03-12,14\r\nP2,viet nam,Frontline worker,Ti\xeang Vi\xea\xect?,,\r\n', 'latin1'));
    expect(refused(['attributes', 'import', project, file('in.csv')])).toBe(`weft: ${file('in.csv')}: header: column 6 "age" is not an attribute of this project (add it first, or use --create-attributes)`);
    expect(ok('attributes', 'import', project, file('in.csv'), '--create-attributes')).toBe('attributes: 2 documents; 8 values set, 0 cleared, 2 unchanged; attributes created: age\n');
    ok('attributes', 'export', project, '--out', file('out.csv'));
    const out = parseCsv(fs.readFileSync(file('out.csv'), 'utf8'));
    expect(out.rows[0]!.cells).toMatchObject({ document: 'P1', country: 'Kenya', participant_group: 'survivor', language: 'Kiswahili', interview_date: '2025-03-12', age: '14' });
    expect(out.rows[1]!.cells).toMatchObject({ document: 'P2', country: 'Viet Nam', participant_group: 'frontline worker' });
    // the export imports back with no change
    expect(ok('attributes', 'import', project, file('out.csv'))).toBe('attributes: 3 documents; 0 values set, 0 cleared, 27 unchanged\n');
    expect(ok('attributes', 'list', project, '--json')).toContain('{"name":"age","type":"number","values":[]}');
  });

  it('refuses a value that does not fit its type, naming row and column, and changes nothing', () => {
    write('bad.csv', 'document,country,interview_date\nP1,Kenya,2025-01-01\nP2,Uganda,01/02/2025\n');
    const before = sha(project);
    expect(refused(['attributes', 'import', project, file('bad.csv')])).toBe(
      `weft: ${file('bad.csv')}: row 3, column "interview_date": "01/02/2025" is not a date in the form YYYY-MM-DD (such as 2025-03-12)`,
    );
    write('unknown.csv', 'document,country\nP9,Kenya\n');
    expect(refused(['attributes', 'import', project, file('unknown.csv')])).toBe(`weft: ${file('unknown.csv')}: row 2: no document named "P9" in this project`);
    expect(sha(project)).toBe(before);
  });

  it('defines, renames and retypes attributes, refusing a type that a value does not fit', () => {
    expect(ok('attributes', 'define', project, 'consent', '--type', 'boolean')).toBe('consent: boolean\n');
    expect(ok('attributes', 'define', project, 'region', '--type', 'category', '--values', 'North | Coast')).toBe('region: category (North | Coast)\n');
    write('v.csv', 'document,interviewer,consent\nP1,Amina,yes\n');
    ok('attributes', 'import', project, file('v.csv'));
    expect(refused(['attributes', 'define', project, 'interviewer', '--type', 'number'])).toBe('weft: cannot change interviewer: document "P1" has a value that doesn\'t fit: "Amina" is not a number (write it like 42 or 3.5, with a dot)');
    expect(ok('attributes', 'define', project, 'interviewer', '--rename', 'interviewed_by')).toBe('interviewed_by: text\n');
    expect(ok('attributes', 'list', project)).toContain('consent\tboolean\n');
  });
});
