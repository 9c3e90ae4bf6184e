// Agreement statistics on a weighted rating table: each row is one unit (or a
// run of identical units, with its count as the weight), each column a coder,
// each cell a category index or null for a missing value. Weights let the
// character unit hand over millions of characters as a few dozen rows.
// An undefined statistic is `null` with a reason, never NaN.

export interface RatingRow {
  /** category index per coder; null = the coder gave no value (missing) */
  values: ReadonlyArray<number | null>;
  /** how many identical units this row stands for */
  weight: number;
}

export interface RatingTable {
  coders: number;
  /** number of categories; indices run 0..categories-1 */
  categories: number;
  rows: readonly RatingRow[];
}

export interface Stat {
  value: number | null;
  /** why the value is null */
  reason?: string;
}

export type Level = 'nominal' | 'ordinal' | 'interval' | 'ratio';

const EPS = 1e-12;
const defined = (value: number): Stat => ({ value: Math.abs(value) < 1e-15 ? 0 : value });
const undefinedStat = (reason: string): Stat => ({ value: null, reason });

/** Counts per category of one row, and how many values it has. */
function rowCounts(row: RatingRow, categories: number): { counts: Float64Array; m: number } {
  const counts = new Float64Array(categories);
  let m = 0;
  for (const v of row.values) {
    if (v === null) continue;
    counts[v]! += 1;
    m++;
  }
  return { counts, m };
}

/** Share of units (with at least two values) on which every coder gives the same value. */
export function percentAgreement(t: RatingTable): Stat {
  let total = 0;
  let agree = 0;
  for (const row of t.rows) {
    const { counts, m } = rowCounts(row, t.categories);
    if (m < 2) continue;
    total += row.weight;
    if (counts.some((c) => c === m)) agree += row.weight;
  }
  if (total === 0) return undefinedStat('no unit has values from two or more coders');
  return defined(agree / total);
}

/** Over units with at least two values, the mean share of agreeing pairs of values. */
export function pairwiseAgreement(t: RatingTable): Stat {
  let total = 0;
  let sum = 0;
  for (const row of t.rows) {
    const { counts, m } = rowCounts(row, t.categories);
    if (m < 2) continue;
    let pairs = 0;
    for (const c of counts) pairs += c * (c - 1);
    total += row.weight;
    sum += row.weight * (pairs / (m * (m - 1)));
  }
  if (total === 0) return undefinedStat('no unit has values from two or more coders');
  return defined(sum / total);
}

/** The 2-coder contingency table over units both coded, as proportions. */
function contingency(t: RatingTable): { p: Float64Array[]; n: number } | null {
  if (t.coders !== 2) return null;
  const q = t.categories;
  const p = Array.from({ length: q }, () => new Float64Array(q));
  let n = 0;
  for (const row of t.rows) {
    const a = row.values[0];
    const b = row.values[1];
    if (a === null || b === null || a === undefined || b === undefined) continue;
    p[a]![b]! += row.weight;
    n += row.weight;
  }
  if (n === 0) return { p, n };
  for (const r of p) for (let j = 0; j < q; j++) r[j]! /= n;
  return { p, n };
}

/**
 * Cohen's κ (1960) for two coders over the units both coded; with `weights`,
 * Cohen's weighted κ (1968) with linear or quadratic agreement weights on the
 * categories' ranks (index order).
 */
export function cohenKappa(t: RatingTable, weights: 'none' | 'linear' | 'quadratic' = 'none'): Stat {
  if (t.coders !== 2) return undefinedStat(`Cohen's κ is for exactly 2 coders (here ${t.coders})`);
  const c = contingency(t)!;
  if (c.n === 0) return undefinedStat('no unit was coded by both coders');
  const q = t.categories;
  if (weights !== 'none' && q < 2) return undefinedStat('weighted κ needs at least 2 ordered categories');
  const w = (i: number, j: number): number => {
    if (weights === 'none') return i === j ? 1 : 0;
    const d = Math.abs(i - j) / (q - 1);
    return weights === 'linear' ? 1 - d : 1 - d * d;
  };
  const rowM = new Float64Array(q);
  const colM = new Float64Array(q);
  for (let i = 0; i < q; i++) for (let j = 0; j < q; j++) {
    rowM[i]! += c.p[i]![j]!;
    colM[j]! += c.p[i]![j]!;
  }
  let po = 0;
  let pe = 0;
  for (let i = 0; i < q; i++) for (let j = 0; j < q; j++) {
    const wij = w(i, j);
    if (wij === 0) continue;
    po += wij * c.p[i]![j]!;
    pe += wij * rowM[i]! * colM[j]!;
  }
  if (1 - pe < EPS) return undefinedStat('chance agreement is 1: both coders gave one and the same value throughout');
  return defined((po - pe) / (1 - pe));
}

/** Fleiss' κ (1971) over the units rated by every coder. */
export function fleissKappa(t: RatingTable): Stat {
  const n = t.coders;
  if (n < 2) return undefinedStat('Fleiss’ κ needs at least 2 coders');
  let units = 0;
  let pSum = 0;
  const catTotals = new Float64Array(t.categories);
  for (const row of t.rows) {
    const { counts, m } = rowCounts(row, t.categories);
    if (m !== n) continue;
    units += row.weight;
    let sq = 0;
    for (let j = 0; j < counts.length; j++) {
      sq += counts[j]! * counts[j]!;
      catTotals[j]! += row.weight * counts[j]!;
    }
    pSum += row.weight * ((sq - n) / (n * (n - 1)));
  }
  if (units === 0) return undefinedStat('no unit was rated by every coder');
  const pBar = pSum / units;
  let pe = 0;
  for (const c of catTotals) pe += (c / (units * n)) ** 2;
  if (1 - pe < EPS) return undefinedStat('chance agreement is 1: every coder gave one and the same value throughout');
  return defined((pBar - pe) / (1 - pe));
}

/** The squared difference δ² between categories c and k at a level of measurement. */
function distanceFunction(level: Level, values: readonly number[] | null, marginals: Float64Array): (c: number, k: number) => number {
  switch (level) {
    case 'nominal':
      return (c, k) => (c === k ? 0 : 1);
    case 'ordinal': {
      // categories are in rank order; δ² = (Σ_{g=c..k} n_g − (n_c + n_k)/2)²
      const cum = new Float64Array(marginals.length + 1);
      for (let i = 0; i < marginals.length; i++) cum[i + 1] = cum[i]! + marginals[i]!;
      return (c, k) => {
        if (c === k) return 0;
        const lo = Math.min(c, k);
        const hi = Math.max(c, k);
        const between = cum[hi + 1]! - cum[lo]!;
        return (between - (marginals[c]! + marginals[k]!) / 2) ** 2;
      };
    }
    case 'interval':
      return (c, k) => (values![c]! - values![k]!) ** 2;
    case 'ratio':
      return (c, k) => {
        const s = values![c]! + values![k]!;
        return s === 0 ? 0 : ((values![c]! - values![k]!) / s) ** 2;
      };
  }
}

/**
 * Krippendorff's α (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability"):
 * any number of coders, missing values allowed. `values` gives each category's
 * number for interval and ratio; ordinal uses the category order.
 */
export function krippendorffAlpha(t: RatingTable, level: Level = 'nominal', values: readonly number[] | null = null): Stat {
  if ((level === 'interval' || level === 'ratio') && (!values || values.length < t.categories)) {
    throw new Error(`${level} α needs a number for every category`);
  }
  const q = t.categories;
  const o = Array.from({ length: q }, () => new Float64Array(q));
  for (const row of t.rows) {
    const { counts, m } = rowCounts(row, q);
    if (m < 2) continue;
    const f = row.weight / (m - 1);
    for (let c = 0; c < q; c++) {
      const nc = counts[c]!;
      if (nc === 0) continue;
      for (let k = 0; k < q; k++) {
        const nk = counts[k]!;
        if (nk === 0) continue;
        o[c]![k]! += f * (c === k ? nc * (nc - 1) : nc * nk);
      }
    }
  }
  const marg = new Float64Array(q);
  let n = 0;
  for (let c = 0; c < q; c++) {
    for (let k = 0; k < q; k++) marg[c]! += o[c]![k]!;
    n += marg[c]!;
  }
  if (n <= 1) return undefinedStat('fewer than 2 pairable values (no unit has values from two coders)');
  const delta = distanceFunction(level, values, marg);
  let dObs = 0;
  let dExp = 0;
  for (let c = 0; c < q; c++) for (let k = 0; k < q; k++) {
    if (c === k) continue;
    const d = delta(c, k);
    if (d === 0) continue;
    dObs += o[c]![k]! * d;
    dExp += marg[c]! * marg[k]! * d;
  }
  if (dExp <= EPS * n * n) return undefinedStat('no variation: a single value occurs, so expected disagreement is 0');
  return defined(1 - ((n - 1) * dObs) / dExp);
}

/**
 * Gwet's AC1 (Gwet 2008), in its form for several coders with missing values
 * (Gwet 2014): observed agreement over units with 2+ values, chance agreement
 * from each unit's category shares; `categories` of the table is q.
 */
export function gwetAC1(t: RatingTable): Stat {
  const q = t.categories;
  if (q < 2) return undefinedStat('AC1 needs at least 2 possible categories');
  let paUnits = 0;
  let paSum = 0;
  let piUnits = 0;
  const pi = new Float64Array(q);
  for (const row of t.rows) {
    const { counts, m } = rowCounts(row, q);
    if (m === 0) continue;
    piUnits += row.weight;
    for (let c = 0; c < q; c++) pi[c]! += (row.weight * counts[c]!) / m;
    if (m < 2) continue;
    let pairs = 0;
    for (const c of counts) pairs += c * (c - 1);
    paUnits += row.weight;
    paSum += row.weight * (pairs / (m * (m - 1)));
  }
  if (paUnits === 0) return undefinedStat('no unit has values from two or more coders');
  const pa = paSum / paUnits;
  let pe = 0;
  for (let c = 0; c < q; c++) {
    const p = pi[c]! / piUnits;
    pe += p * (1 - p);
  }
  pe /= q - 1;
  if (1 - pe < EPS) return undefinedStat('chance agreement is 1');
  return defined((pa - pe) / (1 - pe));
}

/** Units with values from at least two coders (the units any statistic here can use). */
export function pairableUnits(t: RatingTable): number {
  let n = 0;
  for (const row of t.rows) {
    let m = 0;
    for (const v of row.values) if (v !== null) m++;
    if (m >= 2) n += row.weight;
  }
  return n;
}
