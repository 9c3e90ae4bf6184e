// The triangulation matrix: codes as collapsible rows, the values of one or two
// nested attributes as columns, heat-map shading, and the quotes behind a cell.
import { useMemo, useState } from 'react';
import type { ViewContext } from '../../views/registry';
import type { MatrixResult, Quote } from '../../../../shared/api/methods/exchange';
import { cellValue, type MatrixMeasure, type MatrixRow } from '../../../../shared/analysis/matrix';
import { heat, selectionParams, type AnalysisSelection } from './selection';
import { QuoteList } from './QuoteList';
import { downloadBase64 } from '../../lib/download';
import { plural } from '../../../../shared/plural';

export interface MatrixPanelProps {
  ctx: ViewContext;
  matrix: MatrixResult | null;
  selection: AnalysisSelection;
  columns: string[];
  measure: MatrixMeasure;
  withChildren: boolean;
  collapsed: Set<number>;
  setCollapsed: (s: Set<number>) => void;
}

const MEASURE_LABEL: Record<MatrixMeasure, string> = { segments: 'segments', documents: 'documents', percent: '% of documents' };

/** Rows shown: a collapsed parent hides its descendants. */
export function visibleRows(rows: MatrixRow[], collapsed: Set<number>): MatrixRow[] {
  const out: MatrixRow[] = [];
  let hideBelow: number | null = null;
  for (const r of rows) {
    if (hideBelow !== null && r.depth > hideBelow) continue;
    hideBelow = null;
    out.push(r);
    if (r.hasChildren && collapsed.has(r.codeId)) hideBelow = r.depth;
  }
  return out;
}

export function rowValue(m: MatrixResult, r: MatrixRow, col: number, measure: MatrixMeasure, withChildren: boolean, collapsed: Set<number>): number {
  return cellValue(m, r, col, measure, r.hasChildren && (withChildren || collapsed.has(r.codeId)));
}

export function MatrixPanel({ ctx, matrix, selection, columns, measure, withChildren, collapsed, setCollapsed }: MatrixPanelProps) {
  const [drill, setDrill] = useState<{ title: string; total: number; quotes: Quote[]; loading: boolean } | null>(null);
  const rows = useMemo(() => (matrix ? visibleRows(matrix.rows, collapsed) : []), [matrix, collapsed]);
  const max = useMemo(() => {
    if (!matrix) return 0;
    let m = 0;
    for (const r of rows) matrix.columns.forEach((_, i) => (m = Math.max(m, rowValue(matrix, r, i, measure, withChildren, collapsed))));
    return m;
  }, [matrix, rows, measure, withChildren, collapsed]);

  if (!matrix) return <p className="muted">Loading the matrix…</p>;
  if (matrix.columns.length === 0) return <p className="muted">No documents match.</p>;

  const toggle = (id: number) => {
    const next = new Set(collapsed);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setCollapsed(next);
  };
  const open = async (r: MatrixRow, col: number) => {
    const c = matrix.columns[col]!;
    const aggregate = r.hasChildren && (withChildren || collapsed.has(r.codeId));
    const title = `${r.path}${aggregate ? ' (with subcodes)' : ''} · ${c.label}`;
    setDrill({ title, total: 0, quotes: [], loading: true });
    try {
      const res = await ctx.invoke('analysis.matrixCell', { ...selectionParams(selection), columns, codeId: r.codeId, columnValues: c.values, withChildren: aggregate });
      setDrill({ title, ...res, loading: false });
    } catch (e) {
      setDrill(null);
      ctx.setStatus({ kind: 'error', text: (e as Error).message });
    }
  };
  const exportAs = async (format: 'csv' | 'xlsx') => {
    const reply = ctx.beginStatus();
    try {
      downloadBase64(await ctx.invoke('analysis.matrixExport', { ...selectionParams(selection), columns, measure, withChildren, format }));
      reply({ kind: 'info', text: `Matrix saved as ${format.toUpperCase()}` });
    } catch (e) {
      ctx.setStatus({ kind: 'error', text: (e as Error).message });
    }
  };
  const nested = matrix.attributes.length === 2;
  // the first attribute's values span their nested columns
  const groups: Array<{ value: string; span: number }> = [];
  if (nested) for (const c of matrix.columns) {
    const last = groups[groups.length - 1];
    if (last && last.value === c.values[0]) last.span++;
    else groups.push({ value: c.values[0]!, span: 1 });
  }
  const withKids = matrix.rows.filter((r) => r.hasChildren).map((r) => r.codeId);

  return (
    <div className="xm-wrap">
      <div className="xm-main">
        <div className="xm-tools" role="toolbar" aria-label="Matrix">
          <button type="button" className="chip" onClick={() => setCollapsed(new Set())}>
            Expand all
          </button>
          <button type="button" className="chip" onClick={() => setCollapsed(new Set(withKids))}>
            Collapse all
          </button>
          <span className="spacer" />
          <span className="muted small">
            {MEASURE_LABEL[measure]} · {matrix.layer} · {plural(matrix.documents, 'document')}
          </span>
          <button type="button" className="chip" onClick={() => void exportAs('csv')}>
            Export CSV
          </button>
          <button type="button" className="chip" onClick={() => void exportAs('xlsx')}>
            Export XLSX
          </button>
        </div>
        <div className="xm-scroll">
          <table className="xm-table" aria-label={`Matrix: codes by ${matrix.attributes.join(' and ')}, ${MEASURE_LABEL[measure]}`}>
            <thead>
              {nested && (
                <tr>
                  <th scope="col" className="xm-corner">
                    {matrix.attributes[0]}
                  </th>
                  {groups.map((g, i) => (
                    <th key={i} scope="colgroup" colSpan={g.span} className="xm-group">
                      {g.value}
                    </th>
                  ))}
                </tr>
              )}
              <tr>
                <th scope="col" className="xm-corner">
                  {nested ? matrix.attributes[1] : `code \\ ${matrix.attributes[0]}`}
                </th>
                {matrix.columns.map((c) => (
                  <th key={c.key} scope="col" title={`${c.label}: ${plural(c.documents, 'document')}`}>
                    {c.values[c.values.length - 1]}
                    <span className="xm-n">n={c.documents}</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.codeId}>
                  <th scope="row" className="xm-code" style={{ paddingLeft: `${8 + r.depth * 16}px` }}>
                    {r.hasChildren ? (
                      <button type="button" className="xm-toggle" aria-expanded={!collapsed.has(r.codeId)} aria-label={`${collapsed.has(r.codeId) ? 'Expand' : 'Collapse'} ${r.path}`} onClick={() => toggle(r.codeId)}>
                        {collapsed.has(r.codeId) ? '▸' : '▾'}
                      </button>
                    ) : (
                      <span className="xm-toggle-space" aria-hidden="true" />
                    )}
                    <span className="xm-dot" style={{ background: r.color }} aria-hidden="true" />
                    {r.name}
                  </th>
                  {matrix.columns.map((c, i) => {
                    const v = rowValue(matrix, r, i, measure, withChildren, collapsed);
                    return (
                      <td key={c.key} style={heat(v, max)}>
                        <button type="button" className="xm-cell" aria-label={`${r.path}, ${c.label}: ${measure === 'percent' ? `${v}% of documents` : plural(v, measure === 'segments' ? 'segment' : 'document')}. Show quotes`} onClick={() => void open(r, i)}>
                          {v === 0 ? '·' : measure === 'percent' ? `${v}%` : v}
                        </button>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      {drill && (
        <QuoteList
          title={drill.title}
          total={drill.total}
          quotes={drill.quotes}
          loading={drill.loading}
          onOpen={(id, range) => ctx.openInWorkspace(id, range)}
          onClose={() => setDrill(null)}
        />
      )}
    </div>
  );
}
