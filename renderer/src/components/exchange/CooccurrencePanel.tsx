// Code co-occurrence: codes × codes, counted by overlapping segments or by
// speaker turns that hold both, with the passages behind each cell.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ViewContext } from '../../views/registry';
import type { CooccurrenceResult, Quote } from '../../../../shared/api/methods/exchange';
import { heat, selectionParams, type AnalysisSelection } from './selection';
import { QuoteList } from './QuoteList';

export function CooccurrencePanel({ ctx, selection }: { ctx: ViewContext; selection: AnalysisSelection }) {
  const [mode, setMode] = useState<'overlap' | 'turn'>('overlap');
  const [data, setData] = useState<CooccurrenceResult | null>(null);
  const [drill, setDrill] = useState<{ title: string; total: number; quotes: Quote[]; loading: boolean } | null>(null);
  const [onlyPairs, setOnlyPairs] = useState(true);

  // the context object is new on every render of the app; invoke is stable
  const { invoke } = ctx;
  const status = useRef(ctx.setStatus);
  status.current = ctx.setStatus;
  useEffect(() => {
    let live = true;
    setData(null);
    invoke('analysis.cooccurrence', { ...selectionParams(selection), mode })
      .then((r) => live && setData(r))
      .catch((e: Error) => status.current({ kind: 'error', text: e.message }));
    return () => {
      live = false;
    };
  }, [invoke, selection, mode]);

  // codes that co-occur with at least one other code, unless all are asked for
  const shown = useMemo(() => {
    if (!data) return [];
    return data.codes.map((c, i) => ({ ...c, i })).filter(({ i }) => !onlyPairs || data.counts[i]!.some((n, j) => j !== i && n > 0));
  }, [data, onlyPairs]);
  const max = useMemo(() => (data ? Math.max(0, ...shown.flatMap((a) => shown.filter((b) => b.i !== a.i).map((b) => data.counts[a.i]![b.i]!))) : 0), [data, shown]);

  const open = async (a: number, b: number) => {
    if (!data) return;
    const ca = data.codes[a]!;
    const cb = data.codes[b]!;
    const title = a === b ? ca.path : `${ca.path} + ${cb.path}`;
    setDrill({ title, total: 0, quotes: [], loading: true });
    try {
      const r = await ctx.invoke('analysis.cooccurrenceCell', { ...selectionParams(selection), mode, codeA: ca.id, codeB: cb.id });
      setDrill({ title, ...r, loading: false });
    } catch (e) {
      setDrill(null);
      ctx.setStatus({ kind: 'error', text: (e as Error).message });
    }
  };

  return (
    <div className="xm-wrap">
      <div className="xm-main">
        <div className="xm-tools" role="toolbar" aria-label="Co-occurrence">
          <label>
            Count{' '}
            <select value={mode} onChange={(e) => setMode(e.target.value as 'overlap' | 'turn')} aria-label="Count co-occurrence by">
              <option value="overlap">overlapping segments</option>
              <option value="turn">codes in the same speaker turn</option>
            </select>
          </label>
          <label className="check small">
            <input type="checkbox" checked={onlyPairs} onChange={(e) => setOnlyPairs(e.target.checked)} /> Only codes that co-occur
          </label>
          <span className="spacer" />
          {data && <span className="muted small">{data.layer}</span>}
        </div>
        {!data ? (
          <p className="muted">Loading…</p>
        ) : shown.length === 0 ? (
          <p className="muted">No codes co-occur in this selection.</p>
        ) : (
          <div className="xm-scroll">
            <table className="xm-table xc-table" aria-label={`Co-occurrence of codes by ${mode === 'overlap' ? 'overlapping segments' : 'speaker turn'}`}>
              <thead>
                <tr>
                  <th scope="col" className="xm-corner">
                    code
                  </th>
                  {shown.map((c) => (
                    <th key={c.id} scope="col" className="xc-col" title={c.path}>
                      <span>{c.path.split(' > ').pop()}</span>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {shown.map((a) => (
                  <tr key={a.id}>
                    <th scope="row" className="xm-code" title={a.path}>
                      <span className="xm-dot" style={{ background: a.color }} aria-hidden="true" />
                      {a.path}
                    </th>
                    {shown.map((b) => {
                      const v = data.counts[a.i]![b.i]!;
                      const diagonal = a.i === b.i;
                      return (
                        <td key={b.id} className={diagonal ? 'xc-diag' : undefined} style={diagonal ? undefined : heat(v, max)}>
                          <button type="button" className="xm-cell" aria-label={diagonal ? `${a.path}: ${v} alone. Show quotes` : `${a.path} with ${b.path}: ${v}. Show quotes`} onClick={() => void open(a.i, b.i)}>
                            {v === 0 ? '·' : v}
                          </button>
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
      {drill && (
        <QuoteList title={drill.title} total={drill.total} quotes={drill.quotes} loading={drill.loading} onOpen={(id, range) => ctx.openInWorkspace(id, range)} onClose={() => setDrill(null)} />
      )}
    </div>
  );
}
