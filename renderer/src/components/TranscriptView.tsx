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
import { snapToWords } from '../lib/wordSnap';
import { adjustBoundaries } from '../lib/boundaries';

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
  /** select and scroll to this range (a segment from the table, a search hit); `key` re-triggers */
  focusRange: { start: number; end: number; key: number } | null;
  /** how each coder's codings are drawn: 'fill' (background) or an underline style */
  coderStyles: Map<number, CoderStyle>;
  snapToWords: boolean;
  onSelectionChange: (s: TextSelection | null) => void;
  /** a stripe, or coded text, was clicked: show the segments there */
  onSegmentsAt: (segmentIds: number[], anchor: { x: number; y: number }) => void;
  headerExtra?: React.ReactNode;
}

export type CoderStyle = 'fill' | 'solid' | 'dashed' | 'dotted' | 'double' | 'wavy';

const HIGHLIGHT_PREFIX = 'weft-code-';

function highlightName(color: string, style: CoderStyle): string {
  return `${HIGHLIGHT_PREFIX}${color.replace(/[^0-9a-zA-Z]/g, '')}-${style}`;
}

/** How a code's highlight is painted for one coder style: translucent fill, or an underline in the code's colour. */
function highlightCss(color: string, style: CoderStyle): string {
  if (style === 'fill') return `background-color: ${color}47;`;
  return `text-decoration: underline ${style} ${color}; text-decoration-thickness: 2px; text-underline-offset: 3px;`;
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
        <span className="header-extra">{props.headerExtra}</span>
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
  const snap = props.snapToWords;
  const segmentsRef = useRef(segments);
  segmentsRef.current = segments;
  const onSegmentsAtRef = useRef(props.onSegmentsAt);
  onSegmentsAtRef.current = props.onSegmentsAt;
  const scrollRef = useRef<HTMLDivElement>(null);
  const [root, setRoot] = useState<HTMLElement | null>(null);
  const [stripes, setStripes] = useState<Array<{ id: number; top: number; height: number; lane: number; color: string; dashed: boolean; label: string }>>([]);

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

  // Codes are painted for the turns near the viewport only: highlights, their
  // ::highlight rules and the margin stripes. Every ::highlight rule in the page
  // makes laying out text slower (measured in Chromium: about 40 rules over a
  // 50,000-word transcript cost seconds), and turns off screen are never laid
  // out at all (content-visibility: auto). Scrolling repaints the window.

  // Stripe lanes come from the code-point intervals (overlapping segments sit
  // side by side), so they need no layout and stay put while scrolling.
  const laneOf = useMemo(() => {
    const sorted = [...segments].sort((x, y) => x.start - y.start || y.end - x.end);
    const laneEnds: number[] = [];
    const lanes = new Map<number, number>();
    for (const s of sorted) {
      let lane = laneEnds.findIndex((end) => end <= s.start);
      if (lane === -1) lane = laneEnds.push(s.end) - 1;
      else laneEnds[lane] = s.end;
      lanes.set(s.id, lane);
    }
    return { lanes, count: laneEnds.length };
  }, [segments]);

  // The ::highlight rules, one per code colour and coder style in this document.
  // They change only when a colour or style first appears: a rule change
  // restyles all the text (hundreds of ms on a long transcript), while new
  // highlight ranges only repaint it.
  const highlightRules = useMemo(() => {
    const rules = new Map<string, string>();
    for (const s of segments) {
      const coderStyle = props.coderStyles.get(s.coderId) ?? 'fill';
      const name = highlightName(s.codeColor, coderStyle);
      if (!rules.has(name)) rules.set(name, `::highlight(${name}) { ${highlightCss(s.codeColor, coderStyle)} }`);
    }
    return [...rules.keys()].sort().map((k) => rules.get(k)!).join('\n');
  }, [segments, props.coderStyles]);
  const ruleStyle = useRef<HTMLStyleElement | null>(null);
  const writeRules = useCallback(() => {
    let el = ruleStyle.current;
    if (!el) {
      el = ruleStyle.current = document.createElement('style');
      el.dataset.weft = 'highlights';
      document.head.appendChild(el);
    }
    if (el.textContent !== highlightRules) el.textContent = highlightRules;
  }, [highlightRules]);
  useEffect(
    () => () => {
      ruleStyle.current?.remove();
      ruleStyle.current = null;
    },
    [],
  );

  const painted = useRef<{ lo: number; hi: number; names: string[] } | null>(null);
  const firstPainted = useRef(false);
  const clearPainted = useCallback(() => {
    const p = painted.current;
    if (!p) return;
    if (typeof CSS !== 'undefined' && 'highlights' in CSS) for (const name of p.names) CSS.highlights.delete(name);
    painted.current = null;
  }, []);

  const paintWindow = useCallback(
    (force: boolean) => {
      const container = scrollRef.current;
      if (!root || !container || root.children.length !== model.paragraphs.length) return;
      const paragraphs = root.children as HTMLCollectionOf<HTMLElement>;
      const margin = container.clientHeight;
      const top = container.scrollTop - margin;
      const bottom = container.scrollTop + container.clientHeight + margin;
      // the first turn whose bottom is below `top`, then on to the first whose top is below `bottom`
      let lo = 0;
      let hi = paragraphs.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        const p = paragraphs[mid]!;
        if (p.offsetTop + p.offsetHeight < top) lo = mid + 1;
        else hi = mid;
      }
      let last = lo;
      while (last < paragraphs.length && paragraphs[last]!.offsetTop <= bottom) last++;
      const prev = painted.current;
      if (!force && prev && prev.lo === lo && prev.hi === last) return;
      const cpLo = lo < last ? model.paragraphs[lo]!.start : 0;
      const cpHi = lo < last ? model.paragraphs[last - 1]!.end : 0;
      const visible = segments.filter((s) => s.end > cpLo && s.start < cpHi);

      // highlights: one Highlight per code colour and coder style, so overlapping codes blend
      const names: string[] = [];
      if (typeof CSS !== 'undefined' && 'highlights' in CSS) {
        const groups = new Map<string, StaticRange[]>();
        for (const s of visible) {
          const r = rangeFor(s.start, s.end);
          if (!r) continue;
          const key = highlightName(s.codeColor, props.coderStyles.get(s.coderId) ?? 'fill');
          let e = groups.get(key);
          if (!e) groups.set(key, (e = []));
          e.push(r);
        }
        for (const name of prev?.names ?? []) if (!groups.has(name)) CSS.highlights.delete(name);
        for (const [name, ranges] of groups) {
          CSS.highlights.set(name, new Highlight(...ranges));
          names.push(name);
        }
      }
      painted.current = { lo, hi: last, names };

      // stripes, clipped to the window
      const base = container.getBoundingClientRect().top - container.scrollTop;
      const range = document.createRange();
      const out: typeof stripes = [];
      for (const s of visible) {
        const r = rangeFor(Math.max(s.start, cpLo), Math.min(s.end, cpHi));
        if (!r) continue;
        range.setStart(r.startContainer, r.startOffset);
        range.setEnd(r.endContainer, r.endOffset);
        const rects = range.getClientRects();
        if (rects.length === 0) continue;
        const y0 = rects[0]!.top - base;
        const y1 = rects[rects.length - 1]!.bottom - base;
        out.push({
          id: s.id,
          top: y0,
          height: Math.max(4, y1 - y0 - 1),
          lane: laneOf.lanes.get(s.id) ?? 0,
          color: s.codeColor,
          dashed: (props.coderStyles.get(s.coderId) ?? 'fill') !== 'fill',
          label: `${s.codePath} · ${s.coderName}`,
        });
      }
      setStripes(out);
    },
    [root, model, segments, rangeFor, laneOf, props.coderStyles, clearPainted],
  );

  useLayoutEffect(() => {
    if (!root) return;
    let frame = 0;
    let first = 0;
    const paint = () => {
      writeRules();
      paintWindow(true);
      firstPainted.current = true;
      // benchmarks and tests wait for this: the transcript is painted with its codes
      document.documentElement.dataset.transcriptReady = `${props.documentId}:${segments.length}`;
      performance.mark('weft:highlights-applied', { detail: { documentId: props.documentId, segments: segments.length } });
    };
    // A new document is first laid out without any ::highlight rule, so that the
    // browser can find which turns are off screen and skip them; codes are
    // painted in the next frame. Later changes (a code applied) paint at once.
    if (firstPainted.current) paint();
    else first = requestAnimationFrame(() => (first = requestAnimationFrame(() => ((first = 0), paint()))));
    const container = scrollRef.current;
    if (!container) return () => (cancelAnimationFrame(first), clearPainted());
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(() => ((frame = 0), paintWindow(false)));
    };
    container.addEventListener('scroll', schedule, { passive: true });
    const resize = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => ((frame = 0), paintWindow(true)));
    });
    // the text's own height changes as turns near the viewport are laid out for real
    resize.observe(container);
    resize.observe(root);
    return () => {
      cancelAnimationFrame(frame);
      cancelAnimationFrame(first);
      container.removeEventListener('scroll', schedule);
      resize.disconnect();
      clearPainted();
    };
  }, [root, paintWindow, clearPainted, writeRules, props.documentId, segments.length]);

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
      if (sel.isCollapsed) {
        current.current = null;
        return onSelectionChange(null);
      }
      let start = pointToCp(r.startContainer, r.startOffset);
      let end = pointToCp(r.endContainer, r.endOffset);
      if (start === null || end === null) return onSelectionChange(null);
      if (snap) [start, end] = snapRange(model, start, end);
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
      current.current = { start, end };
      onSelectionChange({ start, end, text: model.slice(start, end) });
    };
    document.addEventListener('selectionchange', onChange);
    return () => document.removeEventListener('selectionchange', onChange);
  }, [root, model, onSelectionChange, snap]);

  // a click on coded text (without dragging) lists the segments under the pointer
  useEffect(() => {
    if (!root) return;
    const onClick = (e: MouseEvent) => {
      const sel = document.getSelection();
      if (sel && !sel.isCollapsed) return;
      const pos = document.caretPositionFromPoint?.(e.clientX, e.clientY);
      if (!pos || !root.contains(pos.offsetNode)) return;
      let el: Node | null = pos.offsetNode;
      while (el && el.parentNode !== root) el = el.parentNode;
      if (!el) return;
      const index = Array.prototype.indexOf.call(root.children, el) as number;
      const range = document.createRange();
      range.setStart(el, 0);
      range.setEnd(pos.offsetNode, pos.offset);
      const cp = model.toCodePoint(index, range.toString().length);
      const hits = segmentsRef.current.filter((s) => s.start <= cp && cp < s.end).map((s) => s.id);
      if (hits.length) onSegmentsAtRef.current(hits, { x: e.clientX, y: e.clientY });
    };
    root.addEventListener('click', onClick);
    return () => root.removeEventListener('click', onClick);
  }, [root, model]);

  /** Put the DOM selection on [start, end); selectionchange then reports it. */
  const selectRange = useCallback(
    (start: number, end: number, scroll: boolean) => {
      const r = rangeFor(start, end);
      if (!r) return;
      const range = document.createRange();
      range.setStart(r.startContainer, r.startOffset);
      range.setEnd(r.endContainer, r.endOffset);
      if (scroll) (r.startContainer instanceof Element ? r.startContainer : r.startContainer.parentElement)?.scrollIntoView({ block: 'center' });
      const sel = document.getSelection();
      sel?.removeAllRanges();
      sel?.addRange(range);
    },
    [rangeFor],
  );

  // jump to a range chosen elsewhere (the segments table, search results)
  useEffect(() => {
    if (!root || !props.focusRange) return;
    selectRange(props.focusRange.start, props.focusRange.end, true);
    root.focus({ preventScroll: true });
  }, [root, props.focusRange, selectRange]);

  // keyboard selection: ↑/↓ select the previous/next speaker turn; Shift+←/→ move the end
  // by a word; Alt+Shift+←/→ move the start by a word
  const current = useRef<{ start: number; end: number } | null>(null);
  useEffect(() => {
    if (!root) return;
    const onKey = (e: KeyboardEvent) => {
      const sel = current.current;
      const turnBody = (i: number) => {
        const p = model.paragraphs[i]!;
        const label = p.speakerLength ? p.index.toCodePoint(p.speakerLength) + 1 : 0;
        return { start: Math.min(p.start + label, p.end), end: p.end };
      };
      const findTurn = (from: number, dir: 1 | -1) => {
        for (let i = from; i >= 0 && i < model.paragraphs.length; i += dir) {
          const t = turnBody(i);
          if (t.end > t.start) return t;
        }
        return null;
      };
      let next: { start: number; end: number } | null = null;
      if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey) {
        const dir = e.key === 'ArrowDown' ? 1 : -1;
        const at = sel ? model.paragraphAt(dir === 1 ? Math.max(sel.start, sel.end - 1) : sel.start) + dir : dir === 1 ? 0 : model.paragraphs.length - 1;
        next = findTurn(at, dir);
      } else if (sel && e.shiftKey && (e.key === 'ArrowRight' || e.key === 'ArrowLeft')) {
        const command = e.altKey ? (e.key === 'ArrowRight' ? 'start-right' : 'start-left') : e.key === 'ArrowRight' ? 'end-right' : 'end-left';
        next = adjustBoundaries(model, sel.start, sel.end, command);
      } else return;
      e.preventDefault();
      if (next && next.end > next.start) {
        // remember it now: the next key may come before selectionchange reports it
        current.current = next;
        selectRange(next.start, next.end, true);
        // and tell the app now: Ctrl+K may come before selectionchange does
        onSelectionChange({ start: next.start, end: next.end, text: model.slice(next.start, next.end) });
      }
    };
    root.addEventListener('keydown', onKey);
    return () => root.removeEventListener('keydown', onKey);
  }, [root, model, selectRange, onSelectionChange]);

  const lanes = laneOf.count;
  return (
    <div className="transcript-scroll" ref={scrollRef}>
      <p id="transcript-keys" className="visually-hidden">
        Up and Down arrows select a speaker turn. Shift with Left or Right moves the end of the selection by a word; add Alt to move its start. Ctrl+K applies a code.
      </p>
      <div className="stripes" style={{ width: `${Math.max(1, lanes) * 7 + 6}px` }} aria-hidden="true">
        {stripes.map((s) => (
          <div
            key={s.id}
            className={`stripe${s.dashed ? ' other-coder' : ''}`}
            title={s.label}
            style={{ top: s.top, height: s.height, left: 3 + s.lane * 7, background: s.dashed ? undefined : s.color, color: s.color }}
            onClick={(e) => props.onSegmentsAt([s.id], { x: e.clientX, y: e.clientY })}
          />
        ))}
      </div>
      <PlainTextPlugin
        contentEditable={
          <ContentEditable
            className="transcript-text"
            aria-label={`Text of ${props.documentName}`}
            aria-readonly
            tabIndex={0}
            aria-describedby="transcript-keys"
          />
        }
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

/** Widen [start, end) to word boundaries inside the paragraphs at each end. */
function snapRange(model: TranscriptModel, start: number, end: number): [number, number] {
  const a = model.toParagraphPosition(start);
  const b = model.toParagraphPosition(end);
  const pa = model.paragraphs[a.paragraph]!;
  const pb = model.paragraphs[b.paragraph]!;
  const s = snapToWords(pa.text, a.utf16, a.utf16 === pa.text.length ? a.utf16 : Math.max(a.utf16 + 1, Math.min(pa.text.length, a.utf16 + 1))).start;
  const e = snapToWords(pb.text, Math.max(0, b.utf16 - 1), b.utf16).end;
  return [model.toCodePoint(a.paragraph, s), model.toCodePoint(b.paragraph, e)];
}
