// What a Weft .qdpx carries beside project.qde, in `weft-extensions.json`:
// the few things QDA-XML has no place for, so that Weft → .qdpx → Weft is
// exact. Other tools ignore the file; an import without it still gets
// everything the standard carries.
import type { AttributeType, DocumentStatus } from '../../types.js';
import type { CodeDescriptionFields } from './description.js';

export const EXTENSIONS_FILE = 'weft-extensions.json';

export interface WeftExtensions {
  format: 'weft-qdpx-extensions';
  version: 1;
  project: { guid: string; name: string; createdAt: string };
  /** by document GUID; applied only when the text's SHA-256 still matches */
  documents: Record<string, {
    textSha256: string;
    contentHash: string;
    sourceName: string | null;
    sourceType: string | null;
    status: DocumentStatus;
    importedAt: string;
  }>;
  /** attribute definitions in their order, with types QDA-XML lacks (category) and allowed values */
  attributes: Array<{ guid: string; name: string; type: AttributeType; values: string[] }>;
  /** code fields whose packed Description would not read back exactly */
  codeFields: Record<string, CodeDescriptionFields>;
  /** by code GUID: Weft's sort order among its siblings */
  codeOrder: Record<string, number>;
  /** by memo (Note) GUID: the Lexical body and the memo's target type */
  memos: Record<string, { body: string }>;
  /** Notes written only to show a segment's memo text to other tools (no memo record behind them) */
  codingMemoNotes: string[];
  /** by coding GUID: the segment's memo string, when it differs from the text of the Note it mirrors */
  codingMemos: Record<string, string>;
  /** Sets written from category attributes; the attributes already carry them */
  derivedSets: string[];
  /** offsets in the text files: LF, or CRLF for MAXQDA (positions count each CRLF as 2) */
  lineEndings: 'lf' | 'crlf';
}

/** Read the file when it is there and well-formed; otherwise null (the import then uses the standard alone). */
export function parseExtensions(text: string | null): WeftExtensions | null {
  if (!text) return null;
  try {
    const x = JSON.parse(text) as Partial<WeftExtensions>;
    if (x.format !== 'weft-qdpx-extensions' || x.version !== 1) return null;
    return {
      format: 'weft-qdpx-extensions',
      version: 1,
      project: x.project ?? { guid: '', name: '', createdAt: '' },
      documents: x.documents ?? {},
      attributes: Array.isArray(x.attributes) ? x.attributes : [],
      codeFields: x.codeFields ?? {},
      codeOrder: x.codeOrder ?? {},
      memos: x.memos ?? {},
      codingMemoNotes: Array.isArray(x.codingMemoNotes) ? x.codingMemoNotes : [],
      codingMemos: x.codingMemos ?? {},
      derivedSets: Array.isArray(x.derivedSets) ? x.derivedSets : [],
      lineEndings: x.lineEndings === 'crlf' ? 'crlf' : 'lf',
    };
  } catch {
    return null;
  }
}

/**
 * Which of a segment's notes its memo string mirrors: Weft keeps the text of
 * the memo saved last, so the latest modified (the later one on a tie).
 */
export function mirroredNoteIndex(notes: ReadonlyArray<{ modified?: string }>): number {
  let best = 0;
  notes.forEach((n, i) => {
    if ((n.modified ?? '') >= (notes[best]!.modified ?? '')) best = i;
  });
  return best;
}
