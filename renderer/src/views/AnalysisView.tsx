// Analysis and exchange: the triangulation matrix of codes by document
// attributes, code co-occurrence, charts and the theme report, on one layer
// (Consensus, a coder, or all coders) and an optional attribute filter; and
// exports (segments, .qdpx) and the .qdpx import.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ViewContext, ViewDef } from './registry';
import type { AttributeDef, Coder } from '../../../shared/types';
import type { MatrixResult } from '../../../shared/api/methods/exchange';
import type { MatrixMeasure } from '../../../shared/analysis/matrix';
import { MatrixPanel } from '../components/exchange/MatrixPanel';
import { CooccurrencePanel } from '../components/exchange/CooccurrencePanel';
import { ChartsPanel } from '../components/exchange/ChartsPanel';
import { ReportPanel } from '../components/exchange/ReportPanel';
import { TransferPanel } from '../components/exchange/TransferPanel';
import { selectionParams, type AnalysisSelection } from '../components/exchange/selection';
import '../components/exchange/exchange.css';

type Tab = 'matrix' | 'cooccurrence' | 'charts' | 'report' | 'transfer';
const TABS: Array<[Tab, string]> = [
  ['matrix', 'Matrix'],
  ['cooccurrence', 'Co-occurrence'],
  ['charts', 'Charts'],
  ['report', 'Theme report'],
  ['transfer', 'Export & import'],
];

export function AnalysisView({ ctx }: { ctx: ViewContext }) {
  const [tab, setTab] = useState<Tab>('matrix');
  const [attributes, setAttributes] = useState<AttributeDef[]>([]);
  const [coders, setCoders] = useState<Coder[]>([]);
  const [layer, setLayer] = useState('default');
  const [filterAttr, setFilterAttr] = useState('');
  const [filterValue, setFilterValue] = useState('');
  const [col1, setCol1] = useState('');
  const [col2, setCol2] = useState('');
  const [measure, setMeasure] = useState<MatrixMeasure>('segments');
  const [withChildren, setWithChildren] = useState(true);
  const [collapsed, setCollapsed] = useState<Set<number>>(new Set());
  const [matrix, setMatrix] = useState<MatrixResult | null>(null);
  const [byGroup, setByGroup] = useState<MatrixResult | null>(null);
  const [version, setVersion] = useState(0);
  const firstMatrix = useRef(true);
  // the context object is new on every render of the app; its functions are stable
  const { invoke, onEvent } = ctx;
  const status = useRef(ctx.setStatus);
  status.current = ctx.setStatus;

  useEffect(() => {
    void Promise.all([invoke('attributes.list', {}), invoke('coders.list', {})]).then(([a, c]) => {
      setAttributes(a);
      setCoders(c);
      const names = a.map((x) => x.name);
      setCol1((cur) => cur || (names.includes('participant_group') ? 'participant_group' : (names[0] ?? '')));
    });
    return onEvent((e) => {
      if (e.type === 'changed' && e.what.some((w) => w === 'codings' || w === 'codes' || w === 'documents' || w === 'coders')) setVersion((v) => v + 1);
    });
  }, [invoke, onEvent, version]);

  const selection: AnalysisSelection = useMemo(
    () => ({ layer, filter: filterAttr && filterValue ? { attribute: filterAttr, value: filterValue } : null }),
    [layer, filterAttr, filterValue],
  );
  const columns = useMemo(() => [col1, col2].filter(Boolean), [col1, col2]);

  useEffect(() => {
    if (!col1) return;
    let live = true;
    setMatrix(null);
    invoke('analysis.matrix', { ...selectionParams(selection), columns })
      .then((m) => {
        if (!live) return;
        setMatrix(m);
        // the first matrix opens on the top-level codes, collapsed
        if (firstMatrix.current) {
          firstMatrix.current = false;
          setCollapsed(new Set(m.rows.filter((r) => r.hasChildren).map((r) => r.codeId)));
        }
      })
      .catch((e: Error) => status.current({ kind: 'error', text: e.message }));
    invoke('analysis.matrix', { ...selectionParams(selection), columns: [col1] })
      .then((m) => live && setByGroup(m))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [invoke, selection, columns, col1, version]);

  const filterValues = useMemo(() => {
    const set = new Set(ctx.documents.map((d) => d.attributes[filterAttr]).filter((v): v is string => Boolean(v)));
    return [...set].sort();
  }, [ctx.documents, filterAttr]);
  const names = attributes.map((a) => a.name);

  const noAttributes = (
    <p className="muted">The matrix and charts need document attributes (such as country or participant group). Set them when importing transcripts.</p>
  );

  return (
    <section className="xview" aria-label="Analysis and exchange">
      <div className="xview-head">
        <h2 className="xview-title">Analysis &amp; exchange</h2>
        <div className="xview-tabs" role="tablist" aria-label="Analysis">
          {TABS.map(([id, label]) => (
            <button key={id} type="button" role="tab" aria-selected={tab === id} className={`view-tab${tab === id ? ' active' : ''}`} onClick={() => setTab(id)}>
              {label}
            </button>
          ))}
        </div>
      </div>
      {tab !== 'transfer' && (
        <div className="xview-controls" role="group" aria-label="Selection">
          <label>
            Codings of{' '}
            <select value={layer} onChange={(e) => setLayer(e.target.value)} aria-label="Codings of">
              <option value="default">Consensus where it exists, else all coders</option>
              <option value="all">all coders</option>
              {coders.map((c) => (
                <option key={c.id} value={c.name.toLowerCase() === 'consensus' ? 'consensus' : c.name}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Only documents where{' '}
            <select value={filterAttr} onChange={(e) => { setFilterAttr(e.target.value); setFilterValue(''); }} aria-label="Filter attribute">
              <option value="">(all documents)</option>
              {names.map((n) => (
                <option key={n}>{n}</option>
              ))}
            </select>
          </label>
          {filterAttr && (
            <label>
              is{' '}
              <select value={filterValue} onChange={(e) => setFilterValue(e.target.value)} aria-label="Filter value">
                <option value="">(any)</option>
                {filterValues.map((v) => (
                  <option key={v}>{v}</option>
                ))}
              </select>
            </label>
        )}
        {(tab === 'matrix' || tab === 'charts') && (
          <>
            <label>
              Columns{' '}
              <select value={col1} onChange={(e) => setCol1(e.target.value)} aria-label="Column attribute">
                {names.map((n) => (
                  <option key={n}>{n}</option>
                ))}
              </select>
            </label>
            <label>
              within{' '}
              <select value={col2} onChange={(e) => setCol2(e.target.value)} aria-label="Nested column attribute">
                <option value="">(nothing)</option>
                {names.filter((n) => n !== col1).map((n) => (
                  <option key={n}>{n}</option>
                ))}
              </select>
            </label>
            <label>
              Cells{' '}
              <select value={measure} onChange={(e) => setMeasure(e.target.value as MatrixMeasure)} aria-label="Cells show">
                <option value="segments">number of segments</option>
                <option value="documents">number of documents</option>
                <option value="percent">% of the column's documents</option>
              </select>
            </label>
            <label className="check small">
              <input type="checkbox" checked={withChildren} onChange={(e) => setWithChildren(e.target.checked)} /> Parent codes include subcodes
            </label>
          </>
        )}
      </div>
      )}
      <div role="tabpanel" aria-label={TABS.find(([id]) => id === tab)![1]} className="xview-body">
        {(tab === 'matrix' || tab === 'charts') && names.length === 0 && noAttributes}
        {tab === 'matrix' && names.length > 0 && <MatrixPanel ctx={ctx} matrix={matrix} selection={selection} columns={columns} measure={measure} withChildren={withChildren} collapsed={collapsed} setCollapsed={setCollapsed} />}
        {tab === 'cooccurrence' && <CooccurrencePanel ctx={ctx} selection={selection} />}
        {tab === 'charts' && names.length > 0 && <ChartsPanel byGroup={byGroup} matrix={matrix} measure={measure} withChildren={withChildren} collapsed={collapsed} onError={(m) => ctx.setStatus({ kind: 'error', text: m })} />}
        {tab === 'report' && names.length === 0 && noAttributes}
        {tab === 'report' && names.length > 0 && <ReportPanel ctx={ctx} selection={selection} attributes={attributes} />}
        {tab === 'transfer' && <TransferPanel ctx={ctx} coders={coders.map((c) => c.name)} />}
      </div>
    </section>
  );
}

export const analysisView: ViewDef = { id: 'analysis', label: 'Analysis & exchange', render: (ctx) => <AnalysisView ctx={ctx} /> };
