// The interval algorithms against the naive per-character reference (to 1e-9
// on random codings), the rules for which documents count, the units, and
// segment matching.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { computeAgreement, documentsThatCount, type AgreementInput } from '../../shared/agreement/compute.js';
import { coveragePatterns, matchSegments, mergeOverlapping } from '../../shared/agreement/intervals.js';
import { compareCoders } from '../../shared/agreement/disagreements.js';
import { characterUnits, refAC1, refAlpha, refBinaryUnitizing, refCohen, refFleiss, refPercent, type RefDoc } from './agreementReference.js';

const close = (actual: number | null, expected: number | null) => {
  if (expected === null) expect(actual).toBeNull();
  else {
    expect(actual).not.toBeNull();
    expect(Math.abs(actual! - expected)).toBeLessThan(1e-9);
  }
};

/** Random documents with random codings by `coders` coders on `codes` codes; some coders missing on some documents. */
const studyArb = (coders: number, codes: number, allowMissing: boolean) =>
  fc.array(
    fc.integer({ min: 1, max: 60 }).chain((length) =>
      fc.record({
        length: fc.constant(length),
        coders: fc.array(
          fc.option(
            fc.array(
              fc.array(
                fc.tuple(fc.integer({ min: 0, max: length - 1 }), fc.integer({ min: 1, max: 20 })).map(([s, l]): [number, number] => [s, Math.min(length, s + l)]),
                { maxLength: 4 },
              ),
              { minLength: codes, maxLength: codes },
            ),
            { nil: null, freq: allowMissing ? 4 : 1_000_000 },
          ),
          { minLength: coders, maxLength: coders },
        ),
      }),
    ),
    { minLength: 1, maxLength: 5 },
  );

function toInput(docs: RefDoc[], coders: number, codes: number, unit: AgreementInput['unit'] = 'character'): AgreementInput {
  return {
    unit,
    overlap: 0.5,
    coders: Array.from({ length: coders }, (_, i) => `C${i}`),
    codes: Array.from({ length: codes }, (_, k) => ({ id: k + 1, path: `Code ${k}` })),
    documents: docs.map((d, i) => ({ id: i + 1, length: d.length, present: d.coders.map((c) => c !== null) })),
    codings: docs.flatMap((d, i) =>
      d.coders.flatMap((c, coder) => (c ?? []).flatMap((spans, k) => spans.map(([start, end]) => ({ documentId: i + 1, codeId: k + 1, coder, start, end })))),
    ),
  };
}

/** Only documents with 2+ coders present take part (the caller's rule); mirror it for the reference. */
const counted = (docs: RefDoc[]) => docs.filter((d) => d.coders.filter(Boolean).length >= 2);

describe('character agreement equals the naive per-character computation (1e-9)', () => {
  it('2 coders: Cohen’s κ (scikit-learn’s formula), α (NLTK’s), Fleiss, AC1, percent, |uα', () => {
    fc.assert(
      fc.property(studyArb(2, 3, false), (docs) => {
        const input = toInput(docs, 2, 3);
        const r = computeAgreement(input);
        const units = characterUnits(docs, 3);
        r.codes.forEach((c, k) => {
          close(c.cohenKappa, refCohen(units[k]!));
          close(c.krippendorffAlpha, refAlpha(units[k]!));
          close(c.percentAgreement, refPercent(units[k]!));
          close(c.fleissKappa, refFleiss(units[k]!, 2));
          close(c.gwetAC1, refAC1(units[k]!));
          close(c.unitizingAlpha, refBinaryUnitizing(docs, k));
          expect(c.units).toBe(docs.reduce((s, d) => s + d.length, 0));
        });
        const pooled = units.flat();
        close(r.overall.pooled.cohenKappa, refCohen(pooled));
        close(r.overall.pooled.krippendorffAlpha, refAlpha(pooled));
        expect(JSON.stringify(r)).not.toMatch(/NaN|Infinity/);
      }),
      { numRuns: 150 },
    );
  });
  it('3 coders with missing coders: α, Fleiss (complete units only), AC1, percent, |uα', () => {
    fc.assert(
      fc.property(studyArb(3, 2, true), (raw) => {
        const docs = counted(raw);
        if (!docs.length) return;
        const r = computeAgreement(toInput(docs, 3, 2));
        const units = characterUnits(docs, 2);
        r.codes.forEach((c, k) => {
          expect(c.cohenKappa).toBeNull();
          close(c.krippendorffAlpha, refAlpha(units[k]!));
          close(c.fleissKappa, refFleiss(units[k]!, 3));
          close(c.gwetAC1, refAC1(units[k]!));
          close(c.percentAgreement, refPercent(units[k]!));
          close(c.unitizingAlpha, refBinaryUnitizing(docs, k));
        });
      }),
      { numRuns: 150 },
    );
  });
  it('macro is the mean of the defined per-code values', () => {
    const docs: RefDoc[] = [{ length: 20, coders: [[[[0, 5]], [[3, 9]]], [[[0, 6]], [[10, 12]]]] }];
    const r = computeAgreement(toInput(docs, 2, 2));
    const ks = r.codes.map((c) => c.cohenKappa!);
    close(r.overall.macro.cohenKappa, (ks[0]! + ks[1]!) / 2);
  });
});

describe('coverage patterns', () => {
  it('overlapping codings of one coder count once; the rest of the text is the all-absent pattern', () => {
    const p = coveragePatterns(10, [[{ start: 0, end: 4 }, { start: 2, end: 6 }], [{ start: 5, end: 8 }]]);
    expect(Object.fromEntries(p)).toEqual({ 1: 5, 3: 1, 2: 2, 0: 2 });
  });
  it('merging keeps touching spans apart', () => {
    expect(mergeOverlapping([{ start: 5, end: 8 }, { start: 0, end: 5 }, { start: 6, end: 9 }])).toEqual([{ start: 0, end: 5 }, { start: 5, end: 9 }]);
  });
});

describe('which documents count', () => {
  const docs = [1, 2, 3, 4].map((id) => ({ id, length: 10 }));
  it('2 coders: documents both marked complete', () => {
    const r = documentsThatCount(docs, 2, [new Set([1, 2, 3]), new Set([2, 3, 4])], [new Set([1, 2, 3, 4]), new Set([1, 2, 3, 4])]);
    expect(r.map((d) => d.id)).toEqual([2, 3]);
  });
  it('2 coders: a coder without completion marks counts where they have codings', () => {
    const r = documentsThatCount(docs, 2, [new Set([1, 2]), new Set()], [new Set([1, 2, 3]), new Set([2, 3])]);
    expect(r.map((d) => d.id)).toEqual([2]);
  });
  it('3 coders: a document counts when 2 are present; the third is missing there, not absent', () => {
    const r = documentsThatCount(docs, 3, [new Set(), new Set(), new Set()], [new Set([1, 2]), new Set([1, 3]), new Set([1])]);
    expect(r.map((d) => [d.id, d.present])).toEqual([[1, [true, true, true]]]);
    const r2 = documentsThatCount(docs, 3, [new Set(), new Set(), new Set()], [new Set([1, 2]), new Set([2, 3]), new Set([1])]);
    expect(r2.map((d) => [d.id, d.present])).toEqual([[1, [true, false, true]], [2, [true, true, false]]]);
  });
  it('a missing coder is not counted as "absent"', () => {
    // coder 3 is missing on the document: with missing = absent, α would fall; here it is 1
    const docs3: RefDoc[] = [{ length: 10, coders: [[[[0, 5]]], [[[0, 5]]], null] }, { length: 10, coders: [[[[2, 4]]], [[[2, 4]]], [[[2, 4]]]] }];
    const r = computeAgreement(toInput(docs3, 3, 1));
    expect(r.codes[0]!.krippendorffAlpha).toBeCloseTo(1, 12);
    expect(r.codes[0]!.percentAgreement).toBe(1);
  });
});

describe('document and segment units', () => {
  it('document unit: whether each coder applied the code at least once', () => {
    const docs: RefDoc[] = [
      { length: 10, coders: [[[[0, 2]]], [[[5, 6]]]] },
      { length: 10, coders: [[[]], [[[1, 2]]]] },
      { length: 10, coders: [[[]], [[]]] },
    ];
    const r = computeAgreement(toInput(docs, 2, 1, 'document'));
    expect(r.codes[0]!.units).toBe(3);
    expect(r.codes[0]!.percentAgreement).toBeCloseTo(2 / 3, 12);
    close(r.codes[0]!.cohenKappa, refCohen([[1, 1], [0, 1], [0, 0]]));
  });
  it('segment unit: one-to-one matching, best overlap first, 2·matched/(A+B)', () => {
    // A: [0,10) [20,30); B: [0,9) [1,10) [40,50): [0,10)~[1,10) (0.9) beats [0,9) (0.9 tie → first by order), [20,30) unmatched
    const docs: RefDoc[] = [{ length: 60, coders: [[[[0, 10], [20, 30]]], [[[0, 9], [2, 10], [40, 50]]]] }];
    const r = computeAgreement({ ...toInput(docs, 2, 1, 'segment'), overlap: 0.8 });
    const s = r.codes[0]!.segments![0]!;
    expect(s).toMatchObject({ segmentsA: 2, segmentsB: 3, matched: 1, unmatchedA: 1, unmatchedB: 2 });
    expect(s.agreement).toBeCloseTo((2 * 1) / 5, 12);
    expect(r.codes[0]!.units).toBe(4);
  });
  it('segment matching clusters at most one segment per coder', () => {
    const clusters = matchSegments([[{ start: 0, end: 10 }], [{ start: 0, end: 10 }, { start: 1, end: 10 }], [{ start: 0, end: 9 }]], 0.5);
    for (const cl of clusters) expect(cl.filter((x) => x !== null).length).toBeLessThanOrEqual(3);
    expect(clusters.find((cl) => cl[0] === 0)).toEqual([0, 0, 0]);
  });
});

describe('disagreements between two coders', () => {
  it('stretches: A only, B only, boundary, agreement', () => {
    const c = (id: number, start: number, end: number) => ({ id, documentId: 1, codeId: 1, start, end });
    const s = compareCoders([c(1, 0, 5), c(2, 10, 20), c(3, 30, 35)], [c(4, 0, 5), c(5, 12, 20), c(6, 40, 45)]);
    expect(s.map((x) => [x.start, x.end, x.kind])).toEqual([[0, 5, 'agree'], [10, 20, 'boundary'], [30, 35, 'onlyA'], [40, 45, 'onlyB']]);
  });
});

describe('scale', () => {
  it('grows with codings, not with text length: 1,000 documents of 60,000 characters in well under a second', () => {
    const docs = Array.from({ length: 1000 }, (_, i) => ({ id: i + 1, length: 60_000, present: [true, true, true] }));
    const codings = [];
    for (let i = 0; i < 30_000; i++) {
      const start = (i * 7919) % 59_000;
      codings.push({ documentId: (i % 1000) + 1, codeId: (i % 60) + 1, coder: i % 3, start, end: start + 300 + (i % 500) });
    }
    const t0 = performance.now();
    computeAgreement({ unit: 'character', overlap: 0.5, coders: ['A', 'B', 'C'], codes: Array.from({ length: 60 }, (_, k) => ({ id: k + 1, path: `c${k}` })), documents: docs, codings });
    expect(performance.now() - t0).toBeLessThan(5000);
  });
});
