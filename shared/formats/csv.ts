// RFC 4180 CSV on strings, with papaparse doing the parsing.
import Papa from 'papaparse';

export interface CsvTable {
  header: string[];
  /** each row with its 1-based line number in the file (header is line 1) */
  rows: Array<{ line: number; cells: Record<string, string> }>;
}

export class CsvError extends Error {}

/** Parse a CSV with a header row. Throws CsvError naming the row on malformed input. */
export function parseCsv(text: string, source = 'CSV'): CsvTable {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // the delimiter is always a comma: guessing picks "|" or ";" from cell text, or fails on one column
  const result = Papa.parse<string[]>(body, { header: false, skipEmptyLines: false, delimiter: ',' });
  const error = result.errors[0];
  if (error) {
    const row = error.row !== undefined ? `row ${error.row + 1}: ` : '';
    throw new CsvError(`${source}: ${row}${error.message}`);
  }
  const data = result.data;
  // a trailing newline yields one empty last record
  while (data.length && data[data.length - 1]!.length === 1 && data[data.length - 1]![0] === '') data.pop();
  if (data.length === 0) throw new CsvError(`${source}: the file is empty (a header row is needed)`);
  const header = data[0]!.map((h) => h.trim());
  const seen = new Set<string>();
  for (const h of header) {
    if (seen.has(h)) throw new CsvError(`${source}: header: column "${h}" appears twice`);
    seen.add(h);
  }
  const rows = data.slice(1).map((cells, i) => {
    const line = i + 2;
    if (cells.length !== header.length) {
      throw new CsvError(`${source}: row ${line}: has ${cells.length} fields, the header has ${header.length}`);
    }
    const rec: Record<string, string> = {};
    header.forEach((h, j) => (rec[h] = cells[j]!));
    return { line, cells: rec };
  });
  return { header, rows };
}

function quote(value: string): string {
  return /[",\r\n]/.test(value) || /^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Serialise rows to RFC 4180 CSV with CRLF record separators. */
export function toCsv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null | undefined>>): string {
  const line = (cells: ReadonlyArray<string | number | null | undefined>) =>
    cells.map((c) => quote(c === null || c === undefined ? '' : String(c))).join(',');
  return [line(header), ...rows.map(line)].join('\r\n') + '\r\n';
}
