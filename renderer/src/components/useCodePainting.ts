// How codings are drawn on the rendered turns of a transcript: CSS Custom
// Highlights (one per code colour and coder style, so overlapping codes blend,
// with no extra DOM nodes) and stripes in the margin, one lane per overlap.
// TranscriptView calls `paint` whenever the rendered window or the codings change.
import { useCallback, useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import type { Segment } from '../../../shared/types';
import type { TranscriptModel } from '../lib/transcriptModel';
import type { TurnRange } from '../lib/turnWindow';

export type CoderStyle = 'fill' | 'solid' | 'dashed' | 'dotted' | 'double' | 'wavy';

/** A coding's mark in the margin, in the scrolled content's coordinates. */
export type Stripe = { id: number; top: number; height: number; lane: number; color: string; dashed: boolean; label: string };

const HIGHLIGHT_PREFIX = 'weft-code-';

function highlightName(color: string, style: CoderStyle): string {
  return `${HIGHLIGHT_PREFIX}${color.replace(/[^0-9a-zA-Z]/g, '')}-${style}`;
}

/** How a code's highlight is painted for one coder style: translucent fill, or an underline in the code's colour. */
function highlightCss(color: string, style: CoderStyle): string {
  if (style === 'fill') return `background-color: ${color}47;`;
  return `text-decoration: underline ${style} ${color}; text-decoration-thickness: 2px; text-underline-offset: 3px;`;
}

export interface CodePaintingInput {
  /** the editor's root element, once its rendered turns are there */
  root: HTMLElement | null;
  /** the rendered turns */
  win: TurnRange;
  model: TranscriptModel;
  segments: Segment[];
  coderStyles: Map<number, CoderStyle>;
  /** the DOM range of a code-point range (null when it is not rendered) */
  rangeFor: (start: number, end: number) => StaticRange | null;
  scrollRef: RefObject<HTMLDivElement | null>;
}

export function useCodePainting({ root, win, model, segments, coderStyles, rangeFor, scrollRef }: CodePaintingInput) {
  const [stripes, setStripes] = useState<Stripe[]>([]);

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
  // restyles all the rendered text, while new highlight ranges only repaint it.
  const highlightRules = useMemo(() => {
    const rules = new Map<string, string>();
    for (const s of segments) {
      const coderStyle = coderStyles.get(s.coderId) ?? 'fill';
      const name = highlightName(s.codeColor, coderStyle);
      if (!rules.has(name)) rules.set(name, `::highlight(${name}) { ${highlightCss(s.codeColor, coderStyle)} }`);
    }
    return [...rules.keys()].sort().map((k) => rules.get(k)!).join('\n');
  }, [segments, coderStyles]);
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

  // The registered Highlight objects, kept and refilled: replacing a registered
  // highlight restyles the whole page, refilling one only repaints its text.
  const registered = useRef(new Map<string, Highlight>());
  const clearPainted = useCallback(() => {
    if (typeof CSS !== 'undefined' && 'highlights' in CSS) for (const name of registered.current.keys()) CSS.highlights.delete(name);
    registered.current.clear();
  }, []);
  /** Highlights and stripes for the codings in the rendered turns. */
  const paint = useCallback(() => {
    const container = scrollRef.current;
    if (!root || !container) return;
    const cpLo = win.hi > win.lo ? model.paragraphs[win.lo]!.start : 0;
    const cpHi = win.hi > win.lo ? model.paragraphs[win.hi - 1]!.end : 0;
    const visible = segments.filter((s) => s.end > cpLo && s.start < cpHi);
    const clipped = (s: Segment) => rangeFor(Math.max(s.start, cpLo), Math.min(s.end, cpHi));

    // highlights: one Highlight per code colour and coder style, so overlapping codes blend
    if (typeof CSS !== 'undefined' && 'highlights' in CSS) {
      const groups = new Map<string, StaticRange[]>();
      for (const s of visible) {
        const r = clipped(s);
        if (!r) continue;
        const key = highlightName(s.codeColor, coderStyles.get(s.coderId) ?? 'fill');
        let e = groups.get(key);
        if (!e) groups.set(key, (e = []));
        e.push(r);
      }
      for (const [name, highlight] of registered.current) if (!groups.has(name)) highlight.clear();
      for (const [name, ranges] of groups) {
        let highlight = registered.current.get(name);
        if (!highlight) {
          registered.current.set(name, (highlight = new Highlight()));
          CSS.highlights.set(name, highlight);
        } else highlight.clear();
        for (const r of ranges) highlight.add(r);
      }
    }

    // stripes, in the scrolled content's coordinates
    const base = container.getBoundingClientRect().top - container.scrollTop;
    const range = document.createRange();
    const out: Stripe[] = [];
    for (const s of visible) {
      const r = clipped(s);
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
        dashed: (coderStyles.get(s.coderId) ?? 'fill') !== 'fill',
        label: `${s.codePath} · ${s.coderName}`,
      });
    }
    setStripes(out);
  }, [root, win, model, segments, rangeFor, laneOf, coderStyles]);

  useEffect(() => clearPainted, [clearPainted]);

  return { paint, writeRules, stripes, laneCount: laneOf.count };
}
