// Codebook exchange formats: exact round trips in every format (fast-check,
// with emoji, Thai and Khmer names and multi-line fields), the reference
// codebooks and .qdpx files with their hierarchy and descriptions, .qdc files
// as real tools write them (both namespace spellings), openQDA's invalid file
// with warnings, schema validity, the shipped starter codebook, and merge import.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { unzipSync } from 'fflate';
import { REPO_ROOT, reference } from '../reference.js';
import { Project } from '../../electron/services/project.js';
import { importCodebookEntries } from '../../electron/services/codebook.js';
import {
  buildCodebookFile, codebookQdpxBytes, codebookXlsxBytes, mergeCodebook, projectCodebookEntries, readCodebookAnyFile, readCodebookBytes,
} from '../../electron/services/codebookExchange.js';
import { setCodebookLock } from '../../electron/services/codebookLock.js';
import { proposeCode } from '../../electron/services/codebookVersions.js';
import { canonicalEntry, readCodebookCsv, readCodebookJson, writeCodebookCsv, writeCodebookJson, type CodebookEntry, type CodebookFormat } from '../../shared/formats/codebook.js';
import { readQdc, writeQdc } from '../../shared/formats/refi/codebookXml.js';
import { readQualCoderCodes, writeQualCoderCodes } from '../../shared/formats/qualcoderCodes.js';
import { EMPTY_DESCRIPTION, packDescription, unpackDescription } from '../../shared/formats/refi/description.js';
import { joinCodePath } from '../../shared/codePath.js';
import { createBackend, dispatch } from '../../electron/api/handlers.js';
import type { CodebookMergeReport } from '../../shared/api/methods/codebookExchange.js';
import type { CodebookDiff } from '../../shared/codebookDiff.js';
import { validateQdc, validateQde } from './qdpxSchema.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-codebook-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

// ---- generators

const NAME_PARTS = ['Grooming', 'การล่อลวง', 'ការលួងលោម', '🌏 Online', 'Kesho', 'Đường dây', 'ሪፖርት', 'a & b', '"quoted"', "it's", 'x,y', '=SUM(1)', 'ก่อน', 'ស្រី'];
const name = fc
  .tuple(fc.constantFrom(...NAME_PARTS), fc.string({ maxLength: 6 }))
  .map(([a, b]) => `${a}${b.replace(/[>\t\r\n\u0000-\u001f\ufffe\uffff]/g, '').replace(/[\ud800-\udfff]/g, '')}`.trim())
  .filter((s) => s.length > 0);
const LINES = ['Definition: looks like a label', 'Memo: too', '\\When to use: escaped already', 'ordinary line', '  indented line', '', 'ข้อความภาษาไทย', 'អត្ថបទខ្មែរ', '😀 emoji 👩🏽‍💻', 'tab\there', 'a < b && c > d', 'back\\slash'];
const field = fc
  .array(fc.oneof(fc.constantFrom(...LINES), fc.string({ maxLength: 12 })), { maxLength: 4 })
  .map((ls) => ls.join('\n').replace(/[\r\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/[\ud800-\udfff]/g, '').trim());
const hex = fc.constantFrom('0', '1', '7', '9', 'a', 'B', 'c', 'F');
const color = fc.option(fc.array(hex, { minLength: 6, maxLength: 6 }).map((h) => `#${h.join('')}`), { nil: undefined });

interface GenCode {
  name: string;
  guid: string;
  color?: string;
  codable: boolean;
  fields: Record<'shortDefinition' | 'definition' | 'inclusion' | 'exclusion' | 'example' | 'atypicalExample' | 'memo', string>;
  parent: number;
}
const genCode = fc.record({
  name,
  guid: fc.uuid().map((u) => u.toLowerCase()),
  color,
  codable: fc.boolean(),
  fields: fc.record({ shortDefinition: field, definition: field, inclusion: field, exclusion: field, example: field, atypicalExample: field, memo: field }),
  parent: fc.nat(),
});

/** A random codebook as entries, parents first, sibling names unique. */
const codebook = fc.array(genCode, { minLength: 1, maxLength: 12 }).map((codes: GenCode[]) => {
  const entries: CodebookEntry[] = [];
  const guids = new Set<string>();
  const taken = new Set<string>();
  codes.forEach((c, i) => {
    // a parent among the earlier codes (or none), at most 4 levels
    const candidates = entries.filter((e) => e.path.length < 4);
    const parent = i === 0 || c.parent % 3 === 0 ? undefined : candidates[c.parent % Math.max(1, candidates.length)];
    const p = [...(parent?.path ?? []), c.name];
    const key = joinCodePath(p).toLowerCase();
    if (taken.has(key) || guids.has(c.guid)) return;
    taken.add(key);
    guids.add(c.guid);
    // keep children after their parent: insert after the parent's last descendant
    const entry: CodebookEntry = canonicalEntry({ path: p, guid: c.guid, color: c.color, codable: c.codable, ...c.fields, origin: 'gen' });
    let at = entries.length;
    if (parent) {
      const pi = entries.indexOf(parent);
      at = pi + 1;
      while (at < entries.length && entries[at]!.path.length > parent.path.length && joinCodePath(entries[at]!.path.slice(0, parent.path.length)) === joinCodePath(parent.path)) at++;
    }
    entries.splice(at, 0, entry);
  });
  return entries;
});

const comparable = (entries: CodebookEntry[]) => entries.map(({ origin: _o, ...rest }) => rest);

/** What the QualCoder plain format carries: names, hierarchy, the description fields, and codable for categories with children. */
function plainView(entries: CodebookEntry[]) {
  return entries.map((e) => ({ path: e.path, fields: unpackDescription(packDescription(e)) }));
}

async function roundTrip(format: CodebookFormat, entries: CodebookEntry[]): Promise<CodebookEntry[]> {
  const enc = (s: string) => new TextEncoder().encode(s);
  switch (format) {
    case 'json':
      return readCodebookJson(writeCodebookJson(entries), 'x.json').entries;
    case 'csv':
      return readCodebookCsv(writeCodebookCsv(entries), 'x.csv').entries;
    case 'qdc':
      return readQdc(writeQdc(entries), 'x.qdc').entries;
    case 'txt':
      return readQualCoderCodes(writeQualCoderCodes(entries), 'x.txt').entries;
    case 'xlsx':
      return (await readCodebookBytes(await codebookXlsxBytes(entries), 'x.xlsx')).entries;
    case 'qdpx':
      return (await readCodebookBytes(codebookQdpxBytes(entries, 'P'), 'x.qdpx')).entries;
  }
  void enc;
}

describe('round trips are exact', () => {
  for (const format of ['json', 'csv', 'qdc', 'qdpx'] as const) {
    it(`${format}: export → import gives the same codebook`, () => {
      fc.assert(
        fc.asyncProperty(codebook, async (entries) => {
          expect(comparable(await roundTrip(format, entries))).toEqual(comparable(entries));
        }),
        { numRuns: 150 },
      );
    });
  }

  it('xlsx: export → import gives the same codebook', async () => {
    await fc.assert(
      fc.asyncProperty(codebook, async (entries) => {
        expect(comparable(await roundTrip('xlsx', entries))).toEqual(comparable(entries));
      }),
      { numRuns: 15 },
    );
  });

  it('QualCoder text: names, hierarchy and every description field come back; categories stay categories', async () => {
    await fc.assert(
      fc.asyncProperty(codebook, async (entries) => {
        const back = await roundTrip('txt', entries);
        expect(plainView(back)).toEqual(plainView(entries));
        const hasChildren = (e: CodebookEntry) => entries.some((x) => x.path.length === e.path.length + 1 && joinCodePath(x.path).startsWith(joinCodePath(e.path) + ' > '));
        back.forEach((e, i) => {
          const src = entries[i]!;
          const carried = src.codable || !hasChildren(src) || packDescription(src) !== '';
          if (!carried) expect(e.codable).toBe(false);
          else expect(e.codable).toBe(true);
        });
      }),
      { numRuns: 150 },
    );
  });

  it('the Description layout reads back every field, including lines that look like labels', () => {
    fc.assert(
      fc.property(fc.record({ shortDefinition: field, definition: field, inclusion: field, exclusion: field, example: field, atypicalExample: field, memo: field }), (f) => {
        expect(unpackDescription(packDescription(f))).toEqual(f);
      }),
      { numRuns: 500 },
    );
    expect(packDescription({ ...EMPTY_DESCRIPTION, shortDefinition: 'Only this.' })).toBe('Short definition: Only this.');
    expect(packDescription({ ...EMPTY_DESCRIPTION, definition: 'Line one\nMemo: not a memo' })).toBe('Definition: Line one\n\\Memo: not a memo');
  });

  it('a project exported in each format and imported into a fresh project has the same codebook (GUIDs, order, fields)', async () => {
    const src = Project.create(path.join(dir, 'src.weft'));
    const entries = fc.sample(codebook, { numRuns: 1, seed: 42 })[0]!;
    importCodebookEntries(src, [
      ...entries,
      canonicalEntry({ path: ['ការការពារ 🛡️'], codable: false, shortDefinition: '', definition: 'ข้อ 1\nข้อ 2', inclusion: '', exclusion: '', example: '', atypicalExample: '', memo: '', origin: 'x' }),
      canonicalEntry({ path: ['ការការពារ 🛡️', 'ครอบครัว'], guid: '0f8fad5b-d9cb-469f-a165-70867728950e', color: '#AbCdEf', codable: true, shortDefinition: 'Short.', definition: 'Multi\nline\n\nwith a gap', inclusion: 'Use: when', exclusion: 'When not to use: never', example: 'He said "no".', atypicalExample: 'Rare', memo: 'Memo: memo', origin: 'x' }),
    ]);
    const want = projectCodebookEntries(src);
    for (const format of ['qdc', 'qdpx', 'json', 'csv', 'xlsx', 'txt'] as const) {
      const f = await buildCodebookFile(src, format);
      const read = await readCodebookBytes(f.data, f.fileName);
      expect(read.warnings, format).toEqual([]);
      const dst = Project.create(path.join(dir, `dst-${format}.weft`));
      const report = mergeCodebook(dst, read, f.fileName);
      expect(report.added.length, format).toBe(want.length);
      const got = projectCodebookEntries(dst);
      if (format === 'txt') expect(plainView(got)).toEqual(plainView(want));
      else expect(comparable(got), format).toEqual(comparable(want));
      // merging the same file into the project it came from changes nothing (the plain format can't say which codes are categories: tested above)
      if (format === 'txt') {
        dst.close();
        continue;
      }
      const before = JSON.stringify(src.repo.codes());
      const again = mergeCodebook(src, read, f.fileName);
      expect([again.added, again.updated, again.renamed, again.moved], format).toEqual([[], [], [], []]);
      expect(again.unchanged, format).toBe(want.length);
      expect(JSON.stringify(src.repo.codes()), format).toBe(before);
      dst.close();
    }
    src.close();
  });
});

describe('schema validity', () => {
  it('every .qdc export validates against Codebook-mrt2019.xsd', async () => {
    const samples = fc.sample(codebook, { numRuns: 15, seed: 7 });
    for (const entries of samples) expect(await validateQdc(writeQdc(entries, { origin: 'Weft 0.1' }))).toEqual([]);
  });

  it('the codebook-only .qdpx validates against Project-mrt2019.xsd', async () => {
    const entries = fc.sample(codebook, { numRuns: 1, seed: 3 })[0]!;
    const zip = unzipSync(codebookQdpxBytes(entries, 'A project'));
    expect(await validateQde(new TextDecoder().decode(zip['project.qde']!))).toEqual([]);
  });

  it('entries without GUIDs get stable ones', async () => {
    const e = canonicalEntry({ path: ['A'], codable: true, shortDefinition: '', definition: '', inclusion: '', exclusion: '', example: '', atypicalExample: '', memo: '', origin: 'x' });
    const xml = writeQdc([e, { ...e, path: ['A', 'B'] }]);
    expect(xml).toBe(writeQdc([e, { ...e, path: ['A', 'B'] }]));
    expect(await validateQdc(xml)).toEqual([]);
  });
});

// ---- the starter codebook

const STARTER = path.join(REPO_ROOT, 'codebooks', 'ocsea-starter.json');

describe('the shipped OCSEA starter codebook', () => {
  it('exports to a .qdc that validates against the schema and reads back the same', async () => {
    const read = readCodebookJson(fs.readFileSync(STARTER, 'utf8'), STARTER);
    const xml = writeQdc(read.entries, { origin: 'Weft 0.1' });
    expect(await validateQdc(xml)).toEqual([]);
    // the starter codebook has no GUIDs: the .qdc gives each a stable one
    const back = readQdc(xml, 'starter.qdc').entries;
    expect(back.every((e) => e.guid)).toBe(true);
    expect(new Set(back.map((e) => e.guid)).size).toBe(back.length);
    expect(comparable(back).map(({ guid: _g, ...rest }) => rest)).toEqual(comparable(read.entries));
  });

  it('has 60–120 codes in 2–3 levels, and every codable code has a definition, inclusion, exclusion and an example', () => {
    const { entries } = readCodebookJson(fs.readFileSync(STARTER, 'utf8'), STARTER);
    expect(entries.length).toBeGreaterThanOrEqual(60);
    expect(entries.length).toBeLessThanOrEqual(120);
    expect(Math.max(...entries.map((e) => e.path.length))).toBeLessThanOrEqual(3);
    const gaps = entries.filter((e) => e.codable).flatMap((e) => (['definition', 'inclusion', 'exclusion', 'example'] as const).filter((f) => !e[f].trim()).map((f) => `${joinCodePath(e.path)}: ${f}`));
    expect(gaps).toEqual([]);
  });

  it('covers the themes of issue 5', () => {
    const { entries } = readCodebookJson(fs.readFileSync(STARTER, 'utf8'), STARTER);
    const paths = new Set(entries.map((e) => joinCodePath(e.path).toLowerCase()));
    const has = (p: string) => expect(paths.has(p.toLowerCase()), p).toBe(true);
    for (const p of [
      'Forms of harm > Grooming', 'Forms of harm > Sexual extortion', 'Forms of harm > Non-consensual sharing of sexual images',
      'Forms of harm > Live-streamed abuse', 'Forms of harm > Production or distribution of abuse material',
      'Forms of harm > Unwanted exposure to sexual content', 'Forms of harm > Offers of money or gifts for sexual content',
      'Settings and technology > Platforms and apps', 'Settings and technology > Devices',
      'Offender–victim relationship',
      'Disclosure and help-seeking > Disclosure recipients', 'Disclosure and help-seeking > Barriers to help-seeking', 'Disclosure and help-seeking > Reasons for not telling',
      'Responses > Family response', 'Responses > School response', "Responses > Community and religious leaders' response", 'Responses > Police response',
      'Responses > Social services response', 'Responses > Platform and industry response', 'Responses > Helpline response',
      'Access to justice > Reporting to authorities', 'Access to justice > Investigation', 'Access to justice > Prosecution and charging',
      'Access to justice > Court experience', 'Access to justice > Compensation and reparation', 'Access to justice > Re-victimisation',
      'Law-enforcement capacity > Specialised units', 'Law-enforcement capacity > Training', 'Law-enforcement capacity > Equipment and digital forensics',
      'Law-enforcement capacity > International cooperation', 'Law-enforcement capacity > Data and case recording',
      'Frontline services > Availability and reach', 'Frontline services > Quality of services', 'Frontline services > Referral pathways',
      'Risk and protective factors > Risk factors', 'Risk and protective factors > Protective factors',
      "Participants' recommendations",
    ]) has(p);
    // the online–offline continuum is part of settings and technology
    expect([...paths].some((p) => p.startsWith('settings and technology > ') && /offline/.test(p))).toBe(true);
    expect(entries.filter((e) => e.path[0] === "Participants' recommendations").length).toBeGreaterThan(1);
    expect(entries.filter((e) => e.path[0] === 'Offender–victim relationship').length).toBeGreaterThan(1);
  });
});

// ---- reference codebooks and .qdpx files

const depth = (entries: CodebookEntry[]) => Math.max(...entries.map((e) => e.path.length));

describe('reference codebooks import with their hierarchy and descriptions', () => {
  it('NVivo (CSV of the Hungarian codebook) and its .qdpx agree: 152 codes, 4 levels, every description', async () => {
    const csv = await readCodebookAnyFile(reference('codebooks', 'nvivo-hu', 'codebook.csv'));
    expect(csv.entries).toHaveLength(152);
    expect(depth(csv.entries)).toBe(4);
    const qdpx = await readCodebookAnyFile(reference('qdpx', 'nvivo-mac-12.7', 'OltasSzkepticizmus_17June.qdpx'));
    expect(qdpx.entries).toHaveLength(152);
    expect(qdpx.warnings).toEqual([expect.stringMatching(/only the codebook was read; its \d+ sources and their codings/)]);
    // the CSV comes from another export of the same project: the GUIDs differ
    const view = (es: CodebookEntry[]) => es.map((e) => [joinCodePath(e.path), e.definition, e.codable]);
    expect(view(qdpx.entries)).toEqual(view(csv.entries));
    expect(csv.entries.filter((e) => e.definition).length).toBeGreaterThan(10);
    expect(csv.entries.some((e) => /[\u{1F300}-\u{1FAFF}]|ő|ű/u.test(e.definition + e.path.join('')))).toBe(true);
    // imported into a project, every code and description is there
    const p = Project.create(path.join(dir, 'nvivo.weft'));
    const r = mergeCodebook(p, qdpx, 'nvivo.qdpx');
    expect(r.added).toHaveLength(152);
    expect(comparable(projectCodebookEntries(p)).map((e) => [joinCodePath(e.path), e.definition])).toEqual(view(csv.entries).map((v) => [v[0], v[1]]));
    p.close();
  });

  it('qc: the 262-code, 7-level codebook from CSV and from the .qdpx', async () => {
    const csv = await readCodebookAnyFile(reference('codebooks', 'qc-deep-tree', 'qc_demo_codebook.csv'));
    const qdpx = await readCodebookAnyFile(reference('qdpx', 'qc-cli', 'demo.qdpx'));
    for (const r of [csv, qdpx]) {
      expect(r.entries).toHaveLength(262);
      expect(depth(r.entries)).toBe(7);
    }
    expect(qdpx.entries.map((e) => joinCodePath(e.path))).toEqual(csv.entries.map((e) => joinCodePath(e.path)));
  });

  it('the lossy NVivo 15 .qdpx still gives its codebook', async () => {
    const r = await readCodebookAnyFile(reference('qdpx', 'nvivo-mac-15-lossy', 'nvivo_project.qdpx'));
    expect(r.entries.length).toBeGreaterThan(0);
    expect(r.format).toBe('qdpx');
  });

  it('Taguette tag lists, with descriptions; the highlight count column is reported, not dropped silently', async () => {
    for (const f of ['codebook_20220223_0.csv', 'codebook_20220303_8.csv']) {
      const file = reference('codebooks', 'serdif-taguette', f);
      const r = await readCodebookAnyFile(file);
      const rows = fs.readFileSync(file, 'utf8').trim().split('\n').length - 1;
      expect(r.entries.length).toBeGreaterThanOrEqual(20);
      expect(r.entries.length).toBeLessThanOrEqual(rows);
      expect(r.entries.every((e) => e.path.length === 1)).toBe(true);
      expect(r.entries.find((e) => e.path[0] === 'Simple export')?.definition).toBe('Data and metadata generated are simple and easy to export');
      expect(r.warnings.join('\n')).toMatch(/number of highlights/);
    }
  });

  it('QualCoder plain text: categories from ">>", memos as descriptions', async () => {
    const r = await readCodebookAnyFile(reference('codebooks', 'qualcoder-plain', 'plain_codes_categories_for_import.txt'));
    expect(r.entries.map((e) => [joinCodePath(e.path), e.codable])).toEqual([
      ['code1', true], ['cat1', false], ['cat1 > code2', true], ['cat1 > code3', true], ['cat3', false], ['cat3 > cat2', false],
      ['cat3 > cat2 > code4', true], ['cat3 > code5', true], ['code6', true],
    ]);
    expect(r.entries[0]!.definition).toBe('A memo for code 1');
    expect(r.entries.find((e) => e.path.join('/') === 'cat3/cat2/code4')!.definition).toBe('another memo');
  });

  it('openQDA: an invalid .qdc (ids that are not GUIDs, padded descriptions) imports with warnings', async () => {
    const file = reference('codebooks', 'openqda-qdc', 'example_codebook.qdc');
    expect((await validateQdc(fs.readFileSync(file, 'utf8'))).length).toBeGreaterThan(0);
    const r = await readCodebookAnyFile(file);
    expect(r.entries.length).toBeGreaterThan(10);
    expect(depth(r.entries)).toBeGreaterThanOrEqual(2);
    expect(r.entries.every((e) => e.guid === undefined)).toBe(true);
    const neg = r.entries.find((e) => e.path.join() === 'Negativ/Aufgeregt')!;
    expect(neg.definition).toBe('All emotions with negative valence and positive arousal.');
    expect(r.entries.find((e) => e.path.join(' > ') === 'Negativ/Aufgeregt > Rage')?.color).toBe('#c95858');
    const w = r.warnings.join('\n');
    expect(w).toMatch(/not a GUID.*"c001"/);
    expect(w).toMatch(/padded/);
    const p = Project.create(path.join(dir, 'openqda.weft'));
    expect(mergeCodebook(p, r, 'openqda.qdc').added).toHaveLength(r.entries.length);
    expect(p.repo.codes()).toHaveLength(r.entries.length);
    p.close();
  });
});

// ---- .qdc as other tools write it

const DESC = 'Trust-building before abuse.';
const QDC_FILES: Record<string, string> = {
  // NVivo: upper-case GUIDs, no colours on some codes, CRLF
  nvivo: `<?xml version="1.0" encoding="utf-8"?>\r\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="NVivo 14">\r\n<Codes>\r\n<Code guid="A1B2C3D4-0000-4000-8000-00000000000A" name="Harm" isCodable="true">\r\n<Code guid="A1B2C3D4-0000-4000-8000-00000000000B" name="Grooming" isCodable="true" color="#FF0000"><Description>${DESC}</Description></Code>\r\n</Code>\r\n</Codes>\r\n</CodeBook>\r\n`,
  // MAXQDA: BOM, schema location, a set
  maxqda: `\ufeff<?xml version="1.0" encoding="UTF-8"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="urn:QDA-XML:codebook:1.0 Codebook.xsd" origin="MAXQDA 2022"><Codes><Code guid="{5C5F0C66-1A2B-4C3D-8E9F-0123456789AB}" name="Harm" isCodable="true" color="#800000"><Code guid="{5C5F0C66-1A2B-4C3D-8E9F-0123456789AC}" name="Grooming" isCodable="true" color="#f00"><Description>${DESC}</Description></Code></Code></Codes><Sets><Set guid="5C5F0C66-1A2B-4C3D-8E9F-0123456789AD" name="Focus"><MemberCode guid="5C5F0C66-1A2B-4C3D-8E9F-0123456789AC"/></Set></Sets></CodeBook>`,
  // ATLAS.ti: a namespace prefix
  atlas: `<?xml version="1.0" encoding="utf-8"?><qda:CodeBook xmlns:qda="urn:QDA-XML:codebook:1.0" origin="ATLAS.ti 23"><qda:Codes><qda:Code guid="0a0b0c0d-1111-4222-8333-444455556666" name="Harm" isCodable="false"><qda:Code guid="0a0b0c0d-1111-4222-8333-444455556667" name="Grooming" isCodable="true" color="#FF0000"><qda:Description>${DESC}</qda:Description></qda:Code></qda:Code></qda:Codes></qda:CodeBook>`,
  // QualCoder: the "1:0" spelling, categories not codable
  qualcoder: `<?xml version="1.0" encoding="utf-8"?>\n<CodeBook xmlns="urn:QDA-XML:codebook:1:0" origin="QualCoder 3.5">\n  <Codes>\n    <Code guid="6f1c9c2e-3b8a-4f7e-9d2c-1a2b3c4d5e6f" name="Harm" isCodable="false">\n      <Code guid="6f1c9c2e-3b8a-4f7e-9d2c-1a2b3c4d5e70" name="Grooming" isCodable="true" color="#FF0000">\n        <Description>${DESC}</Description>\n      </Code>\n    </Code>\n  </Codes>\n</CodeBook>\n`,
  // Taguette: flat tags, one with a hierarchy by name only
  taguette: `<?xml version="1.0" encoding="UTF-8"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="Taguette 1.4.1"><Codes><Code guid="11111111-2222-4333-8444-555555555555" name="Harm" isCodable="true"><Code guid="11111111-2222-4333-8444-555555555556" name="Grooming" isCodable="true"><Description>${DESC}</Description></Code></Code></Codes></CodeBook>`,
};

describe('.qdc files as other tools write them', () => {
  for (const [tool, xml] of Object.entries(QDC_FILES)) {
    it(`${tool}: hierarchy, description, GUIDs`, () => {
      const r = readQdc(xml, `${tool}.qdc`);
      expect(r.entries.map((e) => joinCodePath(e.path))).toEqual(['Harm', 'Harm > Grooming']);
      expect(r.entries[1]!.definition).toBe(DESC);
      expect(r.entries.every((e) => e.guid && /^[0-9a-f-]{36}$/.test(e.guid))).toBe(true);
      if (tool === 'maxqda') {
        expect(r.entries[1]!.color).toBe('#ff0000');
        expect(r.warnings).toEqual([expect.stringMatching(/1 code set not imported \("Focus"\)/)]);
      } else expect(r.warnings).toEqual([]);
      if (tool === 'qualcoder' || tool === 'atlas') expect(r.entries[0]!.codable).toBe(false);
    });
  }

  it('a namespace other than the two spellings, or none, is read with a warning', () => {
    const none = QDC_FILES.taguette!.replace(' xmlns="urn:QDA-XML:codebook:1.0"', '');
    const r = readQdc(none, 'none.qdc');
    expect(r.entries).toHaveLength(2);
    expect(r.warnings).toEqual([expect.stringMatching(/in no namespace/)]);
    const other = readQdc(QDC_FILES.taguette!.replace('codebook:1.0', 'codebook:2.0'), 'other.qdc');
    expect(other.warnings).toEqual([expect.stringMatching(/urn:QDA-XML:codebook:2.0/)]);
  });

  it('reports every change: duplicate GUIDs and sibling names, ">" in names, bad colours, missing isCodable', () => {
    const xml = `<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>
      <Code guid="11111111-2222-4333-8444-555555555555" name="A" isCodable="true" color="red"/>
      <Code guid="11111111-2222-4333-8444-555555555555" name="a" isCodable="true"/>
      <Code guid="11111111-2222-4333-8444-555555555557" name="x > y"/>
    </Codes></CodeBook>`;
    const r = readQdc(xml, 'bad.qdc');
    expect(r.entries.map((e) => joinCodePath(e.path))).toEqual(['A', 'a (2)', 'x › y']);
    expect(r.warnings).toHaveLength(5);
  });

  it('refuses malformed XML and entity declarations with one line naming the file', () => {
    expect(() => readQdc('<CodeBook><Codes>', 'broken.qdc')).toThrow(/^broken\.qdc: /);
    expect(() => readQdc('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><CodeBook/>', 'evil.qdc')).toThrow(/evil\.qdc: .*entities/);
    expect(() => readQdc('<Other/>', 'other.qdc')).toThrow(/other\.qdc: no <CodeBook>/);
  });
});

// ---- merge import

function project(name: string, csv: string): Project {
  const p = Project.create(path.join(dir, name));
  importCodebookEntries(p, readCodebookCsv(csv, 'seed.csv').entries);
  return p;
}

describe('merge import', () => {
  const SEED = 'code_path,definition,color,guid\nHarm,,#111111,aaaaaaaa-0000-4000-8000-000000000001\nHarm > Grooming,Old definition,#222222,aaaaaaaa-0000-4000-8000-000000000002\nDisclosure,,#333333,\n';

  it('matches by GUID then path, renames, moves, updates fields, adds, and reports each', () => {
    const p = project('m.weft', SEED);
    const file = [
      'code_path,definition,inclusion,color,guid',
      // renamed by GUID
      'Harms online,,,#111111,aaaaaaaa-0000-4000-8000-000000000001',
      // moved by GUID, definition changed
      'Disclosure > Grooming,New definition,Use it,#222222,aaaaaaaa-0000-4000-8000-000000000002',
      // matched by path; an empty field never clears one
      'Disclosure,,,,',
      'Disclosure > To whom,Who was told,,,',
    ].join('\n');
    const r = mergeCodebook(p, readCodebookCsv(file, 'lead.csv'), 'lead.csv');
    expect(r.renamed).toEqual([{ from: 'Harm', to: 'Harms online' }]);
    expect(r.moved).toEqual([{ from: 'Harms online > Grooming', to: 'Disclosure > Grooming' }]);
    expect(r.updated).toEqual([{ path: 'Disclosure > Grooming', fields: ['definition', 'inclusion'] }]);
    expect(r.added).toEqual(['Disclosure > To whom']);
    expect(r.unchanged).toBe(1);
    const codes = p.repo.codes();
    expect(codes.find((c) => c.guid === 'aaaaaaaa-0000-4000-8000-000000000002')!.path).toBe('Disclosure > Grooming');
    expect(codes.find((c) => c.path === 'Disclosure')!.color).toBe('#333333');
    p.close();
  });

  it('takes a table that lists a child before its parent', () => {
    const p = project('o.weft', SEED);
    const r = mergeCodebook(p, readCodebookCsv('code_path,definition,guid\nNew > Child,c,\nNew,p,\nHarm > Grooming,,aaaaaaaa-0000-4000-8000-000000000002\n', 'o.csv'), 'o.csv');
    expect(r.added).toEqual(['New', 'New > Child']);
    expect(r.unchanged).toBe(1);
    expect(p.repo.codes().find((c) => c.path === 'New')!.definition).toBe('p');
    p.close();
  });

  it('dry run reports and writes nothing', () => {
    const p = project('d.weft', SEED);
    const before = JSON.stringify(p.repo.codes());
    const r = mergeCodebook(p, readCodebookCsv('code_path\nNew\n', 'x.csv'), 'x.csv', { dryRun: true });
    expect(r.added).toEqual(['New']);
    expect(JSON.stringify(p.repo.codes())).toBe(before);
    p.close();
  });

  it('bad input: one line naming file, row and field, and the project is unchanged', async () => {
    const p = project('b.weft', SEED);
    const before = JSON.stringify(p.repo.codes());
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, 'code_path,color\nA,#123456\nB,#12345\n');
    await expect(readCodebookAnyFile(bad)).rejects.toThrow(`${bad}: row 3: color "#12345" must look like #RRGGBB`);
    // a clash found half-way rolls everything back
    const entry = (p: string[], guid?: string, line = 2) =>
      canonicalEntry({ path: p, guid, codable: true, shortDefinition: '', definition: '', inclusion: '', exclusion: '', example: '', atypicalExample: '', memo: '', origin: `clash.csv: row ${line}` });
    // "Grooming" is renamed by its GUID, then a new code wants the same name
    const clash = { format: 'csv' as const, warnings: [], entries: [entry(['Brand new']), entry(['Harm', 'Grooming2'], 'aaaaaaaa-0000-4000-8000-000000000002', 3), entry(['Harm', 'grooming2'], undefined, 4)] };
    expect(() => mergeCodebook(p, clash, 'clash.csv')).toThrow(/^clash\.csv: row 4: code "Harm > grooming2" clashes with "Harm > Grooming2"/);
    expect(JSON.stringify(p.repo.codes())).toBe(before);
    expect(() => readCodebookJson('{"format":"weft-codebook","formatVersion":1,"codes":[{"name":"A","color":"red"}]}', 'c.json')).toThrow(/^c\.json: codes\.0\.color: /);
    const junk = new TextEncoder().encode('not a zip at all');
    await expect(readCodebookBytes(junk, 'cb.xlsx')).rejects.toThrow(/^cb\.xlsx: not an \.xlsx workbook/);
    await expect(readCodebookBytes(junk, 'cb.qdpx')).rejects.toThrow(/^cb\.qdpx: not a \.qdpx archive/);
    await expect(readCodebookBytes(new Uint8Array([0xff, 0xfe, 0x00, 0xd8]), 'cb.csv')).rejects.toThrow(/^cb\.csv: not valid UTF-8 or UTF-16 text/);
    p.close();
  });

  it('exports the codes of the codebook, not proposals', async () => {
    const p = project('prop.weft', SEED);
    proposeCode(p, { name: 'Idea', parentId: p.repo.codes().find((c) => c.path === 'Harm')!.id });
    const f = await buildCodebookFile(p, 'csv');
    expect(readCodebookCsv(new TextDecoder().decode(f.data), 'x.csv').entries.map((e) => joinCodePath(e.path))).toEqual(['Harm', 'Harm > Grooming', 'Disclosure']);
    p.close();
  });

  it('is refused while the codebook is locked', () => {
    const p = project('l.weft', SEED);
    p.repo.transaction(() => setCodebookLock(p, true, null));
    expect(() => mergeCodebook(p, readCodebookCsv('code_path\nNew\n', 'x.csv'), 'x.csv')).toThrow(/locked/);
    p.close();
  });
});

describe('the API methods', () => {
  it('codebook.exportFile, codebook.importFile (merge, one undoable step) and codebook.diffFile', async () => {
    const src = project('api-src.weft', 'code_path,definition\nHarm,Kinds of harm\nHarm > Grooming,Trust-building\n');
    const dst = Project.create(path.join(dir, 'api-dst.weft'));
    const a = createBackend(src, () => {});
    const events: unknown[] = [];
    const b = createBackend(dst, (e) => events.push(e));
    const file = (await dispatch(a, 'codebook.exportFile', { format: 'qdc' })) as { fileName: string; base64: string; codes: number };
    expect(file.fileName).toMatch(/-codebook\.qdc$/);
    expect(file.codes).toBe(2);
    expect(await validateQdc(Buffer.from(file.base64, 'base64').toString('utf8'))).toEqual([]);
    const dry = (await dispatch(b, 'codebook.importFile', { fileName: 'cb.qdc', base64: file.base64, dryRun: true })) as CodebookMergeReport;
    expect(dry.added).toEqual(['Harm', 'Harm > Grooming']);
    expect(dst.repo.codes()).toHaveLength(0);
    const report = (await dispatch(b, 'codebook.importFile', { fileName: 'cb.qdc', base64: file.base64 })) as CodebookMergeReport;
    expect(report.added).toHaveLength(2);
    expect(projectCodebookEntries(dst).map((e) => [joinCodePath(e.path), e.guid, e.definition])).toEqual(projectCodebookEntries(src).map((e) => [joinCodePath(e.path), e.guid, e.definition]));
    expect(events).toContainEqual({ type: 'changed', what: ['codes'] });
    const diff = (await dispatch(b, 'codebook.diffFile', { fileName: 'cb.qdc', base64: file.base64 })) as CodebookDiff & { warnings: string[] };
    expect([diff.added, diff.deleted, diff.renamed, diff.unchanged]).toEqual([[], [], [], 2]);
    // the import is one step of the undo history
    await dispatch(b, 'history.undo', {});
    expect(dst.repo.codes()).toHaveLength(0);
    await expect(dispatch(b, 'codebook.importFile', { fileName: 'cb.doc', base64: file.base64 })).rejects.toThrow(/cb\.doc: unsupported codebook format/);
    await expect(dispatch(b, 'codebook.exportFile', { format: 'pdf' })).rejects.toThrow(/codebook\.exportFile: format/);
    src.close();
    dst.close();
  });
});
