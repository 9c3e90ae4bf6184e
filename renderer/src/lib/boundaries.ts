// Commands that move a segment's boundaries: by word, to the sentence, to the speaker turn.
// Works on code point offsets; word and sentence boundaries come from Intl.Segmenter.
import type { TranscriptModel } from './transcriptModel';
import { sentenceAround } from './wordSnap';

export type BoundaryCommand = 'sentence' | 'turn' | 'start-left' | 'start-right' | 'end-left' | 'end-right';

const words = new Intl.Segmenter('und', { granularity: 'word' });

/** Word starts and ends (document code points) in the paragraph containing `cp`. */
function wordEdges(model: TranscriptModel, paragraph: number): { starts: number[]; ends: number[] } {
  const p = model.paragraphs[paragraph]!;
  const starts: number[] = [];
  const ends: number[] = [];
  for (const seg of words.segment(p.text)) {
    if (!seg.isWordLike) continue;
    starts.push(model.toCodePoint(paragraph, seg.index));
    ends.push(model.toCodePoint(paragraph, seg.index + seg.segment.length));
  }
  return { starts, ends };
}

export function adjustBoundaries(model: TranscriptModel, start: number, end: number, command: BoundaryCommand): { start: number; end: number } {
  const pa = model.toParagraphPosition(start).paragraph;
  const pb = model.toParagraphPosition(Math.max(start, end - 1)).paragraph;
  switch (command) {
    case 'turn': {
      const first = model.paragraphs[pa]!;
      const last = model.paragraphs[pb]!;
      const labelCp = model.toCodePoint(pa, first.speakerLength) - first.start;
      // skip the label and the space after it
      const bodyStart = first.start + labelCp + (first.speakerLength > 0 ? 1 : 0);
      return { start: Math.min(start, bodyStart), end: Math.max(end, last.end) };
    }
    case 'sentence': {
      const a = model.paragraphs[pa]!;
      const b = model.paragraphs[pb]!;
      const sa = sentenceAround(a.text, model.toParagraphPosition(start).utf16, model.toParagraphPosition(start).utf16 + 1);
      const endPos = model.toParagraphPosition(end);
      const endUtf16 = endPos.paragraph === pb ? endPos.utf16 : b.text.length;
      const sb = sentenceAround(b.text, Math.max(0, endUtf16 - 1), endUtf16);
      return { start: Math.min(start, model.toCodePoint(pa, sa.start)), end: Math.max(end, model.toCodePoint(pb, sb.end)) };
    }
    case 'start-left': {
      const { starts } = wordEdges(model, pa);
      const prev = starts.filter((s) => s < start).pop();
      return { start: prev ?? start, end };
    }
    case 'start-right': {
      const { starts } = wordEdges(model, pa);
      const next = starts.find((s) => s > start && s < end);
      return { start: next ?? start, end };
    }
    case 'end-left': {
      const { ends } = wordEdges(model, pb);
      const prev = ends.filter((e) => e < end && e > start).pop();
      return { start, end: prev ?? end };
    }
    case 'end-right': {
      const { ends } = wordEdges(model, pb);
      const next = ends.find((e) => e > end);
      return { start, end: next ?? end };
    }
  }
}
