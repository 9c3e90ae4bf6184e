import { describe, expect, it } from 'vitest';
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
