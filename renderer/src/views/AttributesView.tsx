// Document attributes (case variables): a table of documents by attributes
// (TanStack Table) with inline editing, bulk editing of selected rows, pasting
// a block from a spreadsheet, grouping and filtering; the attribute
// definitions; and CSV in and out.
//
// Keyboard: arrows move between cells, Enter or F2 edits (Enter again saves,
// Escape cancels), typing starts an edit, Delete clears a value, Space on the
// first column selects the row, Ctrl+V pastes, Ctrl+C copies the cell.
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { getCoreRowModel, getSortedRowModel, useReactTable, type ColumnDef, type RowSelectionState, type SortingState } from '@tanstack/react-table';
import type { ViewContext, ViewDef } from './registry';
import type { AttributeDef, DocumentSummary } from '../../../shared/types';
import type { AttributeValueSummary } from '../../../shared/api/methods/attributes';
import { ATTRIBUTE_TYPE_LABELS, checkAttributeValue } from '../../../shared/attributeValues';
import { planPaste, toTsv, type PasteChange } from '../lib/attributePaste';
import { MessageLine, type LineMessage } from '../lib/messageLine';
import { AttributeInput } from '../components/attributes/AttributeInput';
import { AttributeDefinitions } from '../components/attributes/AttributeDefinitions';
import { downloadText } from '../lib/download';
import '../components/attributes/attributes.css';

type Message = { kind: 'error' | 'info'; text: string } | null;

function display(attr: AttributeDef, value: string): string {
  if (attr.type === 'boolean') return value === 'true' ? 'yes' : value === 'false' ? 'no' : '';
  return value;
}

export function AttributesView({ ctx }: { ctx: ViewContext }) {
  const { invoke, onEvent } = ctx;
  const [attributes, setAttributes] = useState<AttributeDef[]>([]);
  const [summary, setSummary] = useState<AttributeValueSummary[]>([]);
  const [sorting, setSorting] = useState<SortingState>([]);
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const [filterAttr, setFilterAttr] = useState('');
  const [filterValue, setFilterValue] = useState('');
  const [groupBy, setGroupBy] = useState('');
  const [text, setText] = useState('');
  const [active, setActive] = useState<{ row: number; col: number }>({ row: 0, col: 1 });
  const [editing, setEditing] = useState<{ row: number; col: number; value: string } | null>(null);
  const [bulkAttr, setBulkAttr] = useState('');
  const [bulkValue, setBulkValue] = useState('');
  const [message, setMessage] = useState<Message>(null);
  const line = useMemo(() => new MessageLine<LineMessage>(setMessage), []);
  const gridRef = useRef<HTMLTableElement>(null);
  const csvInput = useRef<HTMLInputElement>(null);
  const readOnly = ctx.info?.readOnly ?? false;

  const load = useCallback(async () => {
    const [a, s] = await Promise.all([invoke('attributes.list', {}), invoke('attributes.values', {})]);
    setAttributes(a);
    setSummary(s);
  }, [invoke]);
  useEffect(() => {
    void load();
    return onEvent((e) => {
      if (e.type === 'changed' && e.what.includes('documents')) void load();
    });
  }, [load, onEvent]);

  const afterWrite = useCallback(async () => {
    await Promise.all([load(), ctx.refresh()]);
  }, [load, ctx]);

  const documents = useMemo(() => {
    const t = text.trim().toLowerCase();
    return ctx.documents.filter(
      (d) =>
        (!filterAttr || !filterValue || (filterValue === '(no value)' ? !d.attributes[filterAttr] : (d.attributes[filterAttr] ?? '') === filterValue)) &&
        (!t || d.name.toLowerCase().includes(t) || Object.values(d.attributes).some((v) => v.toLowerCase().includes(t))),
    );
  }, [ctx.documents, filterAttr, filterValue, text]);

  const columns = useMemo<ColumnDef<DocumentSummary>[]>(
    () => [
      { id: 'document', accessorFn: (d) => d.name, header: 'Document' },
      ...attributes.map<ColumnDef<DocumentSummary>>((a) => ({
        id: `attr-${a.id}`,
        accessorFn: (d) => d.attributes[a.name] ?? '',
        header: a.name,
        // numbers and dates sort as such; missing values last
        sortingFn: (x, y, id) => {
          const p = x.getValue<string>(id);
          const q = y.getValue<string>(id);
          if (!p || !q) return p ? -1 : q ? 1 : 0;
          if (a.type === 'number') return Number(p) - Number(q);
          return p.localeCompare(q);
        },
      })),
    ],
    [attributes],
  );

  const table = useReactTable({
    data: documents,
    columns,
    state: { sorting, rowSelection },
    getRowId: (d) => String(d.id),
    onSortingChange: setSorting,
    onRowSelectionChange: setRowSelection,
    enableRowSelection: true,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
  });
  const sortedRows = table.getRowModel().rows;
  // grouping: rows keep their sort order inside each group; groups in alphabetical order, missing last
  const groupAttr = attributes.find((a) => a.name === groupBy);
  const rows = useMemo(() => {
    if (!groupAttr) return sortedRows.map((r) => ({ row: r, group: null as string | null }));
    const groups = new Map<string, typeof sortedRows>();
    for (const r of sortedRows) {
      const k = r.original.attributes[groupAttr.name] || '';
      groups.set(k, [...(groups.get(k) ?? []), r]);
    }
    const keys = [...groups.keys()].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)));
    return keys.flatMap((k) => groups.get(k)!.map((r) => ({ row: r, group: k })));
  }, [sortedRows, groupAttr]);
  const selected = table.getSelectedRowModel().rows.map((r) => r.original);
  const colCount = attributes.length + 1;

  useEffect(() => {
    setActive((a) => ({ row: Math.min(a.row, Math.max(0, rows.length - 1)), col: Math.min(a.col, colCount - 1) }));
  }, [rows.length, colCount]);

  const focusActive = useCallback((row: number, col: number) => {
    requestAnimationFrame(() => gridRef.current?.querySelector<HTMLElement>(`[data-cell="${row}:${col}"]`)?.focus());
  }, []);

  const save = useCallback(
    async (changes: PasteChange[], done: string) => {
      if (changes.length === 0) return true;
      const reply = line.begin();
      try {
        const r = await invoke('attributes.setValues', { changes });
        await afterWrite();
        reply({ kind: 'info', text: `${done} (${r.changed} value${r.changed === 1 ? '' : 's'} changed)` });
        return true;
      } catch (e) {
        reply({ kind: 'error', text: (e as Error).message });
        return false;
      }
    },
    [invoke, afterWrite, line],
  );

  // Enter and the blur that follows both commit: the ref lets only the first one through
  const editingRef = useRef(editing);
  editingRef.current = editing;
  const commitEdit = useCallback(async () => {
    const edit = editingRef.current;
    if (!edit) return;
    editingRef.current = null;
    const doc = rows[edit.row]?.row.original;
    const attr = attributes[edit.col - 1];
    setEditing(null);
    focusActive(edit.row, edit.col);
    if (!doc || !attr) return;
    if ((doc.attributes[attr.name] ?? '') === edit.value) return;
    const check = checkAttributeValue(attr, edit.value);
    if (!check.ok) {
      line.say({ kind: 'error', text: `${doc.name}, ${attr.name}: ${check.message}` });
      return;
    }
    await save([{ documentId: doc.id, attributeId: attr.id, value: check.value }], `Saved ${attr.name} of ${doc.name}.`);
  }, [rows, attributes, save, focusActive, line]);

  const startEdit = (row: number, col: number, initial?: string) => {
    if (readOnly || col < 1) return;
    const doc = rows[row]?.row.original;
    const attr = attributes[col - 1];
    if (!doc || !attr) return;
    setEditing({ row, col, value: initial ?? doc.attributes[attr.name] ?? '' });
  };

  const onGridKeyDown = (e: KeyboardEvent<HTMLTableElement>) => {
    if (editing) return;
    const { row, col } = active;
    const move = (r: number, c: number) => {
      const nr = Math.max(0, Math.min(rows.length - 1, r));
      const nc = Math.max(0, Math.min(colCount - 1, c));
      setActive({ row: nr, col: nc });
      focusActive(nr, nc);
      e.preventDefault();
    };
    if (e.key === 'ArrowDown') move(row + 1, col);
    else if (e.key === 'ArrowUp') move(row - 1, col);
    else if (e.key === 'ArrowRight') move(row, col + 1);
    else if (e.key === 'ArrowLeft') move(row, col - 1);
    else if (e.key === 'Home') move(e.ctrlKey ? 0 : row, 0);
    else if (e.key === 'End') move(e.ctrlKey ? rows.length - 1 : row, colCount - 1);
    else if (e.key === 'Enter' || e.key === 'F2') {
      e.preventDefault();
      startEdit(row, col);
    } else if (e.key === ' ' && col === 0) {
      e.preventDefault();
      rows[row]?.row.toggleSelected();
    } else if ((e.key === 'Delete' || e.key === 'Backspace') && col > 0 && !readOnly) {
      e.preventDefault();
      const doc = rows[row]?.row.original;
      const attr = attributes[col - 1];
      if (doc && attr && doc.attributes[attr.name]) void save([{ documentId: doc.id, attributeId: attr.id, value: '' }], `Cleared ${attr.name} of ${doc.name}.`);
    } else if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey && col > 0) {
      const attr = attributes[col - 1];
      if (attr && (attr.type === 'text' || attr.type === 'number')) {
        e.preventDefault();
        startEdit(row, col, e.key);
      }
    }
  };

  const onPaste = (e: React.ClipboardEvent<HTMLTableElement>) => {
    if (editing || readOnly) return;
    const data = e.clipboardData.getData('text/plain');
    if (!data) return;
    e.preventDefault();
    const plan = planPaste(
      data,
      rows.map((r) => ({ id: r.row.original.id, name: r.row.original.name })),
      attributes,
      active,
    );
    if (!plan.ok) line.say({ kind: 'error', text: plan.message });
    else void save(plan.changes, `Pasted ${plan.rows} row${plan.rows === 1 ? '' : 's'} × ${plan.columns} column${plan.columns === 1 ? '' : 's'}.`);
  };

  const onCopy = (e: React.ClipboardEvent<HTMLTableElement>) => {
    if (editing) return;
    const doc = rows[active.row]?.row.original;
    if (!doc) return;
    e.preventDefault();
    const attr = attributes[active.col - 1];
    e.clipboardData.setData('text/plain', toTsv([[attr ? (doc.attributes[attr.name] ?? '') : doc.name]]));
  };

  const bulkDef = attributes.find((a) => a.name === bulkAttr) ?? null;
  const applyBulk = () => {
    if (!bulkDef) return;
    const check = checkAttributeValue(bulkDef, bulkValue);
    if (!check.ok) {
      line.say({ kind: 'error', text: `${bulkDef.name}: ${check.message}` });
      return;
    }
    void save(
      selected.map((d) => ({ documentId: d.id, attributeId: bulkDef.id, value: check.value })),
      `Set ${bulkDef.name} ${check.value ? `to “${display(bulkDef, check.value)}”` : 'to no value'} for ${selected.length} document${selected.length === 1 ? '' : 's'}.`,
    );
  };

  const filterDef = attributes.find((a) => a.name === filterAttr);
  const filterValues = summary.find((s) => s.name === filterAttr)?.values.map((v) => v.value) ?? [];

  return (
    <section className="attrv" aria-label="Document attributes">
      <div className="attrv-head">
        <h2 className="attrv-title">Document attributes</h2>
        <div className="attrv-csv">
          <button
            type="button"
            className="attr-secondary"
            onClick={() => {
              const reply = line.begin();
              invoke('attributes.exportCsv', {})
                .then((r) => downloadText(r.csv, `${ctx.info?.name ?? 'attributes'} attributes.csv`, 'text/csv;charset=utf-8'))
                .catch((err: Error) => reply({ kind: 'error', text: err.message }));
            }}
          >
            Export CSV
          </button>
          <button type="button" className="attr-secondary" disabled={readOnly} onClick={() => csvInput.current?.click()}>
            Import CSV…
          </button>
          <input
            ref={csvInput}
            type="file"
            accept=".csv,text/csv"
            className="visually-hidden"
            tabIndex={-1}
            aria-label="Attributes CSV file"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (!file) return;
              const reply = line.begin();
              void file
                .text()
                .then((csv) => invoke('attributes.importCsv', { csv, name: file.name }))
                .then(async (r) => {
                  await afterWrite();
                  reply({ kind: 'info', text: `${file.name}: ${r.documents} documents; ${r.set} values set, ${r.cleared} cleared, ${r.unchanged} unchanged.` });
                })
                .catch((err: Error) => reply({ kind: 'error', text: err.message }));
            }}
          />
        </div>
      </div>

      <div className="attrv-controls" role="group" aria-label="Filter and group">
        <input className="attr-input" type="search" placeholder="Find documents or values" aria-label="Find documents or values" value={text} onChange={(e) => setText(e.target.value)} />
        <label>
          Only documents where{' '}
          <select
            className="attr-input"
            aria-label="Filter attribute"
            value={filterAttr}
            onChange={(e) => {
              setFilterAttr(e.target.value);
              setFilterValue('');
            }}
          >
            <option value="">(all documents)</option>
            {attributes.map((a) => (
              <option key={a.id}>{a.name}</option>
            ))}
          </select>
        </label>
        {filterDef && (
          <label>
            is{' '}
            <select className="attr-input" aria-label="Filter value" value={filterValue} onChange={(e) => setFilterValue(e.target.value)}>
              <option value="">(any)</option>
              {filterValues.map((v) => (
                <option key={v} value={v}>
                  {display(filterDef, v)}
                </option>
              ))}
              <option value="(no value)">(no value)</option>
            </select>
          </label>
        )}
        <label>
          Group by{' '}
          <select className="attr-input" aria-label="Group by" value={groupBy} onChange={(e) => setGroupBy(e.target.value)}>
            <option value="">(no grouping)</option>
            {attributes.map((a) => (
              <option key={a.id}>{a.name}</option>
            ))}
          </select>
        </label>
      </div>

      {!readOnly && (
        <div className="attrv-bulk" role="group" aria-label="Bulk edit">
          <span>
            <strong>{selected.length}</strong> selected:
          </span>
          <label>
            set{' '}
            <select
              className="attr-input"
              aria-label="Bulk edit attribute"
              value={bulkAttr}
              onChange={(e) => {
                setBulkAttr(e.target.value);
                setBulkValue('');
              }}
            >
              <option value="">(choose an attribute)</option>
              {attributes.map((a) => (
                <option key={a.id}>{a.name}</option>
              ))}
            </select>
          </label>
          {bulkDef && (
            <label>
              to <AttributeInput attribute={bulkDef} value={bulkValue} onChange={setBulkValue} label="Bulk edit value" />
            </label>
          )}
          <button type="button" className="primary" disabled={!bulkDef || selected.length === 0} onClick={applyBulk}>
            Apply to selected
          </button>
        </div>
      )}

      {message && (
        <p className={`attrv-message ${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}

      <div className="attrv-scroll">
        <table
          ref={gridRef}
          className="attrv-grid"
          role="grid"
          aria-label="Attributes of documents"
          aria-rowcount={rows.length + 1}
          aria-colcount={colCount + 1}
          aria-readonly={readOnly || undefined}
          onKeyDown={onGridKeyDown}
          onPaste={onPaste}
          onCopy={onCopy}
        >
          <thead>
            <tr>
              <th scope="col" className="attrv-check">
                <input
                  type="checkbox"
                  aria-label="Select all documents"
                  checked={table.getIsAllRowsSelected()}
                  ref={(el) => {
                    if (el) el.indeterminate = table.getIsSomeRowsSelected();
                  }}
                  onChange={table.getToggleAllRowsSelectedHandler()}
                />
              </th>
              {table.getHeaderGroups()[0]!.headers.map((h, i) => {
                const attr = attributes[i - 1];
                const sorted = h.column.getIsSorted();
                return (
                  <th key={h.id} scope="col" aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'}>
                    <button type="button" className="th-button" onClick={h.column.getToggleSortingHandler()} title={attr ? `${attr.name}: ${ATTRIBUTE_TYPE_LABELS[attr.type]}` : undefined}>
                      {String(h.column.columnDef.header)}
                      {sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ''}
                    </button>
                    {attr && <span className="attrv-type">{ATTRIBUTE_TYPE_LABELS[attr.type]}</span>}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={colCount + 1} className="empty">
                  {ctx.documents.length ? 'No document matches the filter.' : 'No documents yet: import transcripts first.'}
                </td>
              </tr>
            )}
            {rows.map(({ row, group }, r) => {
              const d = row.original;
              const groupStart = groupAttr && (r === 0 || rows[r - 1]!.group !== group);
              return [
                groupStart ? (
                  <tr key={`g-${group}`} className="attrv-group">
                    <th colSpan={colCount + 1} scope="rowgroup" role="rowheader">
                      {groupAttr.name}: {group ? display(groupAttr, group) : '(no value)'}
                    </th>
                  </tr>
                ) : null,
                <tr key={d.id} aria-selected={row.getIsSelected()} className={row.getIsSelected() ? 'selected' : undefined}>
                  <td className="attrv-check">
                    <input type="checkbox" aria-label={`Select ${d.name}`} checked={row.getIsSelected()} onChange={row.getToggleSelectedHandler()} tabIndex={-1} />
                  </td>
                  {Array.from({ length: colCount }, (_, c) => {
                    const attr = attributes[c - 1];
                    const isActive = active.row === r && active.col === c;
                    const isEditing = editing && editing.row === r && editing.col === c;
                    const value = attr ? (d.attributes[attr.name] ?? '') : d.name;
                    return (
                      <td
                        key={c}
                        role="gridcell"
                        data-cell={`${r}:${c}`}
                        tabIndex={isActive && !isEditing ? 0 : -1}
                        className={`${c === 0 ? 'attrv-name' : 'attrv-value'}${isActive ? ' active' : ''}`}
                        aria-label={attr ? `${d.name}, ${attr.name}` : undefined}
                        onClick={() => setActive({ row: r, col: c })}
                        onDoubleClick={() => startEdit(r, c)}
                      >
                        {isEditing && attr ? (
                          <AttributeInput
                            attribute={attr}
                            value={editing.value}
                            autoFocus
                            label={`${attr.name} of ${d.name}`}
                            onChange={(v) => setEditing((ed) => (ed ? { ...ed, value: v } : ed))}
                            onBlur={() => void commitEdit()}
                            onKeyDown={(e) => {
                              e.stopPropagation();
                              if (e.key === 'Enter') {
                                e.preventDefault();
                                void commitEdit();
                              } else if (e.key === 'Escape') {
                                e.preventDefault();
                                editingRef.current = null;
                                setEditing(null);
                                focusActive(r, c);
                              }
                            }}
                          />
                        ) : attr ? (
                          display(attr, value)
                        ) : (
                          value
                        )}
                      </td>
                    );
                  })}
                </tr>,
              ];
            })}
          </tbody>
        </table>
      </div>
      <p className="muted small attrv-help">
        Arrow keys move between cells; Enter or F2 edits, Enter saves and Escape cancels; Delete clears a value. Paste (Ctrl+V) a block copied from a spreadsheet: on a cell it fills from
        there down and to the right; on the Document column, or with a header row naming the attributes, rows are matched by document name.
      </p>

      {!readOnly && <AttributeDefinitions invoke={invoke} attributes={attributes} summary={summary} onChanged={afterWrite} line={line} />}
    </section>
  );
}

export const attributesView: ViewDef = { id: 'attributes', label: 'Attributes', render: (ctx) => <AttributesView ctx={ctx} /> };
