// The status bar's one progress indicator for every long operation (import,
// merge, export, agreement, .qdpx import, de-identification rescans): the
// operation, a bar and "n of total", from the backend's progress events.
// Screen readers hear when an operation starts and ends, not every step.
import { useEffect, useReducer, useRef, useState } from 'react';
import type { BackendEvent } from '../../../shared/types';
import { applyProgress, nextChangeAt, operationLabel, prune, settle, visibleOperations, type Operations } from '../lib/operationProgress';

interface Props {
  onEvent: (listener: (e: BackendEvent) => void) => () => void;
  onPending: (listener: (pending: number) => void) => () => void;
}

/** After the last call returned, an operation that hears nothing for this long is over. */
const QUIET_MS = 1000;

export function ProgressIndicator({ onEvent, onPending }: Props) {
  const [ops, setOps] = useState<Operations>(() => new Map());
  const [, tick] = useReducer((n: number) => n + 1, 0);
  const pending = useRef(0);
  const quietTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    const checkWhenQuiet = () => {
      clearTimeout(quietTimer.current);
      quietTimer.current = setTimeout(() => {
        if (pending.current === 0) setOps((o) => settle(o, Date.now(), QUIET_MS));
      }, QUIET_MS);
    };
    const offEvents = onEvent((e) => {
      if (e.type !== 'progress') return;
      setOps((o) => applyProgress(o, e, Date.now()));
      if (pending.current === 0) checkWhenQuiet();
    });
    const offPending = onPending((n) => {
      pending.current = n;
      if (n === 0) {
        // the calls have returned: whatever they were doing is over
        setOps((o) => settle(o, Date.now()));
        checkWhenQuiet();
      }
    });
    return () => {
      offEvents();
      offPending();
      clearTimeout(quietTimer.current);
    };
  }, [onEvent, onPending]);

  // redraw when an operation crosses the showing threshold or its linger ends, and forget finished ones
  useEffect(() => {
    const now = Date.now();
    const pruned = prune(ops, now);
    if (pruned !== ops) {
      setOps(pruned);
      return;
    }
    const at = nextChangeAt(ops, now);
    if (at === null) return;
    const t = setTimeout(tick, at - now);
    return () => clearTimeout(t);
  });

  const shown = visibleOperations(ops, Date.now());
  const op = shown[0];
  return (
    <span className="op-progress" role="status" aria-live="polite">
      {op && (
        <>
          <span className="op-progress-name" aria-hidden="true">
            {operationLabel(op.operation)}
          </span>
          <progress aria-label={`Progress: ${op.operation}`} max={Math.max(1, op.total)} value={op.done} />
          <span className="op-progress-count" aria-hidden="true">
            {op.done} of {op.total}
            {op.finishedAt !== null && op.done >= op.total ? ', done' : ''}
          </span>
          {op.message && op.finishedAt === null && (
            <span className="op-progress-message muted" aria-hidden="true" title={op.message}>
              {op.message}
            </span>
          )}
          {shown.length > 1 && (
            <span className="muted" aria-hidden="true">
              +{shown.length - 1} more
            </span>
          )}
          <span className="visually-hidden">{`${operationLabel(op.operation)}: ${op.finishedAt === null ? 'started' : op.done >= op.total ? 'done' : 'stopped'}`}</span>
        </>
      )}
    </span>
  );
}
