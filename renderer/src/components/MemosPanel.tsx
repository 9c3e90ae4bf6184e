// All memos in one table (TanStack Table): search (server side, memos.list
// query), filter by target type, open a memo, write the project memo.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  flexRender,
  getCoreRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnDef,
  type SortingState,
} from '@tanstack/react-table';
import type { Invoke } from '../../../shared/api/contract';
import type { Memo, MemoTarget } from '../../../shared/types';
import { isMemoTarget, MEMO_TARGETS, memoExcerpt, memoTargetName } from '../lib/memoBody';
import { MemoEditor } from './MemoEditor';
import './memos.css';

export interface MemosPanelProps {
  invoke: Invoke;
  /** the current coder; null disables writing the project memo */
  coderId: number | null;
  /** bump to re-fetch (e.g. on a 'memos' changed event, or after a memo was saved elsewhere) */
  refreshKey: number;
  onOpen: (memo: Memo) => void;
}

const SEARCH_DELAY_MS = 200;

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function formatWhen(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateFormat.format(d);
}

export function MemosPanel({ invoke, coderId, refreshKey, onOpen }: MemosPanelProps) {
  const [memos, setMemos] = useState<Memo[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [query, setQuery] = useState('');
  const [debouncedQuery, setDebouncedQuery] = useState('');
  const [targetType, setTargetType] = useState<MemoTarget | 'all'>('all');
  const [error, setError] = useState<string | null>(null);
  const [sorting, setSorting] = useState<SortingState>([{ id: 'updatedAt', desc: true }]);
  const [composing, setComposing] = useState<{ initialBody: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState('');
  const [localRefresh, setLocalRefresh] = useState(0);
  const newButtonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const t = setTimeout(() => setDebouncedQuery(query.trim()), SEARCH_DELAY_MS);
    return () => clearTimeout(t);
  }, [query]);

  // fetch; a later request wins over an earlier one still in flight
  useEffect(() => {
    let live = true;
    invoke('memos.list', {
      ...(targetType === 'all' ? {} : { targetType }),
      ...(debouncedQuery ? { query: debouncedQuery } : {}),
    })
      .then((list) => {
        if (!live) return;
        setMemos(list);
        setLoaded(true);
        setError(null);
      })
      .catch((e: unknown) => {
        if (live) setError(`Could not load memos: ${(e as Error).message ?? String(e)}`);
      });
    return () => {
      live = false;
    };
  }, [invoke, targetType, debouncedQuery, refreshKey, localRefresh]);

  const openProjectMemo = useCallback(async () => {
    setError(null);
    try {
      // one project memo per coder: continue the existing one if there is one
      const existing = (await invoke('memos.list', { targetType: 'project' })).find((m) => m.coderId === coderId);
      setComposing({ initialBody: existing?.body ?? '' });
    } catch (e) {
      setError(`Could not open the project memo: ${(e as Error).message ?? String(e)}`);
    }
  }, [invoke, coderId]);

  const closeComposer = useCallback(() => {
    setComposing(null);
    requestAnimationFrame(() => newButtonRef.current?.focus());
  }, []);

  const saveProjectMemo = useCallback(
    async (body: string, bodyText: string) => {
      setSaving(true);
      setError(null);
      try {
        await invoke('memos.save', { targetType: 'project', targetId: null, coderId, body, bodyText });
        setNotice('Project memo saved.');
        closeComposer();
        setLocalRefresh((n) => n + 1);
      } catch (e) {
        setError(`Could not save the project memo: ${(e as Error).message ?? String(e)}`);
      } finally {
        setSaving(false);
      }
    },
    [invoke, coderId, closeComposer],
  );

  const columns = useMemo<ColumnDef<Memo>[]>(
    () => [
      {
        id: 'target',
        header: 'Target',
        size: 260,
        accessorFn: (m) => `${memoTargetName(m.targetType)} ${m.targetLabel}`,
        cell: (c) => {
          const m = c.row.original;
          return (
            <span className="memo-target">
              <span className={`memo-type memo-type-${m.targetType}`}>{memoTargetName(m.targetType)}</span>
              <span className="memo-target-label" title={m.targetLabel}>
                {m.targetLabel}
              </span>
            </span>
          );
        },
      },
      { id: 'coder', header: 'Coder', size: 110, accessorFn: (m) => m.coderName ?? '—' },
      {
        id: 'updatedAt',
        header: 'Updated',
        size: 150,
        accessorFn: (m) => m.updatedAt,
        cell: (c) => <time dateTime={c.row.original.updatedAt}>{formatWhen(c.row.original.updatedAt)}</time>,
      },
      {
        id: 'text',
        header: 'Text',
        size: 420,
        enableSorting: false,
        accessorFn: (m) => m.bodyText,
        cell: (c) => {
          const m = c.row.original;
          const text = memoExcerpt(m.bodyText, 160);
          return (
            <span className="memo-excerpt">
              {m.title && <strong>{m.title} · </strong>}
              {text || <span className="muted">(empty)</span>}
            </span>
          );
        },
      },
    ],
    [],
  );

  const table = useReactTable({
    data: memos,
    columns,
    state: { sorting },
    onSortingChange: setSorting,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
  });
  const rows = table.getRowModel().rows;
  const widths = table.getVisibleLeafColumns().map((c) => c.getSize());
  const filtered = debouncedQuery !== '' || targetType !== 'all';

  return (
    <section className="pane memos-panel" aria-label="Memos pane">
      <header className="pane-header memos-header">
        <h2 className="pane-title">Memos</h2>
        <span className="muted" aria-live="polite">
          {loaded ? `${memos.length}${filtered ? ' found' : ''}` : ''}
        </span>
        <span className="spacer" />
        <button
          ref={newButtonRef}
          type="button"
          className="memo-button"
          onClick={() => void openProjectMemo()}
          disabled={coderId === null || composing !== null}
          title={coderId === null ? 'Choose a coder first' : undefined}
        >
          New project memo
        </button>
      </header>
      <div className="memos-filters">
        <input
          className="search memos-search"
          type="search"
          placeholder="Search memos"
          aria-label="Search memos"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <label className="memos-filter">
          <span className="visually-hidden">Target type</span>
          <select
            aria-label="Target type"
            value={targetType}
            onChange={(e) => {
              const v = e.target.value;
              setTargetType(isMemoTarget(v) ? v : 'all');
            }}
          >
            <option value="all">All targets</option>
            {MEMO_TARGETS.map((t) => (
              <option key={t} value={t}>
                {memoTargetName(t, true)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error && (
        <p className="memo-error" role="alert">
          {error}
        </p>
      )}
      <p className="visually-hidden" role="status">
        {notice}
      </p>
      {composing && (
        <div className="memo-compose">
          <h3 className="memo-compose-title">Project memo</h3>
          <MemoEditor label="Project memo" initialBody={composing.initialBody} onSave={(b, t) => void saveProjectMemo(b, t)} onCancel={closeComposer} saving={saving} autoFocus />
        </div>
      )}
      <div className="table-scroll">
        <table className="grid memos-grid" aria-label="Memos" aria-rowcount={rows.length + 1}>
          <colgroup>
            {/* the last column (Text) takes the rest of the width */}
            {widths.map((w, i) => (
              <col key={i} style={i === widths.length - 1 ? undefined : { width: w }} />
            ))}
          </colgroup>
          <thead>
            {table.getHeaderGroups().map((hg) => (
              <tr key={hg.id}>
                {hg.headers.map((h) => {
                  const sorted = h.column.getIsSorted();
                  return (
                    <th key={h.id} scope="col" aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}>
                      {h.column.getCanSort() ? (
                        <button type="button" className="th-button" onClick={h.column.getToggleSortingHandler()}>
                          {flexRender(h.column.columnDef.header, h.getContext())}
                          <span aria-hidden="true">{sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ''}</span>
                        </button>
                      ) : (
                        flexRender(h.column.columnDef.header, h.getContext())
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {rows.map((row, i) => {
              const m = row.original;
              return (
                <tr
                  key={m.id}
                  aria-rowindex={i + 2}
                  tabIndex={0}
                  onClick={() => onOpen(m)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' && e.target === e.currentTarget) {
                      e.preventDefault();
                      onOpen(m);
                    }
                  }}
                >
                  {row.getVisibleCells().map((cell) => (
                    <td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
        {loaded && memos.length === 0 && (
          <p className="empty">
            {filtered ? 'No memos match.' : 'No memos yet. Write one on a segment, a code, a document, or the project.'}
          </p>
        )}
      </div>
    </section>
  );
}
