// Snap a selection outward to word boundaries with Intl.Segmenter, which
// segments Thai and Khmer (no spaces between words) with the browser's dictionaries.
const segmenters = new Map<string, Intl.Segmenter>();

function segmenter(locale: string): Intl.Segmenter {
  let s = segmenters.get(locale);
  if (!s) segmenters.set(locale, (s = new Intl.Segmenter(locale, { granularity: 'word' })));
  return s;
}

/**
 * Given a paragraph's text and a UTF-16 range inside it, return the range
 * widened so it neither starts nor ends inside a word.
 */
export function snapToWords(text: string, start: number, end: number, locale = 'und'): { start: number; end: number } {
  if (end <= start) return { start, end };
  let s = start;
  let e = end;
  for (const seg of segmenter(locale).segment(text)) {
    const a = seg.index;
    const b = seg.index + seg.segment.length;
    if (!seg.isWordLike) continue;
    if (a < start && start < b) s = a;
    if (a < end && end < b) e = b;
    if (a >= end) break;
  }
  return { start: s, end: e };
}

/** The sentence around a UTF-16 range of a paragraph. */
export function sentenceAround(text: string, start: number, end: number, locale = 'und'): { start: number; end: number } {
  let s = start;
  let e = end;
  for (const seg of new Intl.Segmenter(locale, { granularity: 'sentence' }).segment(text)) {
    const a = seg.index;
    const b = seg.index + seg.segment.trimEnd().length;
    if (a <= start && start < seg.index + seg.segment.length) s = a;
    if (a < end && end <= seg.index + seg.segment.length) e = Math.max(b, end);
  }
  return { start: s, end: e };
}
