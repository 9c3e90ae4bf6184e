// The backend one transport talks to: an open project, an event sink and the
// session's undo log; plus `step`, which makes a change one undoable step.
import type { MethodName, ResultOf, ValidParamsOf } from '../../shared/api/contract.js';
import type { BackendEvent } from '../../shared/types.js';
import type { Project } from '../services/project.js';
import { UndoLog } from '../store/undo.js';

export interface Backend {
  project: Project;
  emit: (event: BackendEvent) => void;
  /** session undo/redo; absent on a read-only project */
  undo?: UndoLog;
}

/**
 * Tables whose changes the session can undo: the codebook (with its record of merges), codings and memos, and the
 * reconciliation into the Consensus layer. Published codebook versions are not: a version is a record the team relies on.
 */
export const UNDOABLE_TABLES = ['codes', 'codings', 'memos', 'consensus_sources', 'reconciliations', 'code_merges'] as const;

export function createBackend(project: Project, emit: (event: BackendEvent) => void): Backend {
  return { project, emit, undo: project.readOnly ? undefined : new UndoLog(project.db, UNDOABLE_TABLES) };
}

/** Run a change as one undoable step (or a plain transaction when there is no undo log). */
export function step<T>(b: Backend, label: string, fn: () => T): T {
  const result = b.undo ? b.undo.record(label, fn) : b.project.repo.transaction(fn);
  b.emit({ type: 'changed', what: ['history'] });
  return result;
}

export function historyState(b: Backend) {
  return b.undo?.state() ?? { undo: null, redo: null };
}

/** Handlers for a set of methods; each capability exports one such table. */
export type HandlersFor<K extends MethodName> = { [M in K]: (b: Backend, p: ValidParamsOf<M>) => ResultOf<M> | Promise<ResultOf<M>> };

/** An onProgress callback that reports `operation` to the UI as progress events. */
export function progressEvents(b: Backend, operation: string): (done: number, total: number, message?: string) => void {
  return (done, total, message) => b.emit({ type: 'progress', operation, done, total, ...(message ? { message } : {}) });
}
