// The renderer's pure helpers: the transcript model (code points ↔ paragraph
// positions), speaker detection, word snapping for scripts without spaces,
// boundary commands, palette matching, segment filters and document grouping.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import fs from 'node:fs';
import { TranscriptModel, detectSpeaker } from '../../renderer/src/lib/transcriptModel';
import { snapToWords } from '../../renderer/src/lib/wordSnap';
import { adjustBoundaries } from '../../renderer/src/lib/boundaries';
import { inVivoName, matchScore } from '../../renderer/src/lib/codeMatch';
import { EMPTY_FILTER, filterSegments } from '../../renderer/src/lib/segmentFilter';
import { groupDocuments } from '../../renderer/src/lib/groupDocuments';
import { normalizeText } from '../../shared/offsets';
import { reference } from '../reference';
import type { Code, DocumentSummary, Segment } from '../../shared/types';

describe('TranscriptModel', () => {
  it('maps code points to paragraph positions and back, on random text with astral characters', () => {
    const alphabet = ['a', ' ', '\n', '👋', 'ก', '่', 'ក', '្', 'ሰ', 'ế', '𝔸'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 80 }), (chars) => {
        const text = chars.join('');
        const model = new TranscriptModel(text);
        const cps = Array.from(text);
        expect(model.length).toBe(cps.length);
        for (let cp = 0; cp <= cps.length; cp++) {
          const { paragraph, utf16 } = model.toParagraphPosition(cp);
          if (cps[cp] !== '\n' || cp === cps.length) expect(model.toCodePoint(paragraph, utf16)).toBe(cp);
        }
        for (let a = 0; a <= cps.length; a += 3) {
          for (let b = a; b <= cps.length; b += 5) expect(model.slice(a, b)).toBe(cps.slice(a, b).join(''));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('works on the real Thai, Khmer, Amharic and Vietnamese texts', () => {
    for (const lang of ['tha', 'khm', 'amh', 'vie']) {
      const text = normalizeText(fs.readFileSync(reference('transcripts', 'udhr', `${lang}.txt`), 'utf8'));
      const model = new TranscriptModel(text);
      const cps = Array.from(text);
      expect(model.length).toBe(cps.length);
      const mid = Math.floor(cps.length / 2);
      expect(model.slice(mid, mid + 40)).toBe(cps.slice(mid, mid + 40).join(''));
    }
  });

  it('detects speaker labels in the common transcript forms', () => {
    expect(detectSpeaker('Interviewer: How long?')?.label).toBe('Interviewer');
    expect(detectSpeaker('R: Two years.')?.label).toBe('R');
    expect(detectSpeaker('[00:01:23] Speaker 1: Hello')?.label).toBe('[00:01:23] Speaker 1');
    expect(detectSpeaker('Q: And then?')?.label).toBe('Q');
    expect(detectSpeaker('DR MWANGI: We refer.')?.label).toBe('DR MWANGI');
    expect(detectSpeaker('It was late: nobody came.')).toBeNull();
    expect(detectSpeaker('Just a sentence.')).toBeNull();
  });
});

describe('word snapping with Intl.Segmenter', () => {
  it('widens a selection that cuts an English word', () => {
    const text = 'The biggest group of cases';
    const r = snapToWords(text, 6, 15); // "ggest gro"
    expect(text.slice(r.start, r.end)).toBe('biggest group');
  });

  it('snaps inside Thai and Khmer, which have no spaces between words', () => {
    const thai = 'ไม่อยากให้เป็นเรื่องใหญ่';
    const r = snapToWords(thai, 1, thai.length - 1);
    expect(r.start).toBe(0);
    expect(r.end).toBe(thai.length);
    const khmer = 'មនុស្សទាំងអស់';
    const k = snapToWords(khmer, 2, 4);
    expect(k.start).toBe(0);
    expect(k.end).toBeGreaterThanOrEqual(4);
    expect(khmer.slice(k.start, k.end).length).toBeLessThan(khmer.length + 1);
  });
});

describe('boundary commands', () => {
  const text = 'Interviewer: Hello there.\n\nRespondent: We meet weekly. Then we refer cases to the unit.';
  const model = new TranscriptModel(text);
  const cp = (s: string) => Array.from(text.slice(0, text.indexOf(s))).length;

  it('extends to the speaker turn without the label', () => {
    const s = cp('meet');
    const r = adjustBoundaries(model, s, s + 4, 'turn');
    expect(model.slice(r.start, r.end)).toBe('We meet weekly. Then we refer cases to the unit.');
  });

  it('extends to the sentence', () => {
    const s = cp('refer');
    const r = adjustBoundaries(model, s, s + 5, 'sentence');
    expect(model.slice(r.start, r.end)).toBe('Then we refer cases to the unit.');
  });

  it('moves start and end by a word', () => {
    const s = cp('refer');
    const e = s + 5;
    expect(model.slice(...Object.values(adjustBoundaries(model, s, e, 'start-left')) as [number, number])).toBe('we refer');
    expect(model.slice(...Object.values(adjustBoundaries(model, s, e, 'end-right')) as [number, number])).toBe('refer cases');
    const wide = adjustBoundaries(model, s, e + 6, 'end-left');
    expect(model.slice(wide.start, wide.end)).toBe('refer');
  });
});

describe('quick-code palette matching', () => {
  const code = (name: string, path: string) => ({ name, path });
  it('ranks name prefixes, then substrings, then letters in order', () => {
    const ext = code('Sexual extortion', 'Forms of harm > Sexual extortion');
    expect(matchScore(ext, 'sexual')).toBeGreaterThan(matchScore(ext, 'extortion'));
    expect(matchScore(ext, 'extortion')).toBeGreaterThan(matchScore(ext, 'forms of'));
    expect(matchScore(ext, 'sextor')).toBeGreaterThan(0);
    expect(matchScore(ext, 'zzz')).toBe(0);
  });
  it('makes in-vivo names of one line without a path separator', () => {
    expect(inVivoName('  we  did not\nknow  > anyone ')).toBe('we did not know › anyone');
    expect(inVivoName('x'.repeat(200)).length).toBe(80);
  });
});

describe('segment filters and document groups', () => {
  const codes = [
    { id: 1, parentId: null, path: 'A' },
    { id: 2, parentId: 1, path: 'A > B' },
    { id: 3, parentId: null, path: 'C' },
  ] as Code[];
  const documents = [
    { id: 10, attributes: { country: 'Kenya' } },
    { id: 11, attributes: { country: 'Thailand' } },
  ] as unknown as DocumentSummary[];
  const seg = (id: number, codeId: number, documentId: number, coderName: string, text: string) =>
    ({ id, codeId, documentId, coderName, text, memo: '' }) as Segment;
  const segments = [seg(1, 1, 10, 'ann', 'alpha'), seg(2, 2, 10, 'bob', 'beta'), seg(3, 3, 11, 'ann', 'gamma')];

  it('filters by code with or without children, coder, document, attribute and text', () => {
    expect(filterSegments(segments, { ...EMPTY_FILTER, codeId: 1 }, codes, documents).map((s) => s.id)).toEqual([1, 2]);
    expect(filterSegments(segments, { ...EMPTY_FILTER, codeId: 1, withChildren: false }, codes, documents).map((s) => s.id)).toEqual([1]);
    expect(filterSegments(segments, { ...EMPTY_FILTER, coder: 'ann' }, codes, documents).map((s) => s.id)).toEqual([1, 3]);
    expect(filterSegments(segments, { ...EMPTY_FILTER, documentId: 11 }, codes, documents).map((s) => s.id)).toEqual([3]);
    expect(filterSegments(segments, { ...EMPTY_FILTER, attribute: 'country', attributeValue: 'Kenya' }, codes, documents).map((s) => s.id)).toEqual([1, 2]);
    expect(filterSegments(segments, { ...EMPTY_FILTER, text: 'GAM' }, codes, documents).map((s) => s.id)).toEqual([3]);
  });

  it('groups documents by an attribute', () => {
    expect(groupDocuments(documents, 'country').map((g) => [g.group, g.documents.length])).toEqual([
      ['Kenya', 1],
      ['Thailand', 1],
    ]);
    expect(groupDocuments(documents, '')[0]!.group).toBeNull();
  });
});
