// Segment exports for triangulation: the long CSV (one row per coding, every
// document attribute as a column), a workbook (segments, codebook, documents,
// summary counts) and JSON, on a layer with code and attribute filters, with
// optional context around each segment.
//
// Spreadsheet safety: XLSX cells are written as text or numbers, never as
// formulas, and text that begins with = + - @ is neutralised with a leading apostrophe. The CSV is
// exact by default (it round-trips through `weft codings import`); `--safe`
// writes the neutralised variant for opening in a spreadsheet.
import type { Project } from './project.js';
import { selectCodings, type SegmentSelection, type Selection } from './segmentSelection.js';
import { writeFileAtomic } from './qdpxExport.js';
import { writeXlsx, type XlsxSheet } from './xlsxWriter.js';
import { toCsv } from '../../shared/formats/csv.js';
import { SEGMENT_COLUMNS } from '../../shared/formats/segmentsCsv.js';
import { neutraliseCell } from '../../shared/formats/spreadsheetSafety.js';
import { OffsetIndex } from '../../shared/offsets.js';
import { speakerTurns, turnSpan, type Turn } from '../../shared/analysis/turns.js';
import { auditExport } from './audit.js';

export type ContextOption = { kind: 'turn' } | { kind: 'chars'; n: number };

export interface SegmentExportOptions extends SegmentSelection {
  context?: ContextOption;
  /** neutralise formula-like cells in the CSV too */
  safe?: boolean;
  /** rows built, every PROGRESS_ROWS rows; the file counts as one more step */
  onProgress?: (done: number, total: number, message?: string) => void;
}

const PROGRESS_ROWS = 500;

export interface ExportSegment {
  guid: string;
  documentId: number;
  documentGuid: string;
  document: string;
  codeId: number;
  codeGuid: string;
  codePath: string;
  coder: string;
  start: number;
  end: number;
  text: string;
  memo: string;
  createdAt: string;
  attributes: Record<string, string>;
  context?: { start: number; end: number; before: string; after: string };
}

export interface SegmentTable {
  selection: Selection;
  segments: ExportSegment[];
}

/** Parse `--context turn` or `--context N`. */
export function parseContext(value: string | undefined): ContextOption | undefined {
  if (value === undefined) return undefined;
  if (value.trim().toLowerCase() === 'turn') return { kind: 'turn' };
  if (/^\d+$/.test(value.trim())) return { kind: 'chars', n: Number(value.trim()) };
  throw new Error(`--context "${value}": use "turn" or a number of characters`);
}

export function segmentTable(project: Project, options: SegmentExportOptions): SegmentTable {
  const selection = selectCodings(project, { ...options, withText: true });
  const docs = new Map(selection.documents.map((d) => [d.id, d]));
  const codes = new Map(selection.codes.map((c) => [c.id, c]));
  const indexes = new Map<number, OffsetIndex>();
  const turns = new Map<number, Turn[]>();
  // one step per row, and one for writing the file (exportSegments reports it)
  const steps = selection.codings.length + 1;
  const segments = selection.codings.map((c, i): ExportSegment => {
    if (i > 0 && i % PROGRESS_ROWS === 0) options.onProgress?.(i, steps, `${i} of ${selection.codings.length} segments`);
    const doc = docs.get(c.documentId)!;
    let idx = indexes.get(doc.id);
    if (!idx) indexes.set(doc.id, (idx = new OffsetIndex(doc.text)));
    const code = codes.get(c.codeId)!;
    const seg: ExportSegment = {
      guid: c.guid,
      documentId: doc.id,
      documentGuid: doc.guid,
      document: doc.name,
      codeId: code.id,
      codeGuid: code.guid,
      codePath: code.path,
      coder: selection.coderNames.get(c.coderId) ?? '',
      start: c.start,
      end: c.end,
      text: idx.slice(c.start, c.end),
      memo: c.memo,
      createdAt: c.createdAt,
      attributes: doc.attributes,
    };
    if (options.context) {
      let span: { start: number; end: number };
      if (options.context.kind === 'chars') {
        span = { start: Math.max(0, c.start - options.context.n), end: Math.min(idx.codePointLength, c.end + options.context.n) };
      } else {
        let t = turns.get(doc.id);
        if (!t) turns.set(doc.id, (t = speakerTurns(doc.text)));
        span = turnSpan(t, c.start, c.end);
      }
      seg.context = { ...span, before: idx.slice(span.start, c.start), after: idx.slice(c.end, span.end) };
    }
    return seg;
  });
  return { selection, segments };
}

const CONTEXT_COLUMNS = ['context_start', 'context_end', 'context_before', 'context_after'] as const;

function rowsOf(t: SegmentTable, withContext: boolean): { header: string[]; rows: Array<Array<string | number>> } {
  const attrs = t.selection.attributes;
  const header = [...SEGMENT_COLUMNS, ...(withContext ? CONTEXT_COLUMNS : []), ...attrs.map((a) => a.name)];
  const rows = t.segments.map((s) => [
    s.guid, s.documentGuid, s.document, s.codeGuid, s.codePath, s.coder, s.start, s.end, s.text, s.memo,
    ...(withContext ? [s.context?.start ?? '', s.context?.end ?? '', s.context?.before ?? '', s.context?.after ?? ''] : []),
    ...attrs.map((a) => s.attributes[a.name] ?? ''),
  ]);
  return { header, rows };
}

export function segmentsCsvText(t: SegmentTable, options: { context?: boolean; safe?: boolean } = {}): string {
  const { header, rows } = rowsOf(t, options.context === true);
  const safe = options.safe ? rows.map((r) => r.map((c) => (typeof c === 'string' ? neutraliseCell(c) : c))) : rows;
  return toCsv(options.safe ? header.map(neutraliseCell) : header, safe);
}

export function segmentsJson(t: SegmentTable): unknown {
  return {
    format: 'weft-segments',
    formatVersion: 1,
    offsets: 'unicode-code-points-end-exclusive',
    layer: t.selection.layer.label,
    filters: t.selection.description,
    attributes: t.selection.attributes.map((a) => ({ name: a.name, type: a.type })),
    segments: t.segments.map((s) => ({
      id: s.guid,
      documentId: s.documentGuid,
      document: s.document,
      codeId: s.codeGuid,
      codePath: s.codePath,
      coder: s.coder,
      start: s.start,
      end: s.end,
      text: s.text,
      memo: s.memo,
      createdAt: s.createdAt,
      attributes: s.attributes,
      ...(s.context ? { context: s.context } : {}),
    })),
  };
}

/** Text cells neutralised, numbers kept as numbers. */
const safeRows = (rows: Array<Array<string | number>>) => rows.map((r) => r.map((c) => (typeof c === 'number' ? c : neutraliseCell(c))));

/** The workbook: Segments, Codebook, Documents and Summary sheets. */
export function segmentsXlsx(t: SegmentTable, options: { context?: boolean } = {}): Uint8Array {
  const sheets: XlsxSheet[] = [];
  const addSheet = (name: string, header: string[], rows: Array<Array<string | number>>, widths: number[] = []) =>
    sheets.push({ name, header: header.map(neutraliseCell), rows: safeRows(rows), widths: header.map((h, i) => widths[i] ?? Math.min(60, Math.max(10, h.length + 2))) });
  const { header, rows } = rowsOf(t, options.context === true);
  addSheet('Segments', header, rows, header.map((h) => (h === 'text' || h.startsWith('context_b') || h.startsWith('context_a') ? 60 : h.endsWith('_id') ? 38 : 18)));

  const sel = t.selection;
  const segCount = new Map<number, number>();
  const docSets = new Map<number, Set<number>>();
  for (const s of t.segments) {
    segCount.set(s.codeId, (segCount.get(s.codeId) ?? 0) + 1);
    let set = docSets.get(s.codeId);
    if (!set) docSets.set(s.codeId, (set = new Set()));
    set.add(s.documentId);
  }
  const codebookHeader = ['code_id', 'code_path', 'level', 'codable', 'color', 'short_definition', 'definition', 'inclusion', 'exclusion', 'example', 'atypical_example', 'memo', 'segments', 'documents'];
  const codebookRows = sel.codes
    .filter((c) => sel.codeIds.has(c.id))
    .map((c) => [
      c.guid, c.path, c.path.split(' > ').length, c.codable ? 'yes' : 'no', c.color, c.shortDefinition, c.definition, c.inclusion,
      c.exclusion, c.example, c.atypicalExample, c.memo, segCount.get(c.id) ?? 0, docSets.get(c.id)?.size ?? 0,
    ]);
  addSheet('Codebook', codebookHeader, codebookRows, [38, 40, 6, 8, 9, 30, 50, 40, 40, 40, 40, 30, 10, 10]);

  const perDoc = new Map<number, { n: number; coders: Set<string> }>();
  for (const s of t.segments) {
    let e = perDoc.get(s.documentId);
    if (!e) perDoc.set(s.documentId, (e = { n: 0, coders: new Set() }));
    e.n++;
    e.coders.add(s.coder);
  }
  const docHeader = ['document_id', 'document', 'length', 'status', 'segments', 'coders', ...sel.attributes.map((a) => a.name)];
  const docRows = sel.documents.map((d) => [
    d.guid, d.name, d.length, d.status, perDoc.get(d.id)?.n ?? 0, [...(perDoc.get(d.id)?.coders ?? [])].sort().join('; '),
    ...sel.attributes.map((a) => d.attributes[a.name] ?? ''),
  ]);
  addSheet('Documents', docHeader, docRows, [38, 30]);

  // summary: totals, then segments per code for each value of each category attribute
  const categories = sel.attributes.filter((a) => a.type === 'category');
  const columns: Array<{ attr: string; value: string }> = [];
  for (const a of categories) {
    const used = new Set(sel.documents.map((d) => d.attributes[a.name]).filter((v): v is string => Boolean(v)));
    for (const v of [...a.values.filter((x) => used.has(x)), ...[...used].filter((x) => !a.values.includes(x)).sort()]) columns.push({ attr: a.name, value: v });
  }
  const counts = new Map<string, number>();
  for (const s of t.segments) for (const c of columns) if (s.attributes[c.attr] === c.value) counts.set(`${s.codeId}:${c.attr}:${c.value}`, (counts.get(`${s.codeId}:${c.attr}:${c.value}`) ?? 0) + 1);
  const summaryHeader = ['code_path', 'segments', 'documents', ...columns.map((c) => `${c.attr}: ${c.value}`)];
  const summaryRows: Array<Array<string | number>> = [
    ['(layer and filters)', sel.description, ''],
    ['(all codes)', t.segments.length, new Set(t.segments.map((s) => s.documentId)).size, ...columns.map((c) => t.segments.filter((s) => s.attributes[c.attr] === c.value).length)],
    ...sel.codes
      .filter((c) => sel.codeIds.has(c.id) && (segCount.get(c.id) ?? 0) > 0)
      .map((c) => [c.path, segCount.get(c.id) ?? 0, docSets.get(c.id)?.size ?? 0, ...columns.map((col) => counts.get(`${c.id}:${col.attr}:${col.value}`) ?? 0)]),
  ];
  addSheet('Summary', summaryHeader, summaryRows, [40, 12, 12]);
  return writeXlsx(sheets);
}

export interface SegmentExportResult {
  format: string;
  segments: number;
  layer: string;
  /** the layer and filters, readable */
  filters: string;
  bytes: number;
}

/** Write the segments in the format the file name asks for (.csv, .xlsx, .json). */
export async function exportSegments(project: Project, out: string, format: 'csv' | 'xlsx' | 'json', options: SegmentExportOptions): Promise<SegmentExportResult> {
  const table = segmentTable(project, options);
  const rows = table.segments.length;
  options.onProgress?.(rows, rows + 1, `writing ${format}`);
  const context = options.context !== undefined;
  const content =
    format === 'xlsx'
      ? segmentsXlsx(table, { context })
      : format === 'csv'
        ? segmentsCsvText(table, { context, safe: options.safe })
        : JSON.stringify(segmentsJson(table), null, 2) + '\n';
  writeFileAtomic(out, content);
  options.onProgress?.(rows + 1, rows + 1);
  auditExport(project, out, { format, rows: table.segments.length, bytes: Buffer.byteLength(content), layer: table.selection.layer.label });
  return { format, segments: table.segments.length, layer: table.selection.layer.label, filters: table.selection.description, bytes: Buffer.byteLength(content) };
}
