// Where two coders disagree, per document and code. The codings of both
// coders with one code in one document are grouped into stretches: maximal
// runs of text where their codings overlap one another. A stretch is an
// agreement when both coders coded exactly the same spans; otherwise it is a
// disagreement: A only, B only, or a boundary difference (both coded, but
// not the same spans).

export type DisagreementKind = 'agree' | 'onlyA' | 'onlyB' | 'boundary';

export interface ComparedCoding {
  id: number;
  documentId: number;
  codeId: number;
  start: number;
  end: number;
}

export interface Stretch {
  /** stable within a comparison: document, code and the stretch's extent */
  key: string;
  documentId: number;
  codeId: number;
  start: number;
  end: number;
  kind: DisagreementKind;
  /** coding ids of coder A and of coder B in this stretch */
  a: ComparedCoding[];
  b: ComparedCoding[];
}

export const stretchKey = (documentId: number, codeId: number, start: number, end: number): string => `${documentId}:${codeId}:${start}-${end}`;

const spansKey = (cs: readonly ComparedCoding[]) =>
  cs
    .map((c) => `${c.start}-${c.end}`)
    .sort()
    .join(',');

/** Every stretch of both coders' codings, in document then code then position order (document order as given). */
export function compareCoders(a: readonly ComparedCoding[], b: readonly ComparedCoding[], documentOrder: readonly number[] = []): Stretch[] {
  const rank = new Map(documentOrder.map((id, i) => [id, i]));
  const groups = new Map<string, Array<{ c: ComparedCoding; side: 'a' | 'b' }>>();
  for (const [list, side] of [[a, 'a'], [b, 'b']] as const) {
    for (const c of list) {
      const g = `${c.documentId}:${c.codeId}`;
      let arr = groups.get(g);
      if (!arr) groups.set(g, (arr = []));
      arr.push({ c, side });
    }
  }
  const out: Stretch[] = [];
  for (const items of groups.values()) {
    items.sort((x, y) => x.c.start - y.c.start || x.c.end - y.c.end);
    let cur: Stretch | null = null;
    for (const { c, side } of items) {
      if (!cur || c.start >= cur.end) {
        cur = { key: '', documentId: c.documentId, codeId: c.codeId, start: c.start, end: c.end, kind: 'agree', a: [], b: [] };
        out.push(cur);
      }
      cur.end = Math.max(cur.end, c.end);
      cur[side].push(c);
    }
  }
  for (const s of out) {
    s.key = stretchKey(s.documentId, s.codeId, s.start, s.end);
    s.kind = s.b.length === 0 ? 'onlyA' : s.a.length === 0 ? 'onlyB' : spansKey(s.a) === spansKey(s.b) ? 'agree' : 'boundary';
  }
  out.sort(
    (x, y) =>
      (rank.get(x.documentId) ?? x.documentId) - (rank.get(y.documentId) ?? y.documentId) || x.start - y.start || x.codeId - y.codeId || x.end - y.end,
  );
  return out;
}
