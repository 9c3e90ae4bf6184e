// Interval arithmetic for agreement on text: everything is computed from the
// boundaries of codings, never from per-character arrays, so the cost grows
// with the number of codings, not with the length of the transcripts.
// Spans are code point offsets, end exclusive.
import type { Stat } from './statistics.js';

export interface Span {
  start: number;
  end: number;
}

export interface ValuedSpan extends Span {
  /** the category (code) of the unit */
  value: number;
}

/** Sort and merge spans that overlap (share at least one position); spans that only touch stay apart. */
export function mergeOverlapping(spans: readonly Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start < last.end) last.end = Math.max(last.end, s.end);
    else out.push({ start: s.start, end: s.end });
  }
  return out;
}

/** The number of positions covered by the union of the spans. */
export function coveredLength(spans: readonly Span[]): number {
  let total = 0;
  let curStart = -1;
  let curEnd = -1;
  for (const s of [...spans].sort((a, b) => a.start - b.start)) {
    if (s.start > curEnd) {
      total += curEnd - curStart;
      curStart = s.start;
      curEnd = s.end;
    } else if (s.end > curEnd) curEnd = s.end;
  }
  return total + (curEnd - curStart);
}

/**
 * Presence patterns of one document for one code: for every stretch of text,
 * which present coders cover it. Returns weights keyed by `onesMask`, the
 * coders (bit i = coder i) whose codings cover the stretch; the stretch where
 * nobody's codings lie is key 0. Overlapping codings of one coder count once.
 * `coders[i]` is null when coder i is missing on this document.
 */
export function coveragePatterns(length: number, coders: ReadonlyArray<readonly Span[] | null>): Map<number, number> {
  const events: Array<[number, number, number]> = []; // position, coder, +1/-1
  coders.forEach((spans, i) => {
    if (!spans) return;
    for (const s of spans) {
      events.push([s.start, i, 1], [s.end, i, -1]);
    }
  });
  events.sort((a, b) => a[0] - b[0]);
  const depth = new Int32Array(coders.length);
  const out = new Map<number, number>();
  let mask = 0;
  let pos = 0;
  let covered = 0;
  for (let e = 0; e < events.length; ) {
    const at = events[e]![0];
    if (at > pos && mask !== 0) {
      out.set(mask, (out.get(mask) ?? 0) + (at - pos));
      covered += at - pos;
    }
    pos = at;
    while (e < events.length && events[e]![0] === at) {
      const [, i, d] = events[e]!;
      depth[i]! += d;
      if (depth[i]! > 0) mask |= 1 << i;
      else mask &= ~(1 << i);
      e++;
    }
  }
  if (length - covered > 0) out.set(0, (out.get(0) ?? 0) + (length - covered));
  return out;
}

/**
 * Krippendorff's unitizing α for a continuum made of documents (Krippendorff,
 * Mathet, Bouvry & Milliat 2016; Krippendorff 2019, ch. 12.4). Each coder
 * splits each document into units with a value and gaps (no value); observed
 * coincidences are the lengths where two coders' segments overlap, and the
 * expected coincidences count how a unit of length ℓ can pair with itself
 * (ℓ²) and a gap position with itself (ℓ). Documents are units of analysis
 * laid end to end, so no unit or gap crosses a document boundary.
 *
 * Two generalisations, which leave the published definition unchanged where
 * it applies: a coder missing on a document takes no part there (positions
 * pair among the coders present, weighted 1/(m_d − 1)); and where one coder's
 * units of different values overlap, each pairs with every overlapping
 * segment of the other coder.
 */
export class UnitizingAccumulator {
  /** Σ_c o_cc: positions where two coders' segments have the same value (gaps included) */
  private diagonal = 0;
  /** value index → marginal l_c; the last index is the gap */
  private readonly margins: Float64Array;
  /** value index → Σ ℓ² of its units (gaps: Σ ℓ) */
  private readonly squares: Float64Array;

  constructor(private readonly values: number) {
    this.margins = new Float64Array(values + 1);
    this.squares = new Float64Array(values + 1);
  }

  /** A document where the `present` coders (2 or more) have no unit at all. */
  addEmpty(length: number, present: number): void {
    if (present < 2 || length <= 0) return;
    const g = this.values;
    this.diagonal += present * length;
    this.margins[g]! += present * length;
    this.squares[g]! += present * length;
  }

  /** One document: each coder's units (null = missing). Units of one value must not overlap each other. */
  addDocument(length: number, coders: ReadonlyArray<readonly ValuedSpan[] | null>): void {
    const present: number[] = [];
    coders.forEach((c, i) => c && present.push(i));
    const m = present.length;
    if (m < 2 || length <= 0) return;
    if (present.every((i) => coders[i]!.length === 0)) {
      this.addEmpty(length, m);
      return;
    }
    const gap = this.values;
    const events: Array<[number, number, number, number]> = []; // position, slot, value, +1/-1
    present.forEach((i, slot) => {
      for (const u of coders[i]!) {
        const l = u.end - u.start;
        if (l <= 0) continue;
        this.squares[u.value]! += l * l;
        events.push([u.start, slot, u.value, 1], [u.end, slot, u.value, -1]);
      }
    });
    events.sort((a, b) => a[0] - b[0]);
    const active: Array<Map<number, number>> = present.map(() => new Map());
    const sweep = (from: number, to: number) => {
      const len = to - from;
      if (len <= 0) return;
      const sizes = active.map((a) => Math.max(1, a.size));
      const total = sizes.reduce((s, x) => s + x, 0);
      const counts = new Map<number, number>();
      active.forEach((a, slot) => {
        const share = (len * (total - sizes[slot]!)) / (m - 1);
        if (a.size === 0) {
          counts.set(gap, (counts.get(gap) ?? 0) + 1);
          this.margins[gap]! += share;
          this.squares[gap]! += len;
        } else {
          for (const v of a.keys()) {
            counts.set(v, (counts.get(v) ?? 0) + 1);
            this.margins[v]! += share;
          }
        }
      });
      for (const c of counts.values()) this.diagonal += (len * c * (c - 1)) / (m - 1);
    };
    let pos = 0;
    for (let e = 0; e < events.length; ) {
      const at = events[e]![0];
      sweep(pos, Math.min(at, length));
      pos = Math.max(pos, Math.min(at, length));
      while (e < events.length && events[e]![0] === at) {
        const [, slot, value, d] = events[e]!;
        const a = active[slot]!;
        const n = (a.get(value) ?? 0) + d;
        if (n > 0) a.set(value, n);
        else a.delete(value);
        e++;
      }
    }
    sweep(pos, length);
  }

  result(): Stat {
    let n = 0;
    for (const l of this.margins) n += l;
    if (n <= 0) return { value: null, reason: 'no document was coded by two or more coders' };
    let sq = 0;
    for (const s of this.squares) sq += s;
    const denom = n * n - sq;
    if (denom <= 0) return { value: null, reason: 'the continuum is too short to estimate expected disagreement' };
    let expectedDiagonal = 0;
    for (let c = 0; c < this.margins.length; c++) expectedDiagonal += (n * (this.margins[c]! ** 2 - this.squares[c]!)) / denom;
    const dObs = n - this.diagonal;
    const dExp = n - expectedDiagonal;
    if (Math.abs(dExp) <= 1e-12 * n) return { value: null, reason: 'no variation: expected disagreement is 0 (every coder segmented alike, with one value)' };
    const a = 1 - dObs / dExp;
    return { value: Math.abs(a) < 1e-15 ? 0 : a };
  }
}

/** Intersection over union of two spans. */
export function overlapRatio(a: Span, b: Span): number {
  const inter = Math.min(a.end, b.end) - Math.max(a.start, b.start);
  if (inter <= 0) return 0;
  const union = Math.max(a.end, b.end) - Math.min(a.start, b.start);
  return inter / union;
}

/**
 * Segment matching for the `segment` unit. Segments of different coders match
 * when |A∩B| / |A∪B| ≥ `threshold` (and they overlap at all); matching is one
 * to one, best overlap first. With more than two coders, matches join
 * clusters of at most one segment per coder. Returns the clusters, each as a
 * segment index per coder (null where that coder has none in the cluster).
 */
export function matchSegments(coders: ReadonlyArray<readonly Span[] | null>, threshold: number): Array<Array<number | null>> {
  const nodes: Array<{ coder: number; index: number }> = [];
  coders.forEach((spans, coder) => spans?.forEach((_, index) => nodes.push({ coder, index })));
  const pairs: Array<{ a: number; b: number; r: number }> = [];
  // sweep by start so only overlapping segments are compared
  const order = nodes.map((_, k) => k).sort((x, y) => coders[nodes[x]!.coder]![nodes[x]!.index]!.start - coders[nodes[y]!.coder]![nodes[y]!.index]!.start);
  const open: number[] = [];
  for (const k of order) {
    const s = coders[nodes[k]!.coder]![nodes[k]!.index]!;
    for (let o = open.length - 1; o >= 0; o--) {
      const other = coders[nodes[open[o]!]!.coder]![nodes[open[o]!]!.index]!;
      if (other.end <= s.start) open.splice(o, 1);
    }
    for (const j of open) {
      if (nodes[j]!.coder === nodes[k]!.coder) continue;
      const r = overlapRatio(s, coders[nodes[j]!.coder]![nodes[j]!.index]!);
      if (r > 0 && r >= threshold) pairs.push({ a: j, b: k, r });
    }
    open.push(k);
  }
  pairs.sort((x, y) => y.r - x.r || x.a - y.a || x.b - y.b);
  const cluster = nodes.map((_, k) => k);
  const find = (k: number): number => (cluster[k] === k ? k : (cluster[k] = find(cluster[k]!)));
  const coderSets = nodes.map((n) => new Set([n.coder]));
  for (const p of pairs) {
    const ra = find(p.a);
    const rb = find(p.b);
    if (ra === rb) continue;
    const sa = coderSets[ra]!;
    const sb = coderSets[rb]!;
    if ([...sb].some((c) => sa.has(c))) continue;
    cluster[rb] = ra;
    for (const c of sb) sa.add(c);
  }
  const groups = new Map<number, Array<number | null>>();
  nodes.forEach((n, k) => {
    const r = find(k);
    let g = groups.get(r);
    if (!g) groups.set(r, (g = coders.map(() => null)));
    g[n.coder] = n.index;
  });
  return [...groups.values()];
}
