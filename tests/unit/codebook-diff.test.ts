import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { diffCodebooks, isEmptyDiff, type DiffCode } from '../../shared/codebookDiff';

const code = (guid: string | undefined, path: string[], extra: Partial<DiffCode> = {}): DiffCode => ({ guid, path, name: path[path.length - 1]!, ...extra });

const base: DiffCode[] = [
  code('g-harm', ['Forms of harm'], { codable: false }),
  code('g-groom', ['Forms of harm', 'Grooming'], { definition: 'Trust-building.', color: '#D22828' }),
  code('g-sext', ['Forms of harm', 'Sexual extortion'], { definition: 'Threats.' }),
  code('g-disc', ['Disclosure']),
  code('g-barr', ['Disclosure', 'Barriers']),
  code('g-shame', ['Disclosure', 'Barriers', 'Shame']),
  code('g-fear', ['Disclosure', 'Barriers', 'Fear']),
];

describe('diffCodebooks', () => {
  it('finds nothing between a codebook and itself', () => {
    const d = diffCodebooks(base, base);
    expect(isEmptyDiff(d)).toBe(true);
    expect(d.unchanged).toBe(base.length);
  });

  it('lists exactly the changes made: added, deleted, renamed, moved, merged, changed fields', () => {
    const b: DiffCode[] = [
      code('g-harm', ['Forms of harm'], { codable: false }),
      code('g-groom', ['Forms of harm', 'Online grooming'], { definition: 'Trust-building.', color: '#d22828' }),
      code('g-sext', ['Forms of harm', 'Sexual extortion'], { definition: 'Threats to share images.', inclusion: 'Any threat.' }),
      code('g-disc', ['Disclosure']),
      code('g-barr', ['Disclosure', 'Barriers']),
      code('g-fear', ['Disclosure', 'Barriers', 'Fear'], { memo: 'Merged from "Disclosure > Barriers > Shame":\nold memo' }),
      code('g-new', ['Responses']),
      code('g-sext2', ['Responses', 'Sexual extortion']),
    ];
    const moved = b.map((c) => (c.guid === 'g-barr' ? code('g-barr', ['Responses', 'Barriers']) : c.guid === 'g-fear' ? { ...c, path: ['Responses', 'Barriers', 'Fear'] } : c));
    const d = diffCodebooks(base, moved);
    expect(d.added.map((c) => c.guid)).toEqual(['g-new', 'g-sext2']);
    expect(d.deleted).toEqual([]);
    expect(d.renamed).toEqual([{ guid: 'g-groom', from: ['Forms of harm', 'Grooming'], to: ['Forms of harm', 'Online grooming'], fromName: 'Grooming', toName: 'Online grooming' }]);
    // Fear's parent moved with it: only Barriers moved
    expect(d.moved.map((m) => [m.guid, m.fromParent, m.toParent])).toEqual([['g-barr', ['Disclosure'], ['Responses']]]);
    expect(d.merged).toEqual([{ from: { guid: 'g-shame', path: ['Disclosure', 'Barriers', 'Shame'], name: 'Shame' }, into: { guid: 'g-fear', path: ['Responses', 'Barriers', 'Fear'], name: 'Fear' }, evidence: 'memo' }]);
    expect(d.definitionChanged.map((c) => [c.guid, c.fields.map((f) => f.field)])).toEqual([
      ['g-sext', ['definition', 'inclusion']],
      ['g-fear', ['memo']],
    ]);
  });

  it('reports a deleted code as merged only on evidence, and follows recorded merges', () => {
    const b = base.filter((c) => c.guid !== 'g-shame' && c.guid !== 'g-sext');
    const d1 = diffCodebooks(base, b);
    expect(d1.deleted.map((c) => c.guid)).toEqual(['g-sext', 'g-shame']);
    expect(d1.merged).toEqual([]);
    const d2 = diffCodebooks(base, [...b, { ...code('g-shame', ['Disclosure', 'Barriers', 'Shame']), mergedInto: 'g-fear' }]);
    expect(d2.merged.map((m) => [m.from.guid, m.into.guid, m.evidence])).toEqual([['g-shame', 'g-fear', 'recorded']]);
    expect(d2.deleted.map((c) => c.guid)).toEqual(['g-sext']);
    const d3 = diffCodebooks(base, b, { merges: { 'G-SEXT': '{g-groom}' } });
    expect(d3.merged.map((m) => [m.from.guid, m.into.guid])).toEqual([['g-sext', 'g-groom']]);
    // a merge recorded on both sides happened before `a`: no change
    const gone = { ...code('g-old', ['Old']), mergedInto: 'g-disc' };
    expect(isEmptyDiff(diffCodebooks([...base, gone], [...base, gone]))).toBe(true);
  });

  it('matches by path when there are no GUIDs (or new ones), and under a matched parent after a rename', () => {
    const a = base.map((c) => ({ ...c, guid: undefined }));
    const b = base.map((c) => ({ ...c, guid: `new-${c.guid}` }));
    expect(isEmptyDiff(diffCodebooks(a, b))).toBe(true);
    // parent renamed with a GUID, children without
    const a2: DiffCode[] = [code('p', ['Disclosure']), code(undefined, ['Disclosure', 'To whom'])];
    const b2: DiffCode[] = [code('p', ['Disclosure and help-seeking']), code(undefined, ['Disclosure and help-seeking', 'To whom'])];
    const d = diffCodebooks(a2, b2);
    expect(d.renamed.map((r) => r.toName)).toEqual(['Disclosure and help-seeking']);
    expect(d.added).toEqual([]);
    expect(d.deleted).toEqual([]);
    expect(d.moved).toEqual([]);
  });

  it('compares colours case-insensitively and only when both sides have one; codable defaults to true', () => {
    const a = [code('x', ['A'], { color: '#AABBCC' })];
    expect(isEmptyDiff(diffCodebooks(a, [code('x', ['A'], { color: '#aabbcc', codable: true })]))).toBe(true);
    expect(isEmptyDiff(diffCodebooks(a, [code('x', ['A'])]))).toBe(true);
    const d = diffCodebooks(a, [code('x', ['A'], { color: '#000000', codable: false })]);
    expect(d.definitionChanged[0]!.fields).toEqual([
      { field: 'color', before: '#AABBCC', after: '#000000' },
      { field: 'codable', before: 'true', after: 'false' },
    ]);
  });
});

describe('diffCodebooks on random edits', () => {
  it('lists exactly the renames, moves, deletions, additions and field changes made', () => {
    const tree = fc.array(fc.nat(), { minLength: 6, maxLength: 30 });
    fc.assert(
      fc.property(tree, fc.array(fc.nat(), { minLength: 6, maxLength: 6 }), fc.constantFrom('definition', 'inclusion', 'memo', 'color', 'codable') as fc.Arbitrary<'definition' | 'inclusion' | 'memo' | 'color' | 'codable'>, (parents, picks, field) => {
        // a random tree: code i hangs under an earlier code or the root
        const parentOf = parents.map((p, i) => (i === 0 || p % 4 === 0 ? -1 : p % i));
        const names = parents.map((_, i) => `c${i}`);
        const pathOf = (i: number, par = parentOf, nm = names): string[] => (i < 0 ? [] : [...pathOf(par[i]!, par, nm), nm[i]!]);
        const build = (alive: boolean[], par: number[], nm: string[], extra: Record<number, Partial<DiffCode>> = {}): DiffCode[] =>
          par.flatMap((_, i) => (alive[i] ? [{ guid: `g${i}`, path: pathOf(i, par, nm), name: nm[i]!, definition: 'd', color: '#000000', codable: true, ...extra[i] }] : []));
        const a = build(parents.map(() => true), parentOf, names);
        const n = parents.length;
        const inSubtree = (x: number, root: number): boolean => x === root || (parentOf[x]! >= 0 && inSubtree(parentOf[x]!, root));
        const isLeaf = (x: number) => !parentOf.includes(x);
        // pick distinct codes for each edit
        const used = new Set<number>();
        const pick = (k: number, ok: (x: number) => boolean): number | null => {
          for (let j = 0; j < n; j++) {
            const x = (k + j) % n;
            if (!used.has(x) && ok(x)) {
              used.add(x);
              return x;
            }
          }
          return null;
        };
        const del = pick(picks[0]!, isLeaf);
        const ren = pick(picks[1]!, () => true);
        const chg = pick(picks[2]!, () => true);
        const mov = pick(picks[3]!, (x) => parentOf[x] !== -1 || n > 1);
        const par2 = [...parentOf];
        const nm2 = [...names];
        const alive = parents.map(() => true);
        if (del !== null) alive[del] = false;
        if (ren !== null) nm2[ren] = `renamed${ren}`;
        let movedTo: number | null = null;
        if (mov !== null) {
          // to the root, or under a code outside its subtree that stays
          const target = [...Array(n).keys()].map((j) => (j + picks[4]!) % n).find((x) => !inSubtree(x, mov) && x !== del && x !== parentOf[mov]) ?? -1;
          if (target !== parentOf[mov]) {
            par2[mov] = target;
            movedTo = target;
          }
        }
        const extra: Record<number, Partial<DiffCode>> = {};
        if (chg !== null) extra[chg] = field === 'codable' ? { codable: false } : field === 'color' ? { color: '#FFFFFF' } : { [field]: 'changed' };
        const b = build(alive, par2, nm2, extra);
        const addParent = [...Array(n).keys()].find((x) => alive[x] && x === picks[5]! % n) ?? -1;
        b.push({ guid: 'new', path: [...(addParent >= 0 ? pathOf(addParent, par2, nm2) : []), 'brand new'], name: 'brand new', definition: 'd', color: '#000000', codable: true });

        const d = diffCodebooks(a, b);
        expect(d.deleted.map((c) => c.guid)).toEqual(del === null ? [] : [`g${del}`]);
        expect(d.added.map((c) => c.guid)).toEqual(['new']);
        expect(d.renamed.map((c) => c.guid)).toEqual(ren === null ? [] : [`g${ren}`]);
        expect(d.moved.map((c) => c.guid)).toEqual(mov === null || movedTo === null ? [] : [`g${mov}`]);
        expect(d.definitionChanged.map((c) => [c.guid, c.fields.map((f) => f.field)])).toEqual(chg === null ? [] : [[`g${chg}`, [field]]]);
        expect(d.merged).toEqual([]);
        const changed = new Set([ren, chg, movedTo === null ? null : mov].filter((x) => x !== null));
        expect(d.unchanged).toBe(n - (del === null ? 0 : 1) - changed.size);
      }),
      { numRuns: 300 },
    );
  });
});
