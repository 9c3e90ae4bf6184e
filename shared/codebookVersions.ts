// Published codebook versions: what a snapshot holds, and how a snapshot (or
// the current codebook) is read as the input of the codebook diff.
import type { Code, CodeStatus } from './types.js';
import { splitCodePath } from './codePath.js';

/** One code as it stood when a version was published: every field, with its GUID and its parent's GUID. */
export interface SnapshotCode {
  guid: string;
  parentGuid: string | null;
  path: string[];
  name: string;
  color: string;
  shortDefinition: string;
  definition: string;
  inclusion: string;
  exclusion: string;
  example: string;
  atypicalExample: string;
  memo: string;
  codable: boolean;
  status: CodeStatus;
  sortOrder: number;
}

/** A code merged away before this version was published, and the GUID of the code it went into. */
export interface SnapshotMerge {
  guid: string;
  path: string[];
  mergedInto: string;
}

export interface CodebookSnapshot {
  codes: SnapshotCode[];
  merges: SnapshotMerge[];
}

export interface CodebookVersionSummary {
  number: number;
  guid: string;
  publishedAt: string;
  publishedBy: string | null;
  note: string;
  codes: number;
  /** codings made while this version was the one in force */
  codings: number;
}

export function snapshotCodes(codes: readonly Code[]): SnapshotCode[] {
  const guidOf = new Map(codes.map((c) => [c.id, c.guid]));
  return codes.map((c) => ({
    guid: c.guid,
    parentGuid: c.parentId === null ? null : guidOf.get(c.parentId) ?? null,
    path: splitCodePath(c.path),
    name: c.name,
    color: c.color,
    shortDefinition: c.shortDefinition,
    definition: c.definition,
    inclusion: c.inclusion,
    exclusion: c.exclusion,
    example: c.example,
    atypicalExample: c.atypicalExample,
    memo: c.memo,
    codable: c.codable,
    status: c.status ?? 'active',
    sortOrder: c.sortOrder,
  }));
}

/** The name of the non-codable category that rejected proposals are kept under. */
export const REJECTED_PROPOSALS = 'Rejected proposals';

/**
 * The codebook proper, as coders are trained on it and exports write it: no proposals or rejected proposals, and no
 * empty "Rejected proposals" category. A snapshot keeps them all; diffs and the codebook document read this.
 */
export function codebookProper(s: CodebookSnapshot): CodebookSnapshot {
  const active = s.codes.filter((c) => c.status === 'active');
  const parents = new Set(active.map((c) => c.parentGuid));
  const codes = active.filter((c) => !(c.parentGuid === null && c.name === REJECTED_PROPOSALS && !c.codable && !parents.has(c.guid)));
  return { codes, merges: s.merges };
}

/** The diff's view of a snapshot: each code, plus each merged-away code with the GUID it went into. */
export function snapshotAsDiffInput(s: CodebookSnapshot) {
  const present = new Set(s.codes.map((c) => c.guid));
  return [
    ...s.codes.map((c) => ({
      guid: c.guid, path: c.path, name: c.name, color: c.color, shortDefinition: c.shortDefinition, definition: c.definition,
      inclusion: c.inclusion, exclusion: c.exclusion, example: c.example, atypicalExample: c.atypicalExample, memo: c.memo, codable: c.codable,
    })),
    ...s.merges.filter((m) => !present.has(m.guid)).map((m) => ({ guid: m.guid, path: m.path, name: m.path[m.path.length - 1] ?? '', mergedInto: m.mergedInto })),
  ];
}
