// A minimal SpreadsheetML (.xlsx) writer for large tables: text as inline
// strings, numbers as numbers, a bold frozen header row with a filter, and
// column widths. Nothing is ever written as a formula. It exists for speed:
// 30,000 segments with every attribute take well under a second here, where
// a general workbook library needs several (exceljs still writes the small
// matrix workbook, and the tests read these files back with it).
import { zipEntries } from './zipWriter.js';

export interface XlsxSheet {
  name: string;
  header: string[];
  rows: ReadonlyArray<ReadonlyArray<string | number>>;
  /** column widths in characters */
  widths?: number[];
}

/** Excel refuses longer cell text. */
export const MAX_CELL_TEXT = 32767;
const TRUNCATED = '… [truncated: the CSV and JSON exports have the full text]';

// XML 1.0 cannot carry most C0 controls, lone surrogates, U+FFFE or U+FFFF
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const xml = (s: string) => s.replace(NOT_XML, '\ufffd').replace(/[&<>"]/g, (c) => ESC[c]!);

export function columnName(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

function cell(ref: string, value: string | number, style: number): string {
  const s = style ? ` s="${style}"` : '';
  if (typeof value === 'number' && Number.isFinite(value)) return `<c r="${ref}"${s}><v>${value}</v></c>`;
  let text = String(value);
  if (text === '') return '';
  if (text.length > MAX_CELL_TEXT) text = text.slice(0, MAX_CELL_TEXT - TRUNCATED.length) + TRUNCATED;
  return `<c r="${ref}"${s} t="inlineStr"><is><t xml:space="preserve">${xml(text)}</t></is></c>`;
}

function sheetXml(sheet: XlsxSheet): string {
  const cols = sheet.header.length;
  const last = columnName(Math.max(0, cols - 1));
  const letters = sheet.header.map((_, i) => columnName(i));
  const parts: string[] = [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">',
    `<dimension ref="A1:${last}${sheet.rows.length + 1}"/>`,
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>',
  ];
  if (sheet.widths?.length) {
    parts.push('<cols>');
    sheet.header.forEach((h, i) => {
      const w = sheet.widths![i] ?? Math.min(60, Math.max(10, h.length + 2));
      parts.push(`<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`);
    });
    parts.push('</cols>');
  }
  parts.push('<sheetData>');
  parts.push(`<row r="1">${sheet.header.map((h, i) => cell(`${letters[i]}1`, h, 1)).join('')}</row>`);
  sheet.rows.forEach((r, y) => {
    const n = y + 2;
    let row = `<row r="${n}">`;
    for (let x = 0; x < r.length; x++) row += cell(`${letters[x] ?? columnName(x)}${n}`, r[x]!, 0);
    parts.push(row + '</row>');
  });
  parts.push('</sheetData>');
  if (cols > 0) parts.push(`<autoFilter ref="A1:${last}${sheet.rows.length + 1}"/>`);
  parts.push('</worksheet>');
  return parts.join('');
}

const STYLES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>';

/** Sheet names: at most 31 characters, none of : \ / ? * [ ], unique. */
function sheetNames(names: string[]): string[] {
  const used = new Set<string>();
  return names.map((n) => {
    let base = n.replace(/[:\\/?*[\]]/g, '_').slice(0, 31) || 'Sheet';
    for (let i = 2; used.has(base.toLowerCase()); i++) base = `${base.slice(0, 28)} ${i}`;
    used.add(base.toLowerCase());
    return base;
  });
}

export function writeXlsx(sheets: XlsxSheet[], creator = 'Weft'): Uint8Array {
  const names = sheetNames(sheets.map((s) => s.name));
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const u8 = (s: string) => Buffer.from(s, 'utf8');
  const entries = [
    {
      name: '[Content_Types].xml',
      data: u8(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
          sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('') +
          '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
          '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>',
      ),
    },
    {
      name: '_rels/.rels',
      data: u8(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
          '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
          '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>',
      ),
    },
    {
      name: 'docProps/core.xml',
      data: u8(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
          `<dc:creator>${xml(creator)}</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">${now}</dcterms:created></cp:coreProperties>`,
      ),
    },
    {
      name: 'xl/workbook.xml',
      data: u8(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>' +
          names.map((n, i) => `<sheet name="${xml(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
          '</sheets><definedNames>' +
          sheets
            .map((s, i) => `<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">'${xml(names[i]!.replace(/'/g, "''"))}'!$A$1:$${columnName(Math.max(0, s.header.length - 1))}$${s.rows.length + 1}</definedName>`)
            .join('') +
          '</definedNames></workbook>',
      ),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: u8(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
          sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('') +
          `<Relationship Id="rId${sheets.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
      ),
    },
    { name: 'xl/styles.xml', data: u8(STYLES) },
    ...sheets.map((s, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml`, data: u8(sheetXml(s)) })),
  ];
  return zipEntries(entries, 1);
}
