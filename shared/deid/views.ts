// What the de-identification API returns: documents under review, findings,
// results of review actions, and entries of the known-names list.
import type { Confidence, FindingKind, FindingSource, KnownNameKind } from './types.js';

export interface FindingView {
  id: number;
  kind: FindingKind;
  /** code points into the document's current text */
  start: number;
  end: number;
  /** read from the document while open; empty once rejected (the text is still in the document) */
  text: string;
  confidence: Confidence;
  source: FindingSource;
  status: 'open' | 'rejected';
  decidedBy: string | null;
  decidedAt: string | null;
}

export interface DeidDocument {
  id: number;
  name: string;
  status: 'imported' | 'deidentified';
  deidentifiedBy: string | null;
  deidentifiedAt: string | null;
  /** open findings by confidence */
  open: Record<Confidence, number>;
  /** replacements made so far */
  redactions: number;
  length: number;
}

export interface RedactionView {
  kind: FindingKind;
  placeholder: string;
  start: number;
  end: number;
  method: 'accept' | 'accept-high' | 'manual' | 'import';
  reviewer: string;
  at: string;
}

export interface ChangeReport {
  replaced: number;
  /** codings moved because text before them changed length */
  codingsMoved: number;
  /** codings whose start or end fell inside a replaced span: they now cover the whole placeholder */
  codingsAdjusted: number;
  /** codings that became identical to another of the same coder and code, folded into it */
  codingsMerged: number;
  placeholders: string[];
}

export interface ReviewResult extends ChangeReport {
  documentId: number;
  /** findings left open in the document */
  open: number;
}

export interface PurgeResult {
  /** the write-ahead log was emptied (false: another window or process has the project open) */
  walCleared: boolean;
  /** the file was rebuilt without free pages (done once per project) */
  compacted: boolean;
}

export interface KnownNameView {
  id: number;
  guid: string;
  kind: KnownNameKind;
  placeholder: string;
  /** how many spellings the list holds (as hashes) */
  spellings: number;
  addedBy: string | null;
  addedAt: string;
}

export interface DeidHistory {
  /** label of the de-identification step that `deid.undo` would undo in this session */
  undo: string | null;
}
