// Subtitles (.vtt WebVTT, .srt SubRip) → a transcript of speaker turns with
// timestamps. Each turn becomes one paragraph "[hh:mm:ss] Speaker: text"
// (or "[hh:mm:ss] text" when the cue names nobody); consecutive cues of the
// same named speaker join into one turn. The speaker comes from a WebVTT
// voice tag (<v Name>) or a "Name:" label at the start of the cue text.
import { codePointLength } from '../offsets.js';
import { detectSpeaker, type SpeakerTurn } from '../speakers.js';
import { decodeEntities } from './entities.js';

export class SubtitleError extends Error {}

export interface Cue {
  /** start time in milliseconds */
  startMs: number;
  endMs: number;
  speaker: string | null;
  text: string;
}

const TIMING = /^((?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})\s*-->\s*((?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})(?:\s.*)?$/;

function parseTime(t: string): number {
  const [clock, frac = '0'] = t.split(/[.,]/);
  const parts = clock!.split(':').map(Number);
  while (parts.length < 3) parts.unshift(0);
  const [h, m, s] = parts as [number, number, number];
  return ((h * 60 + m) * 60 + s) * 1000 + Number(frac.padEnd(3, '0').slice(0, 3));
}

/** "01:02:03" (hours always shown) */
export function formatTimestamp(ms: number): string {
  const total = Math.floor(ms / 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(total / 3600))}:${pad(Math.floor(total / 60) % 60)}:${pad(total % 60)}`;
}

/** A cue's payload lines → its speaker (from a voice tag) and its plain text. */
function cuePayload(lines: string[], vtt: boolean): { speaker: string | null; text: string } {
  let speaker: string | null = null;
  const plain = lines
    .map((line) => {
      let l = line;
      if (vtt) {
        const voice = /<v(?:\.[^\s>]*)?\s+([^>]+)>/.exec(l);
        if (voice && speaker === null) speaker = voice[1]!.trim();
        // tags (<v …>, <c.x>, <i>, <00:00:01.000>, </…>) carry no text
        l = l.replace(/<[^>\n]*>/g, '');
      } else {
        l = l.replace(/<\/?(?:i|b|u|font|s)(?:\s[^>]*)?>/gi, '').replace(/\{\\[^}]*\}/g, '');
      }
      return decodeEntities(l).trim();
    })
    .filter((l) => l !== '')
    .join(' ');
  return { speaker, text: plain.replace(/\s+/g, ' ') };
}

/** Cues of a WebVTT or SubRip file, in file order. */
export function parseCues(source: string, format: 'vtt' | 'srt'): Cue[] {
  const text = source.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n');
  const lines = text.split('\n');
  let i = 0;
  if (format === 'vtt') {
    if (!/^WEBVTT(?:[ \t].*)?$/.test(lines[0] ?? '')) throw new SubtitleError('not a WebVTT file (the first line must be "WEBVTT")');
    i = 1;
  }
  const cues: Cue[] = [];
  let sawTiming = false;
  while (i < lines.length) {
    // blocks are separated by blank lines
    while (i < lines.length && lines[i]!.trim() === '') i++;
    if (i >= lines.length) break;
    const block: string[] = [];
    const blockLine = i + 1;
    while (i < lines.length && lines[i]!.trim() !== '') block.push(lines[i++]!);
    if (format === 'vtt' && /^(NOTE|STYLE|REGION)(?:\s|$)/.test(block[0]!)) continue;
    const timingAt = block.findIndex((l) => l.includes('-->'));
    if (timingAt < 0 || timingAt > 1) {
      if (format === 'srt' && !sawTiming) throw new SubtitleError(`line ${blockLine}: expected a cue number and a time line like "00:00:01,000 --> 00:00:04,000"`);
      continue; // stray text between cues
    }
    const m = TIMING.exec(block[timingAt]!.trim());
    if (!m) throw new SubtitleError(`line ${blockLine + timingAt}: cannot read the time "${block[timingAt]!.trim()}"`);
    sawTiming = true;
    const payload = cuePayload(block.slice(timingAt + 1), format === 'vtt');
    if (payload.text === '') continue;
    cues.push({ startMs: parseTime(m[1]!), endMs: parseTime(m[2]!), ...payload });
  }
  if (!sawTiming) throw new SubtitleError('no cues found (no line like "00:00:01.000 --> 00:00:04.000")');
  return cues;
}

/** Cues → transcript text and its turns (code point offsets into that text). */
export function cuesToTranscript(cues: readonly Cue[]): { text: string; turns: SpeakerTurn[] } {
  // a "Name: text" cue names its speaker in the text itself
  const named = cues.map((raw) => {
    // composed here, so the offsets below are offsets into the stored (NFC) text
    const c = { ...raw, text: raw.text.normalize('NFC'), speaker: raw.speaker?.normalize('NFC') ?? null };
    if (c.speaker !== null) return c;
    const label = detectSpeaker(c.text);
    if (label?.speaker && !label.timestamp) return { ...c, speaker: label.speaker, text: c.text.slice(label.length).trim() };
    return c;
  });
  const merged: Array<{ startMs: number; speaker: string | null; text: string }> = [];
  for (const c of named) {
    const last = merged[merged.length - 1];
    if (last && c.speaker !== null && last.speaker === c.speaker) last.text += ' ' + c.text;
    else merged.push({ startMs: c.startMs, speaker: c.speaker, text: c.text });
  }
  const turns: SpeakerTurn[] = [];
  const paragraphs: string[] = [];
  let offset = 0;
  for (const m of merged) {
    const timestamp = formatTimestamp(m.startMs);
    const label = m.speaker === null ? `[${timestamp}]` : `[${timestamp}] ${m.speaker}:`;
    const line = `${label} ${m.text}`;
    const length = codePointLength(line);
    turns.push({ start: offset, end: offset + length, textStart: offset + codePointLength(label) + 1, speaker: m.speaker, timestamp });
    paragraphs.push(line);
    offset += length + 2;
  }
  return { text: paragraphs.join('\n\n'), turns };
}
