// Details of the coded segments under the pointer: code, coder, memo, and
// commands to adjust boundaries, edit the memo or remove the coding.
import { useEffect, useRef } from 'react';
import type { Segment } from '../../../shared/types';

export type { BoundaryCommand } from '../lib/boundaries';
import type { BoundaryCommand } from '../lib/boundaries';

interface Props {
  segments: Segment[];
  anchor: { x: number; y: number };
  onClose: () => void;
  onRemove: (s: Segment) => void;
  onEditMemo: (s: Segment) => void;
  onAdjust: (s: Segment, command: BoundaryCommand) => void;
}

export function SegmentPopover({ segments, anchor, onClose, onRemove, onEditMemo, onAdjust }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('button')?.focus();
    const onDown = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) onClose();
    };
    window.addEventListener('mousedown', onDown);
    return () => window.removeEventListener('mousedown', onDown);
  }, [onClose]);
  const left = Math.min(anchor.x, window.innerWidth - 380);
  const top = Math.min(anchor.y + 12, window.innerHeight - 60 - segments.length * 150);
  return (
    <div
      ref={ref}
      className="popover"
      role="dialog"
      aria-label="Coded segments here"
      style={{ left: Math.max(8, left), top: Math.max(8, top) }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }}
    >
      {segments.map((s) => (
        <section key={s.id} className="popover-segment" aria-label={`${s.codePath} by ${s.coderName}`}>
          <header>
            <span className="swatch" style={{ background: s.codeColor }} aria-hidden="true" />
            <strong>{s.codePath}</strong>
            <span className="muted">· {s.coderName}</span>
          </header>
          <p className="popover-quote">“{s.text.length > 200 ? s.text.slice(0, 200) + '…' : s.text}”</p>
          {s.memo && <p className="popover-memo">{s.memo}</p>}
          <div className="popover-actions" role="group" aria-label="Adjust boundaries">
            <button type="button" className="chip" onClick={() => onAdjust(s, 'start-left')} aria-label="Start one word earlier" title="Start one word earlier">⇤</button>
            <button type="button" className="chip" onClick={() => onAdjust(s, 'start-right')} aria-label="Start one word later" title="Start one word later">⇥</button>
            <button type="button" className="chip" onClick={() => onAdjust(s, 'end-left')} aria-label="End one word earlier" title="End one word earlier">⇤</button>
            <button type="button" className="chip" onClick={() => onAdjust(s, 'end-right')} aria-label="End one word later" title="End one word later">⇥</button>
            <button type="button" className="chip" onClick={() => onAdjust(s, 'sentence')}>Extend to sentence</button>
            <button type="button" className="chip" onClick={() => onAdjust(s, 'turn')}>Extend to speaker turn</button>
          </div>
          <div className="popover-actions">
            <button type="button" className="chip" onClick={() => onEditMemo(s)}>{s.memo ? 'Edit memo' : 'Add memo'}</button>
            <button type="button" className="chip danger" onClick={() => onRemove(s)} aria-label={`Remove coding ${s.codePath}`}>
              Remove coding
            </button>
          </div>
        </section>
      ))}
    </div>
  );
}
