// The theme report: pick codes and grouping, save printable HTML or DOCX.
import { useState } from 'react';
import type { ViewContext } from '../../views/registry';
import type { AttributeDef } from '../../../../shared/types';
import { selectionParams, type AnalysisSelection } from './selection';
import { downloadBase64 } from '../../lib/download';

export function ReportPanel({ ctx, selection, attributes }: { ctx: ViewContext; selection: AnalysisSelection; attributes: AttributeDef[] }) {
  const [chosen, setChosen] = useState<Set<number>>(new Set());
  const [filter, setFilter] = useState('');
  const names = attributes.map((a) => a.name);
  const [group1, setGroup1] = useState(names.includes('participant_group') ? 'participant_group' : (names[0] ?? ''));
  const [group2, setGroup2] = useState(names.includes('country') ? 'country' : '');
  const [perGroup, setPerGroup] = useState(3);
  const [busy, setBusy] = useState(false);
  const codes = ctx.codes.filter((c) => !filter.trim() || c.path.toLowerCase().includes(filter.trim().toLowerCase()));

  const save = async (format: 'html' | 'docx') => {
    const reportCodes = ctx.codes.filter((c) => chosen.has(c.id)).map((c) => c.path);
    if (reportCodes.length === 0) {
      ctx.setStatus({ kind: 'warn', text: 'Choose at least one code for the report' });
      return;
    }
    setBusy(true);
    const reply = ctx.beginStatus();
    try {
      const file = await ctx.invoke('analysis.report', {
        ...selectionParams(selection),
        reportCodes,
        groupBy: [group1, group2].filter(Boolean),
        quotesPerGroup: perGroup,
        format,
      });
      downloadBase64(file);
      reply({ kind: 'info', text: `Theme report saved (${file.fileName})` });
    } catch (e) {
      ctx.setStatus({ kind: 'error', text: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="xr">
      <fieldset className="xr-codes">
        <legend>Themes (codes, each with its subcodes)</legend>
        <input className="search" type="search" placeholder="Filter codes" aria-label="Filter codes" value={filter} onChange={(e) => setFilter(e.target.value)} />
        <ul className="xr-list">
          {codes.map((c) => (
            <li key={c.id}>
              <label className="check">
                <input
                  type="checkbox"
                  checked={chosen.has(c.id)}
                  onChange={(e) => {
                    const next = new Set(chosen);
                    if (e.target.checked) next.add(c.id);
                    else next.delete(c.id);
                    setChosen(next);
                  }}
                />{' '}
                {c.path}
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      <div className="xr-side">
        <label>
          Group quotes by{' '}
          <select value={group1} onChange={(e) => setGroup1(e.target.value)} aria-label="Group quotes by">
            {names.map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
        </label>
        <label>
          then by{' '}
          <select value={group2} onChange={(e) => setGroup2(e.target.value)} aria-label="Then group by">
            <option value="">(nothing)</option>
            {names.filter((n) => n !== group1).map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
        </label>
        <label>
          Quotes per group{' '}
          <input type="number" min={1} max={50} value={perGroup} onChange={(e) => setPerGroup(Math.max(1, Math.min(50, Number(e.target.value) || 1)))} aria-label="Quotes per group" />
        </label>
        <p className="muted small">{chosen.size} code{chosen.size === 1 ? '' : 's'} chosen. Quotes are labelled with their document's attributes.</p>
        <div className="xm-tools">
          <button type="button" className="chip" disabled={busy || !group1} onClick={() => void save('html')}>
            Save HTML (printable)
          </button>
          <button type="button" className="chip" disabled={busy || !group1} onClick={() => void save('docx')}>
            Save DOCX
          </button>
        </div>
      </div>
    </div>
  );
}
