// Agreement: inter-coder agreement per code (lowest first) with the report
// exports, the disagreements between two coders (stepped through with the
// keyboard), a side-by-side view of both coders' codings, and reconciliation
// into the Consensus layer (undoable).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ViewContext, ViewDef } from './registry';
import type { AgreementResult, AgreementUnit } from '../../../shared/agreement/compute';
import type { DisagreementView, DisagreementsResult, ReconcileDecisionName } from '../../../shared/api/methods/team';
import { lowestFirst, krippendorffBand } from '../../../shared/agreement/report';
import { downloadBase64 } from '../lib/download';
import '../components/team/team.css';

const fmt = (x: number | null) => (x === null ? '–' : x.toFixed(3));
const band = (x: number | null) => (x === null ? '' : x >= 0.8 ? 'band-good' : x >= 0.667 ? 'band-tentative' : 'band-low');
const KIND: Record<DisagreementView['kind'], string> = { agree: 'agreement', onlyA: 'A only', onlyB: 'B only', boundary: 'boundary' };

/** The text between two code point offsets. */
const cpSlice = (chars: string[], start: number, end: number) => chars.slice(Math.max(0, start), Math.max(0, end)).join('');

function Marked({ chars, from, to, spans }: { chars: string[]; from: number; to: number; spans: Array<{ start: number; end: number }> }) {
  const cuts = [...new Set([from, to, ...spans.flatMap((s) => [s.start, s.end])])].filter((x) => x >= from && x <= to).sort((a, b) => a - b);
  const parts: Array<{ text: string; marked: boolean }> = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const a = cuts[i]!;
    const b = cuts[i + 1]!;
    parts.push({ text: cpSlice(chars, a, b), marked: spans.some((s) => s.start <= a && s.end >= b) });
  }
  return <pre>{parts.map((p, i) => (p.marked ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}</pre>;
}

export function AgreementView({ ctx }: { ctx: ViewContext }) {
  const { invoke, onEvent } = ctx;
  const [coders, setCoders] = useState<string[]>([]);
  const [chosen, setChosen] = useState<string[]>([]);
  const [unit, setUnit] = useState<AgreementUnit>('character');
  const [overlap, setOverlap] = useState(0.9);
  const [result, setResult] = useState<(AgreementResult & { documentNames: string[] }) | null>(null);
  const [dis, setDis] = useState<DisagreementsResult | null>(null);
  const [current, setCurrent] = useState(0);
  const [text, setText] = useState<{ id: number; chars: string[] } | null>(null);
  const [adjust, setAdjust] = useState<{ start: string; end: string }>({ start: '', end: '' });
  const [version, setVersion] = useState(0);
  const listRef = useRef<HTMLDivElement>(null);
  const fail = useCallback((e: unknown) => ctx.setStatus({ kind: 'error', text: (e as Error).message }), [ctx]);

  useEffect(() => {
    void invoke('team.state', {}).then((s) => {
      const names = s.coders.filter((c) => c.codings > 0 && c.name !== 'Consensus').map((c) => c.name);
      setCoders(names);
      setChosen((cur) => (cur.length ? cur : names.slice(0, 2)));
    });
    return onEvent((e) => {
      if (e.type === 'changed' && e.what.some((w) => w === 'codings' || w === 'coders' || w === 'documents')) setVersion((v) => v + 1);
    });
  }, [invoke, onEvent]);

  const params = useMemo(() => ({ coders: chosen, unit, overlap }), [chosen, unit, overlap]);
  useEffect(() => {
    if (chosen.length < 2) return setResult(null);
    invoke('agreement.compute', params).then(setResult, (e: Error) => {
      setResult(null);
      fail(e);
    });
  }, [invoke, params, chosen.length, version, fail]);

  const pair = chosen.length === 2 ? chosen : null;
  useEffect(() => {
    if (!pair) return setDis(null);
    invoke('agreement.disagreements', { coderA: pair[0]!, coderB: pair[1]! }).then(setDis, fail);
  }, [invoke, pair?.[0], pair?.[1], version, fail]);

  const open = useMemo(() => (dis?.items ?? []).filter((i) => i.kind !== 'agree'), [dis]);
  const item = open[Math.min(current, open.length - 1)];
  useEffect(() => {
    if (!item || text?.id === item.documentId) return;
    invoke('documents.get', { id: item.documentId }).then((d) => setText({ id: d.id, chars: Array.from(d.text) }), fail);
  }, [item, text?.id, invoke, fail]);
  useEffect(() => {
    if (item) setAdjust({ start: String(item.start), end: String(item.end) });
  }, [item]);

  const decideOn = async (decision: ReconcileDecisionName) => {
    if (!item || !pair) return;
    const reply = ctx.beginStatus();
    try {
      const adjusted = decision === 'adjust' ? { start: Number(adjust.start), end: Number(adjust.end) } : undefined;
      await invoke('agreement.decide', { coderA: pair[0]!, coderB: pair[1]!, documentId: item.documentId, codeId: item.codeId, start: item.start, end: item.end, decision, adjusted });
      reply({ kind: 'info', text: `Reconciled: ${decision} (Ctrl+Z to undo)` });
      setCurrent((c) => Math.min(c + 1, open.length - 1));
      setVersion((v) => v + 1);
    } catch (e) {
      fail(e);
    }
  };
  const undo = async () => {
    const reply = ctx.beginStatus();
    try {
      const r = await invoke('history.undo', {});
      reply({ kind: 'info', text: r.undone ? `Undone: ${r.undone}` : 'Nothing to undo' });
      setVersion((v) => v + 1);
    } catch (e) {
      fail(e);
    }
  };

  const onListKey = (e: React.KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'j') setCurrent((c) => Math.min(c + 1, open.length - 1));
    else if (e.key === 'ArrowUp' || e.key === 'k') setCurrent((c) => Math.max(c - 1, 0));
    else if (e.key === 'a') void decideOn('acceptA');
    else if (e.key === 'b') void decideOn('acceptB');
    else if (e.key === 'o') void decideOn('acceptBoth');
    else if (e.key === 'd') void decideOn('drop');
    else return;
    e.preventDefault();
  };

  const exportReport = async (format: 'csv' | 'html') => {
    try {
      downloadBase64(await invoke('agreement.report', { ...params, format }));
    } catch (e) {
      fail(e);
    }
  };

  const context = 150;
  return (
    <div className="team-view">
      <h2>Inter-coder agreement</h2>
      <section className="team-box" aria-label="Agreement settings">
        <div className="team-row">
          <fieldset>
            <legend>Coders</legend>
            {coders.map((c) => (
              <label key={c} style={{ flexDirection: 'row' }}>
                <input type="checkbox" checked={chosen.includes(c)} onChange={(e) => setChosen((cur) => (e.target.checked ? [...cur, c] : cur.filter((x) => x !== c)))} /> {c}
              </label>
            ))}
            {coders.length < 2 && <p className="team-muted">Agreement needs at least two coders with codings.</p>}
          </fieldset>
          <label>
            Unit
            <select value={unit} onChange={(e) => setUnit(e.target.value as AgreementUnit)} aria-label="Unit">
              <option value="character">character</option>
              <option value="segment">segment</option>
              <option value="document">document</option>
            </select>
          </label>
          {unit === 'segment' && (
            <label>
              Overlap (|A∩B| / |A∪B|)
              <input type="number" min={0} max={1} step={0.05} value={overlap} onChange={(e) => setOverlap(Math.min(1, Math.max(0, Number(e.target.value))))} aria-label="Overlap threshold" />
            </label>
          )}
          <button type="button" onClick={() => void exportReport('html')} disabled={!result}>Report (HTML)</button>
          <button type="button" onClick={() => void exportReport('csv')} disabled={!result}>Figures (CSV)</button>
        </div>
      </section>

      {result && (
        <section className="team-box" aria-label="Agreement per code">
          <p>
            {result.unit} unit; {result.coders.join(', ')}; {result.documents} documents compared. Lowest agreement first; α bands after Krippendorff (≥ 0.800 reliable, ≥ 0.667 tentative).
          </p>
          <table className="team-table" aria-label="Agreement per code">
            <thead>
              <tr>
                <th scope="col">Code</th><th scope="col">Units</th><th scope="col">% agreement</th><th scope="col">Cohen’s κ</th><th scope="col">Fleiss’ κ</th>
                <th scope="col">Krippendorff’s α</th><th scope="col">Gwet’s AC1</th><th scope="col">|uα</th>{unit === 'segment' && <th scope="col">Segments matched</th>}
              </tr>
            </thead>
            <tbody>
              {lowestFirst(result.codes).map((c) => (
                <tr key={c.codePath}>
                  <th scope="row" title={Object.entries(c.reasons ?? {}).map(([k, v]) => `${k}: ${v}`).join('\n')}>{c.codePath}</th>
                  <td className="num">{c.units.toLocaleString()}</td>
                  <td className="num">{fmt(c.percentAgreement)}</td>
                  <td className="num">{fmt(c.cohenKappa)}</td>
                  <td className="num">{fmt(c.fleissKappa)}</td>
                  <td className={`num ${band(c.krippendorffAlpha)}`} title={krippendorffBand(c.krippendorffAlpha)}>{fmt(c.krippendorffAlpha)}</td>
                  <td className="num">{fmt(c.gwetAC1)}</td>
                  <td className="num">{fmt(c.unitizingAlpha)}</td>
                  {unit === 'segment' && <td className="num">{(c.segments ?? []).map((s) => `${s.matched}/${s.segmentsA}+${s.segmentsB}`).join('; ')}</td>}
                </tr>
              ))}
              {(['pooled', 'macro'] as const).map((k) => {
                const f = result.overall[k];
                return (
                  <tr key={k}>
                    <th scope="row">{k === 'pooled' ? 'Overall (pooled)' : 'Overall (mean of codes)'}</th>
                    <td className="num">{f.units.toLocaleString()}</td>
                    <td className="num">{fmt(f.percentAgreement)}</td>
                    <td className="num">{fmt(f.cohenKappa)}</td>
                    <td className="num">{fmt(f.fleissKappa)}</td>
                    <td className={`num ${band(f.krippendorffAlpha)}`}>{fmt(f.krippendorffAlpha)}</td>
                    <td className="num">{fmt(f.gwetAC1)}</td>
                    <td className="num">{fmt(f.unitizingAlpha)}</td>
                    {unit === 'segment' && <td />}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      )}

      {pair && dis && (
        <section className="team-box" aria-labelledby="dis-title">
          <h3 id="dis-title">
            Disagreements: {dis.coderA} (A) and {dis.coderB} (B)
          </h3>
          <p>
            <progress className="team-progress" max={Math.max(1, dis.total)} value={dis.decided} aria-label="Reconciliation progress" /> {dis.decided} of {dis.total} reconciled; {dis.agreementsAccepted} of {dis.agreements} agreements in the Consensus layer.{' '}
            <button type="button" onClick={() => {
                if (!pair) return;
                const reply = ctx.beginStatus();
                void invoke('agreement.acceptAgreements', { coderA: pair[0]!, coderB: pair[1]! }).then((r) => {
                  reply({ kind: 'info', text: `${r.accepted} agreements accepted` });
                  setVersion((v) => v + 1);
                }, fail);
              }}>
              Accept all agreements
            </button>{' '}
            <button type="button" className="ghost" onClick={() => void undo()}>Undo last decision</button>
          </p>
          {open.length === 0 ? (
            <p className="team-muted">No disagreements.</p>
          ) : (
            <>
              <p className="team-muted">↑/↓ (or j/k) to step; a = accept A, b = accept B, o = accept both, d = drop.</p>
              <div className="dis-list" role="listbox" aria-label="Disagreements" tabIndex={0} ref={listRef} onKeyDown={onListKey} aria-activedescendant={item ? `dis-${item.key}` : undefined}>
                {open.map((i, n) => (
                  <div key={i.key} id={`dis-${i.key}`} role="option" aria-selected={n === current} onClick={() => setCurrent(n)}>
                    <span className="dis-kind">{KIND[i.kind]}</span>
                    <span>{i.documentName}</span>
                    <span>{i.codePath}</span>
                    <span className="team-muted">{i.start}–{i.end}</span>
                    <span>{i.decision ? `✓ ${i.decision}` : 'open'}</span>
                  </div>
                ))}
              </div>
              {item && text && text.id === item.documentId && (
                <div aria-label="Side by side">
                  <div className="side-by-side">
                    <div>
                      <strong>A: {dis.coderA}</strong> <span className="team-muted">{item.a.map((c) => `${c.start}–${c.end}`).join(', ') || 'no coding'}</span>
                      <Marked chars={text.chars} from={Math.max(0, item.start - context)} to={Math.min(text.chars.length, item.end + context)} spans={item.a} />
                    </div>
                    <div>
                      <strong>B: {dis.coderB}</strong> <span className="team-muted">{item.b.map((c) => `${c.start}–${c.end}`).join(', ') || 'no coding'}</span>
                      <Marked chars={text.chars} from={Math.max(0, item.start - context)} to={Math.min(text.chars.length, item.end + context)} spans={item.b} />
                    </div>
                  </div>
                  <div className="team-row" role="group" aria-label="Reconcile">
                    <button type="button" onClick={() => void decideOn('acceptA')}>Accept A</button>
                    <button type="button" onClick={() => void decideOn('acceptB')}>Accept B</button>
                    <button type="button" onClick={() => void decideOn('acceptBoth')}>Accept both</button>
                    <label>
                      Start
                      <input value={adjust.start} onChange={(e) => setAdjust((a) => ({ ...a, start: e.target.value }))} aria-label="Adjusted start" size={6} />
                    </label>
                    <label>
                      End
                      <input value={adjust.end} onChange={(e) => setAdjust((a) => ({ ...a, end: e.target.value }))} aria-label="Adjusted end" size={6} />
                    </label>
                    <button type="button" onClick={() => void decideOn('adjust')}>Adjust</button>
                    <button type="button" onClick={() => void decideOn('drop')}>Drop</button>
                    <button type="button" className="ghost" onClick={() => ctx.openInWorkspace(item.documentId, { start: item.start, end: item.end })}>Open in workspace</button>
                  </div>
                </div>
              )}
            </>
          )}
        </section>
      )}
    </div>
  );
}

export const agreementView: ViewDef = { id: 'agreement', label: 'Agreement', render: (ctx) => <AgreementView ctx={ctx} /> };
