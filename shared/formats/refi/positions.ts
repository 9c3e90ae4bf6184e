// Selection positions in .qdpx files, as real tools write them, mapped onto
// Weft's stored text (BOM-less, LF, NFC; code point offsets).
//
// The standard (REFI-QDA §10.2) counts Unicode code points from 0 in the
// source's text file. Real exports differ: NVivo counts UTF-16 code units
// (a CRLF is 2, a BOM is not counted); ATLAS.ti counts a CRLF as 1. A file's
// convention is chosen from its origin, then checked against the text: the
// chosen one must put the selections inside the text and on text boundaries.
import { normalizeText, OffsetIndex } from '../../offsets.js';

export interface PositionConvention {
  unit: 'codepoint' | 'utf16';
  /** how many positions a CRLF line break takes */
  crlf: 1 | 2;
  /** true when a byte-order mark at the start of the file is counted as a position */
  bom: boolean;
}

export const STANDARD_CONVENTION: PositionConvention = { unit: 'codepoint', crlf: 2, bom: false };

export function describeConvention(c: PositionConvention): string {
  return `${c.unit === 'utf16' ? 'UTF-16 code units' : 'Unicode code points'}, CRLF counted as ${c.crlf}${c.bom ? ', BOM counted' : ''}`;
}

const sameConvention = (a: PositionConvention, b: PositionConvention) => a.unit === b.unit && a.crlf === b.crlf && a.bom === b.bom;

/** What the exporting tool is known to write, from the Project's `origin`. */
export function conventionForOrigin(origin: string): PositionConvention {
  if (/nvivo/i.test(origin)) return { unit: 'utf16', crlf: 2, bom: false };
  if (/atlas/i.test(origin)) return { unit: 'codepoint', crlf: 1, bom: false };
  return STANDARD_CONVENTION;
}

export interface MappedPosition {
  /** code point offset in the stored text */
  offset: number;
  /** false when the position fell inside a character (a surrogate pair, a CRLF, a sequence NFC composed) */
  exact: boolean;
}

interface NfcSegment {
  lfStart: number;
  lfEnd: number;
  storedStart: number;
  storedEnd: number;
  changed: boolean;
}

/**
 * Converts positions of one convention on one source's decoded text (as read
 * from the file, BOM included) to offsets in the stored text.
 */
/** Positions of a source mapped to code points of its stored text. */
export interface PositionMapping {
  /** the text's length counted in the source's positions */
  readonly length: number;
  readonly storedLength: number;
  map(position: number): MappedPosition | null;
}

/**
 * The mapping of a text whose stored form is the text itself (no BOM, no CR,
 * already NFC) and whose positions count code points: each position is its
 * own offset.
 */
export function identityMapping(length: number): PositionMapping {
  return {
    length,
    storedLength: length,
    map: (p) => (Number.isInteger(p) && p >= 0 && p <= length ? { offset: p, exact: true } : null),
  };
}

export class PositionMap implements PositionMapping {
  readonly stored: string;
  readonly storedLength: number;
  /** the text's length counted in the convention's positions */
  readonly length: number;
  private readonly hadBom: boolean;
  /** UTF-16 index → code point index of the counted text */
  private readonly counted: OffsetIndex;
  /** code point index (in the counted text) of each CR that is followed by LF, when CRLF counts 2 */
  private readonly crlfCr: number[] = [];
  /** null when NFC changed nothing */
  private readonly nfc: NfcSegment[] | null;

  /** `normalized`: normalizeText(raw) and its length in code points, when the caller has them already */
  constructor(
    raw: string,
    readonly convention: PositionConvention,
    normalized?: { stored: string; storedLength: number },
  ) {
    this.hadBom = raw.charCodeAt(0) === 0xfeff;
    const body = this.hadBom ? raw.slice(1) : raw;
    const countedText = convention.crlf === 1 ? body.replace(/\r\n/g, '\n') : body;
    this.counted = new OffsetIndex(countedText);
    if (convention.crlf === 2 && body.includes('\r\n')) {
      // code point index of each CR before an LF
      let cp = 0;
      for (let i = 0; i < countedText.length; i++) {
        const c = countedText.charCodeAt(i);
        if (c === 13 && countedText.charCodeAt(i + 1) === 10) this.crlfCr.push(cp);
        if (c >= 0xd800 && c <= 0xdbff && i + 1 < countedText.length) {
          const d = countedText.charCodeAt(i + 1);
          if (d >= 0xdc00 && d <= 0xdfff) i++;
        }
        cp++;
      }
    }
    const lf = body.replace(/\r\n?/g, '\n');
    this.stored = normalized?.stored ?? normalizeText(raw);
    this.storedLength = normalized?.storedLength ?? new OffsetIndex(this.stored).codePointLength;
    this.nfc = lf === this.stored ? null : buildNfcSegments(lf, this.stored);
    const units = convention.unit === 'utf16' ? this.counted.utf16Length : this.counted.codePointLength;
    this.length = units + (convention.bom && this.hadBom ? 1 : 0);
  }

  /** Map one position; null when it lies beyond the text or is negative. */
  map(position: number): MappedPosition | null {
    if (!Number.isInteger(position) || position < 0 || position > this.length) return null;
    let exact = true;
    let p = position;
    if (this.convention.bom && this.hadBom) {
      if (p === 0) exact = false;
      else p -= 1;
    }
    // to a code point index of the counted text
    let cp: number;
    if (this.convention.unit === 'utf16') {
      cp = this.counted.toCodePoint(p);
      if (this.counted.toUtf16(cp) !== p) exact = false;
    } else cp = p;
    // drop the CR of each CRLF before it (a position between CR and LF is inside a line break)
    let lf = cp;
    if (this.crlfCr.length) {
      const before = lowerBound(this.crlfCr, cp);
      lf = cp - before;
      if (before > 0 && this.crlfCr[before - 1] === cp - 1) exact = false;
    }
    if (!this.nfc) return { offset: lf, exact };
    const segs = this.nfc;
    let lo = 0;
    let hi = segs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (segs[mid]!.lfStart <= lf) lo = mid;
      else hi = mid - 1;
    }
    const s = segs[lo]!;
    if (lf === s.lfStart) return { offset: s.storedStart, exact };
    if (lf >= s.lfEnd) return { offset: s.storedEnd, exact };
    if (!s.changed) return { offset: s.storedStart + (lf - s.lfStart), exact };
    return { offset: s.storedStart, exact: false };
  }
}

function lowerBound(sorted: number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// A code point that NFC may join to the one before it: combining marks and Hangul vowel/final jamo.
const JOINS_PREVIOUS = /^[\p{M}\u1160-\u11ff\u302a-\u302f\u3099\u309a]$/u;

/** Runs of the LF text, each a base character with what follows it, with where each lands after NFC. */
function buildNfcSegments(lf: string, stored: string): NfcSegment[] {
  const runs: string[] = [];
  let current = '';
  for (const ch of lf) {
    if (current && !JOINS_PREVIOUS.test(ch)) {
      runs.push(current);
      current = '';
    }
    current += ch;
  }
  if (current) runs.push(current);
  const segs: NfcSegment[] = [];
  let lfPos = 0;
  let storedPos = 0;
  let rebuilt = '';
  for (const run of runs) {
    const n = run.normalize('NFC');
    const lfLen = [...run].length;
    const nLen = [...n].length;
    const changed = n !== run;
    // merge unchanged neighbours to keep the table small
    const last = segs[segs.length - 1];
    if (last && !last.changed && !changed) {
      last.lfEnd += lfLen;
      last.storedEnd += nLen;
    } else segs.push({ lfStart: lfPos, lfEnd: lfPos + lfLen, storedStart: storedPos, storedEnd: storedPos + nLen, changed });
    lfPos += lfLen;
    storedPos += nLen;
    rebuilt += n;
  }
  if (rebuilt !== stored) {
    // NFC joined across our runs (rare scripts): treat the whole text as one changed run
    return [{ lfStart: 0, lfEnd: lfPos, storedStart: 0, storedEnd: [...stored].length, changed: true }];
  }
  if (segs.length === 0) segs.push({ lfStart: 0, lfEnd: 0, storedStart: 0, storedEnd: 0, changed: false });
  return segs;
}

export interface SelectionSample {
  /** which source (index into the texts given) */
  source: number;
  start: number;
  end: number;
}

export interface ConventionScore {
  convention: PositionConvention;
  /** selections inside the text */
  inside: number;
  /** selections whose both ends fall between characters */
  exact: number;
  /** selections whose both ends fall on word boundaries */
  boundaries: number;
}

export interface ConventionChoice {
  convention: PositionConvention;
  /** 'origin' when the text could not tell the candidates apart */
  basis: 'origin' | 'text';
  scores: ConventionScore[];
}

const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;

function isBoundary(idx: OffsetIndex, offset: number): boolean {
  if (offset <= 0 || offset >= idx.codePointLength) return true;
  const before = idx.slice(offset - 1, offset);
  const after = idx.slice(offset, offset + 1);
  return !(WORD_CHAR.test(before) && WORD_CHAR.test(after));
}

/**
 * Choose the position convention of one .qdpx file: every candidate that the
 * texts can distinguish is scored on every selection, and the origin's
 * convention wins ties.
 */
export function detectConvention(texts: readonly string[], selections: readonly SelectionSample[], origin: string): ConventionChoice {
  const preferred = conventionForOrigin(origin);
  const anyBom = texts.some((t) => t.charCodeAt(0) === 0xfeff);
  const anyCrlf = texts.some((t) => t.includes('\r\n'));
  const anyAstral = texts.some((t) => /[\ud800-\udbff][\udc00-\udfff]/.test(t));
  const candidates: PositionConvention[] = [preferred];
  for (const unit of anyAstral ? (['codepoint', 'utf16'] as const) : (['codepoint'] as const)) {
    for (const crlf of anyCrlf ? ([2, 1] as const) : ([2] as const)) {
      for (const bom of anyBom ? [false, true] : [false]) {
        const c: PositionConvention = { unit, crlf, bom };
        if (!candidates.some((x) => sameConvention(x, c))) candidates.push(c);
      }
    }
  }
  // without astral characters, CRLF or a BOM the candidates agree; the preferred one stands for all
  if (candidates.length === 1 || selections.length === 0) {
    return { convention: preferred, basis: 'origin', scores: [] };
  }
  // only texts with a BOM, CRLF or astral characters can tell the candidates apart
  const telling = texts.map((t) => t.charCodeAt(0) === 0xfeff || t.includes('\r\n') || /[\ud800-\udbff][\udc00-\udfff]/.test(t));
  const sample = selections.filter((s) => telling[s.source]);
  if (sample.length === 0) return { convention: preferred, basis: 'origin', scores: [] };
  const storedIdx = new Map<number, OffsetIndex>();
  const scores = candidates.map((convention) => {
    const maps = new Map<number, PositionMap>();
    const score: ConventionScore = { convention, inside: 0, exact: 0, boundaries: 0 };
    for (const s of sample) {
      let map = maps.get(s.source);
      if (!map) maps.set(s.source, (map = new PositionMap(texts[s.source]!, convention)));
      const a = map.map(s.start);
      const b = map.map(s.end);
      if (!a || !b) continue;
      score.inside++;
      if (a.exact && b.exact) score.exact++;
      let idx = storedIdx.get(s.source);
      if (!idx) storedIdx.set(s.source, (idx = new OffsetIndex(map.stored)));
      if (isBoundary(idx, a.offset) && isBoundary(idx, b.offset)) score.boundaries++;
    }
    return score;
  });
  const better = (x: ConventionScore, y: ConventionScore) =>
    x.inside !== y.inside ? x.inside > y.inside : x.exact !== y.exact ? x.exact > y.exact : x.boundaries > y.boundaries;
  let best = scores[0]!;
  for (const s of scores.slice(1)) if (better(s, best)) best = s;
  const alone = scores.every((s) => s === best || better(best, s));
  return { convention: best.convention, basis: alone ? 'text' : 'origin', scores };
}
