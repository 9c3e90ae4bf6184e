// The transcript: a read-only Lexical editor, one paragraph per speaker turn.
// Codes are drawn with the CSS Custom Highlight API (no extra DOM nodes; see the
// README for the measurement behind this choice) and as stripes in the margin.
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { LexicalComposer } from '@lexical/react/LexicalComposer';
import { PlainTextPlugin } from '@lexical/react/LexicalPlainTextPlugin';
import { ContentEditable } from '@lexical/react/LexicalContentEditable';
import { LexicalErrorBoundary } from '@lexical/react/LexicalErrorBoundary';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { $createParagraphNode, $createTextNode, $getRoot } from 'lexical';
import type { Segment } from '../../../shared/types';
import { TranscriptModel } from '../lib/transcriptModel';

export interface TextSelection {
  start: number;
  end: number;
  text: string;
}

interface Props {
  documentId: number;
  documentName: string;
  text: string;
  segments: Segment[];
  focusSegmentId: number | null;
  onSelectionChange: (s: TextSelection | null) => void;
  onSegmentClick: (segmentId: number) => void;
}

const HIGHLIGHT_PREFIX = 'weft-code-';

/** Paint colour for a code's highlight: its colour at low alpha so overlaps stay distinguishable. */
function highlightCss(color: string): string {
  return `${color}47`;
}

export function TranscriptView(props: Props) {
  const model = useMemo(() => new TranscriptModel(props.text), [props.text]);
  const initialConfig = useMemo(
    () => ({
      namespace: 'weft-transcript',
      editable: false,
      theme: { paragraph: 'turn', text: { bold: 'speaker' } },
      onError: (e: Error) => console.error(e),
      editorState: () => {
        const root = $getRoot();
        for (const p of model.paragraphs) {
          const para = $createParagraphNode();
          if (p.speakerLength > 0) {
            para.append($createTextNode(p.text.slice(0, p.speakerLength)).toggleFormat('bold'));
            if (p.text.length > p.speakerLength) para.append($createTextNode(p.text.slice(p.speakerLength)));
          } else if (p.text.length > 0) {
            para.append($createTextNode(p.text));
          }
          root.append(para);
        }
      },
    }),
    [model],
  );

  return (
    <section className="transcript" role="region" aria-label="Transcript">
      <header className="pane-header">
        <h2 className="pane-title">{props.documentName}</h2>
        <span className="muted">{props.segments.length} codings</span>
      </header>
      <LexicalComposer key={props.documentId} initialConfig={initialConfig}>
        <TranscriptSurface model={model} {...props} />
      </LexicalComposer>
    </section>
  );
}

function TranscriptSurface(props: Props & { model: TranscriptModel }) {
  const [editor] = useLexicalComposerContext();
  const { model, segments, onSelectionChange } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const [root, setRoot] = useState<HTMLElement | null>(null);
  const [stripes, setStripes] = useState<Array<{ id: number; top: number; height: number; lane: number; color: string; label: string }>>([]);

  useEffect(() => {
    const check = () => {
      const el = editor.getRootElement();
      if (el && el.children.length === model.paragraphs.length) setRoot(el);
    };
    check();
    return editor.registerUpdateListener(check);
  }, [editor, model]);

  /** The DOM point for a document code point. */
  const domPoint = useCallback(
    (cp: number): { node: Node; offset: number } | null => {
      if (!root) return null;
      const { paragraph, utf16 } = model.toParagraphPosition(cp);
      const p = root.children[paragraph];
      if (!p) return null;
      const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
      let remaining = utf16;
      let last: Text | null = null;
      for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
        if (remaining <= n.data.length) return { node: n, offset: remaining };
        remaining -= n.data.length;
        last = n;
      }
      return last ? { node: last, offset: last.data.length } : { node: p, offset: 0 };
    },
    [root, model],
  );

  const rangeFor = useCallback(
    (start: number, end: number): StaticRange | null => {
      const a = domPoint(start);
      const b = domPoint(end);
      if (!a || !b) return null;
      return new StaticRange({ startContainer: a.node, startOffset: a.offset, endContainer: b.node, endOffset: b.offset });
    },
    [domPoint],
  );

  // highlights: one Highlight per code, so colours of overlapping codes blend
  useLayoutEffect(() => {
    if (!root || typeof CSS === 'undefined' || !('highlights' in CSS)) return;
    const byCode = new Map<number, { color: string; ranges: StaticRange[] }>();
    for (const s of segments) {
      const r = rangeFor(s.start, s.end);
      if (!r) continue;
      let e = byCode.get(s.codeId);
      if (!e) byCode.set(s.codeId, (e = { color: s.codeColor, ranges: [] }));
      e.ranges.push(r);
    }
    const style = document.createElement('style');
    style.dataset.weft = 'highlights';
    const rules: string[] = [];
    for (const [codeId, { color, ranges }] of byCode) {
      const name = `${HIGHLIGHT_PREFIX}${codeId}`;
      CSS.highlights.set(name, new Highlight(...ranges));
      rules.push(`::highlight(${name}) { background-color: ${highlightCss(color)}; }`);
    }
    style.textContent = rules.join('\n');
    document.head.appendChild(style);

    // margin stripes: one bar per segment, laid out in lanes so overlaps sit side by side
    const container = scrollRef.current;
    if (container) {
      const base = container.getBoundingClientRect().top - container.scrollTop;
      const sorted = [...segments].sort((x, y) => x.start - y.start || y.end - x.end);
      const laneEnds: number[] = [];
      const out: typeof stripes = [];
      for (const s of sorted) {
        const r = rangeFor(s.start, s.end);
        if (!r) continue;
        const range = document.createRange();
        range.setStart(r.startContainer, r.startOffset);
        range.setEnd(r.endContainer, r.endOffset);
        const rects = range.getClientRects();
        if (rects.length === 0) continue;
        const top = rects[0]!.top - base;
        const bottom = rects[rects.length - 1]!.bottom - base;
        let lane = laneEnds.findIndex((end) => end < top);
        if (lane === -1) lane = laneEnds.push(bottom) - 1;
        else laneEnds[lane] = bottom;
        out.push({ id: s.id, top, height: Math.max(4, bottom - top), lane, color: s.codeColor, label: `${s.codePath} · ${s.coderName}` });
      }
      setStripes(out);
    }
    return () => {
      for (const codeId of byCode.keys()) CSS.highlights.delete(`${HIGHLIGHT_PREFIX}${codeId}`);
      style.remove();
    };
  }, [root, segments, rangeFor]);

  // selection → code point offsets
  useEffect(() => {
    if (!root) return;
    const pointToCp = (node: Node, offset: number): number | null => {
      let el: Node | null = node;
      while (el && el.parentNode !== root) el = el.parentNode;
      if (node === root) {
        if (offset >= root.children.length) return model.length;
        return model.paragraphs[offset]!.start;
      }
      if (!el) return null;
      const index = Array.prototype.indexOf.call(root.children, el) as number;
      if (index < 0) return null;
      const range = document.createRange();
      range.setStart(el, 0);
      range.setEnd(node, offset);
      return model.toCodePoint(index, range.toString().length);
    };
    const onChange = () => {
      const sel = document.getSelection();
      if (!sel || sel.rangeCount === 0) return;
      const r = sel.getRangeAt(0);
      // focus moving to the codebook or the palette must not lose the text selection
      if (!root.contains(r.startContainer) || !root.contains(r.endContainer)) return;
      if (sel.isCollapsed) return onSelectionChange(null);
      let start = pointToCp(r.startContainer, r.startOffset);
      let end = pointToCp(r.endContainer, r.endOffset);
      if (start === null || end === null) return onSelectionChange(null);
      // trim surrounding whitespace so a sloppy drag codes just the words
      const text = model.slice(start, end);
      const lead = text.length - text.trimStart().length;
      const trail = text.length - text.trimEnd().length;
      if (lead || trail) {
        const trimmed = text.trim();
        if (!trimmed) return onSelectionChange(null);
        start += countCp(text.slice(0, lead));
        end -= countCp(text.slice(text.length - trail));
      }
      if (end <= start) return onSelectionChange(null);
      onSelectionChange({ start, end, text: model.slice(start, end) });
    };
    document.addEventListener('selectionchange', onChange);
    return () => document.removeEventListener('selectionchange', onChange);
  }, [root, model, onSelectionChange]);

  // jump to a segment chosen elsewhere (the segments table)
  useEffect(() => {
    if (!root || props.focusSegmentId === null) return;
    const s = segments.find((x) => x.id === props.focusSegmentId);
    if (!s) return;
    const r = rangeFor(s.start, s.end);
    if (!r) return;
    const range = document.createRange();
    range.setStart(r.startContainer, r.startOffset);
    range.setEnd(r.endContainer, r.endOffset);
    const el = r.startContainer.parentElement;
    el?.scrollIntoView({ block: 'center' });
    const sel = document.getSelection();
    sel?.removeAllRanges();
    sel?.addRange(range);
  }, [root, props.focusSegmentId, segments, rangeFor]);

  const lanes = stripes.reduce((m, s) => Math.max(m, s.lane + 1), 0);
  return (
    <div className="transcript-scroll" ref={scrollRef}>
      <div className="stripes" style={{ width: `${Math.max(1, lanes) * 7 + 6}px` }} aria-hidden="true">
        {stripes.map((s) => (
          <div
            key={s.id}
            className="stripe"
            title={s.label}
            style={{ top: s.top, height: s.height, left: 3 + s.lane * 7, background: s.color }}
            onClick={() => props.onSegmentClick(s.id)}
          />
        ))}
      </div>
      <PlainTextPlugin
        contentEditable={<ContentEditable className="transcript-text" aria-label={`Text of ${props.documentName}`} aria-readonly />}
        ErrorBoundary={LexicalErrorBoundary}
      />
    </div>
  );
}

function countCp(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}
