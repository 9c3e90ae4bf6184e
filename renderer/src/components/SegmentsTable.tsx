// Coded segments: a TanStack Table, virtualised so 100k rows stay smooth.
import { useMemo, useRef, useState } from 'react';
import {
  flexRender,
  getCoreRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnDef,
  type SortingState,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { Code, DocumentSummary, Segment } from '../../../shared/types';
import { EMPTY_FILTER, filterSegments, type SegmentFilter } from '../lib/segmentFilter';

interface Props {
  segments: Segment[];
  codes: Code[];
  documents: DocumentSummary[];
  onOpen: (segment: Segment) => void;
  onRemove: (segment: Segment) => void;
  /** rendered in the pane header, e.g. tabs */
  header?: React.ReactNode;
}

const ROW_HEIGHT = 30;

export function SegmentsTable({ segments, codes, documents, onOpen, onRemove, header }: Props) {
  const [sorting, setSorting] = useState<SortingState>([]);
  const [filter, setFilter] = useState<SegmentFilter>(EMPTY_FILTER);
  const [columnVisibility, setColumnVisibility] = useState<Record<string, boolean>>({});
  const [chooserOpen, setChooserOpen] = useState(false);
  const coders = useMemo(() => [...new Set(segments.map((s) => s.coderName))].sort(), [segments]);
  const attributeNames = useMemo(() => [...new Set(documents.flatMap((d) => Object.keys(d.attributes)))].sort(), [documents]);
  const attributeValues = useMemo(
    () => (filter.attribute ? [...new Set(documents.map((d) => d.attributes[filter.attribute] ?? '').filter(Boolean))].sort() : []),
    [documents, filter.attribute],
  );
  const data = useMemo(() => filterSegments(segments, filter, codes, documents), [segments, filter, codes, documents]);
  const set = (patch: Partial<SegmentFilter>) => setFilter((f) => ({ ...f, ...patch }));
  const columns = useMemo<ColumnDef<Segment>[]>(
    () => [
      { accessorKey: 'documentName', header: 'Document', size: 130 },
      {
        accessorKey: 'codePath',
        header: 'Code',
        size: 190,
        cell: (c) => (
          <span className="code-cell">
            <span className="swatch" style={{ background: c.row.original.codeColor }} aria-hidden="true" />
            {c.getValue<string>()}
          </span>
        ),
      },
      { accessorKey: 'coderName', header: 'Coder', size: 80 },
      { accessorKey: 'start', header: 'Start', size: 56 },
      { accessorKey: 'end', header: 'End', size: 56 },
      { accessorKey: 'text', header: 'Text', size: 0 },
      { accessorKey: 'memo', header: 'Memo', size: 110 },
      {
        id: 'actions',
        header: () => <span className="visually-hidden">Actions</span>,
        size: 64,
        cell: (c) => (
          <button
            type="button"
            className="link-button"
            aria-label={`Remove coding ${c.row.original.codePath} on “${c.row.original.text.slice(0, 40)}”`}
            onClick={(e) => {
              e.stopPropagation();
              onRemove(c.row.original);
            }}
          >
            Remove
          </button>
        ),
      },
    ],
    [onRemove],
  );
  const table = useReactTable({
    data,
    columns,
    state: { sorting, columnVisibility },
    onSortingChange: setSorting,
    onColumnVisibilityChange: setColumnVisibility,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
  });
  const rows = table.getRowModel().rows;
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const padTop = items[0]?.start ?? 0;
  const padBottom = items.length ? virtualizer.getTotalSize() - items[items.length - 1]!.end : 0;
  // the Text column takes the width the others leave (TanStack would clamp its size 0 to its minimum, 20 px)
  const widths = table.getVisibleLeafColumns().map((c) => (c.columnDef.size === 0 ? 0 : c.getSize()));

  return (
    <>
      <header className="pane-header">
        {header ?? <h2 className="pane-title">Coded segments</h2>}
        <span className="muted" aria-live="polite">
          {rows.length === segments.length ? `${segments.length}` : `${rows.length} of ${segments.length}`}
        </span>
      </header>
      <div className="filter-bar" role="group" aria-label="Filter segments">
        <input
          className="search inline"
          type="search"
          placeholder="Text contains…"
          aria-label="Filter segments"
          value={filter.text}
          onChange={(e) => set({ text: e.target.value })}
        />
        <select aria-label="Filter by code" value={filter.codeId ?? ''} onChange={(e) => set({ codeId: e.target.value ? Number(e.target.value) : null })}>
          <option value="">All codes</option>
          {codes.map((c) => (
            <option key={c.id} value={c.id}>
              {c.path}
            </option>
          ))}
        </select>
        <label className="check small">
          <input type="checkbox" checked={filter.withChildren} onChange={(e) => set({ withChildren: e.target.checked })} /> with children
        </label>
        <select aria-label="Filter by coder" value={filter.coder} onChange={(e) => set({ coder: e.target.value })}>
          <option value="">All coders</option>
          {coders.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
        <select aria-label="Filter by document" value={filter.documentId ?? ''} onChange={(e) => set({ documentId: e.target.value ? Number(e.target.value) : null })}>
          <option value="">All documents</option>
          {documents.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </select>
        <select aria-label="Filter by attribute" value={filter.attribute} onChange={(e) => set({ attribute: e.target.value, attributeValue: '' })}>
          <option value="">Any attribute</option>
          {attributeNames.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
        {filter.attribute && (
          <select aria-label="Attribute value" value={filter.attributeValue} onChange={(e) => set({ attributeValue: e.target.value })}>
            <option value="">any value</option>
            {attributeValues.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        )}
        <div className="chooser">
          <button type="button" className="chip" aria-expanded={chooserOpen} onClick={() => setChooserOpen((o) => !o)}>
            Columns
          </button>
          {chooserOpen && (
            <div className="chooser-menu" role="group" aria-label="Visible columns">
              {table
                .getAllLeafColumns()
                .filter((c) => c.id !== 'actions')
                .map((c) => (
                  <label key={c.id} className="check">
                    <input type="checkbox" checked={c.getIsVisible()} onChange={c.getToggleVisibilityHandler()} /> {String(c.columnDef.header)}
                  </label>
                ))}
            </div>
          )}
        </div>
      </div>
      <div className="table-scroll" ref={scrollRef}>
        <table className="grid" aria-label="Coded segments" aria-rowcount={rows.length + 1}>
          <colgroup>
            {widths.map((w, i) => (
              // size 0 = take the remaining width
              <col key={i} style={w ? { width: w } : undefined} />
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
            {padTop > 0 && (
              <tr aria-hidden="true">
                <td style={{ height: padTop }} colSpan={widths.length} />
              </tr>
            )}
            {items.map((vi) => {
              const row = rows[vi.index]!;
              return (
                <tr
                  key={row.id}
                  aria-rowindex={vi.index + 2}
                  tabIndex={0}
                  style={{ height: ROW_HEIGHT }}
                  onClick={() => onOpen(row.original)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') onOpen(row.original);
                  }}
                >
                  {row.getVisibleCells().map((cell) => (
                    <td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</td>
                  ))}
                </tr>
              );
            })}
            {padBottom > 0 && (
              <tr aria-hidden="true">
                <td style={{ height: padBottom }} colSpan={widths.length} />
              </tr>
            )}
          </tbody>
        </table>
        {data.length === 0 && segments.length > 0 && <p className="empty">No segments match the filters.</p>}
        {segments.length === 0 && <p className="empty">No coded segments yet. Select text in the transcript and press Ctrl+K.</p>}
      </div>
    </>
  );
}
