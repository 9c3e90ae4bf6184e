// Replacing spans of a text (identifiers by placeholders) and moving every
// other span (codings, findings, the redaction log) with the text. Offsets are
// code points. A span cut by a replacement is adjusted to cover the
// placeholder, never dropped.
import { OffsetIndex } from '../offsets.js';

export interface TextEdit {
  start: number;
  end: number;
  replacement: string;
}

export interface PlacedEdit extends TextEdit {
  /** code points of the replacement */
  length: number;
}

/** Sort edits and check they are inside the text and don't overlap; returns an error message or null. */
export function editsError(edits: readonly TextEdit[], textLength: number): string | null {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  for (let i = 0; i < sorted.length; i++) {
    const e = sorted[i]!;
    if (!Number.isInteger(e.start) || !Number.isInteger(e.end) || e.start < 0 || e.end <= e.start || e.end > textLength) {
      return `range ${e.start}–${e.end} is not inside the text (0–${textLength})`;
    }
    if (!e.replacement) return `range ${e.start}–${e.end}: the replacement is empty`;
    if (i > 0 && e.start < sorted[i - 1]!.end) return `ranges ${sorted[i - 1]!.start}–${sorted[i - 1]!.end} and ${e.start}–${e.end} overlap`;
  }
  return null;
}

/** Apply non-overlapping edits; returns the new text and the edits sorted, with their replacement lengths. */
export function applyEdits(text: string, edits: readonly TextEdit[]): { text: string; edits: PlacedEdit[] } {
  const sorted = [...edits].sort((a, b) => a.start - b.start).map((e) => ({ ...e, length: [...e.replacement].length }));
  const index = new OffsetIndex(text);
  const parts: string[] = [];
  let at = 0;
  for (const e of sorted) {
    parts.push(index.slice(at, e.start), e.replacement);
    at = e.end;
  }
  parts.push(index.slice(at, index.codePointLength));
  return { text: parts.join(''), edits: sorted };
}

export interface MappedRange {
  start: number;
  end: number;
  /** a boundary fell inside a replaced span, so the range now covers the whole placeholder */
  adjusted: boolean;
  /** the range overlaps a replaced span at all */
  touched: boolean;
}

/** Where a range [start, end) lies after the edits (sorted, non-overlapping, as applyEdits returns them). */
export function mapRange(start: number, end: number, edits: readonly PlacedEdit[]): MappedRange {
  let s = start;
  let e = end;
  let adjusted = false;
  let touched = false;
  let delta = 0;
  let startDone = false;
  for (const ed of edits) {
    if (!startDone) {
      if (ed.end <= start) {
        // wholly before the range start: shifts it
      } else if (ed.start < start) {
        s = ed.start + delta;
        adjusted = true;
        startDone = true;
      } else {
        s = start + delta;
        startDone = true;
      }
    }
    if (ed.end <= end) {
      if (ed.end > start) touched = true;
      delta += ed.length - (ed.end - ed.start);
      continue;
    }
    if (ed.start < end) {
      // the range ends inside this replacement: it now ends with the placeholder
      e = ed.start + delta + ed.length;
      adjusted = true;
      touched = true;
      if (!startDone) s = start + delta;
      return { start: s, end: e, adjusted, touched };
    }
    break;
  }
  if (!startDone) s = start + delta;
  e = end + delta;
  return { start: s, end: e, adjusted, touched };
}

/** Whether a range overlaps any edit. */
export function overlapsEdit(start: number, end: number, edits: readonly TextEdit[]): boolean {
  return edits.some((ed) => start < ed.end && ed.start < end);
}
