// The long "segments" CSV: one row per coding. `weft export` writes it and
// `weft codings import` reads it. Offsets are code points, end exclusive.
export const SEGMENT_COLUMNS = [
  'segment_id', 'document_id', 'document', 'code_id', 'code_path', 'coder', 'start', 'end', 'text', 'memo',
] as const;

export interface SegmentCsvRecord {
  line: number;
  segmentId: string;
  documentId: string;
  document: string;
  codePath: string;
  coder: string;
  start: number;
  end: number;
  /** null when the column is absent or the cell is empty */
  text: string | null;
  memo: string;
}

function whole(value: string | undefined, field: string, line: number, source: string): number {
  const v = (value ?? '').trim();
  if (!/^\d+$/.test(v)) throw new Error(`${source}: row ${line}: ${field} "${value ?? ''}" is not a whole number`);
  return Number(v);
}

/** Read and check the fields of one parsed row. */
export function readSegmentRow(cells: Record<string, string>, line: number, source: string): SegmentCsvRecord {
  const codePath = (cells.code_path ?? '').trim();
  if (!codePath) throw new Error(`${source}: row ${line}: code_path is empty`);
  const documentId = (cells.document_id ?? '').trim();
  const document = cells.document ?? '';
  if (!documentId && !document.trim()) throw new Error(`${source}: row ${line}: neither document_id nor document is given`);
  const coder = (cells.coder ?? '').trim();
  if (!coder) throw new Error(`${source}: row ${line}: coder is empty`);
  const start = whole(cells.start, 'start', line, source);
  const end = whole(cells.end, 'end', line, source);
  if (end <= start) throw new Error(`${source}: row ${line}: end ${end} must be greater than start ${start}`);
  return {
    line,
    segmentId: (cells.segment_id ?? '').trim(),
    documentId,
    document,
    codePath,
    coder,
    start,
    end,
    text: cells.text === undefined || cells.text === '' ? null : cells.text,
    memo: cells.memo ?? '',
  };
}

export function requireSegmentColumns(header: readonly string[], source: string): void {
  for (const col of ['code_path', 'coder', 'start', 'end']) {
    if (!header.includes(col)) throw new Error(`${source}: header: required column "${col}" is missing`);
  }
  if (!header.includes('document_id') && !header.includes('document')) {
    throw new Error(`${source}: header: a "document_id" or "document" column is needed`);
  }
}
