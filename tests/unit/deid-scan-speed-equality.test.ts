// The scanner's fast paths against the patterns they stand for: capitalised
// words found by table lookup instead of a sticky \p{Lu} pattern, the
// lower-case-use search (from a word's rarest letter, and through an index of
// the text's words), looksEnglish without its regular expression, and anchors
// found by indexOf. Each reference below is the code the fast path replaced.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { looksEnglish } from '../../shared/deid/names.js';
import { capWords, lowerUseFinder } from '../../shared/deid/words.js';
import { anchorsAt, anchorsOf } from '../../shared/deid/patterns.js';
import { scanText } from '../../shared/deid/scan.js';
import { NLP as nlp } from './deid/evaluate.js';

const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;

/** capWords as it was: the pattern over the whole text, and the checks by regular expression. */
function referenceCapWords(text: string, abbreviations: ReadonlySet<string>) {
  const isInitial = (at: number): boolean => {
    let k = at - 1;
    while (k >= 0 && (text[k] === ' ' || text[k] === '\t' || text[k] === '\u00a0')) k--;
    if (k < 0) return true;
    const c = text[k]!;
    if (!/[.!?:;…\n"“”()[\]]/.test(c)) return false;
    if (c !== '.') return true;
    let w = k;
    while (w > 0 && WORD_CHAR.test(text[w - 1]!)) w--;
    const before = text.slice(w, k).toLowerCase();
    return !(abbreviations.has(before) || (before.length === 1 && /\p{L}/u.test(before)));
  };
  const out = [];
  for (const m of text.matchAll(/\p{Lu}[\p{L}\p{M}\p{N}]*(?:['’][\p{L}\p{M}]+)*(?:-[\p{L}\p{M}\p{N}]+)*\.?/gu)) {
    if (m.index > 0 && WORD_CHAR.test(text[m.index - 1]!)) continue;
    let word = m[0];
    let dot = false;
    if (word.endsWith('.')) {
      word = word.slice(0, -1);
      dot = true;
    }
    const possessive = /['’]s$/i.test(word) && word.length > 3;
    const nameText = possessive ? word.slice(0, -2) : word;
    const lower = nameText.toLowerCase();
    out.push({
      text: nameText,
      lower,
      start: m.index,
      end: m.index + nameText.length,
      allCaps: !/\p{Ll}/u.test(nameText),
      initial: isInitial(m.index),
      abbrev: dot && (abbreviations.has(lower) || nameText.length === 1),
      possessive,
    });
  }
  return out;
}

describe('capitalised words by table lookup', () => {
  it('gives every field the pattern gives, over letters, marks and digits of both planes, lone surrogates and punctuation (property)', () => {
    // no abbreviation can be spelt with these letters, so the reference needs none
    const alphabet = fc.constantFrom(
      'A', 'a', 'S', 's', 'x', 'É', 'é', 'İ', 'ß', 'Ǆ', 'ǅ', 'Ω', 'Ж', 'ж', 'Ա', 'Ⴀ', 'Ꭰ', '𐐀', '𐐨', '𝐀', '𝟎', '😀', 'ก', '7', '\u0301',
      '’', "'", '-', '.', ' ', '\u00a0', '\t', '\n', ':', '!', '"', '“', '(', '[', '…', '@', '\ud801', '\udc00',
    );
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 40 }).map((a) => a.join('')), (text) => {
        expect(capWords(text)).toEqual(referenceCapWords(text, new Set()));
      }),
      { numRuns: 3000 },
    );
  });

  it('treats the dot after an abbreviation or an initial as the pattern does (property)', () => {
    // the abbreviations among these words, as names.ts lists them
    const abbreviations = new Set(['mr', 'mrs', 'dr', 'st', 'no', 'prof', 'pltcol']);
    const word = fc.constantFrom('Mr', 'Mrs', 'Dr', 'St', 'No', 'Prof', 'Pltcol', 'Xpltcol', 'J', 'A', 'Smith', 'Otieno', 'NGO', 'I', "Somchai's", 'Jean-Luc', "O'Brien", 'the', 'abcdefg', 'Ökonom', 'Über');
    const gap = fc.constantFrom(' ', '  ', '. ', '.', '.\n', ': ', ', ', '\u00a0', ' (', '" ', '…', '.\t', '! ');
    fc.assert(
      fc.property(fc.array(fc.tuple(word, gap), { maxLength: 12 }), (parts) => {
        const text = parts.map(([w, g]) => w + g).join('');
        expect(capWords(text)).toEqual(referenceCapWords(text, abbreviations));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('lower-case use', () => {
  /** the search as it was: every place the word occurs, checked by regular expression */
  function referenceUsed(text: string, lower: string): boolean {
    for (let at = text.indexOf(lower); at >= 0; at = text.indexOf(lower, at + 1)) {
      const before = at > 0 ? text[at - 1]! : ' ';
      const after = text[at + lower.length] ?? ' ';
      if (WORD_CHAR.test(before) || WORD_CHAR.test(after)) continue;
      if (/[@._/]/.test(before) || (/[@._/]/.test(after) && WORD_CHAR.test(text[at + lower.length + 1] ?? ' '))) continue;
      return true;
    }
    return false;
  }
  const QUERIES = ['wanjiru', 'otieno', 'faith', 'njeri', 'ana', 'exactly', 'xactly', 'e', 'x', 'é', "o'brien", 'jean-luc', '-x', '😀', 'e\u0301', 'wanjirus', 'zz'];

  it('answers as the plain search does, both searching and once the text is indexed (property)', () => {
    const piece = fc.constantFrom('wanjiru', 'Wanjiru', 'otieno', 'faith', 'njeri', 'ana', 'exactly', 'xactly', 'e', "o'brien", 'jean-luc', '@', '.', '_', '/', ' ', '\n', '-', "'", 'x', 'é', '😀', '\u0301', 'wanjirus', '1', 'zz');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }).map((a) => a.join('')), (text) => {
        const searching = lowerUseFinder(text);
        const indexed = lowerUseFinder(text);
        // words that are not there make it read the text over and over, past the point where it indexes it
        for (let k = 0; k < 40; k++) expect(indexed(`qq${k}`)).toBe(false);
        for (const q of QUERIES) {
          const want = referenceUsed(text, q);
          expect(searching(q), q).toBe(want);
          expect(indexed(q), q).toBe(want);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('looksEnglish without its regular expression', () => {
  it('counts the same words as /(?:^|[^A-Za-z\'])([a-z]+)(?![A-Za-z])/g in the first 6,000 units (property)', () => {
    scanText('Set up the lexicon.', { nlp });
    const lexicon = nlp.model().one.lexicon;
    const reference = (text: string): boolean => {
      let known = 0;
      let total = 0;
      for (const m of text.slice(0, 6000).matchAll(/(?:^|[^A-Za-z'])([a-z]+)(?![A-Za-z])/g)) {
        total++;
        if (lexicon[m[1]!] !== undefined) known++;
        if (total >= 400) break;
      }
      return total >= 20 ? known / total >= 0.45 : true;
    };
    const piece = fc.constantFrom('the ', 'and ', 'was ', 'she ', 'zzq ', 'kwa ', 'na ', 'The ', "don't ", "'s ", "o'zz ", '7', '7zz', '. ', '\n', 'é', 'zzé', 'abC ', 'x', ' ', 'mtoto ', 'alisema ');
    // about twenty words, where one word more or less can tip the answer
    fc.assert(
      fc.property(fc.array(piece, { minLength: 15, maxLength: 60 }).map((a) => a.join('')), (text) => {
        expect(looksEnglish(text)).toBe(reference(text));
      }),
      { numRuns: 3000 },
    );
    // long texts: the first 6,000 units, and the 400-word limit
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 2500 }).map((a) => a.join('')), (text) => {
        expect(looksEnglish(text)).toBe(reference(text));
      }),
      { numRuns: 200 },
    );
  });
});

describe('anchors by indexOf', () => {
  const alphabet = fc.constantFrom('a', 'Z', '0', '9', 'f', 'G', '.', ':', 'x', ' ', 'é', '\ud800', '-');
  const within = (re: RegExp) => (c: number) => re.test(String.fromCharCode(c));
  it('finds what anchorsOf finds, overlapping candidates included (property)', () => {
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 40 }).map((a) => a.join('')), (text) => {
        expect(anchorsAt(text, '.', within(/[A-Za-z0-9]/), within(/[A-Za-z]/))).toEqual(anchorsOf(text, /[A-Za-z0-9]\.[A-Za-z]/g));
        expect(anchorsAt(text, ':', within(/[0-9A-Fa-f]/), within(/[0-9A-Fa-f:]/))).toEqual(anchorsOf(text, /[0-9A-Fa-f]:[0-9A-Fa-f:]/g));
      }),
      { numRuns: 3000 },
    );
  });
});
