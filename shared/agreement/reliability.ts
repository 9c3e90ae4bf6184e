// Reliability for any units × coders table (what K-Alpha or ReCal give):
// a CSV with a header of coder names, one row per unit, an empty cell for a
// missing value.
import { parseCsv } from '../formats/csv.js';
import {
  cohenKappa,
  fleissKappa,
  gwetAC1,
  krippendorffAlpha,
  pairwiseAgreement,
  type Level,
  type RatingRow,
  type RatingTable,
  type Stat,
} from './statistics.js';

export interface ReliabilityResult {
  level: Level;
  units: number;
  coders: string[];
  /** the distinct values, in the order used for ordinal and weighted statistics */
  values: string[];
  percentAgreement: number | null;
  cohenKappa: number | null;
  weightedKappa: { linear: number | null; quadratic: number | null };
  fleissKappa: number | null;
  krippendorffAlpha: number | null;
  gwetAC1: number | null;
  alphaCI95: { lower: number; upper: number; resamples: number; seed: number; method: string } | null;
  reasons?: Record<string, string>;
}

export class ReliabilityInputError extends Error {}

export interface ReliabilityData {
  coders: string[];
  /** raw cell values per unit; null = missing */
  units: Array<Array<string | null>>;
}

/** Read the CSV: header = coder names; each following row one unit. */
export function readReliabilityCsv(text: string, source = 'CSV'): ReliabilityData {
  let table;
  try {
    table = parseCsv(text, source);
  } catch (e) {
    throw new ReliabilityInputError((e as Error).message);
  }
  const coders = table.header;
  if (coders.length < 2) throw new ReliabilityInputError(`${source}: header: needs at least 2 coder columns (found ${coders.length})`);
  coders.forEach((c, i) => {
    if (c === '') throw new ReliabilityInputError(`${source}: header: column ${i + 1} has no coder name`);
  });
  const units = table.rows.map((r) => coders.map((c) => {
    const v = r.cells[c]!.trim();
    return v === '' ? null : v;
  }));
  if (units.length === 0) throw new ReliabilityInputError(`${source}: no units (the file has only a header row)`);
  return { coders, units };
}

const isNumber = (v: string) => /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(v);

/** Distinct values in rank order: numerically when every value is a number, else in order of first appearance. */
function valueOrder(data: ReliabilityData, level: Level, source: string): { order: string[]; numbers: number[] | null } {
  const seen: string[] = [];
  const set = new Set<string>();
  for (const u of data.units) for (const v of u) if (v !== null && !set.has(v)) {
    set.add(v);
    seen.push(v);
  }
  const allNumeric = seen.every(isNumber);
  if ((level === 'interval' || level === 'ratio') && !allNumeric) {
    const bad = seen.find((v) => !isNumber(v))!;
    const row = data.units.findIndex((u) => u.includes(bad)) + 2;
    throw new ReliabilityInputError(`${source}: row ${row}: "${bad}" is not a number (the ${level} level needs numbers)`);
  }
  if (level === 'ratio') {
    const neg = seen.find((v) => Number(v) < 0);
    if (neg !== undefined) throw new ReliabilityInputError(`${source}: row ${data.units.findIndex((u) => u.includes(neg)) + 2}: "${neg}" is negative (the ratio level needs values ≥ 0)`);
  }
  if (allNumeric) {
    // "1" and "1.0" are the same value
    const byNumber = new Map<number, string>();
    for (const v of seen) if (!byNumber.has(Number(v))) byNumber.set(Number(v), v);
    const numbers = [...byNumber.keys()].sort((a, b) => a - b);
    return { order: numbers.map((n) => byNumber.get(n)!), numbers };
  }
  return { order: seen, numbers: null };
}

export function toRatingTable(data: ReliabilityData, level: Level, source = 'CSV'): { table: RatingTable; order: string[]; numbers: number[] | null } {
  const { order, numbers } = valueOrder(data, level, source);
  const index = new Map<string, number>();
  if (numbers) {
    numbers.forEach((n, i) => index.set(String(n), i));
  } else order.forEach((v, i) => index.set(v, i));
  const key = (v: string) => (numbers ? String(Number(v)) : v);
  const rows: RatingRow[] = data.units.map((u) => ({ values: u.map((v) => (v === null ? null : index.get(key(v))!)), weight: 1 }));
  return { table: { coders: data.coders.length, categories: order.length, rows }, order, numbers };
}

/** mulberry32: a small seeded PRNG, so the bootstrap gives the same interval on every run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const BOOTSTRAP_RESAMPLES = 2000;
export const BOOTSTRAP_SEED = 20160101;

/**
 * A 95% percentile bootstrap interval for α: the units (rows) are resampled
 * with replacement `resamples` times with a fixed seed; resamples where α is
 * undefined are skipped. The 2.5th and 97.5th percentiles are reported.
 */
export function alphaBootstrap(table: RatingTable, level: Level, numbers: number[] | null, resamples = BOOTSTRAP_RESAMPLES, seed = BOOTSTRAP_SEED): { lower: number; upper: number } | null {
  const rand = mulberry32(seed);
  const n = table.rows.length;
  if (n < 2) return null;
  const alphas: number[] = [];
  for (let r = 0; r < resamples; r++) {
    const rows: RatingRow[] = new Array(n);
    for (let i = 0; i < n; i++) rows[i] = table.rows[Math.floor(rand() * n)]!;
    const a = krippendorffAlpha({ ...table, rows }, level, numbers).value;
    if (a !== null) alphas.push(a);
  }
  if (alphas.length < resamples / 2) return null;
  alphas.sort((x, y) => x - y);
  const at = (p: number) => alphas[Math.min(alphas.length - 1, Math.max(0, Math.round(p * (alphas.length - 1))))]!;
  return { lower: at(0.025), upper: at(0.975) };
}

export function computeReliability(data: ReliabilityData, level: Level = 'nominal', source = 'CSV'): ReliabilityResult {
  const { table, order, numbers } = toRatingTable(data, level, source);
  const reasons: Record<string, string> = {};
  const take = (name: string, s: Stat): number | null => {
    if (s.value === null) reasons[name] = s.reason ?? 'undefined';
    return s.value;
  };
  const alpha = take('krippendorffAlpha', krippendorffAlpha(table, level, numbers));
  const ci = alpha === null ? null : alphaBootstrap(table, level, numbers);
  if (alpha !== null && !ci) reasons.alphaCI95 = 'too few units for a bootstrap interval';
  const result: ReliabilityResult = {
    level,
    units: data.units.length,
    coders: data.coders,
    values: order,
    percentAgreement: take('percentAgreement', pairwiseAgreement(table)),
    cohenKappa: take('cohenKappa', cohenKappa(table)),
    weightedKappa: {
      linear: take('weightedKappa.linear', cohenKappa(table, 'linear')),
      quadratic: take('weightedKappa.quadratic', cohenKappa(table, 'quadratic')),
    },
    fleissKappa: take('fleissKappa', fleissKappa(table)),
    krippendorffAlpha: alpha,
    gwetAC1: take('gwetAC1', gwetAC1(table)),
    alphaCI95: ci
      ? { ...ci, resamples: BOOTSTRAP_RESAMPLES, seed: BOOTSTRAP_SEED, method: 'percentile bootstrap over units, resampled with replacement' }
      : null,
  };
  if (alpha === null) reasons.alphaCI95 = 'α is undefined';
  if (Object.keys(reasons).length) result.reasons = reasons;
  return result;
}
