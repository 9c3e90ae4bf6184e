// Coded segments: a TanStack Table, virtualised so 100k rows stay smooth.
import { useMemo, useRef, useState } from 'react';
import {
  flexRender,
  getCoreRowModel,
  getFilteredRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnDef,
  type SortingState,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { Segment } from '../../../shared/types';

interface Props {
  segments: Segment[];
  onOpen: (segment: Segment) => void;
  onRemove: (segment: Segment) => void;
}

const ROW_HEIGHT = 30;

export function SegmentsTable({ segments, onOpen, onRemove }: Props) {
  const [sorting, setSorting] = useState<SortingState>([]);
  const [globalFilter, setGlobalFilter] = useState('');
  const columns = useMemo<ColumnDef<Segment>[]>(
    () => [
      { accessorKey: 'documentName', header: 'Document', size: 170 },
      {
        accessorKey: 'codePath',
        header: 'Code',
        size: 220,
        cell: (c) => (
          <span className="code-cell">
            <span className="swatch" style={{ background: c.row.original.codeColor }} aria-hidden="true" />
            {c.getValue<string>()}
          </span>
        ),
      },
      { accessorKey: 'coderName', header: 'Coder', size: 110 },
      { accessorKey: 'start', header: 'Start', size: 70 },
      { accessorKey: 'end', header: 'End', size: 70 },
      { accessorKey: 'text', header: 'Text', size: 420 },
      { accessorKey: 'memo', header: 'Memo', size: 160 },
      {
        id: 'actions',
        header: () => <span className="visually-hidden">Actions</span>,
        size: 70,
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
    data: segments,
    columns,
    state: { sorting, globalFilter },
    onSortingChange: setSorting,
    onGlobalFilterChange: setGlobalFilter,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
    globalFilterFn: 'includesString',
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
  const widths = table.getVisibleLeafColumns().map((c) => c.getSize());

  return (
    <section className="pane segments" aria-label="Coded segments pane">
      <header className="pane-header">
        <h2 className="pane-title">Coded segments</h2>
        <span className="muted">
          {rows.length === segments.length ? `${segments.length}` : `${rows.length} of ${segments.length}`}
        </span>
        <input
          className="search inline"
          type="search"
          placeholder="Filter segments"
          aria-label="Filter segments"
          value={globalFilter}
          onChange={(e) => setGlobalFilter(e.target.value)}
        />
      </header>
      <div className="table-scroll" ref={scrollRef}>
        <table className="grid" aria-label="Coded segments" aria-rowcount={rows.length + 1}>
          <colgroup>
            {widths.map((w, i) => (
              <col key={i} style={{ width: w }} />
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
        {segments.length === 0 && <p className="empty">No coded segments yet. Select text in the transcript and press Ctrl+K.</p>}
      </div>
    </section>
  );
}
