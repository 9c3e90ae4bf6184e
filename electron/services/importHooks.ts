// Work that runs for every newly imported document, inside its import
// transaction (for example the de-identification scan). Capabilities register
// here so the importer doesn't need to know them.
//
// A capability may also register a boolean import flag (`weft import … --NAME`,
// and `flags` in the documents.import API call); its hook finds the flags the
// user chose in `context.flags`, and can add lines to the file's import
// report with `context.note(…)`.
import type { Project } from './project.js';

export interface DocumentImportContext {
  /** flags chosen for this import, by name (for example "deidentify") */
  flags: ReadonlySet<string>;
  /** add a line to this file's import report ("3 identifiers replaced") */
  note: (line: string) => void;
  /** the document's stored text, when the importer has it at hand (so each hook needn't read it back) */
  text?: string;
  /** results of text preparers already run on `text` (perhaps in a worker thread), by preparer name */
  prepared?: Readonly<Record<string, unknown>>;
}

/**
 * The pure part of a hook's work on one text (detecting speaker turns, the
 * de-identification scan), split off so that an importer can run it in a
 * worker thread, several documents at a time. `input` gathers what it needs
 * from the project as plain data; `prepare` must depend on nothing else. The
 * hook then finds the result in `context.prepared[name]`, and does the work
 * itself when it is missing.
 */
export interface TextPreparer<I = unknown, O = unknown> {
  name: string;
  input(project: Project): I;
  prepare(text: string, input: I): O;
  /**
   * A compact form of a result to send between threads, and back: sending
   * many small objects costs more than the work. Typed arrays in the packed
   * form are moved, not copied.
   */
  pack?(result: O): unknown;
  unpack?(packed: unknown): O;
}

export type DocumentImportedHook = (project: Project, documentId: number, context: DocumentImportContext) => void;

export interface ImportFlag {
  /** the option's name without dashes: "deidentify" */
  name: string;
  /** one line for `weft --help` */
  description: string;
}

const hooks: DocumentImportedHook[] = [];
const flags: ImportFlag[] = [];
const preparers: TextPreparer[] = [];

export function onDocumentImported(hook: DocumentImportedHook): void {
  if (!hooks.includes(hook)) hooks.push(hook);
}

/** Register the pure part of a hook (see TextPreparer); a worker thread must import the same preparer. */
export function registerTextPreparer<I, O>(preparer: TextPreparer<I, O>): void {
  if (!preparers.some((p) => p.name === preparer.name)) preparers.push(preparer as TextPreparer);
}

export function textPreparers(): readonly TextPreparer[] {
  return preparers;
}

/** Offer a boolean flag on every import (the CLI's `weft import`, the API's documents.import). */
export function registerImportFlag(flag: ImportFlag): void {
  if (!/^[a-z][a-z0-9-]*$/.test(flag.name)) throw new Error(`import flag "${flag.name}": use lower-case letters, digits and dashes`);
  if (!flags.some((f) => f.name === flag.name)) flags.push(flag);
}

export function importFlags(): readonly ImportFlag[] {
  return flags;
}

const NO_CONTEXT: DocumentImportContext = { flags: new Set(), note: () => {} };

export function runDocumentImportedHooks(project: Project, documentId: number, context: DocumentImportContext = NO_CONTEXT): void {
  for (const hook of hooks) hook(project, documentId, context);
}
