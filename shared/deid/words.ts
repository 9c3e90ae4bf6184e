// The words of a transcript as the name detector reads them: runs of
// capitalised words (by table lookup, in one pass), whether a word starts a
// sentence, the words around a place, and whether a word is also used in
// lower case elsewhere in the text. Pure string work, no lexicon.

export interface Word {
  text: string;
  lower: string;
  start: number;
  end: number;
  allCaps: boolean;
  /** first word of a sentence, a line or a speaker turn */
  initial: boolean;
  /** "Mr." or an initial: its dot doesn't end a sentence */
  abbrev: boolean;
  /** "Somchai's": a name ends here */
  possessive: boolean;
}

const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'rev', 'sgt', 'det', 'cpl', 'capt', 'lt', 'col', 'gen', 'hon', 'sr', 'sra', 'st', 'no', 'jl', 'jln',
  'pol', 'pltcol', 'polcol', 'brgy', 'mt', 'acp', 'asp', 'ssp', 'sp', 'bu', 'pak', 'wro', 'insp', 'supt', 'cst',
]);
const ABBREVIATION_MAX = Math.max(...[...ABBREVIATIONS].map((a) => a.length));

// a capitalised word is /\p{Lu}[\p{L}\p{M}\p{N}]*(?:['’][\p{L}\p{M}]+)*(?:-[\p{L}\p{M}\p{N}]+)*\.?/u where one starts;
// capWordEnd takes the same steps by table lookup (the check that no letter comes right before it is done in code)
const UPPER = /^\p{Lu}$/u;
const ANY_WORD = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}]+)*(?:-[\p{L}\p{M}\p{N}]+)*/gu;
const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;
const LETTER_OR_MARK = /[\p{L}\p{M}]/u;
const HAS_LOWER = /\p{Ll}/u;
export const SPACES_ONLY = /^[ \u00a0]+$/;
// camelCase product names (PDPilot, JavaScript, XGBoost) and plural acronyms (PDPs, GBMs)
export const PRODUCT = /^(?!Mc|Mac|De|Da|Di|La|Le|Van)\p{Lu}[\p{L}\p{M}]*\p{Ll}\p{Lu}|^\p{Lu}{2,}\p{Ll}|^\p{Lu}{2,}s$/u;

// per-UTF-16-unit facts for the Basic Multilingual Plane, looked up instead of testing one-character strings against UPPER and WORD_CHAR
const IS_UPPER = 1;
const IS_WORD = 2;
const IS_LETTER_OR_MARK = 4;
let bmpTable: Uint8Array | null = null;
/**
 * IS_UPPER for each upper-case letter, IS_WORD for each letter, mark or digit (WORD_CHAR), IS_LETTER_OR_MARK for
 * each letter or mark; surrogates have none (built once, in about 20 ms)
 */
function charTable(): Uint8Array {
  if (!bmpTable) {
    bmpTable = new Uint8Array(0x10000);
    for (let c = 0; c < 0x10000; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const ch = String.fromCharCode(c);
      // letters and marks are word characters, and upper-case letters letters
      if (!WORD_CHAR.test(ch)) continue;
      bmpTable[c]! |= IS_WORD;
      if (LETTER_OR_MARK.test(ch)) bmpTable[c]! |= IS_LETTER_OR_MARK;
      if (c >= 0x80 && UPPER.test(ch)) bmpTable[c]! |= IS_UPPER;
    }
  }
  return bmpTable;
}

/** Whether the UTF-16 unit at k is a word character on its own (as WORD_CHAR.test(text[k]) is); false outside the text. */
function wordAt(text: string, k: number): boolean {
  return k >= 0 && k < text.length && (charTable()[text.charCodeAt(k)]! & IS_WORD) !== 0;
}

/**
 * Where the capitalised word starting at `start` (an upper-case letter) ends. The greedy steps of the pattern
 * above, which are its match, since every step after the first may match nothing; a sticky regular expression
 * costs about as much per word as the rest of capWords.
 */
function capWordEnd(text: string, start: number): number {
  const c = text.charCodeAt(start);
  let k = start + (c >= 0xd800 && c <= 0xdbff ? 2 : 1);
  // [\p{L}\p{M}\p{N}]*
  for (let d = charLength(text, k, IS_WORD); d; d = charLength(text, k, IS_WORD)) k += d;
  // (?:['’][\p{L}\p{M}]+)*
  while ((text.charCodeAt(k) === 0x27 || text.charCodeAt(k) === 0x2019) && charLength(text, k + 1, IS_LETTER_OR_MARK)) {
    k++;
    for (let d = charLength(text, k, IS_LETTER_OR_MARK); d; d = charLength(text, k, IS_LETTER_OR_MARK)) k += d;
  }
  // (?:-[\p{L}\p{M}\p{N}]+)*
  while (text.charCodeAt(k) === 0x2d && charLength(text, k + 1, IS_WORD)) {
    k++;
    for (let d = charLength(text, k, IS_WORD); d; d = charLength(text, k, IS_WORD)) k += d;
  }
  // \.?
  if (text.charCodeAt(k) === 0x2e) k++;
  return k;
}

/**
 * The length in UTF-16 units of the character at k if it is in the class (IS_WORD: [\p{L}\p{M}\p{N}], or
 * IS_LETTER_OR_MARK: [\p{L}\p{M}]) as a /u pattern reads it, a surrogate pair being one character; else 0.
 */
function charLength(text: string, k: number, cls: number): number {
  const c = text.charCodeAt(k);
  if (c >= 0xd800 && c <= 0xdbff) {
    const d = text.charCodeAt(k + 1);
    if (!(d >= 0xdc00 && d <= 0xdfff)) return 0;
    return (cls === IS_WORD ? WORD_CHAR : LETTER_OR_MARK).test(text.slice(k, k + 2)) ? 2 : 0;
  }
  // past the end, c is NaN and the lookup undefined
  return charTable()[c]! & cls ? 1 : 0;
}

/** HAS_LOWER.test(s), without the regular expression for plain ASCII words. */
function hasLower(s: string): boolean {
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c >= 0x80) return HAS_LOWER.test(s);
    if (c >= 97 && c <= 122) return true;
  }
  return false;
}

export function capWords(text: string): Word[] {
  const words: Word[] = [];
  const table = charTable();
  const n = text.length;
  // where a word can start is found by a table lookup per UTF-16 unit: a \p{Lu} search over the whole text is about ten times slower
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      // not A-Z (one unsigned comparison: much faster on letters and spaces than two)
      if ((c - 65) >>> 0 >= 26) continue;
    } else if (c >= 0xd800 && c <= 0xdbff) {
      const cp = text.codePointAt(i)!;
      if (cp <= 0xffff || !UPPER.test(String.fromCodePoint(cp))) {
        if (cp > 0xffff) i++;
        continue;
      }
    } else if (!(table[c]! & IS_UPPER)) continue;
    const start = i;
    let end = capWordEnd(text, start);
    i = end - 1;
    if (start > 0 && table[text.charCodeAt(start - 1)]! & IS_WORD) continue;
    let dot = false;
    if (text.charCodeAt(end - 1) === 0x2e) {
      end--;
      dot = true;
    }
    // /['’]s$/i on words of four or more units
    const s1 = text.charCodeAt(end - 1);
    const s2 = text.charCodeAt(end - 2);
    const possessive = end - start > 3 && (s1 === 0x73 || s1 === 0x53) && (s2 === 0x27 || s2 === 0x2019);
    if (possessive) end -= 2;
    const nameText = text.slice(start, end);
    const lower = nameText.toLowerCase();
    words.push({
      text: nameText,
      lower,
      start,
      end,
      allCaps: !hasLower(nameText),
      initial: isInitial(text, start),
      abbrev: dot && (ABBREVIATIONS.has(lower) || nameText.length === 1),
      possessive,
    });
  }
  return words;
}

/** Whether a word starts a sentence, a line or a speaker turn: what comes before it, across spaces and quotes. */
function isInitial(text: string, at: number): boolean {
  let k = at - 1;
  while (k >= 0) {
    const c = text.charCodeAt(k);
    if (c !== 0x20 && c !== 0x09 && c !== 0xa0) break;
    k--;
  }
  if (k < 0) return true;
  const c = text.charCodeAt(k);
  if (!sentenceEnd(c)) return false;
  if (c !== 0x2e) return true;
  // "Mr. Otieno", "J. Smith": the dot of an abbreviation
  let w = k;
  let ascii = true;
  while (wordAt(text, w - 1)) {
    w--;
    if (text.charCodeAt(w) >= 0x80) ascii = false;
  }
  // an ASCII word longer than any abbreviation is none (a sentence usually ends in one)
  if (ascii && k - w > ABBREVIATION_MAX) return true;
  const before = text.slice(w, k).toLowerCase();
  return !(ABBREVIATIONS.has(before) || (before.length === 1 && /\p{L}/u.test(before)));
}

/** Whether a UTF-16 unit ends a sentence before a word: . ! ? : ; …, a line break, a quote or a bracket. */
function sentenceEnd(c: number): boolean {
  switch (c) {
    case 0x2e: // .
    case 0x21: // !
    case 0x3f: // ?
    case 0x3a: // :
    case 0x3b: // ;
    case 0x2026: // …
    case 0x0a: // \n
    case 0x22: // "
    case 0x201c: // “
    case 0x201d: // ”
    case 0x28: // (
    case 0x29: // )
    case 0x5b: // [
    case 0x5d: // ]
      return true;
    default:
      return false;
  }
}

export interface ContextWord {
  lower: string;
  cap: boolean;
  /** the text between this word and the next one (or the run) */
  gapAfter: string;
}

/** Up to five words before a position, nearest last, with what separates them. */
export function wordsBefore(text: string, at: number): ContextWord[] {
  const from = Math.max(0, at - 120);
  const slice = text.slice(from, at);
  const found: Array<{ text: string; index: number }> = [];
  ANY_WORD.lastIndex = 0;
  for (let m = ANY_WORD.exec(slice); m; m = ANY_WORD.exec(slice)) found.push({ text: m[0], index: m.index });
  // the first word of the slice may be cut
  if (from > 0 && found.length && found[0]!.index === 0) found.shift();
  return found.slice(-5).map((w, x, all) => ({
    lower: w.text.replace(/['’]s$/i, '').toLowerCase(),
    cap: /^\p{Lu}/u.test(w.text),
    gapAfter: slice.slice(w.index + w.text.length, x + 1 < all.length ? all[x + 1]!.index : slice.length),
  }));
}

export function wordAfter(text: string, at: number): string {
  const m = /^[ \u00a0]*([\p{L}\p{M}]+)/u.exec(text.slice(at, at + 40));
  return m ? m[1]!.toLowerCase() : '';
}

/** Is a word used in lower case somewhere in the text (not inside an e-mail address or a URL)? */
export function lowerUseFinder(text: string): (lower: string) => boolean {
  const cache = new Map<string, boolean>();
  // indexOf finds most words near the start of an English text. A word never used in lower case reads the whole
  // text, and a long text in another language has thousands of them: once the searches have read the text
  // INDEX_AFTER times over, its words are indexed (same answers, found by where words start)
  let read = 0;
  let starts: Map<string, number[]> | null = null;
  /** the checks on one place where the word occurs */
  const usedAt = (lower: string, at: number): boolean => {
    const after = at + lower.length;
    if (wordAt(text, at - 1) || wordAt(text, after)) return false;
    // words inside an e-mail address or a URL ("faith.njeri@…") say nothing about ordinary use
    return !((at > 0 && urlPunct(text.charCodeAt(at - 1))) || (urlPunct(text.charCodeAt(after)) && wordAt(text, after + 1)));
  };
  return (lower) => {
    let r = cache.get(lower);
    if (r !== undefined) return r;
    r = false;
    // the word's first run of word characters: a use of the word starts where the text has the same run
    let head = 0;
    while (head < lower.length && wordAt(lower, head)) head++;
    if (head > 0 && (starts || read > INDEX_AFTER * text.length)) {
      starts ??= wordStarts(text);
      for (const at of starts.get(lower.slice(0, head)) ?? []) {
        if (text.startsWith(lower, at) && usedAt(lower, at)) {
          r = true;
          break;
        }
      }
    } else {
      // indexOf skips fastest to a character that is rare in the text: search for the word from its rarest letter on
      const k = rarestLetter(lower);
      const tail = k ? lower.slice(k) : lower;
      for (let at = text.indexOf(tail, k); at >= 0; at = text.indexOf(tail, at + 1)) {
        if ((k === 0 || text.startsWith(lower, at - k)) && usedAt(lower, at - k)) {
          r = true;
          read += at;
          break;
        }
      }
      if (!r) read += text.length;
    }
    cache.set(lower, r);
    return r;
  };
}

const INDEX_AFTER = 32;

// English letters, most frequent first; any other character counts as rarer than all of them
const LETTER_ORDER = 'etaoinshrdlcumwfgypbvkjxqz';

/** Where the word's least frequent letter is (the first of equals). */
function rarestLetter(word: string): number {
  let best = 0;
  let bestRank = -1;
  for (let k = 0; k < word.length; k++) {
    const r = LETTER_ORDER.indexOf(word[k]!);
    const rank = r < 0 ? LETTER_ORDER.length : r;
    if (rank > bestRank) {
      best = k;
      bestRank = rank;
    }
  }
  return best;
}

/** Every run of word characters in a text, with where it starts. */
function wordStarts(text: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const table = charTable();
  const n = text.length;
  for (let i = 0; i < n; i++) {
    if (!(table[text.charCodeAt(i)]! & IS_WORD)) continue;
    const start = i;
    while (i + 1 < n && table[text.charCodeAt(i + 1)]! & IS_WORD) i++;
    const run = text.slice(start, i + 1);
    const at = out.get(run);
    if (at) at.push(start);
    else out.set(run, [start]);
  }
  return out;
}

/** @ . _ / (charCodeAt past the end gives NaN: none of them) */
function urlPunct(c: number): boolean {
  return c === 0x40 || c === 0x2e || c === 0x5f || c === 0x2f;
}
