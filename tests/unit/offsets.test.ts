// Offsets are code points, end exclusive; JavaScript indexes UTF-16 units.
// These properties pin the conversion down on the scripts our transcripts use.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import fs from 'node:fs';
import {
  OffsetIndex,
  codePointLength,
  normalizeText,
  rangeError,
  sliceCodePoints,
} from '../../shared/offsets.js';
import { reference } from '../reference.js';

const RUNS = { numRuns: 200 };

/** Pieces of real transcript text: astral emoji and ZWJ sequences, combining marks, Thai, Khmer, Amharic, CSV specials. */
const piece = fc.oneof(
  fc.constantFrom('a', 'Z', ' ', ',', '"', ';', '\n', '\r\n', '\r', '\t'),
  fc.constantFrom('😀', '👩‍👩‍👧', '🇹🇭', '𝄞', '𠀋', '🏽'),
  fc.constantFrom('\u0301', '\u0323', '\u0308', 'e\u0301', 'a\u0328\u0301', 'n\u0303', 'ệ', 'Å'),
  fc.constantFrom('ก', 'ภาษาไทย', 'ำ', '\u0e48', 'น้ำ'),
  fc.constantFrom('ក', 'ខ្មែរ', '\u17d2', 'ក្ម'),
  fc.constantFrom('ሰላም', 'ኢትዮጵያ', '፣'),
  fc.string({ unit: 'binary', maxLength: 3 }),
);
const text = fc.array(piece, { maxLength: 40 }).map((parts) => parts.join(''));
/** Like `text` but also with unpaired surrogates, which count as one code point each. */
const textWithLoneSurrogates = fc
  .array(fc.oneof(piece, fc.constantFrom('\ud83d', '\ude00', '\udbff')), { maxLength: 40 })
  .map((parts) => parts.join(''));

/** UTF-16 index where each code point starts, plus the end. */
function boundaries(s: string): number[] {
  const out = [0];
  let u = 0;
  for (const ch of s) {
    u += ch.length;
    out.push(u);
  }
  return out;
}

describe('codePointLength', () => {
  it('equals [...s].length', () => {
    fc.assert(
      fc.property(textWithLoneSurrogates, (s) => {
        expect(codePointLength(s)).toBe([...s].length);
        const idx = new OffsetIndex(s);
        expect(idx.codePointLength).toBe([...s].length);
        expect(idx.utf16Length).toBe(s.length);
      }),
      RUNS,
    );
  });

  it('counts an emoji as one and a combining mark as its own code point', () => {
    expect(codePointLength('😀')).toBe(1);
    expect('😀'.length).toBe(2);
    expect(codePointLength('e\u0301')).toBe(2);
    expect(codePointLength('👩‍👩‍👧')).toBe(5); // three people joined by two ZWJ
    expect(codePointLength('')).toBe(0);
    expect(codePointLength('\ud83d')).toBe(1);
    expect(codePointLength('\ude00\ud83d')).toBe(2); // reversed pair is two lone surrogates
  });
});

describe('OffsetIndex', () => {
  it('toUtf16 agrees with walking the string, and toCodePoint inverts it', () => {
    fc.assert(
      fc.property(textWithLoneSurrogates, (s) => {
        const idx = new OffsetIndex(s);
        const b = boundaries(s);
        for (let cp = 0; cp < b.length; cp++) {
          expect(idx.toUtf16(cp)).toBe(b[cp]);
          expect(idx.toCodePoint(b[cp]!)).toBe(cp);
        }
      }),
      RUNS,
    );
  });

  it('toUtf16(toCodePoint(u)) === u at every code point boundary', () => {
    fc.assert(
      fc.property(text, (s) => {
        const idx = new OffsetIndex(s);
        for (const u of boundaries(s)) expect(idx.toUtf16(idx.toCodePoint(u))).toBe(u);
      }),
      RUNS,
    );
  });

  it('slice(start, end) equals Array.from(s).slice(start, end).join("")', () => {
    const withRange = textWithLoneSurrogates.chain((s) => {
      const n = [...s].length;
      return fc.tuple(fc.constant(s), fc.nat(n), fc.nat(n)).map(([t, a, b]) => [t, Math.min(a, b), Math.max(a, b)] as const);
    });
    fc.assert(
      fc.property(withRange, ([s, start, end]) => {
        const expected = Array.from(s).slice(start, end).join('');
        expect(new OffsetIndex(s).slice(start, end)).toBe(expected);
        expect(sliceCodePoints(s, start, end)).toBe(expected);
      }),
      RUNS,
    );
  });

  it('toCodePoint on a low surrogate rounds down to the start of its pair', () => {
    fc.assert(
      fc.property(text, fc.constantFrom('😀', '𝄞', '𠀋', '🏽'), text, (before, astral, after) => {
        const s = before + astral + after;
        const idx = new OffsetIndex(s);
        const high = before.length;
        expect(s.charCodeAt(high + 1)).toBeGreaterThanOrEqual(0xdc00); // really a low surrogate
        const cp = [...before].length;
        expect(idx.toCodePoint(high)).toBe(cp);
        expect(idx.toCodePoint(high + 1)).toBe(cp);
        expect(idx.toUtf16(idx.toCodePoint(high + 1))).toBe(high);
        expect(idx.toCodePoint(high + 2)).toBe(cp + 1);
      }),
      RUNS,
    );
    const idx = new OffsetIndex('a😀b😀');
    expect([0, 1, 2, 3, 4, 5, 6].map((u) => idx.toCodePoint(u))).toEqual([0, 1, 1, 2, 3, 3, 4]);
  });

  it('throws RangeError outside the text, and on fractional or NaN offsets', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 1000 }), (s, over) => {
        const idx = new OffsetIndex(s);
        expect(() => idx.toUtf16(-over)).toThrow(RangeError);
        expect(() => idx.toUtf16(idx.codePointLength + over)).toThrow(RangeError);
        expect(() => idx.toCodePoint(-over)).toThrow(RangeError);
        expect(() => idx.toCodePoint(s.length + over)).toThrow(RangeError);
        expect(() => idx.slice(0, idx.codePointLength + over)).toThrow(RangeError);
      }),
      RUNS,
    );
    const idx = new OffsetIndex('😀x');
    for (const bad of [0.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => idx.toUtf16(bad)).toThrow(RangeError);
      expect(() => idx.toCodePoint(bad)).toThrow(RangeError);
    }
    expect(() => idx.toUtf16(3)).toThrow(/outside the text \(0\.\.2\)/);
    expect(idx.toUtf16(2)).toBe(3); // the end itself is a valid offset
    expect(idx.toCodePoint(3)).toBe(2);
  });
});

describe('rangeError', () => {
  it('accepts exactly the ranges 0 <= start < end <= length', () => {
    fc.assert(
      fc.property(fc.integer({ min: -5, max: 50 }), fc.integer({ min: -5, max: 50 }), fc.nat(40), (start, end, length) => {
        const ok = start >= 0 && end > start && end <= length;
        expect(rangeError(start, end, length) === null).toBe(ok);
      }),
      RUNS,
    );
    expect(rangeError(3, 3, 10)).toMatch(/end 3 must be greater than start 3/);
    expect(rangeError(-1, 3, 10)).toMatch(/start -1 is negative/);
    expect(rangeError(0, 11, 10)).toMatch(/beyond the end of the text \(10 code points\)/);
    expect(rangeError(0.5, 2, 10)).toMatch(/whole numbers/);
  });
});

describe('normalizeText', () => {
  it('drops a leading BOM, turns CRLF and CR into LF, and composes to NFC', () => {
    expect(normalizeText('\ufeffa\r\nb\rc\nd')).toBe('a\nb\nc\nd');
    expect(normalizeText('\r\n\r\n')).toBe('\n\n'); // CRLF is one break, not two
    expect(normalizeText('\n\r')).toBe('\n\n');
    expect(normalizeText('e\u0301')).toBe('\u00e9');
    expect(normalizeText('Vie\u0323\u0302t')).toBe('Vi\u1ec7t');
    expect(normalizeText('\ufeff')).toBe('');
    expect(normalizeText('a\ufeffb')).toBe('a\ufeffb'); // only a leading BOM is a BOM
    expect(normalizeText('ภาษาไทย 😀')).toBe('ภาษาไทย 😀');
  });

  it('output has no CR and no leading BOM, is NFC, keeps every line break, and is idempotent', () => {
    const withBom = fc.tuple(fc.boolean(), text).map(([bom, s]) => (bom ? '\ufeff' : '') + s);
    fc.assert(
      fc.property(withBom, (raw) => {
        const t = normalizeText(raw);
        expect(t.includes('\r')).toBe(false);
        expect(t.charCodeAt(0)).not.toBe(0xfeff);
        expect(t.normalize('NFC')).toBe(t);
        expect(normalizeText(t)).toBe(t);
        const breaks = (raw.match(/\r\n|\r|\n/g) ?? []).length;
        expect((t.match(/\n/g) ?? []).length).toBe(breaks);
        if (!raw.includes('\r') && !raw.startsWith('\ufeff')) expect(t).toBe(raw.normalize('NFC'));
      }),
      RUNS,
    );
  });

  it('composes the real non-NFC Vietnamese UDHR: 14,706 code points raw, 12,753 after NFC', () => {
    const raw = fs.readFileSync(reference('transcripts', 'udhr', 'vie.txt'), 'utf8');
    expect([...raw].length).toBe(14706);
    expect(raw.normalize('NFC')).not.toBe(raw);
    const stored = normalizeText(raw);
    expect([...stored].length).toBe(12753);
    expect(codePointLength(stored)).toBe(12753);
    expect(new OffsetIndex(stored).codePointLength).toBe(12753);
    expect(stored.normalize('NFC')).toBe(stored);
    // the mapping holds on the real text too: spot-check every 97th code point
    const idx = new OffsetIndex(stored);
    const cps = Array.from(stored);
    for (let cp = 0; cp < cps.length; cp += 97) expect(idx.slice(cp, Math.min(cp + 13, cps.length))).toBe(cps.slice(cp, cp + 13).join(''));
  });
});
