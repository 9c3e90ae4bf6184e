// Which long operations the status bar shows, from the backend's progress
// events and the calls in flight. Pure: the component passes the clock in.
//
// Calm rather than busy: an operation appears only once it has run for
// SHOW_AFTER_MS (quick ones never flash), and a finished one stays, full, for
// LINGER_MS so the eye can follow it out.
import type { ProgressEvent } from '../../../shared/types';

export const SHOW_AFTER_MS = 300;
export const LINGER_MS = 800;

export interface OperationState {
  operation: string;
  done: number;
  total: number;
  message?: string;
  startedAt: number;
  updatedAt: number;
  /** when done reached total or its call returned; null while it runs */
  finishedAt: number | null;
}

export type Operations = ReadonlyMap<string, OperationState>;

/** One progress event: starts, advances or finishes its operation. */
export function applyProgress(ops: Operations, e: ProgressEvent, now: number): Operations {
  const prev = ops.get(e.operation);
  const finished = e.done >= e.total;
  if (!prev && finished) return ops; // over before we heard of it
  // in browser mode events and answers come on different connections: a step heard after its call returned is late, not a new run
  if (prev && prev.finishedAt !== null && !finished && e.done >= prev.done) return ops;
  // a new run of an operation that had finished starts again from fewer steps done
  const restart = !prev || (prev.finishedAt !== null && !finished);
  const next = new Map(ops);
  next.set(e.operation, {
    operation: e.operation,
    done: Math.max(0, Math.min(e.done, e.total)),
    total: Math.max(0, e.total),
    message: e.message,
    startedAt: restart || !prev ? now : prev.startedAt,
    updatedAt: now,
    finishedAt: finished ? (prev?.finishedAt ?? now) : null,
  });
  return next;
}

/**
 * No call is in flight: operations that have heard nothing for `quietForMs` are over, even without a last event
 * (the call failed, or its events stopped short).
 */
export function settle(ops: Operations, now: number, quietForMs = 0): Operations {
  let changed = false;
  const next = new Map(ops);
  for (const [k, op] of ops) {
    if (op.finishedAt === null && now - op.updatedAt >= quietForMs) {
      next.set(k, { ...op, finishedAt: now });
      changed = true;
    }
  }
  return changed ? next : ops;
}

const wasShown = (op: OperationState) => op.finishedAt === null || op.finishedAt - op.startedAt >= SHOW_AFTER_MS;

/** The operations to show now, the most recently started first. */
export function visibleOperations(ops: Operations, now: number): OperationState[] {
  return [...ops.values()]
    .filter((op) => (op.finishedAt === null ? now - op.startedAt >= SHOW_AFTER_MS : wasShown(op) && now - op.finishedAt < LINGER_MS))
    .sort((a, b) => b.startedAt - a.startedAt);
}

/** Drop the operations that will never be shown again. */
export function prune(ops: Operations, now: number): Operations {
  const gone = [...ops.values()].filter((op) => op.finishedAt !== null && (!wasShown(op) || now - op.finishedAt >= LINGER_MS));
  if (!gone.length) return ops;
  const next = new Map(ops);
  for (const op of gone) next.delete(op.operation);
  return next;
}

/** When the picture changes without an event: an operation crosses SHOW_AFTER_MS or its linger ends. */
export function nextChangeAt(ops: Operations, now: number): number | null {
  let at: number | null = null;
  for (const op of ops.values()) {
    const t = op.finishedAt === null ? op.startedAt + SHOW_AFTER_MS : wasShown(op) ? op.finishedAt + LINGER_MS : null;
    if (t !== null && t > now && (at === null || t < at)) at = t;
  }
  return at;
}

const LABELS: Record<string, string> = {
  import: 'Importing',
  merge: 'Merging',
  export: 'Exporting',
  agreement: 'Computing agreement',
  'qdpx import': 'Importing the .qdpx',
  'scanning for known names': 'Scanning for known names',
};

/** What the status bar calls an operation. */
export function operationLabel(operation: string): string {
  return LABELS[operation] ?? operation.charAt(0).toUpperCase() + operation.slice(1);
}
