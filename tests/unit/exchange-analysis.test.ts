// The pure pieces behind exports and analysis: spreadsheet safety, the XLSX
// writer's cells, speaker turns, the matrix and co-occurrence counts.
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { isFormulaLike, neutraliseCell } from '../../shared/formats/spreadsheetSafety.js';
import { columnName, MAX_CELL_TEXT, writeXlsx } from '../../electron/services/xlsxWriter.js';
import { speakerTurns, turnSpan } from '../../shared/analysis/turns.js';
import { buildCooccurrence, buildMatrix, cellValue, cooccurrenceHits, NO_VALUE } from '../../shared/analysis/matrix.js';

describe('spreadsheet safety', () => {
  it('neutralises every cell a spreadsheet would read as a formula, and nothing else', () => {
    for (const v of ['=1+1', '+256 700', '-Two', '@SUM(A1)', '\tx', '\rx']) expect(neutraliseCell(v)).toBe(`'${v}`);
    for (const v of ['', 'plain', ' =not at start', '1-2', "'quoted"]) expect(neutraliseCell(v)).toBe(v);
    fc.assert(fc.property(fc.string(), (s) => !isFormulaLike(neutraliseCell(s)) && neutraliseCell(s).endsWith(s)));
  });
});

describe('the XLSX writer', () => {
  it('names columns like a spreadsheet', () => {
    expect([0, 25, 26, 51, 52, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA']);
  });

  it('writes text and numbers that exceljs reads back, never formulas, and cuts text Excel cannot hold', async () => {
    const long = 'x'.repeat(MAX_CELL_TEXT + 10);
    const bytes = writeXlsx([
      { name: 'A sheet: with [odd] name', header: ['text', 'n'], rows: [["'=1+1", 3], ['Thai ไม่ & <b> 😀\nline', 4.5], [long, 0], ['bad \u0001 char', -1]] },
      { name: 'Second', header: ['only'], rows: [] },
    ]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['A sheet_ with _odd_ name', 'Second']);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).values).toEqual([undefined, 'text', 'n']);
    expect(ws.getCell('A2').value).toBe("'=1+1");
    expect(ws.getCell('A2').type).toBe(ExcelJS.ValueType.String);
    expect(ws.getCell('A3').value).toBe('Thai ไม่ & <b> 😀\nline');
    expect(ws.getCell('B3').value).toBe(4.5);
    expect(String(ws.getCell('A4').value).length).toBe(MAX_CELL_TEXT);
    expect(String(ws.getCell('A4').value)).toMatch(/\[truncated/);
    expect(ws.getCell('A5').value).toBe('bad \ufffd char');
  });
});

describe('speaker turns', () => {
  it('runs a labelled turn over its unlabelled lines; without labels each paragraph is a turn', () => {
    const text = 'Interviewer: Why?\nR: Because 😀 of\nthe shame.\n\nInterviewer: And then?\nIt was late: we left.';
    const turns = speakerTurns(text);
    expect(turns.map((t) => [t.speaker, [...text].slice(t.start, t.end).join('')])).toEqual([
      ['Interviewer', 'Interviewer: Why?'],
      ['R', 'R: Because 😀 of\nthe shame.'],
      ['Interviewer', 'Interviewer: And then?\nIt was late: we left.'],
    ]);
    const start = [...text].join('').indexOf('shame');
    const cp = [...text.slice(0, start)].length;
    expect(turnSpan(turns, cp, cp + 5)).toEqual({ start: turns[1]!.start, end: turns[1]!.end });
    expect(speakerTurns('one paragraph\n\nanother').map((t) => t.speaker)).toEqual([null, null]);
  });
});

describe('matrix and co-occurrence', () => {
  const codes = [
    { id: 1, parentId: null, name: 'A', path: 'A', color: '#000000', sortOrder: 1 },
    { id: 2, parentId: 1, name: 'A1', path: 'A > A1', color: '#000000', sortOrder: 1 },
    { id: 3, parentId: 1, name: 'A2', path: 'A > A2', color: '#000000', sortOrder: 2 },
    { id: 4, parentId: null, name: 'B', path: 'B', color: '#000000', sortOrder: 2 },
  ];
  const documents: Array<{ id: number; attributes: Record<string, string> }> = [
    { id: 10, attributes: { country: 'Kenya', group: 'survivor' } },
    { id: 11, attributes: { country: 'Kenya', group: 'officer' } },
    { id: 12, attributes: { country: 'Uganda', group: 'survivor' } },
    { id: 13, attributes: { country: 'Uganda' } },
  ];
  const codings = [
    { id: 1, documentId: 10, codeId: 2, start: 0, end: 10 },
    { id: 2, documentId: 10, codeId: 3, start: 5, end: 15 },
    { id: 3, documentId: 10, codeId: 2, start: 20, end: 25 },
    { id: 4, documentId: 12, codeId: 4, start: 0, end: 4 },
    { id: 5, documentId: 13, codeId: 1, start: 0, end: 4 },
    { id: 6, documentId: 10, codeId: 4, start: 30, end: 40 },
  ];

  it('counts segments and documents per column, own and with subcodes, with nested columns in attribute order', () => {
    const m = buildMatrix({ codes, documents, codings, attributes: ['country', 'group'], valueOrder: { country: ['Uganda', 'Kenya'], group: ['survivor', 'officer'] } });
    expect(m.columns.map((c) => c.label)).toEqual(['Uganda · survivor', `Uganda · ${NO_VALUE}`, 'Kenya · survivor', 'Kenya · officer']);
    const a = m.rows.find((r) => r.path === 'A')!;
    const kenyaSurvivor = m.columns.findIndex((c) => c.label === 'Kenya · survivor');
    expect(cellValue(m, a, kenyaSurvivor, 'segments', false)).toBe(0);
    expect(cellValue(m, a, kenyaSurvivor, 'segments', true)).toBe(3);
    expect(cellValue(m, a, kenyaSurvivor, 'documents', true)).toBe(1);
    const a1 = m.rows.find((r) => r.path === 'A > A1')!;
    expect(cellValue(m, a1, kenyaSurvivor, 'segments', false)).toBe(2);
    const single = buildMatrix({ codes, documents, codings, attributes: ['country'] });
    const uganda = single.columns.findIndex((c) => c.label === 'Uganda');
    expect(single.columns[uganda]!.documents).toBe(2);
    expect(cellValue(single, single.rows.find((r) => r.path === 'B')!, uganda, 'percent', false)).toBe(50);
  });

  it('counts overlapping pairs and shared turns, with the passages behind them', () => {
    const order = codes.map((c) => c.id);
    const overlap = buildCooccurrence(codings, order, 'overlap');
    const i = overlap.codeIds.indexOf(2);
    const j = overlap.codeIds.indexOf(3);
    expect(overlap.counts[i]![j]).toBe(1);
    expect(overlap.counts[i]![i]).toBe(2);
    expect(cooccurrenceHits(codings, 2, 3, 'overlap')).toEqual([{ documentId: 10, start: 0, end: 15, codingIds: [1, 2] }]);
    const turns = new Map([[10, [{ start: 0, end: 26, speaker: 'R' }, { start: 27, end: 45, speaker: 'I' }]]]);
    const byTurn = buildCooccurrence(codings, order, 'turn', turns);
    expect(byTurn.counts[byTurn.codeIds.indexOf(2)]![byTurn.codeIds.indexOf(4)]).toBe(0);
    expect(byTurn.counts[byTurn.codeIds.indexOf(2)]![byTurn.codeIds.indexOf(3)]).toBe(1);
    expect(cooccurrenceHits(codings, 2, 3, 'turn', turns).map((h) => [h.start, h.end])).toEqual([[0, 26]]);
  });
});
