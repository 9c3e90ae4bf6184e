// The scanner's parts: phone formats, known-name matching across scripts,
// case and diacritics, code-point offsets, and moving spans through edits.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHmac } from 'node:crypto';
import { scanText } from '../../shared/deid/scan.js';
import { matchKnownNames, variantOf, type KnownVariant } from '../../shared/deid/knownNames.js';
import { foldName } from '../../shared/deid/fold.js';
import { applyEdits, mapRange } from '../../shared/deid/edits.js';
import { capWords } from '../../shared/deid/words.js';
import { sliceCodePoints } from '../../shared/offsets.js';
import { NLP as nlp } from './deid/evaluate.js';

const SEED = 42;
const strong = (s: string) => createHmac('sha256', 'unit').update(s).digest('hex');
function known(...entries: Array<[string, ...string[]]>): KnownVariant[] {
  return entries.flatMap(([placeholder, ...spellings]) => spellings.map((s) => ({ placeholder, kind: 'person' as const, ...variantOf(s, SEED, strong) })));
}
// known names only: no name detector
const scanKnown = (text: string, variants: KnownVariant[]) => scanText(text, { known: { variants, seed: SEED, strong } });

describe('phone numbers', () => {
  // one national and one international number per study country, as people write them
  const NUMBERS: Array<[string, string]> = [
    ['Ethiopia', '0911 234 567'], ['Ethiopia', '+251 911 234 567'],
    ['Kenya', '0712-345-678'], ['Kenya', '+254712345678'],
    ['Mozambique', '84 123 4567'], ['Mozambique', '+258 82 345 6789'],
    ['Namibia', '081 234 5678'], ['Namibia', '+264 81 234 5678'],
    ['South Africa', '(021) 555 1234'], ['South Africa', '+27 82 555 1234'],
    ['Tanzania', '0754 321 987'], ['Tanzania', '+255 754 321 987'],
    ['Uganda', '0772 123456'], ['Uganda', '+256 772 123 456'],
    ['Cambodia', '012 345 678'], ['Cambodia', '+855 12 345 678'],
    ['Indonesia', '0812-3456-7890'], ['Indonesia', '+62 812 3456 7890'],
    ['Malaysia', '012-345 6789'], ['Malaysia', '+60 12-345 6789'],
    ['Philippines', '0917 123 4567'], ['Philippines', '+63 917 123 4567'],
    ['Thailand', '081 234 5678'], ['Thailand', '+66 81 234 5678'],
    ['Viet Nam', '0912.345.678'], ['Viet Nam', '+84 912 345 678'],
  ];
  it.each(NUMBERS)('%s: %s', (_country, number) => {
    const text = `She gave me the number ${number}, and then she left.`;
    const f = scanText(text, { nlp }).filter((x) => x.kind === 'phone');
    expect(f.map((x) => x.text)).toEqual([number]);
  });

  it('does not take counts, years, money or line numbers for phone numbers', () => {
    const text = 'In 2019 and 2020 we had 1,234 cases and 5,000,000 shillings. Lines 118 119 120 121 122. Open 8:00 to 17:00.';
    expect(scanText(text, { nlp }).filter((x) => x.kind === 'phone')).toEqual([]);
  });
});

describe('known names', () => {
  it('matches across case, diacritics and spacing, in Latin script', () => {
    const v = known(['[PERSON-1]', 'Nguyễn Thị Lan'], ['[PERSON-2]', 'José']);
    const text = 'NGUYEN THI LAN came with jose and with  Nguyễn   thị lan.';
    const f = scanKnown(text, v);
    expect(f.map((x) => [x.text, x.kind, x.confidence, x.source])).toEqual([
      ['NGUYEN THI LAN', 'person', 'high', 'known'],
      ['jose', 'person', 'high', 'known'],
      ['Nguyễn   thị lan', 'person', 'high', 'known'],
    ]);
  });

  it('matches whole words only in spaced scripts', () => {
    const v = known(['[PERSON-1]', 'Ana']);
    expect(scanKnown('Banana and Ana, and Ana’s bag; Anastasia.', v).map((x) => x.text)).toEqual(['Ana', 'Ana']);
  });

  it('matches inside Thai and Khmer text without spaces, never splitting a cluster', () => {
    const v = known(['[PERSON-1]', 'สมชาย'], ['[PERSON-2]', 'សុខា']);
    // สมชาย inside running text; a cut "สมชา" + vowel would split a cluster and must not match
    const thai = 'วันนี้สมชายมาหาฉัน แต่สมชายไม่อยู่';
    expect(scanKnown(thai, v).map((x) => x.text)).toEqual(['สมชาย', 'สมชาย']);
    const split = known(['[PERSON-3]', 'สมชา']);
    // "สมชา" followed by ย is fine (a consonant starts the next cluster), but not before a combining vowel
    expect(scanKnown('ก่อนสมชาิ', split)).toEqual([]);
    const khmer = 'ឈ្មោះសុខាមកពីភូមិ។';
    expect(scanKnown(khmer, v).map((x) => x.text)).toEqual(['សុខា']);
    // a Khmer subscript (coeng + consonant) continues the cluster: no match before it
    expect(scanKnown('សុខា្ក', v)).toEqual([]);
  });

  it('matches Ethiopic names with attached prefixes', () => {
    const v = known(['[PERSON-1]', 'ሄለን']);
    expect(scanKnown('ለሄለን መልእክት ላከ። ሄለን ትምህርት ቤት ትሄዳለች።', v).map((x) => x.text)).toEqual(['ሄለን', 'ሄለን']);
  });

  it('gives every spelling of one entry its placeholder, across scripts', () => {
    const v = known(['[PERSON-7]', 'Somchai', 'สมชาย']);
    const f = scanText('Somchai (สมชาย) called.', { known: { variants: v, seed: SEED, strong } });
    expect(f.map((x) => x.placeholder)).toEqual(['[PERSON-7]', '[PERSON-7]']);
  });

  it('still finds the rest of a longer name around a known one', () => {
    const v = known(['[PERSON-1]', 'Somchai']);
    const f = scanText('The man’s full name was Somchai Wongsakul, he said.', { nlp, known: { variants: v, seed: SEED, strong } });
    expect(f.filter((x) => x.kind === 'person').map((x) => [x.text, x.source])).toEqual([
      ['Somchai', 'known'],
      ['Wongsakul', 'detector'],
    ]);
  });

  it('stores no spelling in clear: only hashes and lengths', () => {
    const v = variantOf('Wanjiru Kamau', SEED, strong);
    expect(JSON.stringify({ ...v, folded: undefined })).not.toMatch(/wanjiru|kamau/i);
    expect(v.folded).toBe(foldName('WANJIRU   Kamau'));
  });

  it('refuses a spelling with no letters or digits', () => {
    expect(() => variantOf(' ,. ', SEED, strong)).toThrow(/letter or digit/);
  });

  it('finds the same matches as a plain search of the folded text (property)', () => {
    const alphabet = fc.constantFrom('a', 'n', 'A', 'N', 'á', ' ', '.', 'é', 'e', '😀');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 40 }).map((a) => a.join('')), (text) => {
        const v = known(['[PERSON-1]', 'ana']);
        const got = matchKnownNames(text, v, SEED, strong).map((m) => m.start);
        // reference: every word-boundary start whose folded word sequence begins with "ana" as a whole word
        const want: number[] = [];
        for (let i = 0; i < text.length; i++) {
          if (!/[\p{L}\p{N}]/u.test(text[i]!) || (i > 0 && /[\p{L}\p{N}\p{M}]/u.test(text[i - 1]!))) continue;
          for (let j = i + 1; j <= text.length; j++) {
            if (j < text.length && /[\p{L}\p{N}\p{M}]/u.test(text[j]!)) continue;
            if (foldName(text.slice(i, j)) === 'ana') {
              want.push(i);
              break;
            }
          }
        }
        expect(got).toEqual(want);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('capitalised words', () => {
  it('starts a word wherever a plain \\p{Lu} search of the whole text would (property)', () => {
    // the search the table lookup replaced
    const reference = (text: string) => {
      const re = /\p{Lu}[\p{L}\p{M}\p{N}]*(?:['’][\p{L}\p{M}]+)*(?:-[\p{L}\p{M}\p{N}]+)*\.?/gu;
      return [...text.matchAll(re)].filter((m) => !(m.index > 0 && /[\p{L}\p{M}\p{N}]/u.test(text[m.index - 1]!))).map((m) => m.index);
    };
    const alphabet = fc.constantFrom('A', 'a', 'É', 'é', 'Ǆ', 'ǅ', 'Ω', 'Ж', 'ж', 'Ա', 'Ⴀ', 'Ꭰ', '𐐀', '𐐨', '𝐀', '😀', 'ก', '’', "'", '-', '.', ' ', '\n', '\ud801', '\udc00', '7', '\u0301');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 30 }).map((a) => a.join('')), (text) => {
        expect(capWords(text).map((w) => w.start)).toEqual(reference(text));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('offsets', () => {
  it('reports code-point offsets whose slice is the finding text, around emoji and other astral characters (property)', () => {
    const pieces = fc.constantFrom('😀 ', '👩‍👧 ', 'Wanjiru ', 'call 0712 345 678 ', 'a@b.co ', 'สวัสดี ', '𝒜 ', 'in Kisumu. ', 'on 3 May 2021 ');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 12 }), (parts) => {
        const text = parts.join('');
        for (const f of scanText(text, { nlp })) {
          expect(sliceCodePoints(text, f.start, f.end)).toBe(f.text);
          expect(f.end).toBeGreaterThan(f.start);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('edits', () => {
  it('moves ranges with the text, and a cut range covers the whole placeholder (property)', () => {
    const arb = fc
      .tuple(fc.string({ minLength: 1, maxLength: 30 }), fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom('[P]', '[PERSON-12]', 'x')), { maxLength: 4 }), fc.nat(), fc.nat())
      .map(([text, raw, a, b]) => {
        const n = [...text].length;
        // non-overlapping edits
        const edits: Array<{ start: number; end: number; replacement: string }> = [];
        for (const [s0, l0, r] of raw) {
          const start = s0 % n;
          const end = Math.min(n, start + 1 + (l0 % 4));
          if (edits.some((e) => start < e.end && e.start < end)) continue;
          edits.push({ start, end, replacement: r });
        }
        const start = a % n;
        const end = Math.min(n, start + 1 + (b % n));
        return { text, edits, start, end };
      });
    fc.assert(
      fc.property(arb, ({ text, edits, start, end }) => {
        const { text: out, edits: placed } = applyEdits(text, edits);
        const m = mapRange(start, end, placed);
        expect(m.end).toBeGreaterThan(m.start);
        expect(m.end).toBeLessThanOrEqual([...out].length);
        const untouched = !placed.some((e) => start < e.end && e.start < end);
        if (untouched) expect(sliceCodePoints(out, m.start, m.end)).toBe(sliceCodePoints(text, start, end));
        // a boundary inside an edit means the range now begins or ends exactly at the placeholder
        for (const [k, e] of placed.entries()) {
          const shift = placed.slice(0, k).reduce((d, x) => d + x.length - (x.end - x.start), 0);
          if (e.start < start && start < e.end) expect(m.start).toBe(e.start + shift);
          if (e.start < end && end < e.end) expect(m.end).toBe(e.start + shift + e.length);
        }
      }),
      { numRuns: 500 },
    );
  });
});
