// Codebook editor: every code with every field in one table (TanStack Table),
// edited inline, reordered and re-parented; the coding-round lock, proposals,
// published versions, the diff between two versions, and the codebook document.
//
// Keyboard: Tab or the arrow keys reach every cell; Enter (or F2) edits a cell, Enter saves
// (Shift+Enter is a new line in long fields), Escape cancels. Alt+↑/↓ on a row
// moves the code among its siblings.
import { useCallback, useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import { flexRender, getCoreRowModel, useReactTable, type ColumnDef } from '@tanstack/react-table';
import type { ViewContext, ViewDef } from './registry';
import type { Code } from '../../../shared/types';
import type { CodebookOverview } from '../../../shared/api/methods/codebookVersions';
import type { CodebookDiff } from '../../../shared/codebookDiff';
import { DiffPanel } from '../components/codebook/DiffPanel';
import { EditableCell } from '../components/codebook/EditableCell';
import { downloadText } from '../lib/download';
import '../components/codebook/codebook.css';

type Row = CodebookOverview['codes'][number] & { depth: number; siblingIndex: number; siblingCount: number };
type TextField = 'name' | 'color' | 'shortDefinition' | 'definition' | 'inclusion' | 'exclusion' | 'example' | 'atypicalExample' | 'memo';

const TEXT_FIELDS: Array<{ field: TextField; label: string; multiline: boolean; width: number }> = [
  { field: 'name', label: 'Name', multiline: false, width: 150 },
  { field: 'color', label: 'Colour', multiline: false, width: 92 },
  { field: 'shortDefinition', label: 'Short definition', multiline: true, width: 180 },
  { field: 'definition', label: 'Definition', multiline: true, width: 260 },
  { field: 'inclusion', label: 'When to use', multiline: true, width: 220 },
  { field: 'exclusion', label: 'When not to use', multiline: true, width: 220 },
  { field: 'example', label: 'Typical example', multiline: true, width: 220 },
  { field: 'atypicalExample', label: 'Atypical example', multiline: true, width: 200 },
  { field: 'memo', label: 'Memo', multiline: true, width: 200 },
];

/** Codes in tree order (depth first, by sort order), with each one's place among its siblings. */
function treeOrder(codes: CodebookOverview['codes']): Row[] {
  const children = new Map<number | null, CodebookOverview['codes']>();
  for (const c of codes) children.set(c.parentId, [...(children.get(c.parentId) ?? []), c]);
  const out: Row[] = [];
  const walk = (parent: number | null, depth: number) => {
    const list = [...(children.get(parent) ?? [])].sort((a, b) => a.sortOrder - b.sortOrder || a.id - b.id);
    list.forEach((c, i) => {
      out.push({ ...c, depth, siblingIndex: i, siblingCount: list.length });
      walk(c.id, depth + 1);
    });
  };
  walk(null, 0);
  return out;
}

export function CodebookView({ ctx }: { ctx: ViewContext }) {
  const { invoke, onEvent } = ctx;
  const [data, setData] = useState<CodebookOverview | null>(null);
  const [filter, setFilter] = useState('');
  const [noDefinition, setNoDefinition] = useState(false);
  const [note, setNote] = useState('');
  const [mergeTargets, setMergeTargets] = useState<Record<number, number>>({});
  const [from, setFrom] = useState<string>('');
  const [to, setTo] = useState<string>('current');
  const [diff, setDiff] = useState<{ title: string; diff: CodebookDiff } | null>(null);
  const readOnly = ctx.info?.readOnly ?? false;

  const load = useCallback(() => invoke('codebook.overview', {}).then(setData), [invoke]);
  useEffect(() => {
    void load();
    return onEvent((e) => {
      if (e.type === 'changed' && e.what.some((w) => w === 'codes' || w === 'codings')) void load();
    });
  }, [load, onEvent]);

  const fail = useCallback((e: unknown) => ctx.setStatus({ kind: 'error', text: (e as Error).message }), [ctx]);
  const run = useCallback(
    async (fn: () => Promise<unknown>, done?: string | (() => string)) => {
      const reply = ctx.beginStatus();
      try {
        await fn();
        await Promise.all([load(), ctx.refresh()]);
        if (done) reply({ kind: 'info', text: typeof done === 'function' ? done() : done });
        return true;
      } catch (e) {
        fail(e);
        return false;
      }
    },
    [load, ctx, fail],
  );

  const locked = data?.lock.locked ?? false;
  const all = useMemo(() => (data ? treeOrder(data.codes) : []), [data]);
  const rows = useMemo(() => {
    const t = filter.trim().toLowerCase();
    return all.filter(
      (c) =>
        (!noDefinition || (c.codable && !c.definition.trim())) &&
        (!t || [c.path, c.shortDefinition, c.definition, c.inclusion, c.exclusion, c.memo].some((f) => f.toLowerCase().includes(t))),
    );
  }, [all, filter, noDefinition]);
  const proposals = all.filter((c) => c.status === 'proposed');
  const missing = all.filter((c) => c.codable && !c.definition.trim()).length;
  const versions = data?.versions ?? [];

  useEffect(() => {
    if (!from && versions.length) setFrom(String(versions[versions.length - 1]!.number));
  }, [versions, from]);

  const editable = useCallback((c: Code) => !readOnly && (!locked || c.status === 'proposed'), [readOnly, locked]);
  // moving is a change to the codebook's structure: never while it is locked, not even for a proposal
  const movable = !readOnly && !locked;
  const descendants = useCallback(
    (id: number): Set<number> => {
      const out = new Set<number>();
      const stack = [id];
      while (stack.length) {
        const cur = stack.pop()!;
        for (const c of all) if (c.parentId === cur && !out.has(c.id)) (out.add(c.id), stack.push(c.id));
      }
      return out;
    },
    [all],
  );

  const move = useCallback(
    (c: Row, delta: -1 | 1) => {
      const index = c.siblingIndex + delta;
      if (index < 0 || index >= c.siblingCount) return;
      void run(() => invoke('codes.move', { id: c.id, parentId: c.parentId, index })).then((ok) => {
        if (ok) requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-move="${c.id}:${delta}"]`)?.focus());
      });
    },
    [invoke, run],
  );

  const columns = useMemo<ColumnDef<Row>[]>(
    () => [
      {
        id: 'order',
        header: 'Order',
        size: 64,
        cell: ({ row: { original: c } }) => (
          <span className="cb-order">
            <button type="button" className="ghost" data-move={`${c.id}:-1`} aria-label={`Move ${c.path} up`} disabled={!movable || c.siblingIndex === 0} onClick={() => move(c, -1)}>↑</button>
            <button type="button" className="ghost" data-move={`${c.id}:1`} aria-label={`Move ${c.path} down`} disabled={!movable || c.siblingIndex >= c.siblingCount - 1} onClick={() => move(c, 1)}>↓</button>
          </span>
        ),
      },
      {
        id: 'path',
        header: 'Path',
        size: 250,
        cell: ({ row: { original: c } }) => (
          <span className="cb-path" style={{ paddingLeft: `${c.depth * 14}px` }} title={c.path}>
            <span className="swatch" style={{ background: c.color }} aria-hidden="true" />
            <span className="cb-path-text">
              {c.depth > 0 && <span className="muted">{c.path.slice(0, c.path.length - c.name.length)}</span>}
              {c.name}
            </span>
          </span>
        ),
      },
      {
        id: 'parent',
        header: 'Parent',
        size: 150,
        cell: ({ row: { original: c } }) => {
          const banned = descendants(c.id);
          return (
            <select
              className="cb-parent"
              aria-label={`Parent of ${c.path}`}
              value={c.parentId ?? ''}
              disabled={!movable}
              onChange={(e) => void run(() => invoke('codes.move', { id: c.id, parentId: e.target.value ? Number(e.target.value) : null }), `Moved ${c.name}`)}
            >
              <option value="">(top level)</option>
              {all
                .filter((p) => p.id !== c.id && !banned.has(p.id) && p.status !== 'rejected')
                .map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.path}
                  </option>
                ))}
            </select>
          );
        },
      },
      ...TEXT_FIELDS.map<ColumnDef<Row>>((f) => ({
        id: f.field,
        header: f.label,
        size: f.width,
        cell: ({ row: { original: c } }) => (
          <EditableCell
            label={`${f.label} of ${c.path}`}
            value={c[f.field]}
            multiline={f.multiline}
            disabled={!editable(c)}
            onSave={(value) => {
              if (f.field === 'color' && !/^#[0-9a-fA-F]{6}$/.test(value)) {
                ctx.setStatus({ kind: 'error', text: `Colour of ${c.path}: use #RRGGBB` });
                return Promise.resolve(false);
              }
              return run(() => invoke('codes.update', { id: c.id, [f.field]: value }), `Saved ${f.label.toLowerCase()} of ${c.path}`);
            }}
          />
        ),
      })),
      {
        id: 'codable',
        header: 'Codable',
        size: 72,
        cell: ({ row: { original: c } }) => (
          <input
            type="checkbox"
            aria-label={`${c.path} is codable`}
            checked={c.codable}
            disabled={!editable(c)}
            onChange={(e) => void run(() => invoke('codes.update', { id: c.id, codable: e.target.checked }))}
          />
        ),
      },
      {
        id: 'status',
        header: 'Status',
        size: 88,
        cell: ({ row: { original: c } }) =>
          c.status && c.status !== 'active' ? <span className={`code-status ${c.status}`}>{c.status}</span> : <span className="muted">in codebook</span>,
      },
      { id: 'codings', header: 'Codings', size: 72, cell: ({ row: { original: c } }) => <span className="num">{c.codings}</span> },
    ],
    [all, descendants, editable, movable, invoke, move, run, ctx],
  );

  const table = useReactTable({ data: rows, columns, getRowId: (c) => String(c.id), getCoreRowModel: getCoreRowModel() });

  const publish = () => {
    let published = 0;
    return run(
      async () => {
        const v = await invoke('codebook.publish', { note: note.trim(), coderId: ctx.coder?.id });
        setNote('');
        setFrom(String(v.number));
        published = v.number;
      },
      () => `Published codebook version ${published}`,
    );
  };

  const exportDocument = (version?: number) => {
    const reply = ctx.beginStatus();
    return invoke('codebook.document', version === undefined ? {} : { version })
      .then((d) => {
        downloadText(d.html, d.fileName, 'text/html;charset=utf-8');
        reply({ kind: 'info', text: `Saved ${d.fileName}: open it in a browser to read or print it` });
      })
      .catch(fail);
  };

  const compare = () => {
    const a = from === 'current' ? null : Number(from);
    const b = to === 'current' ? null : Number(to);
    const name = (n: number | null) => (n === null ? 'current codebook' : `version ${n}`);
    invoke('codebook.versionDiff', { from: a, to: b })
      .then((d) => setDiff({ title: `From ${name(a)} to ${name(b)}`, diff: d }))
      .catch(fail);
  };

  // arrow keys move between cells (a cell with nothing to focus is skipped); selects keep their own arrows
  const onBodyKey = (e: KeyboardEvent<HTMLTableSectionElement>) => {
    const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    const step = moves[e.key];
    const target = e.target as HTMLElement;
    if (!step || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || target.tagName === 'SELECT' || target.tagName === 'TEXTAREA' || (target.tagName === 'INPUT' && (target as HTMLInputElement).type !== 'checkbox')) return;
    const td = target.closest('td');
    const tr = td?.parentElement as HTMLTableRowElement | null;
    if (!td || !tr) return;
    const body = e.currentTarget;
    let r = tr.sectionRowIndex;
    let c = td.cellIndex;
    for (;;) {
      r += step[0];
      c += step[1];
      const cell = body.rows[r]?.cells[c];
      if (!cell) return;
      const next = cell.querySelector<HTMLElement>('button:not([disabled]):not([aria-disabled="true"]), select:not([disabled]), input:not([disabled])') ?? cell.querySelector<HTMLElement>('button.cb-cell');
      if (next) {
        e.preventDefault();
        next.focus();
        return;
      }
    }
  };

  const onRowKey = (e: KeyboardEvent, c: Row) => {
    if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown') && movable) {
      e.preventDefault();
      move(c, e.key === 'ArrowUp' ? -1 : 1);
    }
  };

  return (
    <div className="cb-view">
      <header className="cb-head">
        <div>
          <h2>Codebook</h2>
          <p className="muted">
            {all.length} codes · {missing} codable without a definition · {versions.length ? `version ${versions[versions.length - 1]!.number} published ${versions[versions.length - 1]!.publishedAt.slice(0, 10)}` : 'no version published yet'}
          </p>
        </div>
        <div className="cb-actions">
          <button
            type="button"
            className={`cb-lock${locked ? ' on' : ''}`}
            aria-pressed={locked}
            disabled={readOnly}
            onClick={() => void run(() => invoke('codebook.setLock', { locked: !locked, coderId: ctx.coder?.id }), locked ? 'Codebook unlocked' : 'Codebook locked for the coding round')}
          >
            {locked ? 'Locked for coding round' : 'Lock codebook'}
          </button>
          <button type="button" className="ghost" onClick={() => void exportDocument()}>
            Print / export codebook
          </button>
        </div>
      </header>
      {locked && (
        <p className="cb-banner" role="note">
          The codebook is locked{data?.lock.by ? ` by ${data.lock.by}` : ''}. Coders can propose new codes (Ctrl+K, “Propose code”); other changes wait until it is unlocked. Proposals are decided on the right.
        </p>
      )}
      <div className="cb-body">
        <section className="cb-main" aria-label="Codes">
          <div className="cb-toolbar">
            <input type="search" placeholder="Filter by path or text" aria-label="Filter codes by path or text" value={filter} onChange={(e) => setFilter(e.target.value)} />
            <label>
              <input type="checkbox" checked={noDefinition} onChange={(e) => setNoDefinition(e.target.checked)} /> Only codes with no definition ({missing})
            </label>
            <span className="muted cb-hint">Arrows move · Enter edits, Enter saves · Esc cancels · Alt+↑/↓ reorders</span>
          </div>
          <div className="cb-scroll">
            <table className="cb-table" aria-label="Codebook" style={{ width: table.getTotalSize() }}>
              <colgroup>
                {table.getAllLeafColumns().map((col) => (
                  <col key={col.id} style={{ width: col.getSize() }} />
                ))}
              </colgroup>
              <thead>
                {table.getHeaderGroups().map((g) => (
                  <tr key={g.id}>
                    {g.headers.map((h) => (
                      <th key={h.id} scope="col">
                        {String(h.column.columnDef.header)}
                      </th>
                    ))}
                  </tr>
                ))}
              </thead>
              <tbody onKeyDown={onBodyKey}>
                {table.getRowModel().rows.map((r) => (
                  <tr key={r.id} className={`${r.original.codable ? '' : 'category'} ${r.original.status ?? ''}`} onKeyDown={(e) => onRowKey(e, r.original)}>
                    {r.getVisibleCells().map((cell) => (
                      <td key={cell.id} className={`col-${cell.column.id}`}>
                        {/* called, not mounted: flexRender would mount each cell function as a component, and a new
                            function (the columns follow the data) would remount every cell, ending an edit in progress */}
                        {typeof cell.column.columnDef.cell === 'function' ? cell.column.columnDef.cell(cell.getContext()) : flexRender(cell.column.columnDef.cell, cell.getContext())}
                      </td>
                    ))}
                  </tr>
                ))}
                {rows.length === 0 && (
                  <tr>
                    <td colSpan={columns.length} className="muted">
                      {noDefinition ? 'Every codable code has a definition.' : 'No codes match.'}
                    </td>
                  </tr>
                )}
              </tbody>
            </table>
          </div>
        </section>

        <aside className="cb-side" aria-label="Versions and proposals">
          <section className="cb-box" aria-labelledby="cb-publish">
            <h3 id="cb-publish">Publish a version</h3>
            <p className="muted">Freezes the whole codebook as version {(versions[versions.length - 1]?.number ?? 0) + 1}. New codings record the version in force.</p>
            <textarea aria-label="Version note" placeholder="What changed, for the coders" rows={2} value={note} onChange={(e) => setNote(e.target.value)} disabled={readOnly} />
            <button type="button" className="primary" disabled={readOnly} onClick={() => void publish()}>
              Publish version
            </button>
          </section>

          <section className="cb-box" aria-labelledby="cb-proposals">
            <h3 id="cb-proposals">Proposals ({proposals.length})</h3>
            {proposals.length === 0 ? (
              <p className="muted">No proposed codes.</p>
            ) : (
              <ul className="cb-proposals">
                {proposals.map((p) => {
                  const target = mergeTargets[p.id] ?? '';
                  return (
                    <li key={p.id}>
                      <div>
                        <strong>{p.path}</strong>
                        <span className="muted"> · {p.codings} codings{p.proposedBy ? ` · by ${p.proposedBy}` : ''}</span>
                      </div>
                      {p.definition && <p className="cb-def">{p.definition}</p>}
                      <div className="cb-proposal-actions">
                        <button type="button" className="ghost" disabled={readOnly} onClick={() => void run(() => invoke('codes.acceptProposal', { id: p.id }), `Accepted ${p.path}`)} aria-label={`Accept ${p.path}`}>
                          Accept
                        </button>
                        <button type="button" className="ghost" disabled={readOnly} onClick={() => void run(() => invoke('codes.rejectProposal', { id: p.id }), `Rejected ${p.path}: its codings are kept under Rejected proposals`)} aria-label={`Reject ${p.path}`}>
                          Reject
                        </button>
                        <select aria-label={`Merge ${p.path} into`} value={target} onChange={(e) => setMergeTargets((m) => ({ ...m, [p.id]: Number(e.target.value) }))}>
                          <option value="">Merge into…</option>
                          {all
                            .filter((c) => c.codable && c.status === 'active' && c.id !== p.id)
                            .map((c) => (
                              <option key={c.id} value={c.id}>
                                {c.path}
                              </option>
                            ))}
                        </select>
                        <button
                          type="button"
                          className="ghost"
                          disabled={readOnly || !target}
                          aria-label={`Merge ${p.path}`}
                          onClick={() => void run(() => invoke('codes.mergeProposal', { id: p.id, targetId: Number(target) }), `Merged ${p.path}`)}
                        >
                          Merge
                        </button>
                      </div>
                    </li>
                  );
                })}
              </ul>
            )}
          </section>

          <section className="cb-box" aria-labelledby="cb-compare">
            <h3 id="cb-compare">Compare</h3>
            <div className="cb-compare">
              <label>
                From
                <select value={from} onChange={(e) => setFrom(e.target.value)} aria-label="Compare from">
                  {!from && <option value="">—</option>}
                  {versions.map((v) => (
                    <option key={v.number} value={v.number}>
                      Version {v.number}
                    </option>
                  ))}
                  <option value="current">Current codebook</option>
                </select>
              </label>
              <label>
                To
                <select value={to} onChange={(e) => setTo(e.target.value)} aria-label="Compare to">
                  {versions.map((v) => (
                    <option key={v.number} value={v.number}>
                      Version {v.number}
                    </option>
                  ))}
                  <option value="current">Current codebook</option>
                </select>
              </label>
              <button type="button" className="ghost" onClick={compare} disabled={!from}>
                Show changes
              </button>
            </div>
            {diff && <DiffPanel title={diff.title} diff={diff.diff} />}
          </section>
          <section className="cb-box" aria-labelledby="cb-versions">
            <h3 id="cb-versions">Versions</h3>
            {versions.length === 0 ? (
              <p className="muted">None published yet.</p>
            ) : (
              <table className="cb-versions" aria-label="Published versions">
                <thead>
                  <tr>
                    <th scope="col">N</th>
                    <th scope="col">Published</th>
                    <th scope="col">Note</th>
                    <th scope="col">Codings</th>
                    <th scope="col"><span className="visually-hidden">Document</span></th>
                  </tr>
                </thead>
                <tbody>
                  {[...versions].reverse().map((v) => (
                    <tr key={v.number}>
                      <td className="num">{v.number}</td>
                      <td className="nowrap">
                        {v.publishedAt.slice(0, 10)}
                        {v.publishedBy && <div className="muted">{v.publishedBy}</div>}
                      </td>
                      <td>{v.note || <span className="muted">—</span>}</td>
                      <td className="num">{v.codings}</td>
                      <td>
                        <button type="button" className="ghost" aria-label={`Codebook document of version ${v.number}`} onClick={() => void exportDocument(v.number)}>
                          HTML
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>

        </aside>
      </div>
    </div>
  );
}

export const codebookView: ViewDef = { id: 'codebook', label: 'Codebook', render: (ctx) => <CodebookView ctx={ctx} /> };
