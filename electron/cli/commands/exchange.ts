// Exchange and triangulation commands: `export` in every format, `qdpx import`,
// `matrix`, `cooccurrence` and `report`.
import path from 'node:path';
import { exportProject } from '../../services/exportProject.js';
import { exportQdpx } from '../../services/qdpxExport.js';
import { formatImportReport, importQdpx } from '../../services/qdpxImport.js';
import { exportSegments, parseContext, type SegmentExportOptions } from '../../services/segmentExport.js';
import { parseWhere, type SegmentSelection } from '../../services/segmentSelection.js';
import { computeCooccurrence, computeMatrix, matrixCsv, matrixXlsx } from '../../services/matrix.js';
import { buildThemeReport, themeReportDocx, themeReportHtml } from '../../services/themeReport.js';
import { writeAuditedExport } from '../exportFile.js';
import { cellValue, type MatrixMeasure } from '../../../shared/analysis/matrix.js';
import { out, parse, UsageError, withProject, withProjectAsync, type Command, type CommandTable } from '../args.js';
import { WeftError } from '../../errors.js';
import { cliProgress } from '../progress.js';

const selectionOptions = {
  coder: { type: 'string' },
  consensus: { type: 'boolean' },
  'all-coders': { type: 'boolean' },
  code: { type: 'string', multiple: true },
  where: { type: 'string', multiple: true },
} as const;

function selectionFrom(values: Record<string, string | boolean | string[] | undefined>): SegmentSelection {
  const layers = [values.coder !== undefined, values.consensus === true, values['all-coders'] === true].filter(Boolean).length;
  if (layers > 1) throw new UsageError('choose one of --coder NAME, --consensus and --all-coders');
  return {
    coder: values.coder as string | undefined,
    consensus: values.consensus === true,
    allCoders: values['all-coders'] === true,
    codes: (values.code as string[] | undefined) ?? [],
    where: parseWhere((values.where as string[] | undefined) ?? []),
  };
}

const SEGMENT_OPTIONS = ['coder', 'consensus', 'all-coders', 'code', 'where', 'context', 'safe', 'segments'] as const;

/** `weft export`: the segments CSV, XLSX or JSON, the lossless project JSON, or a .qdpx. */
export const exportCommand: Command = {
  usage:
    'weft export PROJECT --out FILE.{csv,xlsx,json,qdpx} [--coder NAME|--consensus|--all-coders] [--code PATH]... [--where ATTR=VALUE]... [--context turn|N] [--safe] [--segments] [--crlf]',
  async run(args) {
    const { positionals, values } = parse(
      args,
      { out: { type: 'string' }, ...selectionOptions, context: { type: 'string' }, safe: { type: 'boolean' }, segments: { type: 'boolean' }, crlf: { type: 'boolean' } },
      1,
      'PROJECT',
    );
    const file = values.out as string | undefined;
    if (!file) throw new UsageError('missing --out FILE');
    const ext = path.extname(file).toLowerCase();
    const segmentOptionsGiven = SEGMENT_OPTIONS.filter((o) => values[o] !== undefined && values[o] !== false && !(Array.isArray(values[o]) && values[o].length === 0));
    if (ext === '.qdpx') {
      if (segmentOptionsGiven.length) throw new UsageError(`--${segmentOptionsGiven[0]}: a .qdpx holds the whole project; layer, filters and context don't apply`);
      const r = withProject(positionals[0]!, (p) => exportQdpx(p, file, { crlf: values.crlf === true, onProgress: cliProgress('exporting') }), true);
      out(`wrote ${file} (qdpx, ${r.bytes} bytes: ${r.sources} sources, ${r.codes} codes, ${r.codings} codings, ${r.users} users, ${r.notes} notes, ${r.variables} variables, ${r.sets} sets${values.crlf ? '; CRLF line endings' : ''})`);
      for (const w of r.warnings) process.stderr.write(`weft: warning: ${w}\n`);
      return 0;
    }
    if (values.crlf) throw new UsageError('--crlf applies to .qdpx exports only');
    if (ext === '.json' && segmentOptionsGiven.length === 0) {
      const r = withProject(positionals[0]!, (p) => exportProject(p, file), true);
      out(`wrote ${file} (${r.format}, ${r.bytes} bytes)`);
      return 0;
    }
    if (ext !== '.csv' && ext !== '.xlsx' && ext !== '.json') throw new WeftError(`${file}: unsupported export format "${ext || '(none)'}" (use .csv, .xlsx, .json or .qdpx)`);
    if (values.safe && ext !== '.csv') throw new UsageError('--safe applies to .csv (XLSX cells are always neutralised)');
    let context;
    try {
      context = parseContext(values.context as string | undefined);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    const options: SegmentExportOptions = { ...selectionFrom(values), context, safe: values.safe === true, onProgress: cliProgress('exporting') };
    const r = await withProjectAsync(positionals[0]!, (p) => exportSegments(p, file, ext.slice(1) as 'csv' | 'xlsx' | 'json', options), true);
    out(`wrote ${file} (${r.format}, ${r.bytes} bytes)`);
    // say which codings went in whenever it is not simply all of them
    if (r.filters !== 'layer: all coders' || context) out(`${r.segments} segments; ${r.filters}${context ? `; context: ${context.kind === 'turn' ? 'speaker turn' : `${context.n} characters`}` : ''}`);
    return 0;
  },
};

function measureFrom(v: unknown): MatrixMeasure {
  const m = (v ?? 'segments') as string;
  if (m !== 'segments' && m !== 'documents' && m !== 'percent') throw new UsageError(`--measure "${m}": use segments, documents or percent`);
  return m;
}

export const exchangeCommands: CommandTable = {
  'qdpx import': {
    usage: 'weft qdpx import PROJECT FILE.qdpx [--allow-lossy] [--dry-run] [--json]',
    run(args) {
      const { positionals, values } = parse(args, { 'allow-lossy': { type: 'boolean' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } }, 2, 'PROJECT and FILE.qdpx');
      const report = withProject(positionals[0]!, (p) =>
        importQdpx(p, positionals[1]!, { allowLossy: values['allow-lossy'] === true, dryRun: values['dry-run'] === true, onProgress: cliProgress('importing') }),
      );
      if (values.json) out(JSON.stringify(report, null, 2));
      else for (const line of formatImportReport(report)) out(line);
      return 0;
    },
  },

  'qdpx export': {
    usage: 'weft qdpx export PROJECT FILE.qdpx [--crlf]    (the same as weft export PROJECT --out FILE.qdpx)',
    run(args) {
      const { positionals, values } = parse(args, { crlf: { type: 'boolean' } }, 2, 'PROJECT and FILE.qdpx');
      return exportCommand.run([positionals[0]!, '--out', positionals[1]!, ...(values.crlf ? ['--crlf'] : [])]);
    },
  },

  matrix: {
    usage: 'weft matrix PROJECT --rows codes --cols ATTR[,ATTR2] [--measure segments|documents|percent] [--own] [--json] [--out FILE.{csv,xlsx}] [--coder NAME|--consensus|--all-coders] [--code PATH]... [--where ATTR=VALUE]...',
    async run(args) {
      const { positionals, values } = parse(
        args,
        { rows: { type: 'string' }, cols: { type: 'string' }, measure: { type: 'string' }, own: { type: 'boolean' }, json: { type: 'boolean' }, out: { type: 'string' }, ...selectionOptions },
        1,
        'PROJECT',
      );
      if ((values.rows ?? 'codes') !== 'codes') throw new UsageError(`--rows "${values.rows}": rows are codes (--rows codes)`);
      if (!values.cols) throw new UsageError('missing --cols ATTR[,ATTR2]');
      const measure = measureFrom(values.measure);
      const withChildren = values.own !== true;
      const columns = (values.cols as string).split(',').map((c) => c.trim()).filter(Boolean);
      const m = withProject(positionals[0]!, (p) => computeMatrix(p, { ...selectionFrom(values), columns }), true);
      const file = values.out as string | undefined;
      if (file) {
        const ext = path.extname(file).toLowerCase();
        const details = { rows: m.rows.length, of: `matrix (${measure})` };
        if (ext === '.csv') writeAuditedExport(positionals[0]!, file, matrixCsv(m, measure, withChildren), details);
        else if (ext === '.xlsx') writeAuditedExport(positionals[0]!, file, await matrixXlsx(m, measure, withChildren), details);
        else throw new WeftError(`${file}: unsupported matrix format "${ext || '(none)'}" (use .csv or .xlsx)`);
        out(`wrote ${file} (${m.rows.length} codes × ${m.columns.length} columns, ${measure}, layer: ${m.layer})`);
        return 0;
      }
      if (values.json) {
        out(JSON.stringify({ ...m, measure, withChildren }, null, 2));
        return 0;
      }
      const table = [
        [`code \\ ${m.attributes.join(' × ')}`, ...m.columns.map((c) => c.label)],
        ...m.rows.map((r) => [`${'  '.repeat(r.depth)}${r.name}`, ...m.columns.map((_, i) => String(cellValue(m, r, i, measure, withChildren && r.hasChildren)))]),
        ['(documents)', ...m.columns.map((c) => String(c.documents))],
      ];
      const widths = table[0]!.map((_, i) => Math.min(48, Math.max(...table.map((r) => [...r[i]!].length))));
      for (const r of table) out(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd());
      out(`measure: ${measure}${withChildren ? ' (parent codes include their children)' : ''}; ${m.filters}`);
      return 0;
    },
  },

  cooccurrence: {
    usage: 'weft cooccurrence PROJECT [--mode overlap|turn] [--json] [--coder NAME|--consensus|--all-coders] [--code PATH]... [--where ATTR=VALUE]...',
    run(args) {
      const { positionals, values } = parse(args, { mode: { type: 'string' }, json: { type: 'boolean' }, ...selectionOptions }, 1, 'PROJECT');
      const mode = (values.mode ?? 'overlap') as string;
      if (mode !== 'overlap' && mode !== 'turn') throw new UsageError(`--mode "${mode}": use overlap or turn`);
      const co = withProject(positionals[0]!, (p) => computeCooccurrence(p, { ...selectionFrom(values), mode }), true);
      if (values.json) {
        out(JSON.stringify(co, null, 2));
        return 0;
      }
      for (let i = 0; i < co.codes.length; i++) {
        for (let j = i + 1; j < co.codes.length; j++) {
          if (co.counts[i]![j]! > 0) out(`${co.counts[i]![j]}\t${co.codes[i]!.path}\t${co.codes[j]!.path}`);
        }
      }
      out(`co-occurrence by ${mode === 'overlap' ? 'overlapping segments' : 'speaker turn'}; ${co.filters}`);
      return 0;
    },
  },

  report: {
    usage: 'weft report PROJECT --codes PATH,... --group-by ATTR[,ATTR2] --out FILE.{html,docx} [--quotes N] [--coder NAME|--consensus|--all-coders] [--where ATTR=VALUE]...',
    async run(args) {
      const { positionals, values } = parse(
        args,
        { codes: { type: 'string', multiple: true }, 'group-by': { type: 'string' }, out: { type: 'string' }, quotes: { type: 'string' }, ...selectionOptions },
        1,
        'PROJECT',
      );
      const file = values.out as string | undefined;
      if (!file) throw new UsageError('missing --out FILE.{html,docx}');
      const ext = path.extname(file).toLowerCase();
      if (ext !== '.html' && ext !== '.docx') throw new WeftError(`${file}: unsupported report format "${ext || '(none)'}" (use .html or .docx)`);
      const reportCodes = ((values.codes as string[] | undefined) ?? []).flatMap((c) => c.split(',')).map((c) => c.trim()).filter(Boolean);
      if (reportCodes.length === 0) throw new UsageError('missing --codes PATH,...');
      const groupBy = ((values['group-by'] as string | undefined) ?? '').split(',').map((g) => g.trim()).filter(Boolean);
      if (groupBy.length === 0 || groupBy.length > 2) throw new UsageError('--group-by: give one attribute or two, separated by a comma');
      const quotes = values.quotes === undefined ? 3 : Number(values.quotes);
      if (!Number.isInteger(quotes) || quotes < 1 || quotes > 50) throw new UsageError(`--quotes "${values.quotes}": a whole number from 1 to 50`);
      const r = withProject(positionals[0]!, (p) => buildThemeReport(p, { ...selectionFrom({ ...values, code: undefined }), reportCodes, groupBy, quotesPerGroup: quotes }), true);
      const quoteCount = r.themes.reduce((n, t) => n + t.groups.reduce((q, g) => q + g.quotes.length, 0), 0);
      writeAuditedExport(positionals[0]!, file, ext === '.html' ? themeReportHtml(r) : await themeReportDocx(r), { rows: quoteCount, of: 'theme report (quotes)' });
      out(`wrote ${file} (${r.themes.length} themes, ${r.themes.reduce((n, t) => n + t.groups.reduce((m, g) => m + g.quotes.length, 0), 0)} quotes, layer: ${r.layer})`);
      return 0;
    },
  },
};
