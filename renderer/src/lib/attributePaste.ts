// Pasting a block copied from a spreadsheet into the attributes table. The
// clipboard holds tab-separated values (Excel, LibreOffice and Google Sheets
// quote a cell that holds a tab, a line break or a quote). The block lands:
//   - by header, when its first row names attributes ("document, country, …");
//   - by document name, when it is pasted on the Document column (its first
//     column names the documents, the rest fill the attributes in order);
//   - else by position, from the chosen cell down and to the right.
// Every value is checked against its attribute's type first: one bad value
// refuses the whole paste, naming the row and the column.
import { checkAttributeValue } from '../../../shared/attributeValues';
import type { AttributeDef } from '../../../shared/types';

export interface PasteRow {
  id: number;
  name: string;
}

export interface PasteChange {
  documentId: number;
  attributeId: number;
  value: string;
}

export type PastePlan = { ok: true; changes: PasteChange[]; rows: number; columns: number } | { ok: false; message: string };

/** Tab-separated text → rows of cells, with spreadsheet quoting. */
export function parseTsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  const t = text.replace(/\r\n?/g, '\n');
  let atCellStart = true;
  while (i < t.length) {
    const c = t[i]!;
    if (atCellStart && c === '"') {
      // a quoted cell: "" is a quote, the cell ends at the closing quote
      i++;
      while (i < t.length) {
        if (t[i] === '"' && t[i + 1] === '"') {
          cell += '"';
          i += 2;
        } else if (t[i] === '"') {
          i++;
          break;
        } else cell += t[i++];
      }
      atCellStart = false;
      continue;
    }
    if (c === '\t') {
      row.push(cell);
      cell = '';
      atCellStart = true;
    } else if (c === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      atCellStart = true;
    } else {
      cell += c;
      atCellStart = false;
    }
    i++;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

export function planPaste(text: string, rows: readonly PasteRow[], attributes: readonly AttributeDef[], anchor: { row: number; col: number }): PastePlan {
  const block = parseTsv(text);
  if (block.length === 0 || block.every((r) => r.every((c) => c === ''))) return { ok: false, message: 'The clipboard holds no cells to paste.' };
  const width = Math.max(...block.map((r) => r.length));

  // by header
  const header = block[0]!;
  const headerAttrs = header.map((h) => attributes.find((a) => same(a.name, h)) ?? null);
  const headerHasNames = headerAttrs.some(Boolean) && header.every((h, i) => h.trim() === '' || headerAttrs[i] || (i === 0 && /^(document|name|file)s?$/i.test(h.trim())));
  let byName = anchor.col === 0;
  let columnAttrs: Array<AttributeDef | null>;
  let body = block;
  if (headerHasNames) {
    body = block.slice(1);
    byName = !headerAttrs[0];
    columnAttrs = headerAttrs;
    if (byName) columnAttrs = [null, ...headerAttrs.slice(1)];
  } else if (byName) {
    if (width - 1 > attributes.length) return { ok: false, message: `The pasted block has ${width - 1} value columns, but the table has only ${attributes.length} attributes.` };
    columnAttrs = [null, ...attributes.slice(0, width - 1)];
  } else {
    const first = anchor.col - 1;
    if (first + width > attributes.length) {
      return { ok: false, message: `The pasted block is ${width} columns wide, but only ${attributes.length - first} attribute columns start at the chosen cell.` };
    }
    columnAttrs = attributes.slice(first, first + width);
  }

  let targets: PasteRow[];
  if (byName) {
    targets = [];
    for (const [i, r] of body.entries()) {
      const name = (r[0] ?? '').trim();
      const doc = rows.find((d) => d.name === name) ?? rows.find((d) => same(d.name, name));
      if (!doc) return { ok: false, message: `Row ${i + 1} of the pasted block: no document named "${name}" in the table.` };
      targets.push(doc);
    }
  } else {
    if (anchor.row + body.length > rows.length) {
      return { ok: false, message: `The pasted block has ${body.length} rows, but only ${rows.length - anchor.row} documents are at and below the chosen cell.` };
    }
    targets = rows.slice(anchor.row, anchor.row + body.length);
  }

  const changes: PasteChange[] = [];
  for (const [i, r] of body.entries()) {
    const doc = targets[i]!;
    for (const [j, attr] of columnAttrs.entries()) {
      if (!attr) continue;
      const check = checkAttributeValue(attr, r[j] ?? '');
      if (!check.ok) return { ok: false, message: `Row ${i + 1} (document "${doc.name}"), column ${attr.name}: ${check.message}. Nothing was pasted.` };
      changes.push({ documentId: doc.id, attributeId: attr.id, value: check.value });
    }
  }
  return { ok: true, changes, rows: body.length, columns: columnAttrs.filter(Boolean).length };
}

/** Cells → tab-separated text for the clipboard, quoting where a spreadsheet would. */
export function toTsv(rows: ReadonlyArray<ReadonlyArray<string>>): string {
  const quote = (c: string) => (/[\t\n"]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
  return rows.map((r) => r.map(quote).join('\t')).join('\n');
}
