// The transcript under review: one text node, findings drawn with the CSS
// Custom Highlight API (by confidence, the current one emphasised, replaced
// placeholders marked), a selection reported in code points for manual
// redaction, and a click on a finding selecting it.
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { OffsetIndex } from '../../lib/offsets';
import type { FindingView, RedactionView } from '../../../../shared/deid/views';

const NAMES = ['deid-high', 'deid-medium', 'deid-low', 'deid-current', 'deid-placeholder'] as const;

export interface TextSelection {
  start: number;
  end: number;
  text: string;
}

export function DeidText(props: {
  text: string;
  findings: FindingView[];
  redactions: RedactionView[];
  currentId: number | null;
  onSelect: (sel: TextSelection | null) => void;
  onPick: (findingId: number) => void;
}) {
  const { text, findings, redactions, currentId, onSelect, onPick } = props;
  const ref = useRef<HTMLDivElement>(null);
  const index = useMemo(() => new OffsetIndex(text), [text]);

  const node = useCallback((): Text | null => {
    const first = ref.current?.firstChild;
    return first && first.nodeType === Node.TEXT_NODE ? (first as Text) : null;
  }, []);

  const range = useCallback(
    (start: number, end: number): StaticRange | null => {
      const t = node();
      if (!t) return null;
      try {
        return new StaticRange({ startContainer: t, startOffset: index.toUtf16(start), endContainer: t, endOffset: index.toUtf16(end) });
      } catch {
        return null;
      }
    },
    [index, node],
  );

  useLayoutEffect(() => {
    if (typeof CSS === 'undefined' || !('highlights' in CSS)) return;
    const open = findings.filter((f) => f.status === 'open');
    const groups: Record<(typeof NAMES)[number], StaticRange[]> = { 'deid-high': [], 'deid-medium': [], 'deid-low': [], 'deid-current': [], 'deid-placeholder': [] };
    for (const f of open) {
      const r = range(f.start, f.end);
      if (!r) continue;
      groups[`deid-${f.confidence}`].push(r);
      if (f.id === currentId) groups['deid-current'].push(r);
    }
    for (const l of redactions) {
      const r = range(l.start, l.end);
      if (r) groups['deid-placeholder'].push(r);
    }
    for (const name of NAMES) CSS.highlights.set(name, new Highlight(...groups[name]));
    document.documentElement.dataset.deidReady = `${open.length}:${redactions.length}`;
    return () => {
      for (const name of NAMES) CSS.highlights.delete(name);
    };
  }, [findings, redactions, currentId, range]);

  // bring the current finding into view
  useEffect(() => {
    const f = findings.find((x) => x.id === currentId);
    const box = ref.current;
    const t = node();
    if (!f || !box || !t) return;
    const r = document.createRange();
    r.setStart(t, index.toUtf16(f.start));
    r.setEnd(t, index.toUtf16(f.end));
    const rect = r.getBoundingClientRect();
    const outer = box.getBoundingClientRect();
    if (rect.top < outer.top + 20 || rect.bottom > outer.bottom - 20) box.scrollTop += rect.top - outer.top - outer.height / 3;
  }, [currentId, findings, index, node]);

  const readSelection = () => {
    const sel = window.getSelection();
    const t = node();
    if (!sel || sel.rangeCount === 0 || !t || sel.isCollapsed) return onSelect(null);
    const r = sel.getRangeAt(0);
    if (r.startContainer !== t || r.endContainer !== t) return onSelect(null);
    let start = index.toCodePoint(r.startOffset);
    let end = index.toCodePoint(r.endOffset);
    // trim surrounding spaces, as coding does
    const chars = [...text];
    while (start < end && /\s/.test(chars[start]!)) start++;
    while (end > start && /\s/.test(chars[end - 1]!)) end--;
    if (end <= start) return onSelect(null);
    onSelect({ start, end, text: chars.slice(start, end).join('') });
  };

  const pick = (e: React.MouseEvent) => {
    const sel = window.getSelection();
    if (sel && !sel.isCollapsed) return;
    const t = node();
    const caret = document.caretRangeFromPoint?.(e.clientX, e.clientY);
    if (!t || !caret || caret.startContainer !== t) return;
    const at = index.toCodePoint(caret.startOffset);
    const hit = findings.find((f) => f.status === 'open' && f.start <= at && at < f.end);
    if (hit) onPick(hit.id);
  };

  return (
    <div
      ref={ref}
      className="deid-text"
      role="document"
      aria-label="Transcript under review"
      tabIndex={0}
      onMouseUp={readSelection}
      onKeyUp={readSelection}
      onClick={pick}
    >
      {text}
    </div>
  );
}
