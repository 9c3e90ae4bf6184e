// Spreadsheet safety: a cell whose text begins with = + - @ (or a tab or
// carriage return) is read by Excel, LibreOffice and Sheets as a formula,
// which can run commands or leak data. Neutralised cells start with an
// apostrophe, which spreadsheets show as text and never evaluate.
const FORMULA_START = /^[=+\-@\t\r]/;

export function isFormulaLike(value: string): boolean {
  return FORMULA_START.test(value);
}

export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}
