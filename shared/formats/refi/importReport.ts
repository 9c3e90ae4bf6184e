// The report of a .qdpx import: what was created or matched, and each item
// left out or changed, with the reason (REFI-QDA asks tools to warn about data loss).
export type QdpxItemKind =
  | 'archive' | 'source' | 'selection' | 'coding' | 'code' | 'user' | 'variable' | 'case' | 'note' | 'set' | 'link' | 'graph' | 'project';

export interface QdpxImportItem {
  kind: QdpxItemKind;
  /** the item's GUID or name in the file */
  item: string;
  message: string;
}

export interface QdpxImportReport {
  file: string;
  origin: string;
  /** the position convention used, and whether the texts confirmed it */
  positions: string;
  positionsBasis: 'origin' | 'text';
  /** true when the file lost texts (an export bug of the other tool) */
  lossy: boolean;
  dryRun: boolean;
  created: { documents: number; codes: number; codings: number; coders: number; memos: number; attributes: number };
  matched: { documents: number; codes: number; codings: number; coders: number; memos: number; attributes: number };
  /** items left out, each with the reason */
  notImported: QdpxImportItem[];
  /** items imported with a change (a renamed code, a clamped end…), each with what changed */
  adjusted: QdpxImportItem[];
  /** parts of the file that Weft represents otherwise (no data lost) */
  info: string[];
  /** how the work was done: worker threads that prepared the texts (0: this thread), and where the full-text index was built */
  work?: { workers: number; fullTextIndex: 'worker' | 'in place' | 'unchanged' };
}

