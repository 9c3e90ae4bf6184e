// Handlers of the analysis and exchange methods: the matrix, co-occurrence,
// the quotes behind their cells, and files for the UI to save.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { exchangeMethods } from '../../../shared/api/methods/exchange.js';
import { computeCooccurrence, computeMatrix, cooccurrenceQuotes, matrixCellQuotes, matrixCsv, matrixXlsx } from '../../services/matrix.js';
import { buildThemeReport, themeReportDocx, themeReportHtml } from '../../services/themeReport.js';
import { buildQdpx } from '../../services/qdpxExport.js';
import { importQdpx } from '../../services/qdpxImport.js';
import { segmentsCsvText, segmentsJson, segmentsXlsx, segmentTable } from '../../services/segmentExport.js';
import { progressEvents, type HandlersFor } from '../backend.js';
import { WeftError } from '../../errors.js';

const base64 = (data: Uint8Array | string) => Buffer.from(data).toString('base64');
const safeName = (s: string) => s.replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^-+|-+$/g, '') || 'weft';

export const exchangeHandlers: HandlersFor<keyof typeof exchangeMethods> = {
  'analysis.matrix': (b, p) => computeMatrix(b.project, p),
  'analysis.matrixCell': (b, p) => matrixCellQuotes(b.project, p),
  'analysis.matrixExport': async (b, p) => {
    const m = computeMatrix(b.project, p);
    const name = `${safeName(b.project.info().name)}-matrix-${safeName(m.attributes.join('-'))}-${p.measure}`;
    if (p.format === 'csv') return { fileName: `${name}.csv`, mime: 'text/csv', base64: base64(matrixCsv(m, p.measure, p.withChildren)) };
    return {
      fileName: `${name}.xlsx`,
      mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      base64: base64(await matrixXlsx(m, p.measure, p.withChildren)),
    };
  },
  'analysis.cooccurrence': (b, p) => computeCooccurrence(b.project, p),
  'analysis.cooccurrenceCell': (b, p) => cooccurrenceQuotes(b.project, p),
  'analysis.report': async (b, p) => {
    const r = buildThemeReport(b.project, { ...p, quotesPerGroup: p.quotesPerGroup ?? 3 });
    const name = `${safeName(r.projectName)}-theme-report`;
    if (p.format === 'html') return { fileName: `${name}.html`, mime: 'text/html', base64: base64(themeReportHtml(r)) };
    return {
      fileName: `${name}.docx`,
      mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      base64: base64(await themeReportDocx(r)),
    };
  },
  'exchange.export': (b, p) => {
    const base = safeName(b.project.info().name);
    const progress = progressEvents(b, 'export');
    if (p.format === 'qdpx') {
      const { zip } = buildQdpx(b.project, { crlf: p.crlf === true, onProgress: progress });
      return { fileName: `${base}.qdpx`, mime: 'application/zip', base64: base64(zip) };
    }
    const { format, safe, context, crlf: _crlf, ...selection } = p;
    void _crlf;
    const table = segmentTable(b.project, { ...selection, context, onProgress: progress });
    const rows = table.segments.length;
    progress(rows, rows + 1, `writing ${format}`);
    const name = `${base}-segments-${safeName(table.selection.layer.label)}`;
    const file =
      format === 'csv'
        ? { fileName: `${name}.csv`, mime: 'text/csv', base64: base64(segmentsCsvText(table, { context: context !== undefined, safe })) }
        : format === 'json'
          ? { fileName: `${name}.json`, mime: 'application/json', base64: base64(JSON.stringify(segmentsJson(table), null, 2) + '\n') }
          : { fileName: `${name}.xlsx`, mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', base64: base64(segmentsXlsx(table, { context: context !== undefined })) };
    progress(rows + 1, rows + 1);
    return file;
  },
  'exchange.importQdpx': (b, p) => {
    // the importer reads a file: the upload goes to a private temp folder and is removed afterwards
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-qdpx-'));
    try {
      const file = path.join(dir, path.basename(p.fileName).replace(/[^\p{L}\p{N}._-]+/gu, '-') || 'upload.qdpx');
      fs.writeFileSync(file, Buffer.from(p.base64, 'base64'), { mode: 0o600 });
      let report;
      try {
        report = importQdpx(b.project, file, {
          allowLossy: p.allowLossy,
          dryRun: p.dryRun,
          onProgress: progressEvents(b, 'qdpx import'),
        });
      } catch (e) {
        // name the file the user chose, not the temp copy
        if (e instanceof WeftError) throw new WeftError(e.message.split(file).join(p.fileName));
        throw e;
      }
      report.file = p.fileName;
      if (!p.dryRun) b.emit({ type: 'changed', what: ['documents', 'codes', 'codings', 'coders', 'memos', 'project'] });
      return report;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
