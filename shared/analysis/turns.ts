// Speaker turns of a transcript, in code points: a turn starts at a line with
// a speaker label ("Interviewer:", "[00:01:23] Speaker 1:", "DR MWANGI:") and
// runs over the unlabelled lines after it. Without labels, each paragraph is
// a turn. The label rule is the one the transcript view uses.
import { codePointLength } from '../offsets.js';

export interface Turn {
  /** code point offsets of the turn's text, end exclusive (the closing line break is not part of it) */
  start: number;
  end: number;
  speaker: string | null;
}

const WORD = "[\\p{Lu}\\p{Lt}\\p{Lo}\\p{N}][\\p{L}\\p{M}\\p{N}.'_()-]*";
const SPEAKER = new RegExp(`^(\\[?\\d{1,2}:\\d{2}(?::\\d{2})?\\]?\\s*)?(${WORD}(?: ${WORD}){0,3})?:\\s`, 'u');

export function speakerLabel(line: string): string | null {
  const m = SPEAKER.exec(line);
  if (!m || (!m[1] && !m[2])) return null;
  return m[0].replace(/:\s$/, '').trim();
}

export function speakerTurns(text: string): Turn[] {
  const turns: Turn[] = [];
  let offset = 0;
  let current: Turn | null = null;
  for (const line of text.split('\n')) {
    const length = codePointLength(line);
    const label = speakerLabel(line);
    if (line.trim() === '') {
      // a blank line ends a paragraph, but not a labelled turn
      if (current && current.speaker === null) current = null;
    } else if (label !== null || !current) {
      current = { start: offset, end: offset + length, speaker: label };
      turns.push(current);
    } else current.end = offset + length;
    offset += length + 1;
  }
  return turns;
}

/** Index of the first turn that ends after `offset` (binary search). */
export function turnIndexAt(turns: readonly Turn[], offset: number): number {
  let lo = 0;
  let hi = turns.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (turns[mid]!.end <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The span of the turns that a segment touches (the segment itself when it lies outside every turn). */
export function turnSpan(turns: readonly Turn[], start: number, end: number): { start: number; end: number } {
  const first = turnIndexAt(turns, start);
  let s = start;
  let e = end;
  for (let i = first; i < turns.length && turns[i]!.start < Math.max(end, start + 1); i++) {
    s = Math.min(s, turns[i]!.start);
    e = Math.max(e, turns[i]!.end);
  }
  return { start: s, end: e };
}
