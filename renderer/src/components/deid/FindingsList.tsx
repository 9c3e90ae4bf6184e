// The findings of one document: a listbox driven by the keyboard
// (↑/↓ or J/K to move, A to accept, X to reject), with the actions as buttons too.
import { useEffect, useRef } from 'react';
import type { FindingView } from '../../../../shared/deid/views';
import { KIND_LABELS } from '../../../../shared/deid/types';

export function FindingsList(props: {
  findings: FindingView[];
  currentId: number | null;
  busy: boolean;
  onCurrent: (id: number) => void;
  onAccept: (f: FindingView) => void;
  onReject: (f: FindingView) => void;
}) {
  const { findings, currentId, busy, onCurrent, onAccept, onReject } = props;
  const listRef = useRef<HTMLUListElement>(null);
  const index = findings.findIndex((f) => f.id === currentId);
  const current = index >= 0 ? findings[index]! : null;

  useEffect(() => {
    if (currentId === null) return;
    listRef.current?.querySelector(`#deid-finding-${currentId}`)?.scrollIntoView({ block: 'nearest' });
  }, [currentId]);

  const onKey = (e: React.KeyboardEvent) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const move = (d: number) => {
      if (!findings.length) return;
      const next = Math.max(0, Math.min(findings.length - 1, (index < 0 ? (d > 0 ? -1 : findings.length) : index) + d));
      onCurrent(findings[next]!.id);
    };
    const key = e.key.toLowerCase();
    if (e.key === 'ArrowDown' || key === 'j') move(1);
    else if (e.key === 'ArrowUp' || key === 'k') move(-1);
    else if (e.key === 'Home') move(-findings.length);
    else if (e.key === 'End') move(findings.length);
    else if (key === 'a' && !e.shiftKey && current && !busy) onAccept(current);
    else if ((key === 'x' || e.key === 'Delete') && current && !busy) onReject(current);
    else return;
    e.preventDefault();
  };

  return (
    <div className="deid-findings">
      <ul
        hidden={findings.length === 0}
        ref={listRef}
        role="listbox"
        aria-label="Findings"
        tabIndex={0}
        aria-activedescendant={current ? `deid-finding-${current.id}` : undefined}
        onKeyDown={onKey}
        className="deid-list"
      >
        {findings.map((f) => (
          <li
            key={f.id}
            id={`deid-finding-${f.id}`}
            role="option"
            aria-selected={f.id === currentId}
            className={`deid-item${f.id === currentId ? ' current' : ''}`}
            onClick={() => onCurrent(f.id)}
          >
            <span className={`deid-conf ${f.confidence}`} title={`${f.confidence} confidence`}>
              {f.confidence}
            </span>
            <span className="deid-kind">{KIND_LABELS[f.kind]}</span>
            {f.source === 'known' && <span className="badge">known name</span>}
            <span className="deid-value">{f.text}</span>
          </li>
        ))}
      </ul>
      {findings.length === 0 && <p className="muted deid-empty">No open findings.</p>}
      <div className="deid-actions" role="group" aria-label="Current finding">
        <button type="button" className="chip" disabled={!current || busy} onClick={() => current && onAccept(current)} aria-label="Accept the current finding" title="Replace it with its placeholder (A)">
          Accept <kbd>A</kbd>
        </button>
        <button type="button" className="chip" disabled={!current || busy} onClick={() => current && onReject(current)} aria-label="Reject the current finding" title="Keep the text (X)">
          Reject <kbd>X</kbd>
        </button>
        <span className="muted small">{current ? `${index + 1} of ${findings.length}` : ''}</span>
      </div>
    </div>
  );
}
