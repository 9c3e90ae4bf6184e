// Charts for reports: code frequency by group (recharts bars) and the matrix
// as a heat map (plain SVG), each saved as PNG or SVG.
import { useRef } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import type { MatrixResult } from '../../../../shared/api/methods/exchange';
import type { MatrixMeasure } from '../../../../shared/analysis/matrix';
import { rowValue, visibleRows } from './MatrixPanel';
import { downloadPng, downloadSvg } from './download';

export interface ChartsPanelProps {
  /** the matrix with the group attribute alone as columns */
  byGroup: MatrixResult | null;
  /** the matrix as the Matrix tab shows it */
  matrix: MatrixResult | null;
  measure: MatrixMeasure;
  withChildren: boolean;
  collapsed: Set<number>;
  onError: (message: string) => void;
}

// calm, distinct series colours that read on light and dark backgrounds
const GROUP_COLORS = ['#4e79a7', '#f28e2b', '#59a14f', '#b07aa1', '#76b7b2', '#edc948', '#9c755f', '#e15759', '#86bcb6', '#bab0ac'];

const UNIT: Record<MatrixMeasure, string> = { segments: 'segments', documents: 'documents', percent: '% of documents' };

function ChartFrame({ title, fileBase, children, onError }: { title: string; fileBase: string; children: React.ReactNode; onError: (m: string) => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const svg = () => ref.current?.querySelector('svg.xchart-svg, .recharts-wrapper > svg') as SVGSVGElement | null;
  return (
    <section className="xchart" aria-label={title}>
      <div className="xm-tools">
        <h3 className="xchart-title">{title}</h3>
        <span className="spacer" />
        <button type="button" className="chip" onClick={() => svg() && downloadSvg(svg()!, `${fileBase}.svg`)}>
          Save SVG
        </button>
        <button type="button" className="chip" onClick={() => svg() && downloadPng(svg()!, `${fileBase}.png`).catch((e: Error) => onError(e.message))}>
          Save PNG
        </button>
      </div>
      <div ref={ref} className="xchart-body">
        {children}
      </div>
    </section>
  );
}

export function ChartsPanel({ byGroup, matrix, measure, withChildren, collapsed, onError }: ChartsPanelProps) {
  if (!byGroup || !matrix) return <p className="muted">Loading the charts…</p>;
  const group = byGroup.attributes[0]!;
  // frequency: the top-level codes (with their subcodes), one bar per group value
  const top = byGroup.rows.filter((r) => r.depth === 0);
  const data = top.map((r) => {
    const point: Record<string, string | number> = { code: r.name };
    byGroup.columns.forEach((c, i) => (point[c.label] = rowValue(byGroup, r, i, measure, true, new Set())));
    return point;
  });
  const width = Math.max(760, top.length * Math.max(40, byGroup.columns.length * 16) + 120);
  // the legend lists the groups in the matrix's column order, as the bars stand (recharts sorts by name unless told)
  const columnOrder = new Map(byGroup.columns.map((c, i) => [c.label, i]));

  // heat map: the rows the matrix shows
  const rows = visibleRows(matrix.rows, collapsed);
  const values = rows.map((r) => matrix.columns.map((_, i) => rowValue(matrix, r, i, measure, withChildren, collapsed)));
  const max = Math.max(1, ...values.flat());
  const labelWidth = Math.min(320, 40 + Math.max(...rows.map((r) => r.name.length + r.depth * 2)) * 7);
  const cellW = 64;
  const cellH = 24;
  // room for the slanted column labels above and to the right
  const longest = Math.max(...matrix.columns.map((c) => c.label.length));
  const headH = Math.min(180, 24 + longest * 4.5);
  const hmWidth = labelWidth + matrix.columns.length * cellW + Math.min(200, longest * 5.5);
  const hmHeight = headH + rows.length * cellH + 30;

  return (
    <div className="xcharts">
      <ChartFrame title={`Code frequency by ${group} (${UNIT[measure]})`} fileBase={`code-frequency-by-${group}`} onError={onError}>
        <BarChart width={width} height={340} data={data} margin={{ top: 10, right: 20, bottom: 10, left: 10 }} accessibilityLayer>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--line)" />
          <XAxis dataKey="code" angle={-30} textAnchor="end" interval={0} tick={{ fill: 'currentColor', fontSize: 12 }} height={70} />
          <YAxis tick={{ fill: 'currentColor', fontSize: 12 }} allowDecimals={measure === 'percent'} />
          <Tooltip />
          <Legend verticalAlign="top" itemSorter={(item) => columnOrder.get(String(item.dataKey)) ?? 0} />
          {byGroup.columns.map((c, i) => (
            <Bar key={c.key} dataKey={c.label} fill={GROUP_COLORS[i % GROUP_COLORS.length]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ChartFrame>

      <ChartFrame title={`Heat map: codes by ${matrix.attributes.join(' × ')} (${UNIT[measure]})`} fileBase={`matrix-heat-map-${matrix.attributes.join('-')}`} onError={onError}>
        <svg className="xchart-svg" width={hmWidth} height={hmHeight} role="img" aria-label={`Heat map of codes by ${matrix.attributes.join(' and ')}`}>
          {matrix.columns.map((c, i) => (
            <text key={c.key} transform={`translate(${labelWidth + i * cellW + cellW / 2},${headH - 6}) rotate(-40)`} fontSize={11} fill="currentColor">
              {c.label}
            </text>
          ))}
          {rows.map((r, y) => (
            <g key={r.codeId} transform={`translate(0,${headH + y * cellH})`}>
              <text x={6 + r.depth * 12} y={cellH / 2 + 4} fontSize={12} fill="currentColor">
                {r.name.length > 40 ? `${r.name.slice(0, 39)}…` : r.name}
              </text>
              {/* cell colours are fixed (not the theme's), so the saved file looks the same anywhere; their text follows them */}
              {values[y]!.map((v, i) => {
                const t = v / max;
                return (
                  <g key={i}>
                    <rect x={labelWidth + i * cellW} y={1} width={cellW - 2} height={cellH - 2} rx={3} fill={v > 0 ? `rgb(${Math.round(235 - 188 * t)},${Math.round(243 - 132 * t)},${Math.round(241 - 137 * t)})` : 'none'} stroke="#c9c5bd" strokeWidth={0.5} />
                    <text x={labelWidth + i * cellW + cellW / 2 - 1} y={cellH / 2 + 4} fontSize={11} textAnchor="middle" fill={t > 0.55 ? '#ffffff' : '#1f2328'}>
                      {v === 0 ? '' : measure === 'percent' ? `${v}%` : v}
                    </text>
                  </g>
                );
              })}
            </g>
          ))}
        </svg>
      </ChartFrame>
    </div>
  );
}
