// Analysis and exchange methods: the triangulation matrix, code
// co-occurrence, the quotes behind their cells, and files the UI downloads
// (matrix CSV/XLSX, theme reports).
import { z } from 'zod';
import type { Matrix } from '../../analysis/matrix.js';
import type { QdpxImportReport } from '../../formats/refi/importReport.js';
import { id, read, write } from '../define.js';

export interface Quote {
  codingId: number | null;
  documentId: number;
  documentName: string;
  start: number;
  end: number;
  text: string;
  codePath: string;
  coder: string;
  attributes: Record<string, string>;
}

export interface MatrixResult extends Matrix {
  layer: string;
  filters: string;
}

export interface CooccurrenceResult {
  mode: 'overlap' | 'turn';
  codes: Array<{ id: number; path: string; color: string }>;
  counts: number[][];
  layer: string;
  filters: string;
}

/** A file made by the backend for the UI to save: bytes as base64. */
export interface DownloadFile {
  fileName: string;
  mime: string;
  base64: string;
}

const selection = {
  coder: z.string().trim().min(1).max(200).optional(),
  consensus: z.boolean().optional(),
  allCoders: z.boolean().optional(),
  codes: z.array(z.string().min(1).max(2000)).max(500).optional(),
  where: z.array(z.object({ attribute: z.string().min(1).max(200), value: z.string().max(2000) }).strict()).max(100).optional(),
};
const columns = z.array(z.string().trim().min(1).max(200)).min(1).max(2);
const measure = z.enum(['segments', 'documents', 'percent']);
const mode = z.enum(['overlap', 'turn']);
const limit = z.number().int().positive().max(5000).optional();

export const exchangeMethods = {
  'analysis.matrix': read<MatrixResult>()(z.object({ ...selection, columns }).strict()),
  'analysis.matrixCell': read<{ total: number; quotes: Quote[] }>()(
    z.object({ ...selection, columns, codeId: id, columnValues: z.array(z.string().max(2000)).min(1).max(2), withChildren: z.boolean(), limit }).strict(),
  ),
  'analysis.matrixExport': read<DownloadFile>()(
    z.object({ ...selection, columns, measure, withChildren: z.boolean(), format: z.enum(['csv', 'xlsx']) }).strict(),
  ),
  'analysis.cooccurrence': read<CooccurrenceResult>()(z.object({ ...selection, mode }).strict()),
  'analysis.cooccurrenceCell': read<{ total: number; quotes: Quote[] }>()(z.object({ ...selection, mode, codeA: id, codeB: id, limit }).strict()),
  'analysis.report': read<DownloadFile>()(
    z
      .object({
        ...selection,
        reportCodes: z.array(z.string().min(1).max(2000)).min(1).max(200),
        groupBy: z.array(z.string().trim().min(1).max(200)).min(1).max(2),
        quotesPerGroup: z.number().int().positive().max(50).optional(),
        format: z.enum(['html', 'docx']),
      })
      .strict(),
  ),
  'exchange.export': read<DownloadFile>()(
    z
      .object({
        ...selection,
        format: z.enum(['csv', 'xlsx', 'json', 'qdpx']),
        context: z.union([z.object({ kind: z.literal('turn') }).strict(), z.object({ kind: z.literal('chars'), n: z.number().int().nonnegative().max(100000) }).strict()]).optional(),
        safe: z.boolean().optional(),
        crlf: z.boolean().optional(),
      })
      .strict(),
  ),
  'exchange.importQdpx': write<QdpxImportReport>()(
    z
      .object({
        fileName: z.string().min(1).max(500),
        /** the .qdpx bytes, base64 */
        base64: z.string().min(1).max(90_000_000),
        allowLossy: z.boolean().optional(),
        dryRun: z.boolean().optional(),
      })
      .strict(),
  ),
} as const;
