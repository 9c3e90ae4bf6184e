// What changed between two codebooks (two versions, two files, or a file and
// a project): codes added, deleted, renamed, moved, merged, and codes whose
// fields changed. Codes are matched by GUID first, then by path, then by name
// under a parent that was matched (so the children of a renamed code without
// a GUID still match). A deleted code counts as merged only on evidence: a
// recorded merge (`mergedInto`) or the "Merged from "PATH"" line that merging
// writes into the target's memo.
import { joinCodePath } from './codePath.js';

export interface DiffCode {
  guid?: string;
  /** names from the root down to this code, the code's own name last */
  path: string[];
  name: string;
  color?: string;
  shortDefinition?: string;
  definition?: string;
  inclusion?: string;
  exclusion?: string;
  example?: string;
  atypicalExample?: string;
  memo?: string;
  codable?: boolean;
  /**
   * The GUID of the code this one was merged into, when known. A code in `b`
   * with `mergedInto` is a record of a merge (the code itself is gone); a code
   * in `a` with `mergedInto` that `b` no longer has is reported as merged.
   */
  mergedInto?: string;
}

export type DiffField = 'color' | 'shortDefinition' | 'definition' | 'inclusion' | 'exclusion' | 'example' | 'atypicalExample' | 'memo' | 'codable';

export const DIFF_FIELDS: readonly DiffField[] = ['color', 'shortDefinition', 'definition', 'inclusion', 'exclusion', 'example', 'atypicalExample', 'memo', 'codable'];

export interface DiffCodeRef {
  guid?: string;
  path: string[];
  name: string;
}

export interface FieldChange {
  field: DiffField;
  before: string;
  after: string;
}

export interface CodebookDiff {
  /** in `b` only, in b's order */
  added: DiffCodeRef[];
  /** in `a` only, and not merged */
  deleted: DiffCodeRef[];
  /** the same code with a new name (`from` and `to` are full paths) */
  renamed: Array<{ guid?: string; from: string[]; to: string[]; fromName: string; toName: string }>;
  /** the same code under a different parent */
  moved: Array<{ guid?: string; name: string; from: string[]; to: string[]; fromParent: string[]; toParent: string[] }>;
  /** gone from `b`, with evidence that it went into `into` */
  merged: Array<{ from: DiffCodeRef; into: DiffCodeRef; evidence: 'recorded' | 'memo' }>;
  /** the same code with other field values; colour compares case-insensitively, and only when both sides have one */
  definitionChanged: Array<{ guid?: string; path: string[]; name: string; fields: FieldChange[] }>;
  /** matched codes with no change at all */
  unchanged: number;
}

export interface DiffOptions {
  /** recorded merges: merged code's GUID → the GUID of the code it went into */
  merges?: Record<string, string>;
}

const guidKey = (g: string | undefined): string | null => {
  const t = (g ?? '').trim().replace(/^\{|\}$/g, '').toLowerCase();
  return t ? t : null;
};
const pathKey = (p: readonly string[]) => p.map((n) => n.trim().toLowerCase()).join('\u0000');
const ref = (c: DiffCode): DiffCodeRef => ({ ...(c.guid ? { guid: c.guid } : {}), path: [...c.path], name: c.name });

function fieldValue(c: DiffCode, f: DiffField): string | undefined {
  if (f === 'codable') return c.codable === false ? 'false' : 'true';
  if (f === 'color') return c.color ? c.color.trim().toLowerCase() : undefined;
  return (c[f] ?? '').replace(/\r\n?/g, '\n').trim();
}

function shownValue(c: DiffCode, f: DiffField): string {
  if (f === 'codable') return c.codable === false ? 'false' : 'true';
  return (c[f] ?? '').toString();
}

export function diffCodebooks(a: DiffCode[], b: DiffCode[], options: DiffOptions = {}): CodebookDiff {
  // records of merges in b are evidence, not codes
  const recorded = new Map<string, string>();
  for (const [from, to] of Object.entries(options.merges ?? {})) {
    const f = guidKey(from);
    const t = guidKey(to);
    if (f && t) recorded.set(f, t);
  }
  const liveB: DiffCode[] = [];
  for (const c of b) {
    const g = guidKey(c.guid);
    const into = guidKey(c.mergedInto);
    if (into) {
      if (g) recorded.set(g, into);
    } else liveB.push(c);
  }
  const tombstonesB = new Set(b.filter((c) => guidKey(c.mergedInto)).map((c) => guidKey(c.guid)).filter((g): g is string => g !== null));
  // a code merged away before `a` and recorded as such in both is no change
  const liveA = a.filter((c) => !(guidKey(c.mergedInto) && tombstonesB.has(guidKey(c.guid) ?? '')));

  const pairOfA = new Map<number, number>();
  const pairOfB = new Map<number, number>();
  const pair = (i: number, j: number) => {
    pairOfA.set(i, j);
    pairOfB.set(j, i);
  };

  // 1. GUID
  const bByGuid = new Map<string, number>();
  liveB.forEach((c, j) => {
    const g = guidKey(c.guid);
    if (g && !bByGuid.has(g)) bByGuid.set(g, j);
  });
  liveA.forEach((c, i) => {
    const g = guidKey(c.guid);
    const j = g ? bByGuid.get(g) : undefined;
    if (j !== undefined && !pairOfB.has(j)) pair(i, j);
  });

  // 2. path, among codes not matched by GUID; two different GUIDs at one path are still one code (tools re-issue GUIDs)
  const bByPath = new Map<string, number[]>();
  liveB.forEach((c, j) => {
    if (pairOfB.has(j)) return;
    const k = pathKey(c.path);
    const l = bByPath.get(k);
    if (l) l.push(j);
    else bByPath.set(k, [j]);
  });
  liveA.forEach((c, i) => {
    if (pairOfA.has(i)) return;
    const l = bByPath.get(pathKey(c.path));
    const j = l?.find((x) => !pairOfB.has(x));
    if (j !== undefined) pair(i, j);
  });

  // 3. same name under matched parents, shallow codes first so that matches cascade
  const indexByPath = (list: DiffCode[]) => {
    const m = new Map<string, number>();
    list.forEach((c, i) => {
      const k = pathKey(c.path);
      if (!m.has(k)) m.set(k, i);
    });
    return m;
  };
  const aIndex = indexByPath(liveA);
  const bIndex = indexByPath(liveB);
  const parentOf = (list: DiffCode[], index: Map<string, number>, i: number): number | undefined =>
    list[i]!.path.length > 1 ? index.get(pathKey(list[i]!.path.slice(0, -1))) : undefined;
  const order = liveA.map((_, i) => i).sort((x, y) => liveA[x]!.path.length - liveA[y]!.path.length);
  for (const i of order) {
    if (pairOfA.has(i)) continue;
    const pa = parentOf(liveA, aIndex, i);
    if (pa === undefined) continue;
    const pb = pairOfA.get(pa);
    if (pb === undefined) continue;
    const name = liveA[i]!.name.trim().toLowerCase();
    const j = liveB.findIndex((c, jj) => !pairOfB.has(jj) && parentOf(liveB, bIndex, jj) === pb && c.name.trim().toLowerCase() === name);
    if (j >= 0) pair(i, j);
  }

  const diff: CodebookDiff = { added: [], deleted: [], renamed: [], moved: [], merged: [], definitionChanged: [], unchanged: 0 };
  liveA.forEach((ca, i) => {
    const j = pairOfA.get(i);
    if (j === undefined) return;
    const cb = liveB[j]!;
    let changed = false;
    if (ca.name !== cb.name) {
      diff.renamed.push({ ...(cb.guid || ca.guid ? { guid: cb.guid ?? ca.guid } : {}), from: [...ca.path], to: [...cb.path], fromName: ca.name, toName: cb.name });
      changed = true;
    }
    const pa = parentOf(liveA, aIndex, i);
    const pb = parentOf(liveB, bIndex, j);
    const sameParent = pa === undefined && pb === undefined ? ca.path.length === 1 && cb.path.length === 1 : pa !== undefined && pairOfA.get(pa) === pb;
    if (!sameParent) {
      diff.moved.push({
        ...(cb.guid || ca.guid ? { guid: cb.guid ?? ca.guid } : {}),
        name: cb.name,
        from: [...ca.path],
        to: [...cb.path],
        fromParent: ca.path.slice(0, -1),
        toParent: cb.path.slice(0, -1),
      });
      changed = true;
    }
    const fields: FieldChange[] = [];
    for (const f of DIFF_FIELDS) {
      const va = fieldValue(ca, f);
      const vb = fieldValue(cb, f);
      if (va === undefined || vb === undefined || va === vb) continue;
      fields.push({ field: f, before: shownValue(ca, f), after: shownValue(cb, f) });
    }
    if (fields.length) {
      diff.definitionChanged.push({ ...(cb.guid || ca.guid ? { guid: cb.guid ?? ca.guid } : {}), path: [...cb.path], name: cb.name, fields });
      changed = true;
    }
    if (!changed) diff.unchanged++;
  });

  liveB.forEach((c, j) => {
    if (!pairOfB.has(j)) diff.added.push(ref(c));
  });

  const bLiveByGuid = new Map<string, DiffCode>();
  for (const c of liveB) {
    const g = guidKey(c.guid);
    if (g && !bLiveByGuid.has(g)) bLiveByGuid.set(g, c);
  }
  // follow a chain of merges (A into B, later B into C) to the code that is still there
  const finalTarget = (g: string): DiffCode | undefined => {
    const seen = new Set<string>();
    let cur: string | undefined = g;
    while (cur && !seen.has(cur)) {
      seen.add(cur);
      const live = bLiveByGuid.get(cur);
      if (live) return live;
      cur = recorded.get(cur);
    }
    return undefined;
  };
  liveA.forEach((c, i) => {
    if (pairOfA.has(i)) return;
    const g = guidKey(c.guid);
    const into = g ? recorded.get(g) ?? guidKey(c.mergedInto) ?? undefined : guidKey(c.mergedInto) ?? undefined;
    const target = into ? finalTarget(into) : undefined;
    if (target) {
      diff.merged.push({ from: ref(c), into: ref(target), evidence: 'recorded' });
      return;
    }
    const line = `Merged from "${joinCodePath(c.path)}"`;
    const byMemo = liveB.findIndex((cb, j) => {
      if (!(cb.memo ?? '').includes(line)) return false;
      const before = pairOfB.get(j);
      return before === undefined || !(liveA[before]!.memo ?? '').includes(line);
    });
    if (byMemo >= 0) diff.merged.push({ from: ref(c), into: ref(liveB[byMemo]!), evidence: 'memo' });
    else diff.deleted.push(ref(c));
  });
  return diff;
}

/** True when nothing changed. */
export function isEmptyDiff(d: CodebookDiff): boolean {
  return d.added.length + d.deleted.length + d.renamed.length + d.moved.length + d.merged.length + d.definitionChanged.length === 0;
}
