// A transcript split into paragraphs (speaker turns), with the conversions
// between code point offsets in the document and positions inside paragraphs.
import { OffsetIndex } from '../../../shared/offsets';

export interface Paragraph {
  /** code point offset of the paragraph's first character in the document */
  start: number;
  /** code point offset just past its last character (the newline is not included) */
  end: number;
  text: string;
  index: OffsetIndex;
  /** UTF-16 index of the paragraph's first character in the document */
  utf16Start: number;
  /** "Interviewer", "R", "[00:01:23] Speaker 1" … when the turn starts with a label */
  speaker: string | null;
  /** length in UTF-16 units of the label and its colon, when present */
  speakerLength: number;
}

// A speaker label at the start of a turn: an optional [hh:mm:ss] timestamp,
// then up to four words that each start with a capital, a digit or an uncased
// letter (Thai, Khmer, Amharic), then a colon: "Interviewer:", "R:",
// "[00:01:23] Speaker 1:", "DR MWANGI:". "It was late: …" is not a label.
const WORD = "[\\p{Lu}\\p{Lt}\\p{Lo}\\p{N}][\\p{L}\\p{M}\\p{N}.'_()-]*";
const SPEAKER = new RegExp(`^(\\[?\\d{1,2}:\\d{2}(?::\\d{2})?\\]?\\s*)?(${WORD}(?: ${WORD}){0,3})?:\\s`, 'u');

export function detectSpeaker(text: string): { label: string; length: number } | null {
  const m = SPEAKER.exec(text);
  if (!m || (!m[1] && !m[2])) return null;
  return { label: m[0].replace(/:\s$/, ''), length: m[0].length - 1 };
}

export class TranscriptModel {
  readonly paragraphs: Paragraph[] = [];
  readonly length: number;

  constructor(readonly text: string) {
    let start = 0;
    let utf16Start = 0;
    for (const line of text.split('\n')) {
      const index = new OffsetIndex(line);
      const speaker = detectSpeaker(line);
      this.paragraphs.push({
        start,
        end: start + index.codePointLength,
        text: line,
        index,
        utf16Start,
        speaker: speaker?.label ?? null,
        speakerLength: speaker?.length ?? 0,
      });
      start += index.codePointLength + 1;
      utf16Start += line.length + 1;
    }
    this.length = Math.max(0, start - 1);
  }

  /** Index of the paragraph containing code point `cp` (a newline belongs to the paragraph before it). */
  paragraphAt(cp: number): number {
    const ps = this.paragraphs;
    let lo = 0;
    let hi = ps.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ps[mid]!.start <= cp) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Document code point → (paragraph, UTF-16 offset inside it). */
  toParagraphPosition(cp: number): { paragraph: number; utf16: number } {
    const i = this.paragraphAt(cp);
    const p = this.paragraphs[i]!;
    const local = Math.min(cp - p.start, p.index.codePointLength);
    return { paragraph: i, utf16: p.index.toUtf16(local) };
  }

  /** Document code point → document UTF-16 index. */
  toUtf16(cp: number): number {
    const { paragraph, utf16 } = this.toParagraphPosition(cp);
    return this.paragraphs[paragraph]!.utf16Start + utf16;
  }

  /** Text between code point offsets [start, end). */
  slice(start: number, end: number): string {
    return this.text.slice(this.toUtf16(start), this.toUtf16(end));
  }

  /** (paragraph, UTF-16 offset inside it) → document code point. */
  toCodePoint(paragraph: number, utf16: number): number {
    const p = this.paragraphs[paragraph]!;
    return p.start + p.index.toCodePoint(Math.min(utf16, p.index.utf16Length));
  }
}
