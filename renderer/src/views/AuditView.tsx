// Audit: the project's audit trail (who did what, when, on which document or
// code), filtered by action, coder and dates, and saved as CSV for an ethics
// board or data-protection officer.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { createColumnHelper, flexRender, getCoreRowModel, getSortedRowModel, useReactTable, type SortingState } from '@tanstack/react-table';
import type { ViewContext, ViewDef } from './registry';
import type { AuditEntry } from '../../../shared/audit';
import { downloadBase64 } from '../lib/download';

const column = createColumnHelper<AuditEntry>();
const columns = [
  column.accessor('at', { header: 'When (UTC)', cell: (c) => c.getValue().replace('T', ' ').replace(/\.\d+Z$|Z$/, '') }),
  column.accessor((e) => e.coder ?? '', { id: 'coder', header: 'Coder' }),
  column.accessor((e) => e.account ?? '', { id: 'account', header: 'Account' }),
  column.accessor('via', { header: 'Via' }),
  column.accessor('action', { header: 'Action' }),
  column.accessor((e) => (e.targetName ? `${e.targetKind ?? ''}: ${e.targetName}` : ''), { id: 'target', header: 'On' }),
  column.accessor((e) => Object.entries(e.details).map(([k, v]) => `${k} ${v}`).join(', '), { id: 'details', header: 'Details', enableSorting: false }),
];

interface Filters {
  action: string;
  coder: string;
  from: string;
  to: string;
}

export function AuditView({ ctx }: { ctx: ViewContext }) {
  const { invoke, onEvent } = ctx;
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [filters, setFilters] = useState<Filters>({ action: '', coder: '', from: '', to: '' });
  const [sorting, setSorting] = useState<SortingState>([]);

  const params = useMemo(() => {
    const p: { action?: string; coder?: string; from?: string; to?: string } = {};
    for (const k of ['action', 'coder', 'from', 'to'] as const) if (filters[k].trim()) p[k] = filters[k].trim();
    return p;
  }, [filters]);

  const load = useCallback(
    () => invoke('audit.list', { ...params, limit: 5000 }).then(setEntries, (e: Error) => ctx.setStatus({ kind: 'error', text: e.message })),
    [invoke, params, ctx],
  );
  useEffect(() => {
    void load();
    return onEvent((e) => {
      if (e.type === 'changed') void load();
    });
  }, [load, onEvent]);

  // every action seen, for the action filter's choices
  const [actions, setActions] = useState<string[]>([]);
  const [coders, setCoders] = useState<string[]>([]);
  useEffect(() => {
    invoke('audit.list', {}).then((all) => {
      setActions([...new Set(all.map((e) => e.action))].sort());
      setCoders([...new Set(all.flatMap((e) => (e.coder ? [e.coder] : [])))].sort());
    }, () => {});
  }, [invoke, entries.length]);

  const table = useReactTable({ data: entries, columns, state: { sorting }, onSortingChange: setSorting, getCoreRowModel: getCoreRowModel(), getSortedRowModel: getSortedRowModel() });

  const saveCsv = async () => {
    const reply = ctx.beginStatus();
    try {
      const file = await invoke('audit.exportCsv', params);
      downloadBase64(file);
      reply({ kind: 'info', text: `Saved ${file.fileName} (${file.rows} entries)` });
    } catch (e) {
      ctx.setStatus({ kind: 'error', text: (e as Error).message });
    }
  };

  const set = (k: keyof Filters) => (e: { target: { value: string } }) => setFilters((f) => ({ ...f, [k]: e.target.value }));

  return (
    <div className="team-view audit-view">
      <section aria-labelledby="audit-heading">
        <h2 id="audit-heading">Audit trail</h2>
        <p className="team-muted">Who did what and when, on which document or code. The trail holds no transcript text and no de-identified values.</p>
        <form className="audit-filters" role="search" aria-label="Filter the audit trail" onSubmit={(e) => e.preventDefault()}>
          <label>
            Action{' '}
            <select aria-label="Filter by action" value={filters.action} onChange={set('action')}>
              <option value="">all</option>
              {actions.map((a) => (
                <option key={a} value={a}>{a}</option>
              ))}
            </select>
          </label>{' '}
          <label>
            Coder{' '}
            <select aria-label="Filter by coder" value={filters.coder} onChange={set('coder')}>
              <option value="">all</option>
              {coders.map((c) => (
                <option key={c} value={c}>{c}</option>
              ))}
            </select>
          </label>{' '}
          <label>
            From <input type="date" aria-label="From date" value={filters.from} onChange={set('from')} />
          </label>{' '}
          <label>
            To <input type="date" aria-label="To date" value={filters.to} onChange={set('to')} />
          </label>{' '}
          <button type="button" onClick={() => void saveCsv()}>Save as CSV</button>
        </form>
        <p className="team-muted" aria-live="polite">{entries.length} {entries.length === 1 ? 'entry' : 'entries'}</p>
        <table className="team-table" aria-label="Audit trail">
          <thead>
            {table.getHeaderGroups().map((g) => (
              <tr key={g.id}>
                {g.headers.map((h) => (
                  <th key={h.id} scope="col" aria-sort={h.column.getIsSorted() === 'asc' ? 'ascending' : h.column.getIsSorted() === 'desc' ? 'descending' : 'none'}>
                    {h.column.getCanSort() ? (
                      <button type="button" className="ghost" onClick={h.column.getToggleSortingHandler()}>
                        {flexRender(h.column.columnDef.header, h.getContext())}
                      </button>
                    ) : (
                      flexRender(h.column.columnDef.header, h.getContext())
                    )}
                  </th>
                ))}
              </tr>
            ))}
          </thead>
          <tbody>
            {table.getRowModel().rows.map((r) => (
              <tr key={r.id}>
                {r.getVisibleCells().map((c) => (
                  <td key={c.id}>{flexRender(c.column.columnDef.cell, c.getContext())}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}

export const auditView: ViewDef = { id: 'audit', label: 'Audit', render: (ctx) => <AuditView ctx={ctx} /> };
