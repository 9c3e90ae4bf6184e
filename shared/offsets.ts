// Offsets in Weft are Unicode code point indices, end exclusive (REFI-QDA §10.2).
// JavaScript strings index UTF-16 code units; these helpers convert at the edges.

// not a /u expression: it sees UTF-16 units, and finds each pair as a JavaScript loop over them would, about three times faster
const SURROGATE_PAIR = /[\ud800-\udbff][\udc00-\udfff]/g;

/** Number of code points in a string. */
export function codePointLength(text: string): number {
  // a high surrogate followed by a low surrogate is one code point
  let pairs = 0;
  SURROGATE_PAIR.lastIndex = 0;
  while (SURROGATE_PAIR.exec(text)) pairs++;
  return text.length - pairs;
}


/**
 * Precomputed conversion table for one text. Building it is O(n); each
 * conversion is O(log k) where k is the number of astral characters.
 */
export class OffsetIndex {
  /** UTF-16 index of every astral (surrogate pair) code point, ascending. */
  private readonly astralUtf16: number[] = [];
  readonly utf16Length: number;
  readonly codePointLength: number;

  constructor(readonly text: string) {
    SURROGATE_PAIR.lastIndex = 0;
    for (let m = SURROGATE_PAIR.exec(text); m; m = SURROGATE_PAIR.exec(text)) this.astralUtf16.push(m.index);
    this.utf16Length = text.length;
    this.codePointLength = text.length - this.astralUtf16.length;
  }

  /** Code point index → UTF-16 index. Throws RangeError outside [0, length]. */
  toUtf16(cp: number): number {
    if (!Number.isInteger(cp) || cp < 0 || cp > this.codePointLength) {
      throw new RangeError(`offset ${cp} is outside the text (0..${this.codePointLength})`);
    }
    // count astral characters whose code-point index is < cp
    const a = this.astralUtf16;
    let lo = 0;
    let hi = a.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      // code point index of the mid-th astral char = its utf16 index - mid
      if (a[mid]! - mid < cp) lo = mid + 1;
      else hi = mid;
    }
    return cp + lo;
  }

  /**
   * UTF-16 index → code point index. An index inside a surrogate pair is
   * rounded down to the start of that code point.
   */
  toCodePoint(u16: number): number {
    if (!Number.isInteger(u16) || u16 < 0 || u16 > this.utf16Length) {
      throw new RangeError(`UTF-16 offset ${u16} is outside the text (0..${this.utf16Length})`);
    }
    const a = this.astralUtf16;
    let lo = 0;
    let hi = a.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (a[mid]! < u16) lo = mid + 1;
      else hi = mid;
    }
    // lo astral chars start before u16; an index on a low surrogate lands on its pair's start
    return u16 - lo;
  }

  /** Text between two code point offsets. */
  slice(start: number, end: number): string {
    return this.text.slice(this.toUtf16(start), this.toUtf16(end));
  }
}

/** Text between code point offsets [start, end). */
export function sliceCodePoints(text: string, start: number, end: number): string {
  return new OffsetIndex(text).slice(start, end);
}

/**
 * Normalise imported text once: drop a BOM, turn CRLF and CR into LF,
 * and compose to Unicode NFC. Stored text is always the output of this.
 */
export function normalizeText(raw: string): string {
  let t = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  t = t.replace(/\r\n?/g, '\n');
  return t.normalize('NFC');
}

/** Validate a code point range against a text length; returns an error message or null. */
export function rangeError(start: number, end: number, length: number): string | null {
  if (!Number.isInteger(start) || !Number.isInteger(end)) return `start and end must be whole numbers (got ${start}, ${end})`;
  if (start < 0) return `start ${start} is negative`;
  if (end <= start) return `end ${end} must be greater than start ${start}`;
  if (end > length) return `end ${end} is beyond the end of the text (${length} code points)`;
  return null;
}
