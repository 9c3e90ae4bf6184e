// Which speaker turns of a long transcript are in the DOM.
//
// Only the turns within about a screen of the viewport are rendered; the text
// above and below them is stood in for by padding whose height is the sum of
// those turns' heights: measured once a turn has been on screen, estimated from
// its length before that. Pure: the view measures, this keeps the arithmetic.

export interface TurnMetrics {
  /** px of one line of transcript text */
  lineHeight: number;
  /** px below each turn (its margin) */
  gap: number;
  /** characters (UTF-16 units) that fit on one line, before any turn is measured */
  charsPerLine: number;
}

export interface TurnRange {
  /** first rendered turn */
  lo: number;
  /** one past the last rendered turn */
  hi: number;
}

export class TurnHeights {
  private readonly heights: Float64Array;
  private readonly measured: Uint8Array;
  private readonly prefix: Float64Array;
  private stale = true;
  private metrics: TurnMetrics;
  /** characters and lines of the measured turns that wrapped, to learn the line length */
  private wrappedChars = 0;
  private wrappedLines = 0;

  constructor(
    private readonly lengths: readonly number[],
    metrics: TurnMetrics,
  ) {
    this.metrics = { ...metrics };
    this.heights = new Float64Array(lengths.length);
    this.measured = new Uint8Array(lengths.length);
    this.prefix = new Float64Array(lengths.length + 1);
    for (let i = 0; i < lengths.length; i++) this.heights[i] = this.estimate(i);
  }

  get count(): number {
    return this.lengths.length;
  }

  /** A height for a turn not measured yet: its length in lines of the learned length. */
  estimate(i: number): number {
    const len = this.lengths[i]!;
    if (len === 0) return this.metrics.lineHeight * 0.25;
    const perLine = this.wrappedLines > 0 ? this.wrappedChars / this.wrappedLines : this.metrics.charsPerLine;
    return Math.ceil(len / Math.max(1, perLine)) * this.metrics.lineHeight + this.metrics.gap;
  }

  /** Record a turn's rendered height (including the gap below it); true when it differs from what was assumed. */
  measure(i: number, height: number): boolean {
    if (!(height >= 0) || i < 0 || i >= this.lengths.length) return false;
    if (!this.measured[i]) {
      this.measured[i] = 1;
      const lines = Math.round((height - this.metrics.gap) / this.metrics.lineHeight);
      if (lines >= 2) {
        this.wrappedChars += this.lengths[i]!;
        this.wrappedLines += lines - 0.5; // the last line is on average half full
      }
    }
    if (Math.abs(this.heights[i]! - height) < 0.5) return false;
    this.heights[i] = height;
    this.stale = true;
    return true;
  }

  /** Re-estimate the turns not measured yet from what has been learned (call after measuring a window). */
  relearn(): void {
    for (let i = 0; i < this.lengths.length; i++) {
      if (this.measured[i]) continue;
      const h = this.estimate(i);
      if (h !== this.heights[i]) {
        this.heights[i] = h;
        this.stale = true;
      }
    }
  }

  /** The text was re-wrapped (its width or font changed): forget every measurement. */
  reset(metrics: TurnMetrics): void {
    this.metrics = { ...metrics };
    this.measured.fill(0);
    this.wrappedChars = 0;
    this.wrappedLines = 0;
    for (let i = 0; i < this.lengths.length; i++) this.heights[i] = this.estimate(i);
    this.stale = true;
  }

  private sums(): Float64Array {
    if (this.stale) {
      let y = 0;
      for (let i = 0; i < this.lengths.length; i++) {
        this.prefix[i] = y;
        y += this.heights[i]!;
      }
      this.prefix[this.lengths.length] = y;
      this.stale = false;
    }
    return this.prefix;
  }

  /** y of turn i's top, from the top of the first turn; top(count) is the height of all turns. */
  top(i: number): number {
    return this.sums()[Math.max(0, Math.min(i, this.lengths.length))]!;
  }

  get total(): number {
    return this.top(this.lengths.length);
  }

  /** The turn at height y (the first whose bottom is below y), clamped to the turns. */
  indexAt(y: number): number {
    const p = this.sums();
    let lo = 0;
    let hi = this.lengths.length - 1;
    if (hi < 0) return 0;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (p[mid]! <= y) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The turns between heights y0 and y1, as a range. */
  rangeBetween(y0: number, y1: number): TurnRange {
    if (this.lengths.length === 0) return { lo: 0, hi: 0 };
    return { lo: this.indexAt(y0), hi: Math.min(this.lengths.length, this.indexAt(y1) + 1) };
  }
}

/**
 * The turns to render for a viewport at `viewTop` (px from the first turn's top) of height `viewHeight`:
 * null while the rendered turns still cover half a screen above and below it, otherwise a screen and a half each way.
 * `pin` (a selection being dragged) is kept in the window.
 */
export function nextWindow(heights: TurnHeights, viewTop: number, viewHeight: number, current: TurnRange | null, pin?: TurnRange | null): TurnRange | null {
  const need = heights.rangeBetween(viewTop - viewHeight / 2, viewTop + viewHeight * 1.5);
  if (pin) {
    need.lo = Math.min(need.lo, pin.lo);
    need.hi = Math.max(need.hi, pin.hi);
  }
  if (current && current.lo <= need.lo && current.hi >= need.hi) return null;
  const want = heights.rangeBetween(viewTop - viewHeight * 1.5, viewTop + viewHeight * 2.5);
  if (pin) {
    want.lo = Math.min(want.lo, pin.lo);
    want.hi = Math.max(want.hi, pin.hi);
  }
  return want;
}

/** The turns to render so that turns a..b (inclusive) can be shown and selected, with a screen around them. */
export function windowAround(heights: TurnHeights, a: number, b: number, viewHeight: number): TurnRange {
  const lo = heights.indexAt(heights.top(a) - viewHeight);
  const hi = Math.min(heights.count, heights.indexAt(heights.top(b + 1) + viewHeight) + 1);
  return { lo: Math.min(lo, a), hi: Math.max(hi, b + 1) };
}
