// Importing transcripts from the UI (the files' bytes, base64 in JSON) and
// reading the speaker turns found in a document.
import { z } from 'zod';
import type { ImportFormat } from '../../formats/importFormats.js';
import type { SpeakerTurn } from '../../speakers.js';
import { id, none, read, write } from '../define.js';

export type ImportStatus = 'imported' | 'duplicate' | 'failed' | 'ignored';

/** What became of one file. */
export interface ImportResult {
  /** the file as named by the caller (a path, or a name relative to a dropped folder) */
  file: string;
  status: ImportStatus;
  document?: string;
  documentId?: number;
  /** why it failed, was skipped or ignored */
  message?: string;
  format?: ImportFormat;
  /** for text formats: the encoding read, and whether it was guessed */
  encoding?: string;
  encodingGuessed?: boolean;
  /** speaker turns found, and the distinct speakers */
  turns?: number;
  speakers?: string[];
  /** other lines for the report (pages without text, what an import hook did…) */
  notes?: string[];
}

export interface ImportFormatsInfo {
  /** extensions Weft imports, with the leading dot */
  extensions: string[];
  /** optional steps other capabilities offer on import (for example de-identification) */
  flags: Array<{ name: string; description: string }>;
  /** the largest file one call may carry, in bytes */
  maxFileBytes: number;
  /** the most bytes (before base64) one documents.import call should carry; send larger batches in several calls */
  maxCallBytes: number;
}

export const MAX_IMPORT_FILE_BYTES = 45 * 1024 * 1024;
export const MAX_IMPORT_CALL_BYTES = 24 * 1024 * 1024;
const base64 = z
  .string()
  .max(Math.ceil(MAX_IMPORT_FILE_BYTES / 3) * 4, 'the file is larger than 45 MB; import it with the weft command')
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'data must be base64');

export const importingMethods = {
  'import.formats': read<ImportFormatsInfo>()(none),
  'documents.import': write<ImportResult[]>()(
    z
      .object({
        files: z
          .array(z.object({ name: z.string().trim().min(1).max(1000), data: base64 }).strict())
          .min(1)
          .max(5000),
        /** attribute name → value for every imported document */
        attributes: z.record(z.string().trim().min(1).max(100), z.string().max(10000)).optional(),
        flags: z.array(z.string().regex(/^[a-z][a-z0-9-]*$/)).max(20).optional(),
      })
      .strict(),
  ),
  'documents.turns': read<SpeakerTurn[]>()(z.object({ id }).strict()),
} as const;
