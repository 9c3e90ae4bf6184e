// Speaker turns of documents: stored at import (schema 3), detected again from
// the text when it has changed since (the store drops turns of a changed text).
import type { Project } from './project.js';
import { onDocumentImported } from './importHooks.js';
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

// every import path (transcripts, .qdpx) stores the turns of what it imported,
// unless the importer stored the format's own turns first (subtitles)
onDocumentImported((project, documentId, context) => {
  if (!storedTurns(project.db, documentId)) storeDetectedTurns(project, documentId, context.text);
});
