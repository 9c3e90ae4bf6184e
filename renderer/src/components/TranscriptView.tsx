// The transcript: a read-only Lexical editor, one paragraph per speaker turn.
// Codes are drawn with the CSS Custom Highlight API (no extra DOM nodes; see the
// README for the measurement behind this choice) and as stripes in the margin.
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { LexicalComposer } from '@lexical/react/LexicalComposer';
import { PlainTextPlugin } from '@lexical/react/LexicalPlainTextPlugin';
import { ContentEditable } from '@lexical/react/LexicalContentEditable';
import { LexicalErrorBoundary } from '@lexical/react/LexicalErrorBoundary';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { $createParagraphNode, $createTextNode, $getRoot, type ParagraphNode } from 'lexical';
import type { Segment } from '../../../shared/types';
import { TranscriptModel, type Paragraph } from '../lib/transcriptModel';
import { nextWindow, TurnHeights, windowAround, type TurnMetrics, type TurnRange } from '../lib/turnWindow';
import { snapToWords } from '../lib/wordSnap';
import { adjustBoundaries } from '../lib/boundaries';
import { plural } from '../../../shared/plural';
import { useCodePainting, type CoderStyle } from './useCodePainting';

export type { CoderStyle };

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


/** How far the first window reaches before anything is measured: about three screens of turns. */
const DEFAULT_METRICS = { lineHeight: 27.2, gap: 11.2, charsPerLine: 100 };

/** The rendered turns (the rest stands in as padding) and the heights behind the padding. */
interface TurnWindow extends TurnRange {
  heights: TurnHeights;
}

export function TranscriptView(props: Props) {
  const model = useMemo(() => new TranscriptModel(props.text), [props.text]);
  // a new text (another document, or this one re-imported) is a new editor
  const generation = useRef({ model, n: 0 });
  if (generation.current.model !== model) generation.current = { model, n: generation.current.n + 1 };
  const win = useMemo<TurnWindow>(() => {
    const heights = new TurnHeights(
      model.paragraphs.map((p) => p.text.length),
      DEFAULT_METRICS,
    );
    const screen = typeof window === 'undefined' ? 900 : window.innerHeight;
    return { lo: 0, hi: heights.rangeBetween(0, screen * 2.5).hi, heights };
  }, [model]);
  const initialConfig = useMemo(
    () => ({
      namespace: 'weft-transcript',
      editable: false,
      theme: { paragraph: 'turn', text: { bold: 'speaker' } },
      onError: (e: Error) => console.error(e),
      editorState: () => {
        const root = $getRoot();
        for (let i = win.lo; i < win.hi; i++) root.append($createTurn(model.paragraphs[i]!));
      },
    }),
    [model, win],
  );

  return (
    <section className="transcript" role="region" aria-label="Transcript">
      <header className="pane-header">
        <h2 className="pane-title">{props.documentName}</h2>
        <span className="muted">{plural(props.segments.length, 'coding')}</span>
        <span className="header-extra">{props.headerExtra}</span>
      </header>
      <LexicalComposer key={`${props.documentId}:${generation.current.n}`} initialConfig={initialConfig}>
        <TranscriptSurface model={model} win={win} {...props} />
      </LexicalComposer>
    </section>
  );
}

/** A speaker turn as a Lexical paragraph: the label in bold, then the words. */
function $createTurn(p: Paragraph): ParagraphNode {
  const para = $createParagraphNode();
  if (p.speakerLength > 0) {
    para.append($createTextNode(p.text.slice(0, p.speakerLength)).toggleFormat('bold'));
    if (p.text.length > p.speakerLength) para.append($createTextNode(p.text.slice(p.speakerLength)));
  } else if (p.text.length > 0) {
    para.append($createTextNode(p.text));
  }
  return para;
}


function TranscriptSurface(props: Props & { model: TranscriptModel; win: TurnWindow }) {
  const [editor] = useLexicalComposerContext();
  const { model, segments, onSelectionChange, win } = props;
  const { heights } = win;
  const snap = props.snapToWords;
  const segmentsRef = useRef(segments);
  segmentsRef.current = segments;
  const onSegmentsAtRef = useRef(props.onSegmentsAt);
  onSegmentsAtRef.current = props.onSegmentsAt;
  const scrollRef = useRef<HTMLDivElement>(null);
  const [root, setRoot] = useState<HTMLElement | null>(null);

  useEffect(() => {
    const check = () => {
      const el = editor.getRootElement();
      if (el && el.children.length === win.hi - win.lo) setRoot(el);
    };
    check();
    return editor.registerUpdateListener(check);
  }, [editor, win]);

  // A long transcript is rendered a window at a time: the turns within about
  // a screen and a half of the viewport are Lexical paragraphs, and the turns
  // above and below them are padding of their measured (or, before they have
  // been seen, estimated) height. Opening, scrolling and painting codes then
  // cost the same for a 500-word and a 50,000-word interview (the measurement
  // is in the README). Jumping to a segment renders the turns around it first.

  /** The DOM paragraph of turn i, when it is rendered. */
  const turnElement = useCallback(
    (i: number): HTMLElement | null => (root && i >= win.lo && i < win.hi ? ((root.children[i - win.lo] as HTMLElement | undefined) ?? null) : null),
    [root, win],
  );

  /** The DOM point for a document code point (null when its turn is not rendered). */
  const domPoint = useCallback(
    (cp: number): { node: Node; offset: number } | null => {
      const { paragraph, utf16 } = model.toParagraphPosition(cp);
      const p = turnElement(paragraph);
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
    [model, turnElement],
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

  /** The turn index of a node inside the text, or null. */
  const turnOf = useCallback(
    (node: Node | null): number | null => {
      if (!root) return null;
      let el: Node | null = node;
      while (el && el.parentNode !== root) el = el.parentNode;
      if (!el) return null;
      const index = Array.prototype.indexOf.call(root.children, el) as number;
      return index < 0 ? null : win.lo + index;
    },
    [root, win],
  );

  const { paint, writeRules, stripes, laneCount } = useCodePainting({ root, win, model, segments, coderStyles: props.coderStyles, rangeFor, scrollRef });

  /** The root's own padding from the stylesheet, under the padding that stands in for unrendered turns. */
  const basePadding = useRef<{ top: number; bottom: number; width: number } | null>(null);

  /** Read the text's line height, turn gap and width, which the height estimates build on. */
  const readMetrics = useCallback((): TurnMetrics | null => {
    if (!root) return null;
    const cs = getComputedStyle(root);
    const fontSize = parseFloat(cs.fontSize) || 16;
    const lineHeight = parseFloat(cs.lineHeight) || fontSize * 1.7;
    const first = root.firstElementChild;
    const gap = first ? parseFloat(getComputedStyle(first).marginBottom) || 0 : fontSize * 0.7;
    const width = root.clientWidth - (parseFloat(cs.paddingLeft) || 0) - (parseFloat(cs.paddingRight) || 0);
    return { lineHeight, gap, charsPerLine: Math.max(20, width / (fontSize * 0.47)) };
  }, [root]);

  /** Measure the rendered turns; true when any height differs from what the padding assumed. */
  const measure = useCallback((): boolean => {
    if (!root) return false;
    const kids = root.children;
    let changed = false;
    let prevTop = kids.length ? kids[0]!.getBoundingClientRect().top : 0;
    for (let k = 0; k < kids.length; k++) {
      const el = kids[k] as HTMLElement;
      let h: number;
      if (k + 1 < kids.length) {
        const nextTop = kids[k + 1]!.getBoundingClientRect().top;
        h = nextTop - prevTop;
        prevTop = nextTop;
      } else {
        h = el.getBoundingClientRect().height + (parseFloat(getComputedStyle(el).marginBottom) || 0);
      }
      if (heights.measure(win.lo + k, h)) changed = true;
    }
    if (changed) heights.relearn();
    return changed;
  }, [root, win, heights]);

  const setPadding = useCallback(() => {
    const base = basePadding.current;
    if (!root || !base) return;
    const top = `${base.top + heights.top(win.lo)}px`;
    const bottom = `${base.bottom + heights.total - heights.top(win.hi)}px`;
    if (root.style.paddingTop !== top) root.style.paddingTop = top;
    if (root.style.paddingBottom !== bottom) root.style.paddingBottom = bottom;
  }, [root, win, heights]);

  /** Make turns next.lo..next.hi the rendered ones: drop, prepend and append Lexical paragraphs (synchronously). */
  const renderTurns = useCallback(
    (next: TurnRange) => {
      const cur = { lo: win.lo, hi: win.hi };
      if (next.lo === cur.lo && next.hi === cur.hi) return;
      editor.update(
        () => {
          const rootNode = $getRoot();
          if (next.lo >= cur.hi || next.hi <= cur.lo) {
            rootNode.clear();
            for (let i = next.lo; i < next.hi; i++) rootNode.append($createTurn(model.paragraphs[i]!));
            return;
          }
          const children = rootNode.getChildren();
          for (let i = cur.lo; i < next.lo; i++) children[i - cur.lo]!.remove();
          for (let i = next.hi; i < cur.hi; i++) children[i - cur.lo]!.remove();
          const first = rootNode.getFirstChild();
          for (let i = next.lo; i < cur.lo; i++) {
            const turn = $createTurn(model.paragraphs[i]!);
            if (first) first.insertBefore(turn);
            else rootNode.append(turn);
          }
          for (let i = cur.hi; i < next.hi; i++) rootNode.append($createTurn(model.paragraphs[i]!));
        },
        { discrete: true, tag: 'skip-dom-selection' },
      );
      win.lo = next.lo;
      win.hi = next.hi;
    },
    [editor, model, win],
  );

  /** The selection the user is dragging keeps its first turn rendered. */
  const dragFrom = useRef<number | null>(null);
  /** The coded-point selection, restored in the DOM when its turns come back into the window. */
  const current = useRef<{ start: number; end: number } | null>(null);

  /** Put the DOM selection back on the remembered selection, if it fell out of the window and is back in it. */
  const restoreSelection = useCallback(() => {
    const sel = document.getSelection();
    const want = current.current;
    if (!root || !sel || !want) return;
    if (sel.rangeCount > 0 && !sel.isCollapsed && root.contains(sel.anchorNode)) return;
    const active = document.activeElement;
    if (active && active !== root && active !== document.body) return;
    const r = rangeFor(want.start, want.end);
    if (!r) return;
    const range = document.createRange();
    range.setStart(r.startContainer, r.startOffset);
    range.setEnd(r.endContainer, r.endOffset);
    sel.removeAllRanges();
    sel.addRange(range);
  }, [root, rangeFor]);

  /** Where the viewport was before the text re-wrapped, for the next sync to return to. */
  const keepPlace = useRef<{ at: number; fraction: number } | null>(null);

  /**
   * Bring the window to the viewport: render the turns it needs, measure them,
   * set the padding, keep the turn at the top of the viewport where it was
   * (measuring can change the estimated heights of every turn above it), and
   * repaint the codes when anything moved (or when asked).
   */
  const sync = useCallback(
    (repaint: boolean) => {
      const container = scrollRef.current;
      if (!root || !container || !basePadding.current) return;
      const textTop = root.offsetTop + basePadding.current.top;
      const viewTop = container.scrollTop - textTop;
      // where the viewport is, as a turn and a fraction of it: the same place after the heights change
      // (a re-wrap forgets the heights first, so it says where the viewport was before)
      const kept = keepPlace.current;
      keepPlace.current = null;
      const at = kept?.at ?? heights.indexAt(Math.max(0, viewTop));
      const atHeight = () => Math.max(1, heights.top(at + 1) - heights.top(at));
      const fraction = kept?.fraction ?? (viewTop - heights.top(at)) / atHeight();
      const pin = dragFrom.current === null ? null : { lo: dragFrom.current, hi: dragFrom.current + 1 };
      const next = nextWindow(heights, viewTop, container.clientHeight, win, pin);
      if (next) renderTurns(next);
      const changed = measure();
      setPadding();
      if ((viewTop > 0 || kept) && (next || changed || kept)) {
        const want = textTop + heights.top(at) + fraction * atHeight();
        if (Math.abs(container.scrollTop - want) >= 0.5) container.scrollTop = want;
      }
      if (next || changed || repaint) paint();
      if (next) restoreSelection();
    },
    [root, heights, win, renderTurns, measure, setPadding, paint, restoreSelection],
  );

  /** Render turns a..b (and a screen around them) unless they already are. */
  const showTurns = useCallback(
    (a: number, b: number) => {
      const container = scrollRef.current;
      if (!root || !container || (a >= win.lo && b < win.hi)) return;
      renderTurns(windowAround(heights, a, b, container.clientHeight));
      measure();
      setPadding();
      paint();
    },
    [root, win, heights, renderTurns, measure, setPadding, paint],
  );

  useLayoutEffect(() => {
    if (!root) return;
    if (!basePadding.current) {
      const cs = getComputedStyle(root);
      basePadding.current = { top: parseFloat(cs.paddingTop) || 0, bottom: parseFloat(cs.paddingBottom) || 0, width: root.clientWidth };
      const metrics = readMetrics();
      if (metrics) heights.reset(metrics);
    }
    writeRules();
    sync(true);
    // benchmarks and tests wait for this: the transcript is painted with its codes
    document.documentElement.dataset.transcriptReady = `${props.documentId}:${segments.length}`;
    performance.mark('weft:highlights-applied', { detail: { documentId: props.documentId, segments: segments.length } });
  }, [root, sync, writeRules, readMetrics, heights, props.documentId, segments.length]);

  useEffect(() => {
    const container = scrollRef.current;
    if (!root || !container) return;
    let frame = 0;
    const schedule = (repaint: boolean) => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => ((frame = 0), sync(repaint)));
    };
    const onScroll = () => {
      if (!frame) frame = requestAnimationFrame(() => ((frame = 0), sync(false)));
    };
    container.addEventListener('scroll', onScroll, { passive: true });
    const resize = new ResizeObserver(() => {
      const base = basePadding.current;
      if (base && root.clientWidth !== base.width) {
        // re-wrapped: every height is new; remember the place in the old heights, which the padding still has
        const viewTop = container.scrollTop - (root.offsetTop + base.top);
        if (viewTop > 0 && !keepPlace.current) {
          const at = heights.indexAt(viewTop);
          keepPlace.current = { at, fraction: (viewTop - heights.top(at)) / Math.max(1, heights.top(at + 1) - heights.top(at)) };
        }
        base.width = root.clientWidth;
        const metrics = readMetrics();
        if (metrics) heights.reset(metrics);
      }
      schedule(true);
    });
    resize.observe(container);
    const fontsLoaded = () => schedule(true);
    document.fonts?.addEventListener?.('loadingdone', fontsLoaded);
    // a drag keeps the turn it started in rendered, so the selection survives scrolling
    const onDown = (e: PointerEvent) => {
      if (e.button === 0) dragFrom.current = turnOf(e.target as Node);
    };
    const onUp = () => {
      dragFrom.current = null;
    };
    root.addEventListener('pointerdown', onDown);
    window.addEventListener('pointerup', onUp);
    return () => {
      cancelAnimationFrame(frame);
      container.removeEventListener('scroll', onScroll);
      resize.disconnect();
      document.fonts?.removeEventListener?.('loadingdone', fontsLoaded);
      root.removeEventListener('pointerdown', onDown);
      window.removeEventListener('pointerup', onUp);
    };
  }, [root, sync, readMetrics, heights, turnOf]);


  // selection → code point offsets
  useEffect(() => {
    if (!root) return;
    const pointToCp = (node: Node, offset: number): number | null => {
      if (node === root) {
        // between rendered turns: the start of the turn after the point, or the end of the last one
        if (offset >= root.children.length) return win.hi > win.lo ? model.paragraphs[win.hi - 1]!.end : 0;
        return model.paragraphs[win.lo + offset]!.start;
      }
      const index = turnOf(node);
      if (index === null) return null;
      const range = document.createRange();
      range.setStart(root.children[index - win.lo]!, 0);
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
        // the selected turns left the window (scrolled away): the selection stays, and comes back with them
        if (r.startContainer === root && current.current) return;
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
  }, [root, model, win, turnOf, onSelectionChange, snap]);

  // a click on coded text (without dragging) lists the segments under the pointer
  useEffect(() => {
    if (!root) return;
    const onClick = (e: MouseEvent) => {
      const sel = document.getSelection();
      if (sel && !sel.isCollapsed) return;
      const pos = document.caretPositionFromPoint?.(e.clientX, e.clientY);
      if (!pos || !root.contains(pos.offsetNode)) return;
      const index = turnOf(pos.offsetNode);
      if (index === null) return;
      const range = document.createRange();
      range.setStart(root.children[index - win.lo]!, 0);
      range.setEnd(pos.offsetNode, pos.offset);
      const cp = model.toCodePoint(index, range.toString().length);
      const hits = segmentsRef.current.filter((s) => s.start <= cp && cp < s.end).map((s) => s.id);
      if (hits.length) onSegmentsAtRef.current(hits, { x: e.clientX, y: e.clientY });
    };
    root.addEventListener('click', onClick);
    return () => root.removeEventListener('click', onClick);
  }, [root, model, win, turnOf]);

  /** Put the DOM selection on [start, end); selectionchange then reports it. */
  const selectRange = useCallback(
    (start: number, end: number, scroll: boolean) => {
      showTurns(model.paragraphAt(start), model.paragraphAt(Math.max(start, end - 1)));
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
    [rangeFor, showTurns, model],
  );

  // jump to a range chosen elsewhere (the segments table, search results)
  useEffect(() => {
    if (!root || !props.focusRange) return;
    selectRange(props.focusRange.start, props.focusRange.end, true);
    root.focus({ preventScroll: true });
  }, [root, props.focusRange, selectRange]);

  // keyboard selection: ↑/↓ select the previous/next speaker turn; Shift+←/→ move the end
  // by a word; Alt+Shift+←/→ move the start by a word
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

  return (
    <div className="transcript-scroll" ref={scrollRef}>
      <p id="transcript-keys" className="visually-hidden">
        Up and Down arrows select a speaker turn. Shift with Left or Right moves the end of the selection by a word; add Alt to move its start. Ctrl+K applies a code.
      </p>
      <div className="stripes" style={{ width: `${Math.max(1, laneCount) * 7 + 6}px` }} aria-hidden="true">
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
