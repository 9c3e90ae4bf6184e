// Speaker labels and speaker turns: the one set of rules the importer, the
// store and the transcript view use. A label opens a line:
//   Interviewer: …   Respondent: …   I: …   R: …   Q: …   A: …
//   [00:01:23] Speaker 1: …   00:01:23 Speaker 1: …   [00:01:23] … (time only)
//   [id1] …  (QualCoder)      DR MWANGI: …  (names in capitals)
//   Speaker 1  0:03           (a name and a time alone on a line, text below)
// plus any lower-case label ("admin-1:") that opens at least three lines of the
// same transcript. "It was late: …" is not a label: its second word is not
// capitalised. Offsets of turns are code points, end exclusive.
import { codePointLength } from './offsets.js';

export interface SpeakerLabel {
  /** who speaks ("Interviewer", "Speaker 1", "id1"), or null for a time-only label */
  speaker: string | null;
  /** the time written in the label ("00:01:23"), or null */
  timestamp: string | null;
  /** the label as written, without its colon: "[00:01:23] Speaker 1" */
  label: string;
  /** UTF-16 length from the start of the line through the label and its colon (the space after is not included) */
  length: number;
}

export interface SpeakerTurn {
  /** code point offset of the turn's first character (the start of its label line) */
  start: number;
  /** code point offset just past the turn's last non-blank line */
  end: number;
  /** code point offset where the spoken text begins, after the label and the spaces after it */
  textStart: number;
  speaker: string | null;
  timestamp: string | null;
}

// a word of a label: starts with a capital, a digit or an uncased letter (Thai, Khmer, Amharic)
const WORD = "[\\p{Lu}\\p{Lt}\\p{Lo}\\p{N}][\\p{L}\\p{M}\\p{N}.'_()\\-]*";
const TIME = '\\d{1,2}:\\d{2}(?::\\d{2})?(?:[.,]\\d{1,3})?';
const COLON = '[:\\uFF1A]';
/** optional indent, optional time ([00:01:23] or 00:01:23), up to four label words, a colon, then a space or the end */
const LABELLED = new RegExp(`^([ \\t]*)(?:([\\[(]?)(${TIME})([\\])]?)[ \\t]*)?(${WORD}(?: ${WORD}){0,3})?${COLON}(?=\\s|$)`, 'u');
/** [00:01:23] or (00:01:23) then text, with no speaker */
const TIME_ONLY = new RegExp(`^([ \\t]*)[\\[(](${TIME})[\\])](?=[ \\t]|$)`, 'u');
/** QualCoder: [id1] text */
const QUALCODER = /^([ \t]*)\[(id\d+)\](?:[:\uFF1A])?(?=\s|$)/u;
/** a name and a time alone on a line (Otter and similar): "Speaker 1  0:03" */
const NAME_THEN_TIME = new RegExp(`^([ \\t]*)(${WORD}(?: ${WORD}){0,3})[ \\t]+(${TIME})[ \\t]*$`, 'u');
/** a lower-case label: counts only when it recurs (see speakerLabels) */
const LOWER_LABEL = new RegExp(`^([ \\t]*)(\\p{Ll}[\\p{L}\\p{M}\\p{N}._'\\-]*(?: [\\p{L}\\p{N}][\\p{L}\\p{M}\\p{N}._'\\-]*){0,2})${COLON}(?=\\s|$)`, 'u');
const LOWER_LABEL_MIN_LINES = 3;

/** The speaker label at the start of one line, judged on that line alone. */
export function detectSpeaker(line: string): SpeakerLabel | null {
  let m = QUALCODER.exec(line);
  if (m) {
    return { speaker: m[2]!, timestamp: null, label: `[${m[2]!}]`, length: m[0].length };
  }
  m = LABELLED.exec(line);
  if (m && (m[3] || m[5])) {
    const indent = m[1]!.length;
    const labelText = m[0].slice(indent, -1).trim();
    return { speaker: m[5] ?? null, timestamp: m[3] ?? null, label: labelText, length: m[0].length };
  }
  m = TIME_ONLY.exec(line);
  if (m) return { speaker: null, timestamp: m[2]!, label: m[0].trim(), length: m[0].length };
  m = NAME_THEN_TIME.exec(line);
  if (m) return { speaker: m[2]!, timestamp: m[3]!, label: m[0].trim(), length: m[0].length };
  return null;
}

function lowerLabel(line: string): SpeakerLabel | null {
  const m = LOWER_LABEL.exec(line);
  if (!m) return null;
  return { speaker: m[2]!, timestamp: null, label: m[2]!, length: m[0].length };
}

/**
 * The label of every line of a transcript. Besides the rules of
 * `detectSpeaker`, a lower-case label ("admin-1:") counts when it opens at
 * least three lines, so a pseudonym is found and a stray "note:" is not.
 */
export function speakerLabels(lines: readonly string[]): Array<SpeakerLabel | null> {
  const labels = lines.map(detectSpeaker);
  const counts = new Map<string, number>();
  const lower: Array<SpeakerLabel | null> = lines.map((line, i) => {
    if (labels[i]) return null;
    const l = lowerLabel(line);
    if (l) counts.set(l.speaker!, (counts.get(l.speaker!) ?? 0) + 1);
    return l;
  });
  return labels.map((l, i) => l ?? (lower[i] && (counts.get(lower[i].speaker!) ?? 0) >= LOWER_LABEL_MIN_LINES ? lower[i] : null));
}

/**
 * Speaker turns of a transcript: a turn opens at a labelled line and runs
 * over the unlabelled lines after it (blank lines included) up to the next
 * label; its end is the end of its last non-blank line. Text before the first
 * label belongs to no turn.
 */
export function detectTurns(text: string): SpeakerTurn[] {
  const lines = text.split('\n');
  const labels = speakerLabels(lines);
  const turns: SpeakerTurn[] = [];
  let offset = 0;
  let current: SpeakerTurn | null = null;
  lines.forEach((line, i) => {
    const length = codePointLength(line);
    const label = labels[i];
    if (label) {
      const afterLabel = line.slice(label.length);
      const spaces = afterLabel.length - afterLabel.trimStart().length;
      current = {
        start: offset,
        end: offset + length,
        textStart: offset + codePointLength(line.slice(0, label.length + spaces)),
        speaker: label.speaker,
        timestamp: label.timestamp,
      };
      turns.push(current);
    } else if (current && line.trim() !== '') {
      current.end = offset + length;
    }
    offset += length + 1;
  });
  return turns;
}

/** Distinct speakers of some turns, in order of first appearance. */
export function speakersOf(turns: readonly SpeakerTurn[]): string[] {
  const seen = new Set<string>();
  for (const t of turns) if (t.speaker !== null) seen.add(t.speaker);
  return [...seen];
}
