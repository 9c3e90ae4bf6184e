// De-identification methods: documents under review, findings, accept and
// reject, manual redaction, accept-all-high with session undo, marking a
// document de-identified, the known-names list and the coding gate.
import { z } from 'zod';
import { FINDING_KINDS, KNOWN_NAME_KINDS } from '../../deid/types.js';
import type { DeidDocument, DeidHistory, FindingView, KnownNameView, PurgeResult, RedactionView, ReviewResult } from '../../deid/views.js';
import { id, none, offset, read, write } from '../define.js';

const reviewer = z.string().trim().min(1, 'name the reviewer (the current coder)').max(200);
const ids = z.array(id).min(1, 'give at least one finding').max(100000);
const spelling = z.string().trim().min(1, 'a spelling may not be empty').max(300);

export interface FindingsResult {
  document: DeidDocument;
  /** the document's current text (placeholders included) */
  text: string;
  findings: FindingView[];
  redactions: RedactionView[];
}

export interface UndoResult extends DeidHistory {
  undone: string | null;
  documentId: number | null;
}

export const deidMethods = {
  'deid.documents': read<DeidDocument[]>()(none),
  'deid.findings': read<FindingsResult>()(z.object({ documentId: id }).strict()),
  'deid.scan': write<{ open: number; added: number }>()(z.object({ documentId: id }).strict()),
  'deid.accept': write<ReviewResult>()(z.object({ ids, reviewer }).strict()),
  'deid.reject': write<{ rejected: number }>()(z.object({ ids, reviewer }).strict()),
  'deid.acceptHigh': write<ReviewResult>()(z.object({ documentId: id, reviewer }).strict()),
  'deid.redact': write<ReviewResult>()(
    z
      .object({ documentId: id, start: offset, end: offset, kind: z.enum(FINDING_KINDS).default('other'), reviewer })
      .strict()
      .refine((p) => p.end > p.start, { message: 'end must be greater than start', path: ['end'] }),
  ),
  'deid.history': read<DeidHistory>()(none),
  'deid.undo': write<UndoResult>()(none),
  'deid.markDeidentified': write<DeidDocument & { purge: PurgeResult }>()(z.object({ documentId: id, reviewer }).strict()),
  'deid.reopen': write<DeidDocument>()(z.object({ documentId: id }).strict()),

  'deid.names.list': read<KnownNameView[]>()(none),
  'deid.names.add': write<KnownNameView & { rescan: { documents: number; added: number; reopened: string[] } }>()(
    z.object({ kind: z.enum(KNOWN_NAME_KINDS), spellings: z.array(spelling).min(1, 'give at least one spelling').max(50), addedBy: reviewer }).strict(),
  ),
  'deid.names.addSpelling': write<KnownNameView & { rescan: { documents: number; added: number; reopened: string[] } }>()(
    z.object({ id, spelling }).strict(),
  ),
  'deid.names.remove': write<{ removed: number }>()(z.object({ id }).strict()),

  'deid.policy': read<{ blockCoding: boolean }>()(none),
  'deid.setPolicy': write<{ blockCoding: boolean }>()(z.object({ blockCoding: z.boolean() }).strict()),
} as const;
