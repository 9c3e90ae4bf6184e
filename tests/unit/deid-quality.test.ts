// Detection quality on the labelled test sets (tests/unit/deid/): prints
// recall and precision per kind and holds the scanner to the issue's goals.
// labelled.ts was written before the scanner; heldout.ts after its first
// version, as a check on over-fitting. Both count.
import { describe, expect, it } from 'vitest';
import { evaluate, report, type Evaluation } from './deid/evaluate.js';
import { CLEAN_TEXT, LABELLED } from './deid/labelled.js';
import { HELDOUT } from './deid/heldout.js';

const STRUCTURED = ['email', 'phone', 'url', 'id', 'ip', 'gps'] as const;

function check(name: string, e: Evaluation): void {
  console.log(`\n— ${name}\n${report(e)}${e.misses.length ? `\nmissed:\n  ${e.misses.join('\n  ')}` : ''}${e.falsePositives.length ? `\nnot planted:\n  ${e.falsePositives.join('\n  ')}` : ''}`);
  for (const kind of STRUCTURED) {
    const s = e.perKind.find((k) => k.kind === kind);
    if (!s || s.gold === 0) continue;
    expect(s.found / s.gold, `${name}: recall of ${kind}`).toBeGreaterThanOrEqual(0.95);
  }
  expect(e.englishPersons.found / e.englishPersons.gold, `${name}: person names in English transcripts`).toBeGreaterThanOrEqual(0.85);
  expect(e.known.found, `${name}: known names`).toBe(e.known.gold);
}

describe('detection quality', () => {
  it('meets the recall goals on the labelled set (written before the scanner)', () => {
    const e = evaluate(LABELLED);
    check('labelled set', e);
    // every kind the issue lists is planted
    for (const kind of ['email', 'phone', 'url', 'handle', 'id', 'date', 'address', 'gps', 'ip', 'person', 'place']) {
      expect(e.perKind.find((k) => k.kind === kind)?.gold ?? 0, kind).toBeGreaterThan(0);
    }
  });

  it('meets the recall goals on the held-out set', () => {
    check('held-out set', evaluate(HELDOUT));
  });

  it('plants phone numbers of all 13 countries, in international and national format', () => {
    const phones = [...LABELLED, ...HELDOUT].flatMap((t) => [...t.marked.matchAll(/⟦phone:([^⟧]+)⟧/g)].map((m) => ({ country: t.country, number: m[1]! })));
    const countries = new Set(phones.map((p) => p.country));
    expect(countries.size).toBe(13);
    for (const c of countries) {
      const mine = phones.filter((p) => p.country === c);
      expect(mine.some((p) => p.number.startsWith('+')), `${c}: international`).toBe(true);
      expect(mine.some((p) => !p.number.startsWith('+')), `${c}: national`).toBe(true);
    }
  });

  it('finds nothing in text without identifiers (counts, countries, platforms, months, roles)', () => {
    const e = evaluate([], CLEAN_TEXT);
    expect(e.cleanFindings.map((f) => `${f.kind} "${f.text}"`)).toEqual([]);
  });
});
