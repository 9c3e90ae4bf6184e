// The triangulation matrix and code co-occurrence on a selection of codings,
// with the quotes behind each cell, and the matrix as CSV or XLSX.
import ExcelJS from 'exceljs';
import type { Project } from './project.js';
import { selectCodings, type SegmentSelection, type Selection } from './segmentSelection.js';
import { ExchangeStore } from '../store/exchange.js';
import { buildCooccurrence, buildMatrix, cellValue, columnKey, cooccurrenceHits, NO_VALUE, type CooccurrenceMode, type Matrix, type MatrixMeasure } from '../../shared/analysis/matrix.js';
import { speakerTurns, type Turn } from '../../shared/analysis/turns.js';
import { OffsetIndex } from '../../shared/offsets.js';
import { toCsv } from '../../shared/formats/csv.js';
import { neutraliseCell } from '../../shared/formats/spreadsheetSafety.js';
import type { CooccurrenceResult, MatrixResult, Quote } from '../../shared/api/methods/exchange.js';
import { WeftError } from '../errors.js';

function checkColumns(sel: Selection, columns: string[]): string[] {
  if (columns.length < 1 || columns.length > 2) throw new WeftError(`--cols: give one attribute or two, separated by a comma (got ${columns.length})`);
  return columns.map((c) => {
    const def = sel.attributes.find((a) => a.name.toLowerCase() === c.trim().toLowerCase());
    if (!def) throw new WeftError(`--cols: no attribute "${c}" (attributes: ${sel.attributes.map((a) => a.name).join(', ') || 'none'})`);
    return def.name;
  });
}

export function computeMatrix(project: Project, options: SegmentSelection & { columns: string[] }): MatrixResult {
  const sel = selectCodings(project, { ...options, withText: false });
  const attributes = checkColumns(sel, options.columns);
  const m = buildMatrix({
    codes: sel.codes.filter((c) => sel.codeIds.has(c.id)).map((c) => ({ ...c, parentId: c.parentId !== null && sel.codeIds.has(c.parentId) ? c.parentId : null })),
    documents: sel.documents,
    codings: sel.codings,
    attributes,
    valueOrder: Object.fromEntries(sel.attributes.map((a) => [a.name, a.values])),
  });
  return { ...m, layer: sel.layer.label, filters: sel.description };
}

function quotesOf(project: Project, sel: Selection, items: Array<{ codingId?: number; documentId: number; start: number; end: number; codeId?: number; coderId?: number }>, limit: number): { total: number; quotes: Quote[] } {
  const docs = new Map(sel.documents.map((d) => [d.id, d]));
  const codes = new Map(sel.codes.map((c) => [c.id, c]));
  const texts = new ExchangeStore(project.db).documentTexts([...new Set(items.slice(0, limit).map((i) => i.documentId))]);
  const idx = new Map<number, OffsetIndex>();
  const quotes = items.slice(0, limit).map((i): Quote => {
    let x = idx.get(i.documentId);
    if (!x) idx.set(i.documentId, (x = new OffsetIndex(texts.get(i.documentId)!)));
    const d = docs.get(i.documentId)!;
    return {
      codingId: i.codingId ?? null,
      documentId: d.id,
      documentName: d.name,
      start: i.start,
      end: i.end,
      text: x.slice(i.start, i.end),
      codePath: i.codeId !== undefined ? (codes.get(i.codeId)?.path ?? '') : '',
      coder: i.coderId !== undefined ? (sel.coderNames.get(i.coderId) ?? '') : '',
      attributes: d.attributes,
    };
  });
  return { total: items.length, quotes };
}

/** The codings behind one cell; `columnValues` holds one value per column attribute. */
export function matrixCellQuotes(
  project: Project,
  options: SegmentSelection & { columns: string[]; codeId: number; columnValues: string[]; withChildren: boolean; limit?: number },
): { total: number; quotes: Quote[] } {
  const sel = selectCodings(project, { ...options, withText: false });
  const attributes = checkColumns(sel, options.columns);
  const key = columnKey(options.columnValues);
  const inColumn = new Set(sel.documents.filter((d) => columnKey(attributes.map((a) => d.attributes[a] || NO_VALUE)) === key).map((d) => d.id));
  const codeSet = new Set([options.codeId]);
  if (options.withChildren) {
    let grew = true;
    while (grew) {
      grew = false;
      for (const c of sel.codes) if (c.parentId !== null && codeSet.has(c.parentId) && !codeSet.has(c.id)) {
        codeSet.add(c.id);
        grew = true;
      }
    }
  }
  const items = sel.codings
    .filter((c) => inColumn.has(c.documentId) && codeSet.has(c.codeId))
    .map((c) => ({ codingId: c.id, documentId: c.documentId, start: c.start, end: c.end, codeId: c.codeId, coderId: c.coderId }));
  return quotesOf(project, sel, items, options.limit ?? 500);
}

export function matrixTable(m: Matrix, measure: MatrixMeasure, withChildren: boolean): { header: string[]; rows: Array<Array<string | number>> } {
  const header = ['code_path', ...m.columns.map((c) => c.label)];
  const rows: Array<Array<string | number>> = m.rows.map((r) => [r.path, ...m.columns.map((_, i) => cellValue(m, r, i, measure, withChildren && r.hasChildren))]);
  rows.push(['(documents in column)', ...m.columns.map((c) => c.documents)]);
  return { header, rows };
}

export function matrixCsv(m: Matrix, measure: MatrixMeasure, withChildren: boolean): string {
  const { header, rows } = matrixTable(m, measure, withChildren);
  return toCsv(header, rows);
}

export async function matrixXlsx(m: MatrixResult, measure: MatrixMeasure, withChildren: boolean): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Weft';
  const ws = wb.addWorksheet('Matrix', { views: [{ state: 'frozen', xSplit: 1, ySplit: m.attributes.length }] });
  // one header row per attribute, so nested columns read as groups
  m.attributes.forEach((a, level) => {
    ws.addRow([neutraliseCell(level === m.attributes.length - 1 ? `code \\ ${m.attributes.join(' × ')}` : ''), ...m.columns.map((c) => neutraliseCell(c.values[level]!))]).font = { bold: true };
  });
  const max = Math.max(1, ...m.rows.flatMap((r) => m.columns.map((_, i) => cellValue(m, r, i, measure, withChildren && r.hasChildren))));
  for (const r of m.rows) {
    const values = m.columns.map((_, i) => cellValue(m, r, i, measure, withChildren && r.hasChildren));
    const row = ws.addRow([neutraliseCell(`${'  '.repeat(r.depth)}${r.name}`), ...values]);
    values.forEach((v, i) => {
      // the same shading as the view: darker blue for higher values
      const t = v / max;
      const shade = Math.round(255 - t * 150).toString(16).padStart(2, '0');
      row.getCell(i + 2).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${shade}${shade}FF` } };
    });
  }
  ws.addRow(['(documents in column)', ...m.columns.map((c) => c.documents)]).font = { italic: true };
  ws.addRow([]);
  ws.addRow([neutraliseCell(`measure: ${measure}${withChildren ? ' (parent codes include their children)' : ''}; ${m.filters}`)]);
  ws.getColumn(1).width = 48;
  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf as ArrayBuffer);
}

// ---- co-occurrence

function turnsFor(sel: Selection, project: Project): Map<number, Turn[]> {
  const texts = new ExchangeStore(project.db).documentTexts(sel.documents.map((d) => d.id));
  return new Map([...texts].map(([id, text]) => [id, speakerTurns(text)]));
}

export function computeCooccurrence(project: Project, options: SegmentSelection & { mode: CooccurrenceMode }): CooccurrenceResult {
  const sel = selectCodings(project, { ...options, withText: false });
  const turns = options.mode === 'turn' ? turnsFor(sel, project) : undefined;
  const order = sel.codes.map((c) => c.id);
  const co = buildCooccurrence(sel.codings, order, options.mode, turns);
  const byId = new Map(sel.codes.map((c) => [c.id, c]));
  return {
    mode: co.mode,
    codes: co.codeIds.map((id) => ({ id, path: byId.get(id)!.path, color: byId.get(id)!.color })),
    counts: co.counts,
    layer: sel.layer.label,
    filters: sel.description,
  };
}

export function cooccurrenceQuotes(
  project: Project,
  options: SegmentSelection & { mode: CooccurrenceMode; codeA: number; codeB: number; limit?: number },
): { total: number; quotes: Quote[] } {
  const sel = selectCodings(project, { ...options, withText: false });
  const turns = options.mode === 'turn' ? turnsFor(sel, project) : undefined;
  const hits = cooccurrenceHits(sel.codings, options.codeA, options.codeB, options.mode, turns);
  return quotesOf(project, sel, hits.map((h) => ({ documentId: h.documentId, start: h.start, end: h.end, codingId: h.codingIds.length === 1 ? h.codingIds[0] : undefined })), options.limit ?? 500);
}
