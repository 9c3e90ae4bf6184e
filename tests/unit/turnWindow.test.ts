// The arithmetic behind rendering a long transcript a window of turns at a
// time: heights estimated, then measured; the turn at a height; the window a
// viewport needs, with hysteresis, a pinned turn, and a window around a jump.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { nextWindow, TurnHeights, windowAround } from '../../renderer/src/lib/turnWindow';

const METRICS = { lineHeight: 20, gap: 10, charsPerLine: 50 };

describe('TurnHeights', () => {
  it('estimates a turn from its length in lines, plus the gap; an empty turn is a sliver', () => {
    const h = new TurnHeights([10, 50, 51, 0, 200], METRICS);
    expect([0, 1, 2, 3, 4].map((i) => h.estimate(i))).toEqual([30, 30, 50, 5, 90]);
    expect(h.top(0)).toBe(0);
    expect(h.top(3)).toBe(110);
    expect(h.total).toBe(205);
  });

  it('uses measured heights, and learns the line length from turns that wrapped', () => {
    const h = new TurnHeights([100, 100, 100, 100], METRICS);
    expect(h.total).toBe(4 * 50);
    // the first turn took 4 lines, not 2: lines hold fewer characters than assumed
    expect(h.measure(0, 4 * 20 + 10)).toBe(true);
    expect(h.measure(0, 90)).toBe(false);
    h.relearn();
    // 100 characters over 3.5 lines: about 28.6 a line, so 4 lines for the others
    expect(h.estimate(1)).toBe(90);
    expect(h.total).toBe(4 * 90);
    // a width change forgets what was measured and learned
    h.reset({ ...METRICS, charsPerLine: 100 });
    expect(h.total).toBe(4 * 30);
  });

  it('finds the turn at a height', () => {
    const h = new TurnHeights([10, 10, 10], METRICS); // 30 px each
    expect(h.indexAt(-5)).toBe(0);
    expect(h.indexAt(0)).toBe(0);
    expect(h.indexAt(29.9)).toBe(0);
    expect(h.indexAt(30)).toBe(1);
    expect(h.indexAt(89)).toBe(2);
    expect(h.indexAt(1e9)).toBe(2);
    expect(new TurnHeights([], METRICS).rangeBetween(0, 100)).toEqual({ lo: 0, hi: 0 });
  });

  it('top() is the running sum of the heights, whatever is measured (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(400), { minLength: 1, maxLength: 60 }),
        fc.array(fc.tuple(fc.nat(59), fc.integer({ min: 1, max: 300 })), { maxLength: 30 }),
        (lengths, measured) => {
          const h = new TurnHeights(lengths, METRICS);
          const seen = new Map<number, number>();
          for (const [i, px] of measured) if (i < lengths.length) (h.measure(i, px), seen.set(i, px));
          h.relearn();
          let y = 0;
          for (let i = 0; i < lengths.length; i++) {
            expect(h.top(i)).toBeCloseTo(y, 6);
            const px = seen.get(i) ?? h.estimate(i);
            expect(h.indexAt(y + px / 2)).toBe(i);
            y += px;
          }
          expect(h.total).toBeCloseTo(y, 6);
        },
      ),
    );
  });
});

describe('nextWindow', () => {
  // 1,000 turns of 30 px; a viewport of 300 px
  const h = new TurnHeights(Array(1000).fill(10), METRICS);

  it('renders a screen and a half above and two and a half below the viewport top', () => {
    expect(nextWindow(h, 3000, 300, null)).toEqual({ lo: 85, hi: 126 });
  });

  it('keeps the window while it covers half a screen each way, and moves it when it does not', () => {
    const w = nextWindow(h, 3000, 300, null)!;
    expect(nextWindow(h, 3000 + 60, 300, w)).toBeNull();
    expect(nextWindow(h, 3000 - 100, 300, w)).toBeNull();
    const moved = nextWindow(h, 3000 + 900, 300, w)!;
    expect(moved.lo).toBeGreaterThan(w.lo);
    expect(moved.lo * 30).toBeLessThanOrEqual(3900 - 300);
    expect(moved.hi * 30).toBeGreaterThanOrEqual(3900 + 600);
  });

  it('keeps a pinned turn (where a drag started) in the window', () => {
    const w = nextWindow(h, 3000, 300, null)!;
    const far = nextWindow(h, 9000, 300, w, { lo: 100, hi: 101 })!;
    expect(far.lo).toBe(100);
    expect(far.hi * 30).toBeGreaterThanOrEqual(9300);
  });

  it('clamps at both ends of the transcript', () => {
    expect(nextWindow(h, 0, 300, null)).toEqual({ lo: 0, hi: 26 });
    expect(nextWindow(h, 29_700, 300, null)).toEqual({ lo: 975, hi: 1000 });
  });
});

describe('windowAround', () => {
  const h = new TurnHeights(Array(1000).fill(10), METRICS);
  it('covers the turns asked for and a screen each side', () => {
    expect(windowAround(h, 500, 502, 300)).toEqual({ lo: 490, hi: 514 });
    expect(windowAround(h, 0, 0, 300)).toEqual({ lo: 0, hi: 12 });
    expect(windowAround(h, 999, 999, 300)).toEqual({ lo: 989, hi: 1000 });
    // a long segment: all of its turns
    expect(windowAround(h, 100, 700, 300)).toEqual({ lo: 90, hi: 712 });
  });
});
