// The triangulation matrix: codes (rows, hierarchical) against the values of
// one document attribute or two nested ones (columns). Each cell knows the
// number of segments (codings) and of distinct documents, for the code alone
// and for the code with its descendants; % of documents divides by the
// column's number of documents.
import type { Turn } from './turns.js';
import { turnIndexAt } from './turns.js';

export type MatrixMeasure = 'segments' | 'documents' | 'percent';
export const NO_VALUE = '(no value)';

export interface MatrixInput {
  codes: ReadonlyArray<{ id: number; parentId: number | null; name: string; path: string; color: string; sortOrder: number }>;
  documents: ReadonlyArray<{ id: number; attributes: Record<string, string> }>;
  codings: ReadonlyArray<{ documentId: number; codeId: number }>;
  /** one or two attribute names */
  attributes: string[];
  /** allowed values per attribute, to order the columns as the attribute lists them */
  valueOrder?: Record<string, string[]>;
}

export interface MatrixColumn {
  key: string;
  /** one value per attribute */
  values: string[];
  label: string;
  /** documents in this column */
  documents: number;
}

export interface MatrixRow {
  codeId: number;
  parentId: number | null;
  name: string;
  path: string;
  color: string;
  depth: number;
  hasChildren: boolean;
  /** per column: codings of this code */
  segments: number[];
  /** per column: documents with a coding of this code */
  documents: number[];
  /** the same with every descendant code included (documents counted once) */
  segmentsWithChildren: number[];
  documentsWithChildren: number[];
}

export interface Matrix {
  attributes: string[];
  columns: MatrixColumn[];
  rows: MatrixRow[];
  /** documents in the selection */
  documents: number;
}

export const columnKey = (values: readonly string[]): string => values.join('\u001f');

function orderedValues(name: string, input: MatrixInput): string[] {
  const present = new Set(input.documents.map((d) => d.attributes[name] || NO_VALUE));
  const listed = (input.valueOrder?.[name] ?? []).filter((v) => present.has(v));
  const rest = [...present].filter((v) => v !== NO_VALUE && !listed.includes(v)).sort((a, b) => a.localeCompare(b));
  return [...listed, ...rest, ...(present.has(NO_VALUE) ? [NO_VALUE] : [])];
}

export function buildMatrix(input: MatrixInput): Matrix {
  const attrs = input.attributes;
  const valueLists = attrs.map((a) => orderedValues(a, input));
  const docColumn = new Map<number, string>();
  const columnDocs = new Map<string, number>();
  for (const d of input.documents) {
    const key = columnKey(attrs.map((a) => d.attributes[a] || NO_VALUE));
    docColumn.set(d.id, key);
    columnDocs.set(key, (columnDocs.get(key) ?? 0) + 1);
  }
  // nested columns in the order of the first attribute, then the second; only combinations that occur
  let combos: string[][] = [[]];
  for (const list of valueLists) combos = combos.flatMap((c) => list.map((v) => [...c, v]));
  const columns: MatrixColumn[] = combos
    .filter((values) => columnDocs.has(columnKey(values)))
    .map((values) => ({ key: columnKey(values), values, label: values.join(' · '), documents: columnDocs.get(columnKey(values))! }));
  const colIndex = new Map(columns.map((c, i) => [c.key, i]));
  const n = columns.length;

  const byId = new Map(input.codes.map((c) => [c.id, c]));
  const children = new Map<number | null, typeof input.codes[number][]>();
  for (const c of input.codes) {
    const l = children.get(c.parentId);
    if (l) l.push(c);
    else children.set(c.parentId, [c]);
  }
  const rowOf = new Map<number, MatrixRow>();
  const rows: MatrixRow[] = [];
  const walk = (parent: number | null, depth: number) => {
    const list = [...(children.get(parent) ?? [])].sort((a, b) => a.sortOrder - b.sortOrder || a.id - b.id);
    for (const c of list) {
      const row: MatrixRow = {
        codeId: c.id, parentId: c.parentId, name: c.name, path: c.path, color: c.color, depth,
        hasChildren: (children.get(c.id)?.length ?? 0) > 0,
        segments: new Array<number>(n).fill(0), documents: new Array<number>(n).fill(0),
        segmentsWithChildren: new Array<number>(n).fill(0), documentsWithChildren: new Array<number>(n).fill(0),
      };
      rows.push(row);
      rowOf.set(c.id, row);
      walk(c.id, depth + 1);
    }
  };
  walk(null, 0);

  const ancestors = (id: number): number[] => {
    const out: number[] = [];
    let cur = byId.get(id);
    let guard = 0;
    while (cur && guard++ < 1000) {
      out.push(cur.id);
      cur = cur.parentId === null ? undefined : byId.get(cur.parentId);
    }
    return out;
  };
  const ancestorCache = new Map<number, number[]>();
  // documents are counted once per (code, document): remember which were seen
  const seenOwn = new Set<string>();
  const seenTree = new Set<string>();
  for (const c of input.codings) {
    const key = docColumn.get(c.documentId);
    if (key === undefined) continue;
    const col = colIndex.get(key);
    if (col === undefined) continue;
    const own = rowOf.get(c.codeId);
    if (!own) continue;
    own.segments[col]!++;
    const ownKey = `${c.codeId}:${c.documentId}`;
    if (!seenOwn.has(ownKey)) {
      seenOwn.add(ownKey);
      own.documents[col]!++;
    }
    let chain = ancestorCache.get(c.codeId);
    if (!chain) ancestorCache.set(c.codeId, (chain = ancestors(c.codeId)));
    for (const a of chain) {
      const row = rowOf.get(a)!;
      row.segmentsWithChildren[col]!++;
      const treeKey = `${a}:${c.documentId}`;
      if (!seenTree.has(treeKey)) {
        seenTree.add(treeKey);
        row.documentsWithChildren[col]!++;
      }
    }
  }
  return { attributes: attrs, columns, rows, documents: input.documents.length };
}

/** One cell's value for a measure; `withChildren` for a collapsed (or aggregated) row. */
export function cellValue(m: Matrix, row: MatrixRow, col: number, measure: MatrixMeasure, withChildren: boolean): number {
  const docs = withChildren ? row.documentsWithChildren[col]! : row.documents[col]!;
  if (measure === 'segments') return withChildren ? row.segmentsWithChildren[col]! : row.segments[col]!;
  if (measure === 'documents') return docs;
  const total = m.columns[col]!.documents;
  return total === 0 ? 0 : Math.round((docs / total) * 1000) / 10;
}

// ---- co-occurrence

export type CooccurrenceMode = 'overlap' | 'turn';

export interface CooccurrenceCoding {
  id: number;
  documentId: number;
  codeId: number;
  start: number;
  end: number;
}

export interface Cooccurrence {
  mode: CooccurrenceMode;
  /** codes that occur, in the order given */
  codeIds: number[];
  /** counts[i][j]: overlapping coding pairs (overlap) or turns holding both codes (turn); the diagonal counts the code alone */
  counts: number[][];
}

/** Pairs of codings of different codes that overlap, per document. */
function overlapPairs(codings: readonly CooccurrenceCoding[], visit: (a: CooccurrenceCoding, b: CooccurrenceCoding) => void): void {
  const byDoc = new Map<number, CooccurrenceCoding[]>();
  for (const c of codings) {
    const l = byDoc.get(c.documentId);
    if (l) l.push(c);
    else byDoc.set(c.documentId, [c]);
  }
  for (const list of byDoc.values()) {
    list.sort((a, b) => a.start - b.start || a.end - b.end);
    const active: CooccurrenceCoding[] = [];
    for (const c of list) {
      for (let i = active.length - 1; i >= 0; i--) if (active[i]!.end <= c.start) active.splice(i, 1);
      for (const a of active) if (a.codeId !== c.codeId) visit(a, c);
      active.push(c);
    }
  }
}

/** Turns (index per document) that each coding touches. */
function turnsOf(c: CooccurrenceCoding, turns: readonly Turn[]): number[] {
  const out: number[] = [];
  for (let i = turnIndexAt(turns, c.start); i < turns.length && turns[i]!.start < c.end; i++) out.push(i);
  return out;
}

export function buildCooccurrence(
  codings: readonly CooccurrenceCoding[],
  codeOrder: readonly number[],
  mode: CooccurrenceMode,
  turnsByDoc?: ReadonlyMap<number, readonly Turn[]>,
): Cooccurrence {
  const present = new Set(codings.map((c) => c.codeId));
  const codeIds = codeOrder.filter((id) => present.has(id));
  const idx = new Map(codeIds.map((id, i) => [id, i]));
  const counts = codeIds.map(() => new Array<number>(codeIds.length).fill(0));
  if (mode === 'overlap') {
    for (const c of codings) counts[idx.get(c.codeId)!]![idx.get(c.codeId)!]!++;
    overlapPairs(codings, (a, b) => {
      const i = idx.get(a.codeId)!;
      const j = idx.get(b.codeId)!;
      counts[i]![j]!++;
      counts[j]![i]!++;
    });
  } else {
    for (const [docId, codes] of codesPerTurn(codings, turnsByDoc)) {
      void docId;
      for (const set of codes.values()) {
        const list = [...set].map((id) => idx.get(id)!);
        for (let x = 0; x < list.length; x++) {
          counts[list[x]!]![list[x]!]!++;
          for (let y = x + 1; y < list.length; y++) {
            counts[list[x]!]![list[y]!]!++;
            counts[list[y]!]![list[x]!]!++;
          }
        }
      }
    }
  }
  return { mode, codeIds, counts };
}

/** document → turn index → codes that occur in it */
function codesPerTurn(codings: readonly CooccurrenceCoding[], turnsByDoc?: ReadonlyMap<number, readonly Turn[]>): Map<number, Map<number, Set<number>>> {
  const out = new Map<number, Map<number, Set<number>>>();
  for (const c of codings) {
    const turns = turnsByDoc?.get(c.documentId) ?? [];
    let m = out.get(c.documentId);
    if (!m) out.set(c.documentId, (m = new Map()));
    for (const t of turnsOf(c, turns)) {
      let s = m.get(t);
      if (!s) m.set(t, (s = new Set()));
      s.add(c.codeId);
    }
  }
  return out;
}

export interface CooccurrenceHit {
  documentId: number;
  /** the span shown as the quote: both codings' union (overlap) or the turn (turn) */
  start: number;
  end: number;
  codingIds: number[];
}

/** The passages behind one cell of the co-occurrence table. */
export function cooccurrenceHits(
  codings: readonly CooccurrenceCoding[],
  a: number,
  b: number,
  mode: CooccurrenceMode,
  turnsByDoc?: ReadonlyMap<number, readonly Turn[]>,
): CooccurrenceHit[] {
  const hits: CooccurrenceHit[] = [];
  if (mode === 'overlap') {
    if (a === b) {
      for (const c of codings) if (c.codeId === a) hits.push({ documentId: c.documentId, start: c.start, end: c.end, codingIds: [c.id] });
      return hits;
    }
    overlapPairs(codings, (x, y) => {
      if ((x.codeId === a && y.codeId === b) || (x.codeId === b && y.codeId === a)) {
        hits.push({ documentId: x.documentId, start: Math.min(x.start, y.start), end: Math.max(x.end, y.end), codingIds: [x.id, y.id] });
      }
    });
    return hits;
  }
  const relevant = codings.filter((c) => c.codeId === a || c.codeId === b);
  const perTurn = new Map<string, { documentId: number; turn: number; codes: Set<number>; ids: number[] }>();
  for (const c of relevant) {
    const turns = turnsByDoc?.get(c.documentId) ?? [];
    for (const t of turnsOf(c, turns)) {
      const key = `${c.documentId}:${t}`;
      let e = perTurn.get(key);
      if (!e) perTurn.set(key, (e = { documentId: c.documentId, turn: t, codes: new Set(), ids: [] }));
      e.codes.add(c.codeId);
      e.ids.push(c.id);
    }
  }
  for (const e of perTurn.values()) {
    if (!e.codes.has(a) || !e.codes.has(b)) continue;
    const t = turnsByDoc!.get(e.documentId)![e.turn]!;
    hits.push({ documentId: e.documentId, start: t.start, end: t.end, codingIds: e.ids });
  }
  return hits;
}
