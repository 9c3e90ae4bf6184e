// Codebook exchange: export the codebook as a file (.qdc, .qdpx, .json, .csv,
// .xlsx, QualCoder .txt), merge a codebook file into the project, and compare
// a file with the project's codebook.
import { z } from 'zod';
import type { CodebookDiff } from '../../codebookDiff.js';
import type { CodebookFormat } from '../../formats/codebook.js';
import type { DownloadFile } from './exchange.js';
import { read, write } from '../define.js';

/** What a merge import changed, code by code (paths as `Parent > Child`). */
export interface CodebookMergeReport {
  file: string;
  format: CodebookFormat;
  dryRun: boolean;
  added: string[];
  updated: Array<{ path: string; fields: string[] }>;
  renamed: Array<{ from: string; to: string }>;
  moved: Array<{ from: string; to: string }>;
  unchanged: number;
  /** codes of the project that the file doesn't have: kept as they are */
  notInFile: number;
  /** what the reader changed or left out, one line each */
  warnings: string[];
}

export const CODEBOOK_FILE_FORMATS = ['qdc', 'qdpx', 'json', 'csv', 'xlsx', 'txt'] as const;

const upload = {
  fileName: z.string().min(1).max(500),
  /** the file's bytes, base64 */
  base64: z.string().min(1).max(90_000_000),
};

export const codebookExchangeMethods = {
  'codebook.exportFile': read<DownloadFile & { codes: number }>()(z.object({ format: z.enum(CODEBOOK_FILE_FORMATS) }).strict()),
  'codebook.importFile': write<CodebookMergeReport>()(z.object({ ...upload, dryRun: z.boolean().optional() }).strict()),
  /** from the project's codebook (a) to the file's (b) */
  'codebook.diffFile': read<CodebookDiff & { warnings: string[] }>()(z.object(upload).strict()),
};
