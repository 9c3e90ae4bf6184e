// Property-based fuzzing of every importer and parser: random bytes, random
// strings and mutated valid files either give a result or throw a clean
// Error, within a bounded time, and never give offsets outside the text.
// Run counts are kept small so the suite stays fast.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import fs from 'node:fs';
import { strToU8, zipSync } from 'fflate';
import { Document, Packer, Paragraph, TextRun } from 'docx';
import { readSource } from '../../electron/services/importers/index.js';
import { parseCsv } from '../../shared/formats/csv.js';
import { readAttributesCsv } from '../../shared/formats/attributesCsv.js';
import { parseCodebookCsv, parseCodebookJson } from '../../shared/formats/codebook.js';
import { readSegmentRow } from '../../shared/formats/segmentsCsv.js';
import { readProjectXml, writeProjectXml, emptyProject } from '../../shared/formats/refi/projectXml.js';
import { parseExtensions } from '../../shared/formats/refi/weftExtensions.js';
import { parseCues } from '../../shared/formats/subtitles.js';
import { rtfToText } from '../../shared/formats/rtf.js';
import { odtContentToText } from '../../shared/formats/odt.js';
import { unzipBounded, DOCUMENT_ZIP_LIMITS } from '../../shared/formats/zipLimits.js';
import { codePointLength, normalizeText } from '../../shared/offsets.js';
import { reference } from '../reference.js';
import { codebookXlsxBytes, codebookQdpxBytes, readCodebookBytes } from '../../electron/services/codebookExchange.js';
import { writeQdc } from '../../shared/formats/refi/codebookXml.js';
import { writeQualCoderCodes } from '../../shared/formats/qualcoderCodes.js';
import type { CodebookEntry } from '../../shared/formats/codebook.js';

const RUN_BUDGET_MS = 3000;

/** Call `fn`; it must return or throw an Error (not a string, not a crash), within the budget. */
async function cleanly<T>(what: string, fn: () => T | Promise<T>): Promise<T | null> {
  const t0 = performance.now();
  try {
    return await fn();
  } catch (e) {
    expect(e, `${what} threw a non-Error`).toBeInstanceOf(Error);
    expect(typeof (e as Error).message).toBe('string');
    return null;
  } finally {
    expect(performance.now() - t0, `${what} took too long`).toBeLessThan(RUN_BUDGET_MS);
  }
}

/** A mutation of valid bytes: flipped bytes, a cut, or a spliced run of junk. */
const mutation = (valid: Uint8Array) =>
  fc.oneof(
    fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 20 }).map((flips) => {
      const b = new Uint8Array(valid);
      for (const [i, v] of flips) b[i] = v;
      return b;
    }),
    fc.nat(valid.length - 1).map((n) => valid.subarray(0, n)),
    fc.tuple(fc.nat(valid.length - 1), fc.uint8Array({ minLength: 1, maxLength: 200 })).map(([at, junk]) => {
      const b = new Uint8Array(valid.length + junk.length);
      b.set(valid.subarray(0, at));
      b.set(junk, at);
      b.set(valid.subarray(at), at + junk.length);
      return b;
    }),
  );

const TEXT_NAMES = ['a.txt', 'a.md', 'a.vtt', 'a.srt', 'a.rtf'];

describe('fuzzing the transcript importers', () => {
  it('random bytes under every text format name', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...TEXT_NAMES), fc.uint8Array({ maxLength: 3000 }), async (name, bytes) => {
        const r = await cleanly(name, () => readSource(name, bytes));
        if (r) {
          const text = normalizeText(r.text);
          for (const t of r.turns ?? []) {
            expect(t.start).toBeGreaterThanOrEqual(0);
            expect(t.end).toBeLessThanOrEqual(codePointLength(text));
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('random text shaped like subtitles and RTF', async () => {
    const cue = fc.tuple(fc.nat(99), fc.nat(59), fc.nat(999), fc.string({ maxLength: 40 })).map(([m, s, ms, t]) => `00:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(ms).padStart(3, '0')} --> 00:${String(m).padStart(2, '0')}:${String(s + 1).padStart(2, '0')}.000\n${t}\n`);
    await fc.assert(
      fc.asyncProperty(fc.array(cue, { maxLength: 20 }), fc.constantFrom<'vtt' | 'srt'>('vtt', 'srt'), async (cues, format) => {
        const source = (format === 'vtt' ? 'WEBVTT\n\n' : '') + cues.join('\n');
        await cleanly('parseCues', () => parseCues(source, format));
      }),
      { numRuns: 100 },
    );
    const rtfToken = fc.constantFrom('{', '}', '\\par ', '\\u8364?', "\\'e9", '\\*\\fonttbl', 'text ', '\\uc1 ', '\\bin5 ', '\\', '{\\rtf1 ');
    await fc.assert(
      fc.asyncProperty(fc.array(rtfToken, { maxLength: 80 }), async (tokens) => {
        await cleanly('rtfToText', () => rtfToText(`{\\rtf1 ${tokens.join('')}`));
      }),
      { numRuns: 150 },
    );
  });

  it('mutated .odt and .docx files', async () => {
    const odt = zipSync({
      mimetype: strToU8('application/vnd.oasis.opendocument.text'),
      'content.xml': strToU8('<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text><text:p>Interviewer: hello</text:p><text:p>Respondent: yes</text:p></office:text></office:body></office:document-content>'),
    });
    await fc.assert(fc.asyncProperty(mutation(odt), async (b) => void (await cleanly('odt', () => readSource('a.odt', b)))), { numRuns: 120 });
    const docx = await Packer.toBuffer(new Document({ sections: [{ children: ['Interviewer: hello', 'Respondent: yes'].map((l) => new Paragraph({ children: [new TextRun(l)] })) }] }));
    await fc.assert(fc.asyncProperty(mutation(new Uint8Array(docx)), async (b) => void (await cleanly('docx', () => readSource('a.docx', b)))), { numRuns: 40 });
  });

  it('mutated PDF files', async () => {
    const pdf = new Uint8Array(fs.readFileSync(reference('transcripts', 'pdpilot', 'pdf', 'P1.pdf')));
    await fc.assert(fc.asyncProperty(mutation(pdf), async (b) => void (await cleanly('pdf', () => readSource('a.pdf', b)))), { numRuns: 20 });
  });

  it('random XML into the ODF reader', async () => {
    const tag = fc.constantFrom('<text:p>', '</text:p>', '<text:s text:c="5"/>', '<text:tab/>', '<text:span>', '</text:span>', '&amp;', '&#10;', '&bogus;', '<![CDATA[x]]>', '<!--c-->', 'words ', '<text:h>', '</text:h>', '<');
    await fc.assert(
      fc.asyncProperty(fc.array(tag, { maxLength: 60 }), async (parts) => {
        await cleanly('odtContentToText', () =>
          odtContentToText(`<office:document-content xmlns:office="o" xmlns:text="t"><office:body><office:text>${parts.join('')}</office:text></office:body></office:document-content>`),
        );
      }),
      { numRuns: 150 },
    );
  });
});

describe('fuzzing the parsers', () => {
  it('CSV, attribute CSV, codebook CSV and JSON, and segment rows', async () => {
    const csvChar = fc.constantFrom('a', 'b', ',', '"', '\n', '\r\n', ' ', '=', '>', ' > ', 'é', '😀', '\u0000');
    const csvText = fc.array(csvChar, { maxLength: 200 }).map((a) => a.join(''));
    await fc.assert(
      fc.asyncProperty(csvText, async (body) => {
        await cleanly('parseCsv', () => parseCsv(body, 'f.csv'));
        await cleanly('readAttributesCsv', () => readAttributesCsv(`document,country\n${body}`, 'a.csv'));
        await cleanly('parseCodebookCsv', () => parseCodebookCsv(`code_path,definition,color,codable\n${body}`, 'c.csv'));
      }),
      { numRuns: 200 },
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.json(), fc.string({ maxLength: 200 })), async (json) => void (await cleanly('parseCodebookJson', () => parseCodebookJson(json, 'c.json')))),
      { numRuns: 200 },
    );
    const cell = fc.oneof(fc.string({ maxLength: 12 }), fc.integer().map(String), fc.constantFrom('-1', '1e309', 'NaN', '0x10', '12.5', ''));
    await fc.assert(
      fc.asyncProperty(fc.record({ segment_id: cell, document_id: cell, document: cell, code_id: cell, code_path: cell, coder: cell, start: cell, end: cell, text: cell, memo: cell }), async (cells) => {
        const row = await cleanly('readSegmentRow', () => readSegmentRow(cells, 2, 's.csv'));
        if (row) {
          expect(Number.isInteger(row.start) && row.start >= 0).toBe(true);
          expect(Number.isInteger(row.end) && row.end > row.start).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('REFI-QDA project XML, its Weft extensions, and zip archives', async () => {
    const valid = strToU8(writeProjectXml(emptyProject('Fuzz')).xml);
    await fc.assert(
      fc.asyncProperty(mutation(valid), async (b) => void (await cleanly('readProjectXml', () => readProjectXml(new TextDecoder().decode(b))))),
      { numRuns: 200 },
    );
    await fc.assert(fc.asyncProperty(fc.oneof(fc.json(), fc.string()), async (s) => void (await cleanly('parseExtensions', () => parseExtensions(s)))), { numRuns: 150 });
    const zip = zipSync({ 'project.qde': valid, 'sources/a.txt': strToU8('Interviewer: hi') });
    await fc.assert(
      fc.asyncProperty(mutation(zip), async (b) => {
        const out = await cleanly('unzipBounded', () => unzipBounded(b, () => true, DOCUMENT_ZIP_LIMITS));
        if (out) for (const v of Object.values(out)) expect(v.length).toBeLessThanOrEqual(DOCUMENT_ZIP_LIMITS.maxTotalBytes);
      }),
      { numRuns: 200 },
    );
  });
});

describe('fuzzing the codebook readers', () => {
  const entry = (path: string[], definition: string): CodebookEntry => ({
    path, definition, shortDefinition: '', inclusion: '', exclusion: '', example: '', atypicalExample: '', memo: '', codable: true, origin: 'fuzz', color: '#aa3355',
  });
  const entries = [entry(['Disclosure'], 'Telling someone'), entry(['Disclosure', 'Barriers'], 'What stops it')];

  it('random bytes and mutated files in every codebook format', async () => {
    const valid: Record<string, Uint8Array> = {
      'c.qdc': strToU8(writeQdc(entries)),
      'c.txt': strToU8(writeQualCoderCodes(entries)),
      'c.qdpx': codebookQdpxBytes(entries, 'c'),
      'c.xlsx': await codebookXlsxBytes(entries),
      'c.csv': strToU8('code_path,definition\nDisclosure,Telling\nDisclosure > Barriers,What stops it\n'),
      'c.json': strToU8(JSON.stringify({ codes: [{ name: 'Disclosure', children: [{ name: 'Barriers' }] }] })),
    };
    for (const [name, bytes] of Object.entries(valid)) {
      await fc.assert(
        fc.asyncProperty(fc.oneof(mutation(bytes), fc.uint8Array({ maxLength: 2000 })), async (b) => void (await cleanly(name, () => readCodebookBytes(b, name)))),
        { numRuns: name.endsWith('.xlsx') ? 25 : 60 },
      );
    }
  });
});
