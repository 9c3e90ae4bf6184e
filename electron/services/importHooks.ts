// Work that runs for every newly imported document, inside its import
// transaction (for example the de-identification scan). Capabilities register
// here so the importer doesn't need to know them.
import type { Project } from './project.js';

export type DocumentImportedHook = (project: Project, documentId: number) => void;

const hooks: DocumentImportedHook[] = [];

export function onDocumentImported(hook: DocumentImportedHook): void {
  if (!hooks.includes(hook)) hooks.push(hook);
}

export function runDocumentImportedHooks(project: Project, documentId: number): void {
  for (const hook of hooks) hook(project, documentId);
}
