// Matching the project's known-names list without keeping the names: each
// spelling is stored as a salted hash of its folded form, with a cheap 32-bit
// keyed hash to find candidates fast. The scanner hashes candidate spans of
// the text and compares. Spaced scripts match whole words; scripts written
// without spaces between words (Thai, Lao, Khmer, Myanmar, CJK) and Ethiopic
// (whose prefixes and suffixes attach to names) match inside words, but never
// in the middle of a grapheme cluster.
import { foldChar, foldName } from './fold.js';
import type { KnownNameKind } from './types.js';

export type MatchMode = 'word' | 'substring';

/** What the store keeps for one spelling of a known name. */
export interface KnownVariant {
  /** placeholder of the entry, e.g. [PERSON-3] */
  placeholder: string;
  kind: KnownNameKind;
  /** strong salted hash of the folded spelling */
  hash: string;
  /** 32-bit keyed hash of the folded spelling */
  weak: number;
  /** UTF-16 length of the folded spelling */
  length: number;
  mode: MatchMode;
  /** 32-bit keyed hash of its first word (word mode) or first PREFIX units (substring mode): a quick first filter */
  first: number;
}

/** Units of a substring-mode spelling that the first filter hashes. */
export const PREFIX = 3;

/** A strong salted hash (HMAC-SHA-256 in the backend). */
export type StrongHash = (folded: string) => string;

const UNSPACED = /[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u19e0-\u19ff\u1200-\u139f\u2d80-\u2ddf\uab00-\uab2f\u3040-\u30ff\u3400-\u9fff]/u;
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
const MARK = /\p{M}/u;
// Khmer COENG joins the next consonant to the cluster; Thai and Lao leading vowels belong to the next consonant
const JOINS_NEXT = /[\u17d2\u0e40-\u0e44\u0ec0-\u0ec4\u1039]/u;

export function matchModeOf(folded: string): MatchMode {
  // decided by the first character: matching starts only where such a character can start a name
  return UNSPACED.test(folded[0] ?? '') ? 'substring' : 'word';
}

/** FNV-1a over UTF-16 units, seeded with a per-project key. */
export function weakHash(seed: number, s: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** Build the stored form of one spelling; throws on a spelling that folds to nothing. */
export function variantOf(spelling: string, seed: number, strong: StrongHash): Omit<KnownVariant, 'placeholder' | 'kind'> & { folded: string } {
  const folded = foldName(spelling).replace(/^[\s'".,;:!?()-]+|[\s'".,;:!?()-]+$/g, '');
  if (!/[\p{L}\p{N}]/u.test(folded)) throw new Error('a name must contain at least one letter or digit');
  const mode = matchModeOf(folded);
  const head = mode === 'word' ? firstWord(folded) : folded.slice(0, PREFIX);
  return { folded, hash: strong(folded), weak: weakHash(seed, folded), length: folded.length, mode, first: weakHash(seed, head) };
}

/** The first word of a folded spelling: up to the first space, without punctuation that ends it ("wanjiru," → "wanjiru"). */
function firstWord(folded: string): string {
  const w = folded.split(' ')[0]!;
  return w.replace(/[^\p{L}\p{M}\p{N}]+$/u, '') || w;
}

export interface KnownMatch {
  /** UTF-16 offsets into the original text */
  start: number;
  end: number;
  variant: KnownVariant;
}

const FNV_PRIME = 0x01000193;

// per-character facts for the BMP, computed once: the matcher asks them millions of times
const WORD = 1;
const MARK_BIT = 2;
const UNSPACED_BIT = 4;
const JOINS_BIT = 8;
let table: Uint8Array | null = null;
function facts(): Uint8Array {
  if (table) return table;
  const t = new Uint8Array(0x10000);
  for (let c = 0; c < 0x10000; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const ch = String.fromCharCode(c);
    let f = 0;
    if (WORD_CHAR.test(ch)) f |= WORD;
    if (MARK.test(ch)) f |= MARK_BIT;
    if (UNSPACED.test(ch)) f |= UNSPACED_BIT;
    if (JOINS_NEXT.test(ch)) f |= JOINS_BIT;
    t[c] = f;
  }
  return (table = t);
}

function isSpaceCode(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d || c === 0x0b || c === 0x0c || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

function isWordCode(t: Uint8Array, text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdfff) return (t[c]! & WORD) !== 0;
  // an astral character: a letter (𝒜) is part of a word, an emoji is not
  const start = c >= 0xdc00 && i > 0 ? i - 1 : i;
  return WORD_CHAR.test(String.fromCodePoint(text.codePointAt(start)!));
}

/**
 * Find every known name in a text. From each possible start the text is
 * folded one character at a time (as `foldName` folds a spelling) and the
 * weak hash extended; where a length and the weak hash fit and a boundary
 * follows, the strong hash confirms. The work is (starts × longest name).
 */
export function matchKnownNames(text: string, variants: readonly KnownVariant[], seed: number, strong: StrongHash): KnownMatch[] {
  if (!variants.length) return [];
  const out: KnownMatch[] = [];
  const n = text.length;
  const t = facts();
  for (const mode of ['word', 'substring'] as const) {
    const vs = variants.filter((v) => v.mode === mode);
    if (!vs.length) continue;
    const byWeak = new Map<number, KnownVariant[]>();
    for (const v of vs) {
      const list = byWeak.get(v.weak);
      if (list) list.push(v);
      else byWeak.set(v.weak, [v]);
    }
    const maxLen = Math.max(...vs.map((v) => v.length));
    const lengthOk = new Uint8Array(maxLen + 1);
    for (const v of vs) lengthOk[v.length] = 1;
    const firsts = new Set(vs.map((v) => v.first));
    for (let i = 0; i < n; i++) {
      if (mode === 'word' ? !isWordCode(t, text, i) || (i > 0 && isWordCode(t, text, i - 1)) : !isUnspacedStart(t, text, i)) continue;
      if (!firstFits(t, text, i, mode, seed, firsts, maxLen)) continue;
      let h = (0x811c9dc5 ^ seed) >>> 0;
      let len = 0;
      let best: KnownMatch | null = null;
      let j = i;
      while (j < n && len < maxLen) {
        const c = text.charCodeAt(j);
        if (isSpaceCode(c)) {
          h = Math.imul(h ^ 0x20, FNV_PRIME) >>> 0;
          len++;
          j++;
          while (j < n && isSpaceCode(text.charCodeAt(j))) j++;
          continue; // a name never ends in a space
        }
        if (c < 0x80) {
          h = Math.imul(h ^ (c >= 0x41 && c <= 0x5a ? c + 32 : c), FNV_PRIME) >>> 0;
          len++;
          j++;
        } else if (c >= 0x0590 && c < 0x1e00 && !(c >= 0x10a0 && c <= 0x10ff) && !(c >= 0x1c80 && c <= 0x1cbf)) {
          // scripts without case or Latin diacritics (Thai, Khmer, Ethiopic…) fold to themselves
          h = Math.imul(h ^ c, FNV_PRIME) >>> 0;
          len++;
          j++;
        } else {
          const w = c >= 0xd800 && c <= 0xdbff && j + 1 < n ? 2 : 1;
          const f = foldChar(text.slice(j, j + w));
          for (let x = 0; x < f.length; x++) h = Math.imul(h ^ f.charCodeAt(x), FNV_PRIME) >>> 0;
          len += f.length;
          j += w;
        }
        if (len > maxLen || !lengthOk[len] || !isEnd(t, text, j, mode)) continue;
        const cands = byWeak.get(h);
        if (!cands) continue;
        const hash = strong(foldName(text.slice(i, j)));
        const v = cands.find((x) => x.hash === hash && x.length === len);
        if (v) best = { start: i, end: j, variant: v };
      }
      if (best) out.push(best);
    }
  }
  return out;
}

/**
 * The quick filter: does the first word (word mode) or do the first PREFIX
 * units (substring mode) from `i` hash to the first part of some spelling?
 * Most starts fail here after one word, so the full match runs rarely.
 */
function firstFits(t: Uint8Array, text: string, i: number, mode: MatchMode, seed: number, firsts: Set<number>, maxLen: number): boolean {
  const n = text.length;
  let h = (0x811c9dc5 ^ seed) >>> 0;
  let len = 0;
  let j = i;
  while (j < n && len < maxLen) {
    const c = text.charCodeAt(j);
    if (isSpaceCode(c)) return false;
    if (c < 0x80) {
      h = Math.imul(h ^ (c >= 0x41 && c <= 0x5a ? c + 32 : c), FNV_PRIME) >>> 0;
      len++;
      j++;
    } else if (c >= 0x0590 && c < 0x1e00 && !(c >= 0x10a0 && c <= 0x10ff) && !(c >= 0x1c80 && c <= 0x1cbf)) {
      h = Math.imul(h ^ c, FNV_PRIME) >>> 0;
      len++;
      j++;
    } else {
      const w = c >= 0xd800 && c <= 0xdbff && j + 1 < n ? 2 : 1;
      const f = foldChar(text.slice(j, j + w));
      for (let x = 0; x < f.length; x++) h = Math.imul(h ^ f.charCodeAt(x), FNV_PRIME) >>> 0;
      len += f.length;
      j += w;
    }
    if (mode === 'substring') {
      if (len <= PREFIX && firsts.has(h)) return true;
      if (len >= PREFIX) return false;
    } else if ((j >= n || !isWordCode(t, text, j)) && firsts.has(h)) return true;
  }
  return false;
}

function isUnspacedStart(t: Uint8Array, text: string, i: number): boolean {
  const f = t[text.charCodeAt(i)]!;
  // inside unspaced scripts: any start that doesn't split a cluster
  if (!(f & UNSPACED_BIT) || f & MARK_BIT) return false;
  return !(i > 0 && t[text.charCodeAt(i - 1)]! & JOINS_BIT);
}

function isEnd(t: Uint8Array, text: string, j: number, mode: MatchMode): boolean {
  if (j >= text.length) return true;
  if (mode === 'word') return !isWordCode(t, text, j);
  if (t[text.charCodeAt(j)]! & MARK_BIT) return false;
  return !(t[text.charCodeAt(j - 1)]! & JOINS_BIT);
}
