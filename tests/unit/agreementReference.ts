// An independent, deliberately naive reference for agreement on text: it
// expands every document into per-character label arrays and applies the
// textbook formulas unit by unit, the way scikit-learn's cohen_kappa_score and
// NLTK's AnnotationTask.alpha do. Slow, but obviously right on small data.

export interface RefDoc {
  length: number;
  /** per coder: null when missing on this document, else [start, end) spans per code index */
  coders: Array<Array<Array<[number, number]>> | null>;
}

/** Per code, the per-character units: each a value per coder (0/1) or null where missing. */
export function characterUnits(docs: readonly RefDoc[], codes: number): Array<Array<Array<number | null>>> {
  const out: Array<Array<Array<number | null>>> = Array.from({ length: codes }, () => []);
  for (const d of docs) {
    for (let k = 0; k < codes; k++) {
      const labels = d.coders.map((c) => {
        if (!c) return null;
        const arr = new Array<number>(d.length).fill(0);
        for (const [s, e] of c[k] ?? []) for (let i = s; i < e; i++) arr[i] = 1;
        return arr;
      });
      for (let i = 0; i < d.length; i++) out[k]!.push(labels.map((l) => (l ? l[i]! : null)));
    }
  }
  return out;
}

/** Cohen's κ on two label lists (units both coded), as scikit-learn computes it. */
export function refCohen(units: ReadonlyArray<ReadonlyArray<number | null>>): number | null {
  const pairs = units.filter((u) => u[0] !== null && u[1] !== null) as number[][];
  const n = pairs.length;
  if (!n) return null;
  const labels = [...new Set(pairs.flat())];
  let po = 0;
  for (const [a, b] of pairs) if (a === b) po++;
  po /= n;
  let pe = 0;
  for (const l of labels) pe += (pairs.filter((p) => p[0] === l).length / n) * (pairs.filter((p) => p[1] === l).length / n);
  if (pe === 1) return null;
  return (po - pe) / (1 - pe);
}

/** Krippendorff's α, nominal, following NLTK's AnnotationTask: pairwise disagreement within units over all pairs of values. */
export function refAlpha(units: ReadonlyArray<ReadonlyArray<number | null>>): number | null {
  const pairable = units.map((u) => u.filter((v): v is number => v !== null)).filter((u) => u.length >= 2);
  const values = pairable.flat();
  const n = values.length;
  if (n <= 1) return null;
  let dObs = 0;
  for (const u of pairable) {
    let d = 0;
    for (let i = 0; i < u.length; i++) for (let j = 0; j < u.length; j++) if (i !== j && u[i] !== u[j]) d++;
    dObs += d / (u.length - 1);
  }
  dObs /= n;
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let dExp = 0;
  for (const [a, na] of counts) for (const [b, nb] of counts) if (a !== b) dExp += na * nb;
  dExp /= n * (n - 1);
  if (dExp === 0) return null;
  return 1 - dObs / dExp;
}

/** Share of units with 2+ values on which all agree. */
export function refPercent(units: ReadonlyArray<ReadonlyArray<number | null>>): number | null {
  const u2 = units.map((u) => u.filter((v) => v !== null)).filter((u) => u.length >= 2);
  if (!u2.length) return null;
  return u2.filter((u) => u.every((v) => v === u[0])).length / u2.length;
}

/** Fleiss' κ over units rated by all coders. */
export function refFleiss(units: ReadonlyArray<ReadonlyArray<number | null>>, coders: number): number | null {
  const full = units.filter((u) => u.every((v) => v !== null)) as number[][];
  if (!full.length) return null;
  const N = full.length;
  let pBar = 0;
  const totals = new Map<number, number>();
  for (const u of full) {
    const c = new Map<number, number>();
    for (const v of u) {
      c.set(v, (c.get(v) ?? 0) + 1);
      totals.set(v, (totals.get(v) ?? 0) + 1);
    }
    let s = 0;
    for (const x of c.values()) s += x * (x - 1);
    pBar += s / (coders * (coders - 1));
  }
  pBar /= N;
  let pe = 0;
  for (const t of totals.values()) pe += (t / (N * coders)) ** 2;
  if (pe === 1) return null;
  return (pBar - pe) / (1 - pe);
}

/** Gwet's AC1 for binary values (q = 2). */
export function refAC1(units: ReadonlyArray<ReadonlyArray<number | null>>): number | null {
  const rated = units.map((u) => u.filter((v): v is number => v !== null)).filter((u) => u.length >= 1);
  const u2 = rated.filter((u) => u.length >= 2);
  if (!u2.length) return null;
  let pa = 0;
  for (const u of u2) {
    const ones = u.filter((v) => v === 1).length;
    const zeros = u.length - ones;
    pa += (ones * (ones - 1) + zeros * (zeros - 1)) / (u.length * (u.length - 1));
  }
  pa /= u2.length;
  let pi1 = 0;
  for (const u of rated) pi1 += u.filter((v) => v === 1).length / u.length;
  pi1 /= rated.length;
  const pe = 2 * pi1 * (1 - pi1);
  return (pa - pe) / (1 - pe);
}

/**
 * Binary unitizing α position by position: observed coincidences from every
 * position and pair of present coders; expected from the units' lengths
 * (ℓ² per unit, ℓ per gap position), as in Krippendorff et al. (2016).
 */
export function refBinaryUnitizing(docs: readonly RefDoc[], code: number): number | null {
  let n = 0;
  let oDiag = 0;
  let l1 = 0;
  let l0 = 0;
  let s1 = 0;
  let s0 = 0;
  for (const d of docs) {
    const present = d.coders.filter((c): c is Array<Array<[number, number]>> => c !== null);
    const m = present.length;
    if (m < 2) continue;
    // units: overlapping spans of one coder merged; touching spans stay apart
    const unitsOf = present.map((c) => {
      const sorted = [...(c[code] ?? [])].sort((a, b) => a[0] - b[0]);
      const u: Array<[number, number]> = [];
      for (const [s, e] of sorted) {
        const last = u[u.length - 1];
        if (last && s < last[1]) last[1] = Math.max(last[1], e);
        else u.push([s, e]);
      }
      return u;
    });
    const covered = unitsOf.map((u) => {
      const arr = new Array<number>(d.length).fill(0);
      for (const [s, e] of u) for (let i = s; i < e; i++) arr[i] = 1;
      return arr;
    });
    for (let i = 0; i < d.length; i++) {
      let ones = 0;
      for (const c of covered) ones += c[i]!;
      const zeros = m - ones;
      oDiag += (ones * (ones - 1) + zeros * (zeros - 1)) / (m - 1);
      l1 += ones;
      l0 += zeros;
      s0 += zeros;
      n += m;
    }
    for (const u of unitsOf) for (const [s, e] of u) s1 += (e - s) ** 2;
  }
  if (n === 0) return null;
  const denom = n * n - s1 - s0;
  const eDiag = (n * (l1 * l1 - s1)) / denom + (n * (l0 * l0 - s0)) / denom;
  const dExp = n - eDiag;
  if (Math.abs(dExp) < 1e-12 * n) return null;
  return 1 - (n - oDiag) / dExp;
}
