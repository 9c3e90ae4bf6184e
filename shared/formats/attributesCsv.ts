// The attributes CSV: one row per document, the document's name in the first
// column, then one column per attribute. `weft attributes export` writes it
// and `weft attributes import` reads it; an empty cell means "no value".
import { parseCsv, toCsv, CsvError } from './csv.js';

export const DOCUMENT_COLUMN = 'document';

export interface AttributesCsvRow {
  /** 1-based line in the file (the header is line 1) */
  line: number;
  document: string;
  /** attribute column → cell */
  cells: Record<string, string>;
}

export interface AttributesCsv {
  /** the attribute columns, in file order */
  columns: string[];
  rows: AttributesCsvRow[];
}

export function writeAttributesCsv(attributes: readonly string[], rows: ReadonlyArray<{ document: string; values: Record<string, string> }>): string {
  return toCsv([DOCUMENT_COLUMN, ...attributes], rows.map((r) => [r.document, ...attributes.map((a) => r.values[a] ?? '')]));
}

/** Parse an attributes CSV; throws CsvError naming the row or column. */
export function readAttributesCsv(text: string, source: string): AttributesCsv {
  const table = parseCsv(text, source);
  const [first, ...columns] = table.header;
  if (first === undefined || first === '') throw new CsvError(`${source}: header: the first column must name the documents (call it "${DOCUMENT_COLUMN}")`);
  columns.forEach((c, i) => {
    if (c === '') throw new CsvError(`${source}: header: column ${i + 2} has no name`);
  });
  const seen = new Map<string, number>();
  const rows = table.rows.map((r) => {
    const document = (r.cells[first] ?? '').trim();
    if (document === '') throw new CsvError(`${source}: row ${r.line}: the document name (column "${first}") is empty`);
    const earlier = seen.get(document);
    if (earlier !== undefined) throw new CsvError(`${source}: row ${r.line}: document "${document}" is already on row ${earlier}`);
    seen.set(document, r.line);
    const cells: Record<string, string> = {};
    for (const c of columns) cells[c] = r.cells[c] ?? '';
    return { line: r.line, document, cells };
  });
  return { columns, rows };
}
