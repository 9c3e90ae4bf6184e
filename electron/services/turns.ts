// Speaker turns of documents: stored at import (schema 3), detected again from
// the text when it has changed since (the store drops turns of a changed text).
import type { Project } from './project.js';
import { onDocumentImported, registerTextPreparer, type TextPreparer } from './importHooks.js';
import { replaceTurns, storedTurns } from '../store/turns.js';
import { detectTurns, type SpeakerTurn } from '../../shared/speakers.js';
import { WeftError } from '../errors.js';

export function documentTurns(project: Project, documentId: number): SpeakerTurn[] {
  const stored = storedTurns(project.db, documentId);
  if (stored) return stored;
  const doc = project.repo.documentText(documentId);
  if (!doc) throw new WeftError(`id: no document with id ${documentId}`, 'not_found');
  return detectTurns(doc.text);
}

/** Detect and store the turns of a document's current text (after a change to it, for example). */
export function storeDetectedTurns(project: Project, documentId: number, text?: string): SpeakerTurn[] {
  if (text === undefined) {
    const doc = project.repo.documentText(documentId);
    if (!doc) throw new WeftError(`id: no document with id ${documentId}`, 'not_found');
    text = doc.text;
  }
  const turns = detectTurns(text);
  replaceTurns(project.db, documentId, turns);
  return turns;
}

/** Turn detection on an imported text: pure, so an importer may run it in a worker thread. */
export const turnsPreparer: TextPreparer<null, SpeakerTurn[]> = {
  name: 'turns',
  input: () => null,
  prepare: (text) => detectTurns(text),
  // offsets in one typed array, speakers and timestamps as lists of the distinct values and an index per turn
  pack: (turns) => {
    const offsets = new Int32Array(turns.length * 3);
    const labels: Array<string | null> = [];
    const labelIndex = new Map<string | null, number>();
    const which = new Int32Array(turns.length * 2);
    const index = (v: string | null) => {
      let i = labelIndex.get(v);
      if (i === undefined) labelIndex.set(v, (i = labels.push(v) - 1));
      return i;
    };
    turns.forEach((t, k) => {
      offsets[k * 3] = t.start;
      offsets[k * 3 + 1] = t.end;
      offsets[k * 3 + 2] = t.textStart;
      which[k * 2] = index(t.speaker);
      which[k * 2 + 1] = index(t.timestamp);
    });
    return { offsets, which, labels };
  },
  unpack: (packed) => {
    const { offsets, which, labels } = packed as { offsets: Int32Array; which: Int32Array; labels: Array<string | null> };
    const turns: SpeakerTurn[] = new Array(offsets.length / 3);
    for (let k = 0; k < turns.length; k++) {
      turns[k] = { start: offsets[k * 3]!, end: offsets[k * 3 + 1]!, textStart: offsets[k * 3 + 2]!, speaker: labels[which[k * 2]!] ?? null, timestamp: labels[which[k * 2 + 1]!] ?? null };
    }
    return turns;
  },
};
registerTextPreparer(turnsPreparer);

// every import path (transcripts, .qdpx) stores the turns of what it imported,
// unless the importer stored the format's own turns first (subtitles)
onDocumentImported((project, documentId, context) => {
  if (storedTurns(project.db, documentId)) return;
  const turns = context.prepared?.[turnsPreparer.name] as SpeakerTurn[] | undefined;
  if (turns) replaceTurns(project.db, documentId, turns);
  else storeDetectedTurns(project, documentId, context.text);
});
