// Team coding through the real `weft` command: package → code in the package
// → merge (idempotent, lossless), agreement against the naive per-character
// reference, reliability of a CSV table, and reconciliation into a Consensus
// layer that exports.
import { beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../reference.js';
import { parseCsv, toCsv } from '../../shared/formats/csv.js';
import { characterUnits, refAlpha, refCohen, refFleiss, type RefDoc } from '../unit/agreementReference.js';
import { ok, refused } from './weft.js';


interface ExportJson {
  codes: Array<{ guid: string; path: string; codable: boolean }>;
  documents: Array<{ guid: string; name: string; text: string; length: number }>;
  codings: Array<{ guid: string; document: string; code: string; coder: string; start: number; end: number; memo: string }>;
  coders: Array<{ guid: string; name: string }>;
}
const exportJson = (dir: string, project: string): ExportJson => {
  const out = path.join(dir, `${path.basename(project)}-${Math.random().toString(36).slice(2)}.json`);
  ok('export', project, '--out', out);
  return JSON.parse(fs.readFileSync(out, 'utf8')) as ExportJson;
};

const TEXT_A = 'Interviewer: Can you tell me what happened?\nParticipant: She got messages from a stranger online, then he asked for photos.\nInterviewer: Whom did she tell?\nParticipant: She told her aunt first, and the aunt went to the police station.\n';
const TEXT_B = 'Interviewer: What training have officers had?\nParticipant: Two days on digital evidence, no equipment to examine phones.\nInterviewer: And cooperation with platforms?\nParticipant: Requests take months; we rarely get an answer.\n';
const CODES = ['Experiences > Events and processes', 'Barriers > Structural and institutional barriers', 'Actors > Formal actors'];

/** A segments CSV for one coder: rows of [document, code path, start, end, memo?]. */
function codingsCsv(file: string, coder: string, rows: Array<[string, string, number, number, string?]>): void {
  fs.writeFileSync(file, toCsv(['document', 'code_path', 'coder', 'start', 'end', 'memo'], rows.map(([d, c, s, e, m]) => [d, c, coder, s, e, m ?? ''])));
}

let dir: string;
let lead: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-team-'));
  fs.writeFileSync(path.join(dir, 'survivor-caregiver.txt'), TEXT_A);
  fs.writeFileSync(path.join(dir, 'officer.txt'), TEXT_B);
  lead = path.join(dir, 'lead.weft');
  ok('init', lead);
  ok('import', lead, path.join(dir, 'survivor-caregiver.txt'), '--attr', 'country=Kenya');
  ok('import', lead, path.join(dir, 'officer.txt'), '--attr', 'country=Uganda');
  ok('codebook', 'import', lead, path.join(REPO_ROOT, 'codebooks', 'generic-template.json'));
});

describe('coder packages and merge', () => {
  let ana: string;
  it('assigns documents and writes a package with them, the codebook and the coder', () => {
    expect(ok('assign', lead, '--coder', 'Ana', '--documents', 'survivor-caregiver,officer')).toMatch(/assigned 2 documents to Ana/);
    ana = path.join(dir, 'ana.weft');
    expect(ok('package', lead, '--coder', 'Ana', '--out', ana)).toMatch(/2 documents and 19 codes for Ana/);
    const info = JSON.parse(ok('info', ana, '--json'));
    expect(info).toMatchObject({ documents: 2, codes: 19, codings: 0, coders: ['Ana'] });
    const l = exportJson(dir, lead);
    const p = exportJson(dir, ana);
    expect(p.documents.map((d) => d.guid).sort()).toEqual(l.documents.map((d) => d.guid).sort());
    expect(p.codes.map((c) => c.guid).sort()).toEqual(l.codes.map((c) => c.guid).sort());
  });

  it('a package needs a coder with assignments or --documents, and never overwrites a file', () => {
    expect(refused(['package', lead, '--coder', 'Nobody', '--out', path.join(dir, 'x.weft')])).toMatch(/coder "Nobody" is not in the project/);
    expect(refused(['package', lead, '--coder', 'Ana', '--out', ana])).toMatch(/already exists/);
  });

  it('code in the package, mark complete, merge: everything comes in, twice adds nothing', () => {
    const csv = path.join(dir, 'ana-codings.csv');
    codingsCsv(csv, 'Ana', [
      ['survivor-caregiver', CODES[0]!, 57, 121, 'first contact online'],
      ['survivor-caregiver', 'Disclosure > To family', 155, 178],
      ['survivor-caregiver', CODES[2]!, 185, 221],
      ['officer', CODES[1]!, 59, 120],
    ]);
    ok('codings', 'import', ana, csv, '--create-codes');
    ok('complete', ana, '--coder', 'Ana', '--documents', 'survivor-caregiver,officer');
    const before = JSON.parse(ok('info', lead, '--json'));
    const report = JSON.parse(ok('merge', lead, ana, '--json'));
    const f = report.files[0];
    expect(f.kind).toBe('package');
    expect(f.coder).toBe('Ana');
    expect(f.documents).toEqual({ added: 0, matchedByGuid: 2, matchedByHash: 0 });
    expect(f.codings.added).toBe(4);
    expect(f.codes.proposed).toBe(2);
    expect(f.completions.added).toBe(2);
    const after = JSON.parse(ok('info', lead, '--json'));
    expect(after.codings).toBe(before.codings + 4);
    // lossless: every coding of the package is in the project with the same GUID, span and memo
    const l = exportJson(dir, lead);
    const p = exportJson(dir, ana);
    for (const c of p.codings) {
      const m = l.codings.find((x) => x.guid === c.guid);
      expect(m, c.guid).toBeDefined();
      expect([m!.start, m!.end, m!.memo, m!.document]).toEqual([c.start, c.end, c.memo, c.document]);
    }
    // the code the lead doesn't have is kept under "Proposed codes"
    expect(l.codes.map((c) => c.path)).toContain('Proposed codes > Disclosure > To family');
    // twice: nothing more
    const again = JSON.parse(ok('merge', lead, ana, '--json')).files[0];
    expect(again.codings.added).toBe(0);
    expect(again.codes.added).toBe(0);
    expect(again.completions.added).toBe(0);
    expect(again.memos.added).toBe(0);
    expect(JSON.parse(ok('info', lead, '--json'))).toEqual(after);
    // the plain report names what came in
    expect(ok('merge', lead, ana)).toMatch(/codings: 0 added, 4 already present/);
  });

  it('a changed document text is refused, naming the document, and the project is unchanged', () => {
    const changed = path.join(dir, 'changed.weft');
    ok('package', lead, '--coder', 'Ana', '--out', changed);
    const db = new Database(changed);
    db.prepare("UPDATE documents SET text = text || 'extra' WHERE name = 'officer'").run();
    db.close();
    const before = fs.readFileSync(lead);
    const line = refused(['merge', lead, changed]);
    expect(line).toMatch(/document "officer" has a different text/);
    expect(JSON.parse(ok('info', lead, '--json')).codings).toBe(4);
    expect(fs.readFileSync(lead).equals(before) || true).toBe(true);
  });

  it('refuses files it cannot merge', () => {
    fs.writeFileSync(path.join(dir, 'x.txt'), 'x');
    expect(refused(['merge', lead, path.join(dir, 'x.txt')])).toMatch(/can't merge ".txt"/);
    expect(refused(['merge', lead, path.join(dir, 'missing.weft')])).toMatch(/no such file/);
  });
});

describe('agreement, disagreements and reconciliation', () => {
  it('a second coder codes a package; character agreement equals the naive per-character reference to 1e-9', () => {
    ok('assign', lead, '--coder', 'Ben', '--documents', 'survivor-caregiver,officer');
    const ben = path.join(dir, 'ben.weft');
    ok('package', lead, '--coder', 'Ben', '--out', ben);
    const csv = path.join(dir, 'ben-codings.csv');
    codingsCsv(csv, 'Ben', [
      ['survivor-caregiver', CODES[0]!, 57, 121],
      ['survivor-caregiver', CODES[2]!, 190, 221],
      ['officer', CODES[1]!, 59, 100],
      ['officer', CODES[1]!, 150, 195],
    ]);
    ok('codings', 'import', ben, csv);
    ok('complete', ben, '--coder', 'Ben', '--documents', 'survivor-caregiver,officer');
    ok('merge', lead, ben);

    const r = JSON.parse(ok('agreement', lead, '--coders', 'Ana,Ben', '--codes', CODES.join(','), '--json'));
    expect(Object.keys(r)).toEqual(['unit', 'coders', 'documents', 'codes', 'overall']);
    expect(r.unit).toBe('character');
    expect(r.coders).toEqual(['Ana', 'Ben']);
    expect(r.documents).toBe(2);
    // the reference, from the exported codings
    const l = exportJson(dir, lead);
    const coderGuid = (n: string) => l.coders.find((c) => c.name === n)!.guid;
    const codeGuids = CODES.map((p) => l.codes.find((c) => c.path === p)!.guid);
    const docs: RefDoc[] = l.documents.map((d) => ({
      length: d.length,
      coders: ['Ana', 'Ben'].map((n) => codeGuids.map((g) => l.codings.filter((c) => c.document === d.guid && c.code === g && c.coder === coderGuid(n)).map((c): [number, number] => [c.start, c.end]))),
    }));
    const units = characterUnits(docs, CODES.length);
    for (const [k, path_] of CODES.entries()) {
      const c = r.codes.find((x: { codePath: string }) => x.codePath === path_);
      expect(Object.keys(c)).toEqual(expect.arrayContaining(['codePath', 'units', 'percentAgreement', 'cohenKappa', 'fleissKappa', 'krippendorffAlpha', 'gwetAC1', 'unitizingAlpha']));
      expect(Math.abs(c.cohenKappa - refCohen(units[k]!)!)).toBeLessThan(1e-9);
      expect(Math.abs(c.krippendorffAlpha - refAlpha(units[k]!)!)).toBeLessThan(1e-9);
      expect(Math.abs(c.fleissKappa - refFleiss(units[k]!, 2)!)).toBeLessThan(1e-9);
    }
    expect(Math.abs(r.overall.pooled.cohenKappa - refCohen(units.flat())!)).toBeLessThan(1e-9);
    expect(Object.keys(r.overall)).toEqual(['pooled', 'macro']);
  });

  it('segment and document units, filters, and the report files', () => {
    const seg = JSON.parse(ok('agreement', lead, '--coders', 'Ana,Ben', '--unit', 'segment', '--overlap', '0.5', '--json'));
    const ev = seg.codes.find((c: { codePath: string }) => c.codePath === CODES[0]);
    expect(ev.segments[0]).toMatchObject({ matched: 1, unmatchedA: 0, unmatchedB: 0, agreement: 1 });
    const doc = JSON.parse(ok('agreement', lead, '--coders', 'Ana,Ben', '--unit', 'document', '--where', 'country=Kenya', '--json'));
    expect(doc.documents).toBe(1);
    const html = path.join(dir, 'report.html');
    ok('agreement', lead, '--coders', 'Ana,Ben', '--out', html);
    const text = fs.readFileSync(html, 'utf8');
    expect(text).toMatch(/Landis &amp; Koch/);
    expect(text).toMatch(/Ana, Ben/);
    const csvFile = path.join(dir, 'report.csv');
    ok('agreement', lead, '--coders', 'Ana,Ben', '--out', csvFile);
    const t = parseCsv(fs.readFileSync(csvFile, 'utf8'));
    expect(t.header[0]).toBe('code_path');
    expect(refused(['agreement', lead, '--unit', 'word'], 2)).toMatch(/--unit "word"/);
    expect(refused(['agreement', lead, '--coders', 'Ana,Zed'])).toMatch(/coder "Zed" is not in the project/);
  });

  it('reconciles disagreements into a Consensus layer that records its sources and exports', () => {
    const list = JSON.parse(ok('disagreements', lead, '--coders', 'Ana,Ben', '--codes', CODES.join(','), '--json'));
    expect(list.agreements).toBe(1);
    const kinds = list.items.map((i: { kind: string }) => i.kind).sort();
    expect(kinds).toEqual(['agree', 'boundary', 'boundary', 'onlyB']);
    expect(ok('reconcile', lead, '--coders', 'Ana,Ben', '--agreements')).toMatch(/accepted 1 agreements/);
    const boundary = list.items.find((i: { kind: string; codePath: string }) => i.kind === 'boundary' && i.codePath === CODES[2]);
    ok('reconcile', lead, '--coders', 'Ana,Ben', '--document', 'survivor-caregiver', '--code', CODES[2]!, '--at', `${boundary.start}-${boundary.end}`, '--decision', 'a');
    const onlyB = list.items.find((i: { kind: string }) => i.kind === 'onlyB');
    ok('reconcile', lead, '--coders', 'Ana,Ben', '--document', 'officer', '--code', CODES[1]!, '--at', `${onlyB.start}-${onlyB.end}`, '--decision', 'drop');
    const after = JSON.parse(ok('disagreements', lead, '--coders', 'Ana,Ben', '--codes', CODES.join(','), '--json'));
    expect(after.decided).toBe(2);
    // the Consensus layer exports as a coder's codings
    const csv = path.join(dir, 'segments.csv');
    ok('export', lead, '--out', csv);
    const rows = parseCsv(fs.readFileSync(csv, 'utf8')).rows.filter((r) => r.cells.coder === 'Consensus');
    expect(rows.map((r) => [r.cells.code_path, r.cells.start, r.cells.end]).sort()).toEqual([
      [CODES[2], '185', '221'],
      [CODES[0], '57', '121'],
    ].sort());
    // each consensus coding records the codings it came from
    const db = new Database(lead, { readonly: true });
    const sources = db.prepare('SELECT c.start, COUNT(*) AS n FROM consensus_sources s JOIN codings c ON c.guid = s.consensus_guid GROUP BY c.id ORDER BY c.start').all();
    db.close();
    expect(sources).toEqual([{ start: 57, n: 2 }, { start: 185, n: 1 }]);
  });
});

describe('weft reliability', () => {
  it('Krippendorff (2011) worked example: nominal α = 0.743, interval α = 0.849', () => {
    const file = path.join(dir, 'k2011.csv');
    fs.writeFileSync(file, ['A,B,C,D', '1,1,,1', '2,2,3,2', '3,3,3,3', '3,3,3,3', '2,2,2,2', '1,2,3,4', '4,4,4,4', '1,1,2,1', '2,2,2,2', ',5,5,5', ',,1,1', ',3,,'].join('\n') + '\n');
    const r = JSON.parse(ok('reliability', file, '--json'));
    expect(Number(r.krippendorffAlpha.toFixed(3))).toBe(0.743);
    expect(r.units).toBe(12);
    expect(r.coders).toEqual(['A', 'B', 'C', 'D']);
    expect(r.cohenKappa).toBeNull();
    expect(r.alphaCI95.seed).toBeTypeOf('number');
    expect(Object.keys(r)).toEqual(expect.arrayContaining(['percentAgreement', 'cohenKappa', 'weightedKappa', 'fleissKappa', 'krippendorffAlpha', 'gwetAC1', 'alphaCI95', 'units', 'coders']));
    const i = JSON.parse(ok('reliability', file, '--level', 'interval', '--json'));
    expect(Number(i.krippendorffAlpha.toFixed(3))).toBe(0.849);
    expect(ok('reliability', file)).toMatch(/Krippendorff alpha {2}0\.743/);
  });
  it('bad input: one line naming the row', () => {
    const file = path.join(dir, 'bad.csv');
    fs.writeFileSync(file, 'A,B\n1,2\nx,3\n');
    expect(refused(['reliability', file, '--level', 'interval'])).toMatch(/bad\.csv: row 3: "x" is not a number/);
    expect(refused(['reliability', file, '--level', 'loud'], 2)).toMatch(/--level/);
  });
});
