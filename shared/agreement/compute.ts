// Inter-coder agreement on coded transcripts: which documents count, the
// three units (character, segment, document), and every statistic per code
// and overall (pooled over all (code, unit) pairs, and the mean of the codes).
import {
  cohenKappa,
  fleissKappa,
  gwetAC1,
  krippendorffAlpha,
  percentAgreement,
  type RatingRow,
  type RatingTable,
  type Stat,
} from './statistics.js';
import { coveragePatterns, matchSegments, mergeOverlapping, UnitizingAccumulator, type Span, type ValuedSpan } from './intervals.js';

export type AgreementUnit = 'character' | 'segment' | 'document';

export const STAT_FIELDS = ['percentAgreement', 'cohenKappa', 'fleissKappa', 'krippendorffAlpha', 'gwetAC1', 'unitizingAlpha'] as const;
export type StatField = (typeof STAT_FIELDS)[number];

export interface AgreementFigures {
  units: number;
  percentAgreement: number | null;
  cohenKappa: number | null;
  fleissKappa: number | null;
  krippendorffAlpha: number | null;
  gwetAC1: number | null;
  unitizingAlpha: number | null;
  /** why a null figure is undefined, by field */
  reasons?: Partial<Record<StatField, string>>;
}

export interface SegmentPairFigures {
  coders: [string, string];
  /** segments of each coder */
  segmentsA: number;
  segmentsB: number;
  matched: number;
  unmatchedA: number;
  unmatchedB: number;
  /** 2·matched / (segments of A + segments of B); null when neither has segments */
  agreement: number | null;
}

export interface CodeAgreement extends AgreementFigures {
  codePath: string;
  /** segment unit only: matching per pair of coders */
  segments?: SegmentPairFigures[];
}

export interface AgreementResult {
  unit: AgreementUnit;
  coders: string[];
  documents: number;
  codes: CodeAgreement[];
  overall: { pooled: AgreementFigures; macro: AgreementFigures };
}

export interface AgreementInput {
  unit: AgreementUnit;
  /** segment unit: the least |A∩B|/|A∪B| for two segments to match */
  overlap: number;
  coders: string[];
  codes: ReadonlyArray<{ id: number; path: string }>;
  /** the documents that count, each with its length and which coders are present (not missing) there */
  documents: ReadonlyArray<{ id: number; length: number; present: readonly boolean[] }>;
  /** codings of the compared coders (coder = index into `coders`) on the compared codes and documents */
  codings: ReadonlyArray<{ documentId: number; codeId: number; coder: number; start: number; end: number }>;
}

export const MAX_CODERS = 30;

/**
 * Which documents count, and where each coder is present.
 * A coder who has marked any document complete is present on the documents
 * they marked; a coder without completion marks is present where they have at
 * least one coding. With 2 coders a document counts when both are present;
 * with 3 or more, when at least 2 are (the others are missing there, which is
 * not the same as "absent").
 */
export function documentsThatCount(
  documents: ReadonlyArray<{ id: number; length: number }>,
  coders: number,
  complete: ReadonlyArray<ReadonlySet<number>>,
  coded: ReadonlyArray<ReadonlySet<number>>,
): Array<{ id: number; length: number; present: boolean[] }> {
  const out: Array<{ id: number; length: number; present: boolean[] }> = [];
  for (const d of documents) {
    const present = Array.from({ length: coders }, (_, i) => (complete[i]!.size > 0 ? complete[i]!.has(d.id) : coded[i]!.has(d.id)));
    const n = present.filter(Boolean).length;
    if (coders === 2 ? n === 2 : n >= 2) out.push({ id: d.id, length: d.length, present });
  }
  return out;
}

function figuresOf(table: RatingTable, unitizing: Stat, units: number): AgreementFigures {
  const stats: Record<StatField, Stat> = {
    percentAgreement: percentAgreement(table),
    cohenKappa: cohenKappa(table),
    fleissKappa: fleissKappa(table),
    krippendorffAlpha: krippendorffAlpha(table, 'nominal'),
    gwetAC1: gwetAC1(table),
    unitizingAlpha: unitizing,
  };
  const f: AgreementFigures = {
    units,
    percentAgreement: stats.percentAgreement.value,
    cohenKappa: stats.cohenKappa.value,
    fleissKappa: stats.fleissKappa.value,
    krippendorffAlpha: stats.krippendorffAlpha.value,
    gwetAC1: stats.gwetAC1.value,
    unitizingAlpha: stats.unitizingAlpha.value,
  };
  const reasons: Partial<Record<StatField, string>> = {};
  for (const k of STAT_FIELDS) if (stats[k].value === null) reasons[k] = stats[k].reason ?? 'undefined';
  if (Object.keys(reasons).length) f.reasons = reasons;
  return f;
}

function macroOf(codes: readonly AgreementFigures[], units: number): AgreementFigures {
  const f: AgreementFigures = { units, percentAgreement: null, cohenKappa: null, fleissKappa: null, krippendorffAlpha: null, gwetAC1: null, unitizingAlpha: null };
  const reasons: Partial<Record<StatField, string>> = {};
  for (const k of STAT_FIELDS) {
    const xs = codes.map((c) => c[k]).filter((x): x is number => x !== null);
    if (xs.length) f[k] = xs.reduce((s, x) => s + x, 0) / xs.length;
    else reasons[k] = codes.length ? 'undefined for every code' : 'no codes to compare';
  }
  if (Object.keys(reasons).length) f.reasons = reasons;
  return f;
}

/** Rows from presence patterns, keyed by `presentMask * 2^coders + onesMask`. */
function rowsFromPatterns(patterns: Map<number, number>, coders: number): RatingRow[] {
  const rows: RatingRow[] = [];
  const shift = 2 ** coders;
  for (const [key, weight] of patterns) {
    if (weight <= 0) continue;
    const present = Math.floor(key / shift);
    const ones = key % shift;
    rows.push({ values: Array.from({ length: coders }, (_, i) => ((present >> i) & 1 ? ((ones >> i) & 1) : null)), weight });
  }
  return rows;
}

const maskOf = (present: readonly boolean[]): number => present.reduce((m, p, i) => (p ? m | (1 << i) : m), 0);

/** `onProgress` hears of each code compared, then of the figures across codes (codes + 1 steps). */
export function computeAgreement(input: AgreementInput, onProgress?: (done: number, total: number, message?: string) => void): AgreementResult {
  const steps = input.codes.length + 1;
  const m = input.coders.length;
  if (m < 2) throw new Error('agreement needs at least 2 coders');
  if (m > MAX_CODERS) throw new Error(`agreement compares at most ${MAX_CODERS} coders at once`);
  const shift = 2 ** m;
  const docs = new Map(input.documents.map((d) => [d.id, d]));
  const codeIndex = new Map(input.codes.map((c, i) => [c.id, i]));

  // codings grouped: code → document → coder → spans
  const grouped: Array<Map<number, Span[][]>> = input.codes.map(() => new Map());
  for (const c of input.codings) {
    const k = codeIndex.get(c.codeId);
    const d = docs.get(c.documentId);
    if (k === undefined || !d || !d.present[c.coder]) continue;
    let byDoc = grouped[k]!.get(c.documentId);
    if (!byDoc) grouped[k]!.set(c.documentId, (byDoc = Array.from({ length: m }, () => [])));
    byDoc[c.coder]!.push({ start: Math.max(0, c.start), end: Math.min(d.length, c.end) });
  }

  // characters and documents per presence mask, for the documents where a code has no codings at all
  const lengthByMask = new Map<number, number>();
  const docsByMask = new Map<number, number>();
  let totalCharacters = 0;
  for (const d of input.documents) {
    const mask = maskOf(d.present);
    lengthByMask.set(mask, (lengthByMask.get(mask) ?? 0) + d.length);
    docsByMask.set(mask, (docsByMask.get(mask) ?? 0) + 1);
    totalCharacters += d.length;
  }
  const popcount = (x: number) => {
    let n = 0;
    for (; x; x &= x - 1) n++;
    return n;
  };

  const codeResults: CodeAgreement[] = [];
  const pooledRows: RatingRow[] = [];
  let pooledUnits = 0;
  const perCodeUnitizing: Stat[] = [];

  input.codes.forEach((code, k) => {
    const byDoc = grouped[k]!;
    // |uα for this code: its units against gaps
    const ua = new UnitizingAccumulator(1);
    const emptyLength = new Map(lengthByMask);
    for (const [docId, spans] of byDoc) {
      const d = docs.get(docId)!;
      const mask = maskOf(d.present);
      emptyLength.set(mask, emptyLength.get(mask)! - d.length);
      ua.addDocument(d.length, spans.map((s, i) => (d.present[i] ? mergeOverlapping(s).map((u): ValuedSpan => ({ ...u, value: 0 })) : null)));
    }
    for (const [mask, length] of emptyLength) ua.addEmpty(length, popcount(mask));
    const unitizing = ua.result();
    perCodeUnitizing.push(unitizing);

    let rows: RatingRow[];
    let units: number;
    let segments: SegmentPairFigures[] | undefined;
    if (input.unit === 'character') {
      const patterns = new Map<number, number>();
      for (const [mask, length] of emptyLength) if (length > 0) patterns.set(mask * shift, (patterns.get(mask * shift) ?? 0) + length);
      for (const [docId, spans] of byDoc) {
        const d = docs.get(docId)!;
        const mask = maskOf(d.present);
        for (const [ones, w] of coveragePatterns(d.length, spans.map((s, i) => (d.present[i] ? s : null)))) {
          const key = mask * shift + ones;
          patterns.set(key, (patterns.get(key) ?? 0) + w);
        }
      }
      rows = rowsFromPatterns(patterns, m);
      units = totalCharacters;
    } else if (input.unit === 'document') {
      const patterns = new Map<number, number>();
      const emptyDocs = new Map(docsByMask);
      for (const [docId, spans] of byDoc) {
        const d = docs.get(docId)!;
        const mask = maskOf(d.present);
        emptyDocs.set(mask, emptyDocs.get(mask)! - 1);
        const ones = spans.reduce((o, s, i) => (s.length > 0 ? o | (1 << i) : o), 0);
        patterns.set(mask * shift + ones, (patterns.get(mask * shift + ones) ?? 0) + 1);
      }
      for (const [mask, n] of emptyDocs) if (n > 0) patterns.set(mask * shift, (patterns.get(mask * shift) ?? 0) + n);
      rows = rowsFromPatterns(patterns, m);
      units = input.documents.length;
    } else {
      rows = [];
      const pairs = new Map<string, SegmentPairFigures>();
      for (let a = 0; a < m; a++) for (let b = a + 1; b < m; b++) {
        pairs.set(`${a}:${b}`, { coders: [input.coders[a]!, input.coders[b]!], segmentsA: 0, segmentsB: 0, matched: 0, unmatchedA: 0, unmatchedB: 0, agreement: null });
      }
      for (const [docId, spans] of byDoc) {
        const d = docs.get(docId)!;
        const clusters = matchSegments(spans.map((s, i) => (d.present[i] ? s : null)), input.overlap);
        for (const cl of clusters) rows.push({ values: cl.map((x, i) => (d.present[i] ? (x === null ? 0 : 1) : null)), weight: 1 });
        for (let a = 0; a < m; a++) for (let b = a + 1; b < m; b++) {
          if (!d.present[a] || !d.present[b]) continue;
          const p = pairs.get(`${a}:${b}`)!;
          p.segmentsA += spans[a]!.length;
          p.segmentsB += spans[b]!.length;
          for (const cl of clusters) if (cl[a] !== null && cl[b] !== null) p.matched++;
        }
      }
      segments = [...pairs.values()].map((p) => ({
        ...p,
        unmatchedA: p.segmentsA - p.matched,
        unmatchedB: p.segmentsB - p.matched,
        agreement: p.segmentsA + p.segmentsB > 0 ? (2 * p.matched) / (p.segmentsA + p.segmentsB) : null,
      }));
      units = rows.length;
    }
    const table: RatingTable = { coders: m, categories: 2, rows };
    const figures = figuresOf(table, unitizing, units);
    codeResults.push({ codePath: code.path, ...figures, ...(segments ? { segments } : {}) });
    pooledRows.push(...rows);
    pooledUnits += units;
    onProgress?.(k + 1, steps, code.path);
  });

  // uα across codes: every compared code is a value; the continuum is shared
  const across = new UnitizingAccumulator(input.codes.length);
  const byDocAll = new Map<number, ValuedSpan[][]>();
  grouped.forEach((byDoc, k) => {
    for (const [docId, spans] of byDoc) {
      let all = byDocAll.get(docId);
      if (!all) byDocAll.set(docId, (all = Array.from({ length: m }, () => [])));
      spans.forEach((s, i) => all![i]!.push(...mergeOverlapping(s).map((u) => ({ ...u, value: k }))));
    }
  });
  for (const d of input.documents) {
    const all = byDocAll.get(d.id);
    if (all) across.addDocument(d.length, all.map((s, i) => (d.present[i] ? s : null)));
    else across.addEmpty(d.length, d.present.filter(Boolean).length);
  }

  const pooled = figuresOf({ coders: m, categories: 2, rows: pooledRows }, input.codes.length ? across.result() : { value: null, reason: 'no codes to compare' }, pooledUnits);
  const macro = macroOf(codeResults, pooledUnits);
  onProgress?.(steps, steps);
  return { unit: input.unit, coders: [...input.coders], documents: input.documents.length, codes: codeResults, overall: { pooled, macro } };
}
