// REFI-QDA projects both ways: schema-valid exports, real tools' exports
// imported with every coding on the expected text, lossy files reported, and
// an exact Weft → .qdpx → Weft round trip.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { reference } from '../reference.js';
import { Project } from '../../electron/services/project.js';
import { buildQdpx, exportQdpx } from '../../electron/services/qdpxExport.js';
import { importQdpx, type QdpxImportReport } from '../../electron/services/qdpxImport.js';
import { parseCsv } from '../../shared/formats/csv.js';
import { codePointLength, normalizeText, OffsetIndex } from '../../shared/offsets.js';
import { detectConvention, PositionMap, type PositionConvention } from '../../shared/formats/refi/positions.js';
import { readProjectXml, writeProjectXml } from '../../shared/formats/refi/projectXml.js';
import { buildStudy, snapshot } from './exchangeFixture.js';
import { validateQde } from './qdpxSchema.js';


let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-qdpx-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function fresh(name = 'fresh.weft'): Project {
  return Project.create(path.join(dir, name));
}

function importInto(file: string, qdpx: string, options = {}): QdpxImportReport {
  const p = Project.open(file);
  try {
    return importQdpx(p, qdpx, options);
  } finally {
    p.close();
  }
}

// ---- positions

/** Where a convention puts a code-point boundary of the raw (BOM-less) text. */
function positionOf(rawNoBom: string, cpPrefix: number, c: PositionConvention, hadBom: boolean): number {
  let prefix = [...rawNoBom].slice(0, cpPrefix).join('');
  if (c.crlf === 1) prefix = prefix.replace(/\r\n/g, '\n');
  const n = c.unit === 'utf16' ? prefix.length : codePointLength(prefix);
  return n + (c.bom && hadBom ? 1 : 0);
}

const piece = fc.constantFrom('a', 'Z', ' ', 'é', 'ก', 'ា', '😀', '👩‍👧', '\r\n', '\n', '\r', 'ፍ', 'ế');
const CONVENTIONS: PositionConvention[] = [
  { unit: 'codepoint', crlf: 2, bom: false },
  { unit: 'codepoint', crlf: 1, bom: false },
  { unit: 'utf16', crlf: 2, bom: false },
  { unit: 'utf16', crlf: 1, bom: true },
];

describe('positions', () => {
  it('maps every convention back to the code point offset in the stored text (property)', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.boolean(), fc.nat(), fc.constantFrom(...CONVENTIONS), (pieces, bom, pick, c) => {
        const body = pieces.join('');
        const raw = (bom ? '\ufeff' : '') + body;
        const map = new PositionMap(raw, c);
        const cps = [...body];
        // a boundary that is not between the CR and LF of a CRLF
        const boundaries = [...Array(cps.length + 1).keys()].filter((i) => !(cps[i - 1] === '\r' && cps[i] === '\n'));
        const at = boundaries[pick % boundaries.length]!;
        const expected = codePointLength(normalizeText(cps.slice(0, at).join('')));
        const got = map.map(positionOf(body, at, c, bom));
        expect(got).toEqual({ offset: expected, exact: true });
      }),
      { numRuns: 400 },
    );
  });

  it('rounds a position inside a surrogate pair or a CRLF down, marked as not exact, and refuses one past the end', () => {
    const nvivo = new PositionMap('a😀\r\nb', { unit: 'utf16', crlf: 2, bom: false });
    expect(nvivo.map(2)).toEqual({ offset: 1, exact: false });
    expect(nvivo.map(4)).toEqual({ offset: 2, exact: false });
    expect(nvivo.map(6)).toEqual({ offset: 4, exact: true });
    expect(nvivo.map(7)).toBeNull();
    expect(nvivo.map(-1)).toBeNull();
  });

  it('maps positions on decomposed text (UDHR Vietnamese, neither NFC nor NFD) onto the composed stored text', () => {
    const raw = fs.readFileSync(reference('transcripts', 'udhr', 'vie.txt'), 'utf8');
    const map = new PositionMap(raw, { unit: 'codepoint', crlf: 2, bom: false });
    const stored = new OffsetIndex(map.stored);
    const rawCps = [...raw.replace(/^\ufeff/, '')];
    // every line start is a boundary both texts share
    let cp = 0;
    let checked = 0;
    for (const line of raw.replace(/^\ufeff/, '').split('\n')) {
      const got = map.map(cp)!;
      expect(got.exact).toBe(true);
      expect(stored.slice(got.offset, got.offset + 1)).toBe(rawCps[cp] === undefined ? '' : normalizeText(rawCps[cp]!).slice(0, 1) || stored.slice(got.offset, got.offset + 1));
      cp += [...line].length + 1;
      checked++;
    }
    expect(checked).toBeGreaterThan(10);
    expect(map.map(rawCps.length)!.offset).toBe(stored.codePointLength);
  });

  it('tells UTF-16 positions from code points by where the selections land, whatever the origin says', () => {
    const text = 'Intro 😀😀😀 then the first quote here, and 👍 a second quote there.';
    const idx = new OffsetIndex(text);
    const quotes = ['first quote', 'second quote'];
    const selections = quotes.map((q) => {
      const u = text.indexOf(q);
      return { source: 0, start: u, end: u + q.length };
    });
    const choice = detectConvention([text], selections, 'SomeTool 1.0');
    expect(choice.convention.unit).toBe('utf16');
    expect(choice.basis).toBe('text');
    const cpSelections = quotes.map((q) => {
      const u = text.indexOf(q);
      return { source: 0, start: idx.toCodePoint(u), end: idx.toCodePoint(u + q.length) };
    });
    expect(detectConvention([text], cpSelections, 'NVivo 14').convention.unit).toBe('codepoint');
  });
});

// ---- the XML layer

describe('project.qde', () => {
  it('reads back what it writes, including text XML must escape', () => {
    const model = readProjectXml(
      writeProjectXml({
        name: 'A & B <study> "q"', origin: 'Weft', users: [{ guid: '11111111-1111-4111-8111-111111111111', name: 'Amina\tN.' }],
        codes: [{ guid: '22222222-2222-4222-8222-222222222222', name: 'x > y', isCodable: false, description: 'line\r\nnext & <b>', noteRefs: [], children: [] }],
        variables: [], cases: [], sources: [], otherSources: [], notes: [], sets: [], links: 0, graphs: 0, noteRefs: [],
      }).xml,
    );
    expect(model.name).toBe('A & B <study> "q"');
    expect(model.users[0]!.name).toBe('Amina\tN.');
    expect(model.codes[0]).toMatchObject({ name: 'x > y', isCodable: false, description: 'line\r\nnext & <b>' });
  });

  it('reads a project in the "1:0" namespace with prefixes', () => {
    const xml = `<?xml version="1.0"?><q:Project xmlns:q="urn:QDA-XML:project:1:0" name="P" origin="ATLAS.ti"><q:CodeBook><q:Codes><q:Code guid="33333333-3333-4333-8333-333333333333" name="C" isCodable="true"/></q:Codes></q:CodeBook></q:Project>`;
    const m = readProjectXml(xml);
    expect(m.origin).toBe('ATLAS.ti');
    expect(m.codes.map((c) => c.name)).toEqual(['C']);
  });
});

// ---- real exports

describe('importing real exports', () => {
  it('NVivo for Mac 12.7: all 297 codings land on the expected code points and texts', () => {
    const file = path.join(dir, 'nvivo.weft');
    fresh('nvivo.weft').close();
    const report = importInto(file, reference('qdpx', 'nvivo-mac-12.7', 'OltasSzkepticizmus_17June.qdpx'));
    expect(report.positions).toMatch(/UTF-16/);
    expect(report.notImported).toEqual([]);
    expect(report.created).toMatchObject({ documents: 2, codes: 152, codings: 297, coders: 2 });
    const expected = parseCsv(fs.readFileSync(reference('qdpx', 'nvivo-mac-12.7', 'OltasSzkepticizmus_17June_codings_normalised.csv'), 'utf8')).rows.map((r) =>
      [r.cells.source, r.cells.coder, r.cells.code_path, Number(r.cells.start_cp_lf), Number(r.cells.end_cp_lf), r.cells.text].join('\u0000'),
    );
    const p = Project.open(file, { readOnly: true });
    const got = p.repo.segments().map((s) => [s.documentName, s.coderName, s.codePath, s.start, s.end, s.text].join('\u0000'));
    p.close();
    expect(got).toHaveLength(297);
    expect(got.sort()).toEqual(expected.sort());
  });

  it('qc: sources without names or internal://, several codings per selection, each on the text the file points to', () => {
    const qdpx = reference('qdpx', 'qc-cli', 'demo.qdpx');
    const file = path.join(dir, 'qc.weft');
    fresh('qc.weft').close();
    const report = importInto(file, qdpx);
    expect(report.created).toMatchObject({ documents: 2, codes: 262, codings: 205, coders: 1 });
    expect(report.notImported).toEqual([]);
    expect(report.adjusted.filter((a) => a.kind === 'source').map((a) => a.message)).toEqual(expect.arrayContaining([expect.stringMatching(/has no name; named "board_2017"/)]));
    // independent check: the file's own positions, as code points of its own text file
    const archive = unzipSync(fs.readFileSync(qdpx));
    const qde = readProjectXml(new TextDecoder().decode(archive['project.qde']!));
    const expected: string[] = [];
    for (const s of qde.sources) {
      const text = [...new TextDecoder().decode(archive[`sources/${s.plainTextPath}`]!)];
      const name = s.plainTextPath!.replace(/\.txt$/, '');
      for (const sel of s.selections) for (const _ of sel.codings) expected.push(`${name}\u0000${text.slice(sel.start, sel.end).join('')}`);
    }
    const p = Project.open(file, { readOnly: true });
    const got = p.repo.segments().map((s) => `${s.documentName}\u0000${s.text}`);
    p.close();
    expect(got.sort()).toEqual(expected.sort());
  });

  it('NVivo for Mac 15 (lossy): refused with a message naming the loss, project unchanged; with allowLossy the loss is reported', () => {
    const qdpx = reference('qdpx', 'nvivo-mac-15-lossy', 'nvivo_project.qdpx');
    const file = path.join(dir, 'lossy.weft');
    fresh('lossy.weft').close();
    expect(() => importInto(file, qdpx)).toThrow(/lossy export from NVivo for Mac 15\.0\.0: 2 of 2 sources have empty texts and the file has no codings; nothing was imported/);
    const p = Project.open(file, { readOnly: true });
    expect(p.repo.counts()).toEqual({ documents: 0, codes: 0, codings: 0 });
    p.close();
    const report = importInto(file, qdpx, { allowLossy: true });
    expect(report.lossy).toBe(true);
    expect(report.info[0]).toMatch(/^LOSSY EXPORT/);
    expect(report.notImported.filter((i) => i.kind === 'source')).toHaveLength(2);
    expect(report.notImported[0]!.message).toMatch(/text is empty \(1 byte\): the exporting tool lost it/);
    expect(report.created.documents).toBe(0);
    expect(report.created.codes).toBe(262);
  });
});

// ---- quirks, on files made here

const G = (n: number) => `${n.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;

function qdpxOf(files: Record<string, string | Uint8Array>): string {
  const f = path.join(dir, `quirks-${Math.random().toString(36).slice(2)}.qdpx`);
  fs.writeFileSync(f, zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, typeof v === 'string' ? strToU8(v) : v]))));
  return f;
}

describe('quirks of real files', () => {
  it('ATLAS.ti: inner file named after the project, Sources/ with a capital S, "1:0" namespace, CRLF counted once', () => {
    const text = 'Line one\r\nSecond line with the quote\r\nThird';
    const start = text.replace(/\r\n/g, '\n').indexOf('the quote');
    const xml = `<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1:0" name="Trial" origin="ATLAS.ti 26">
<Users><User guid="${G(1)}" name="Ann"/></Users><CodeBook><Codes><Code guid="${G(2)}" name="Quote" isCodable="true"/></Codes></CodeBook>
<Sources><TextSource guid="${G(3)}" name="Doc" plainTextPath="internal://${G(3)}.txt">
<PlainTextSelection guid="${G(4)}" startPosition="${start}" endPosition="${start + 9}" creatingUser="${G(1)}"><Coding guid="${G(5)}" creatingUser="${G(1)}"><CodeRef targetGUID="${G(2)}"/></Coding></PlainTextSelection>
</TextSource></Sources></Project>`;
    const file = path.join(dir, 'atlas.weft');
    fresh('atlas.weft').close();
    const report = importInto(file, qdpxOf({ 'Trial.qde': xml, [`Sources/${G(3)}.txt`]: text }));
    expect(report.positions).toMatch(/CRLF counted as 1/);
    expect(report.info.join('\n')).toMatch(/Trial\.qde/);
    const p = Project.open(file, { readOnly: true });
    expect(p.repo.segments().map((s) => s.text)).toEqual(['the quote']);
    p.close();
  });

  it('NVivo for Windows: UTF-8 BOM not counted, CRLF counted as 2, UTF-16 units', () => {
    const text = '\ufeffFirst 😀 line\r\nThe 👍 quote is here\r\n';
    const body = text.slice(1);
    const u = body.indexOf('quote is');
    const xml = `<Project xmlns="urn:QDA-XML:project:1.0" name="W" origin="NVivo 14 (Windows)"><Users><User guid="${G(1)}" name="N"/></Users>
<CodeBook><Codes><Code guid="${G(2)}" name="Q" isCodable="true"/></Codes></CodeBook><Sources><TextSource guid="${G(3)}" name="D" plainTextPath="internal://d.txt">
<PlainTextSelection guid="${G(4)}" startPosition="${u}" endPosition="${u + 8}"><Coding guid="${G(5)}" creatingUser="${G(1)}"><CodeRef targetGUID="${G(2)}"/></Coding></PlainTextSelection>
</TextSource></Sources></Project>`;
    const file = path.join(dir, 'nvw.weft');
    fresh('nvw.weft').close();
    importInto(file, qdpxOf({ 'project.qde': xml, 'sources/d.txt': text }));
    const p = Project.open(file, { readOnly: true });
    expect(p.repo.segments().map((s) => s.text)).toEqual(['quote is']);
    p.close();
  });

  it('reports every selection it cannot import, and why; never drops one silently', () => {
    const text = 'Short text for the quirks.';
    const xml = `<Project xmlns="urn:QDA-XML:project:1.0" name="Q" origin="MAXQDA 24"><CodeBook><Codes><Code guid="${G(2)}" name="A>B" isCodable="true"/><Code guid="${G(6)}" name="Cat" isCodable="false"/></Codes></CodeBook>
<Sources><TextSource guid="${G(3)}" plainTextPath="notes.txt">
<PlainTextSelection guid="${G(10)}" startPosition="5" endPosition="5"><Coding guid="${G(11)}"><CodeRef targetGUID="${G(2)}"/></Coding></PlainTextSelection>
<PlainTextSelection guid="${G(12)}" startPosition="0" endPosition="5"/>
<PlainTextSelection guid="${G(13)}" startPosition="40" endPosition="50"><Coding guid="${G(14)}"><CodeRef targetGUID="${G(2)}"/></Coding></PlainTextSelection>
<PlainTextSelection guid="${G(15)}" startPosition="19" endPosition="99"><Coding guid="${G(16)}"><CodeRef targetGUID="${G(2)}"/></Coding></PlainTextSelection>
<PlainTextSelection guid="${G(17)}" startPosition="0" endPosition="5"><Coding guid="${G(18)}"><CodeRef targetGUID="${G(99)}"/></Coding><Coding guid="${G(19)}"><CodeRef targetGUID="${G(6)}"/></Coding></PlainTextSelection>
</TextSource><PDFSource guid="${G(20)}" name="scan.pdf"/></Sources><Links><Link guid="${G(21)}"/></Links></Project>`;
    const file = path.join(dir, 'q.weft');
    fresh('q.weft').close();
    const report = importInto(file, qdpxOf({ 'project.qde': xml, 'sources/notes.txt': text }));
    const messages = report.notImported.map((i) => `${i.kind}: ${i.message}`).join('\n');
    expect(messages).toMatch(/selection: .*is empty \(starts and ends at 5\)/);
    expect(messages).toMatch(/selection: .*has no code \(0–5\)/);
    expect(messages).toMatch(/selection: .*starts at 40, beyond the end of the text \(26 positions\)/);
    expect(messages).toMatch(/coding: .*refers to code .*, which is not in the codebook/);
    expect(messages).toMatch(/source: pdf sources are not supported/);
    expect(messages).toMatch(/link: Weft has no links/);
    const changes = report.adjusted.map((i) => i.message).join('\n');
    expect(changes).toMatch(/ends at 99, beyond the end of the text .* cut at the end/);
    expect(changes).toMatch(/renamed to "A›B"/);
    expect(changes).toMatch(/has no name; named "notes"/);
    expect(changes).toMatch(/marked not codable in the file but has codings; made codable/);
    expect(changes).toMatch(/credited to the coder "Imported from MAXQDA 24"/);
    const p = Project.open(file, { readOnly: true });
    expect(p.repo.segments().map((s) => `${s.codePath}: ${s.text}`).sort()).toEqual(['A›B: quirks.', 'Cat: Short']);
    p.close();
  });

  it('keeps notes as memos and sets as attribute values, and reports what it could not keep', () => {
    const note = (g: number, name: string, text: string, user = true) =>
      `<Note guid="${G(g)}" name="${name}"${user ? ` creatingUser="${G(1)}"` : ''}><PlainTextContent>${text}</PlainTextContent></Note>`;
    const xml = `<Project xmlns="urn:QDA-XML:project:1.0" name="Notes" origin="MAXQDA 24"><Users><User guid="${G(1)}" name="Ann"/></Users>
<CodeBook><Codes><Code guid="${G(2)}" name="Harm" isCodable="true"><NoteRef targetGUID="${G(30)}"/></Code></Codes></CodeBook>
<Variables><Variable guid="${G(40)}" name="country" typeOfVariable="Text"/></Variables>
<Cases><Case guid="${G(41)}" name="Kenya case"><VariableValue><VariableRef targetGUID="${G(40)}"/><TextValue>Kenya</TextValue></VariableValue><SourceRef targetGUID="${G(3)}"/></Case></Cases>
<Sources><TextSource guid="${G(3)}" name="Doc A"><Description>Recorded at the office.</Description><PlainTextContent>The first interview text.</PlainTextContent>
<PlainTextSelection guid="${G(5)}" startPosition="4" endPosition="9"><Coding guid="${G(6)}" creatingUser="${G(1)}"><CodeRef targetGUID="${G(2)}"/></Coding><NoteRef targetGUID="${G(33)}"/></PlainTextSelection>
<NoteRef targetGUID="${G(31)}"/><NoteRef targetGUID="${G(32)}"/><NoteRef targetGUID="${G(99)}"/></TextSource>
<TextSource guid="${G(4)}" name="Doc B"><PlainTextContent>The second interview text.</PlainTextContent></TextSource></Sources>
<Notes>${note(30, 'On harm', 'What counts as harm.', false)}${note(31, 'One', 'Doc note one')}${note(32, 'Two', 'Doc note two')}${note(33, 'Seg', 'Segment note')}${note(34, 'Loose', 'Loose note', false)}</Notes>
<Sets><Set guid="${G(50)}" name="country: Kenya"><MemberSource targetGUID="${G(3)}"/></Set>
<Set guid="${G(51)}" name="Follow-up"><MemberCode targetGUID="${G(2)}"/><MemberSource targetGUID="${G(4)}"/></Set>
<Set guid="${G(52)}" name="Gone"><MemberSource targetGUID="${G(98)}"/></Set></Sets></Project>`;
    const file = path.join(dir, 'notes.weft');
    fresh('notes.weft').close();
    const report = importInto(file, qdpxOf({ 'project.qde': xml }));
    const p = Project.open(file, { readOnly: true });
    const memos = p.db
      .prepare("SELECT m.target_type AS type, COALESCE(d.name, c.name, s.name) AS target, m.body_text AS text FROM memos m LEFT JOIN documents d ON m.target_type = 'document' AND d.id = m.target_id LEFT JOIN codes c ON m.target_type = 'code' AND c.id = m.target_id LEFT JOIN codings g ON m.target_type = 'coding' AND g.id = m.target_id LEFT JOIN codes s ON s.id = g.code_id ORDER BY m.target_type, m.body_text")
      .all();
    expect(memos).toEqual([
      { type: 'code', target: 'Harm', text: 'What counts as harm.' },
      { type: 'coding', target: 'Harm', text: 'Segment note' },
      // two notes by the same coder on one document: one memo, the texts joined
      { type: 'document', target: 'Doc A', text: 'Doc note one\n\nDoc note two' },
      // the source's description, as a memo without a coder
      { type: 'document', target: 'Doc A', text: 'Recorded at the office.' },
      { type: 'project', target: null, text: 'Loose note' },
    ]);
    expect(p.repo.segments().map((s) => s.memo)).toEqual(['Segment note']);
    const values = Object.fromEntries(p.repo.documentSummaries().map((d) => [d.name, d.attributes]));
    // "country: Kenya" restates the case's value; "Follow-up" becomes a yes/no attribute
    expect(values).toEqual({ 'Doc A': { country: 'Kenya' }, 'Doc B': { 'Set: Follow-up': 'true' } });
    p.close();
    const notImported = report.notImported.map((i) => `${i.kind} ${i.item}: ${i.message}`);
    expect(notImported).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^note ${G(99)}: a document refers to note ${G(99)}, which is not in the file`)),
        'set Follow-up: its 1 member code(s) are not kept: Weft has no code sets',
        'set Gone: none of its member sources was imported',
      ]),
    );
    expect(report.adjusted.map((i) => i.message)).toContain("a document already has a memo by the same coder; the note's text was added to it");
    expect(report.info).toEqual(
      expect.arrayContaining([
        'source "Doc A": its description is kept as a document memo',
        'set "Follow-up": its 1 document(s) have the attribute "Set: Follow-up" = true',
        '1 sets that group documents by an attribute value ("country: Kenya") are kept as those attribute values',
      ]),
    );
    expect(report.created.memos).toBe(5);
  });

  it('refuses a file that is not a .qdpx, or has no project file, with one message, and changes nothing', () => {
    const file = path.join(dir, 'bad.weft');
    fresh('bad.weft').close();
    const notZip = path.join(dir, 'x.qdpx');
    fs.writeFileSync(notZip, 'hello');
    expect(() => importInto(file, notZip)).toThrow(/x\.qdpx: not a \.qdpx archive/);
    expect(() => importInto(file, qdpxOf({ 'readme.txt': 'x' }))).toThrow(/has no \.qde project file/);
    expect(() => importInto(file, qdpxOf({ 'project.qde': '<Project name="x"><Users>' }))).toThrow(/project\.qde: malformed XML/);
  });
});

// ---- Weft → .qdpx → Weft

describe('round trip', () => {
  let study: string;
  let studyDir: string;
  beforeAll(() => {
    studyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-qdpx-study-'));
    study = buildStudy(studyDir);
    return () => fs.rmSync(studyDir, { recursive: true, force: true });
  });

  for (const crlf of [false, true]) {
    it(`reproduces documents, codes and fields, codings, coders, memos and attributes exactly${crlf ? ' (CRLF text files for MAXQDA)' : ''}`, async () => {
      const p = Project.open(study, { readOnly: true });
      const out = path.join(dir, 'study.qdpx');
      const summary = exportQdpx(p, out, { crlf });
      p.close();
      expect(summary.warnings).toEqual([]);
      const archive = unzipSync(fs.readFileSync(out));
      const xml = new TextDecoder().decode(archive['project.qde']!);
      expect(await validateQde(xml)).toEqual([]);
      // sources are UTF-8 text files in sources/, named by internal:// paths
      const qde = readProjectXml(xml);
      expect(qde.sources).toHaveLength(4);
      for (const s of qde.sources) {
        expect(s.plainTextPath).toMatch(/^internal:\/\/[0-9a-f-]{36}\.txt$/);
        const text = new TextDecoder('utf-8', { fatal: true }).decode(archive[`sources/${s.plainTextPath!.slice(11)}`]!);
        expect(text.includes('\r\n')).toBe(crlf);
        // positions are code points in that file
        for (const sel of s.selections) expect(sel.end).toBeLessThanOrEqual(codePointLength(text));
      }
      expect(qde.users.map((u) => u.name).sort()).toEqual(['Amina', 'Bao', 'Consensus']);
      expect(qde.notes.length).toBeGreaterThanOrEqual(6);
      expect(qde.sets.map((s) => s.name)).toContain('country: Kenya');
      expect(qde.cases).toHaveLength(4);

      const target = path.join(dir, 'again.weft');
      fresh('again.weft').close();
      const report = importInto(target, out);
      expect(report.notImported).toEqual([]);
      expect(report.adjusted).toEqual([]);
      expect(snapshot(target)).toEqual(snapshot(study));

      // importing the same file again adds nothing
      const second = importInto(target, out);
      expect(second.created).toEqual({ documents: 0, codes: 0, codings: 0, coders: 0, memos: 0, attributes: 0 });
      expect(snapshot(target)).toEqual(snapshot(study));
    });
  }

  it('without weft-extensions.json (as another tool would read it) keeps texts, codes, codings, coders, memo texts and attribute values', () => {
    const p = Project.open(study, { readOnly: true });
    const { zip } = buildQdpx(p);
    p.close();
    const entries = unzipSync(zip);
    const inExtensions = Object.keys((JSON.parse(new TextDecoder().decode(entries['weft-extensions.json']!)) as { codeFields: object }).codeFields);
    delete entries['weft-extensions.json'];
    const out = qdpxOf(entries);
    const target = path.join(dir, 'plain.weft');
    fresh('plain.weft').close();
    const report = importInto(target, out);
    expect(report.notImported).toEqual([]);
    const a = snapshot(study) as Record<string, Array<Record<string, unknown>>>;
    const b = snapshot(target) as Record<string, Array<Record<string, unknown>>>;
    const pick = (x: typeof a) => ({
      documents: x.documents!.map((d) => [d.guid, d.name, d.text, d.attributes]),
      codings: x.codings!.map((c) => [c.guid, c.document, c.code, c.coder, c.start, c.end, c.text, c.memo, c.createdAt]),
      coders: x.coders,
      codes: x.codes!.map((c) => [c.guid, c.path, c.color, c.codable, c.shortDefinition, c.definition, c.inclusion, c.exclusion, c.example, c.memo]),
      memos: x.memos!.map((m) => [m.guid, m.targetType, m.targetId, m.coderId, m.title, m.bodyText]),
    });
    const pa = pick(a);
    const pb = pick(b);
    expect(pb.documents).toEqual(pa.documents);
    expect(pb.codings).toEqual(pa.codings);
    expect(pb.coders).toEqual(pa.coders);
    // a segment memo typed without a memo record travels as a Note, which reads back as a memo record
    expect(pb.memos.filter((m) => pa.memos.some((x) => x[0] === m[0]))).toEqual(pa.memos);
    expect(pb.memos.filter((m) => !pa.memos.some((x) => x[0] === m[0])).map((m) => [m[1], m[5]])).toEqual([['coding', 'slow platforms']]);
    // fields whose packed Description is ambiguous (padding, a lone short definition) read back exactly only through the extensions file
    expect(inExtensions.length).toBeGreaterThan(0);
    const plain = (codes: typeof pa.codes) => codes.filter((c) => !inExtensions.includes(c[0] as string));
    expect(plain(pb.codes)).toEqual(plain(pa.codes));
    expect(pb.codes.map((c) => c.slice(0, 4))).toEqual(pa.codes.map((c) => c.slice(0, 4)));
  });
});
