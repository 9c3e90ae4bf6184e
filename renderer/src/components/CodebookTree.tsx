// The codebook pane: a keyboard-navigable tree (WAI-ARIA tree pattern) whose
// items are named by the code's name. Activating a code with text selected applies it.
import { useMemo, useRef, useState } from 'react';
import type { Code, Segment } from '../../../shared/types';

interface Props {
  codes: Code[];
  segments: Segment[];
  canApply: boolean;
  selectedId: number | null;
  /** code ids pinned to keys 1–9, in order */
  favourites: number[];
  onActivate: (code: Code) => void;
  onSelect: (code: Code) => void;
  onMove: (codeId: number, parentId: number | null) => void;
  onNewCode: () => void;
}

interface Node {
  code: Code;
  children: Node[];
  depth: number;
}

export function buildTree(codes: Code[]): Node[] {
  const byParent = new Map<number | null, Code[]>();
  for (const c of codes) {
    const list = byParent.get(c.parentId) ?? [];
    list.push(c);
    byParent.set(c.parentId, list);
  }
  const build = (parent: number | null, depth: number): Node[] =>
    (byParent.get(parent) ?? [])
      .sort((a, b) => a.sortOrder - b.sortOrder || a.id - b.id)
      .map((code) => ({ code, depth, children: build(code.id, depth + 1) }));
  return build(null, 1);
}

export function CodebookTree({ codes, segments, canApply, selectedId, favourites, onActivate, onSelect, onMove, onNewCode }: Props) {
  const [dropTarget, setDropTarget] = useState<number | 'root' | null>(null);
  const [collapsed, setCollapsed] = useState<Set<number>>(new Set());
  const [filter, setFilter] = useState('');
  const [focusId, setFocusId] = useState<number | null>(null);
  const treeRef = useRef<HTMLUListElement>(null);
  const counts = useMemo(() => {
    const m = new Map<number, { codings: number; docs: Set<number> }>();
    for (const s of segments) {
      let e = m.get(s.codeId);
      if (!e) m.set(s.codeId, (e = { codings: 0, docs: new Set() }));
      e.codings++;
      e.docs.add(s.documentId);
    }
    return m;
  }, [segments]);
  const tree = useMemo(() => buildTree(codes), [codes]);

  // the visible, flattened order drives arrow-key navigation
  const visible: Node[] = [];
  const needle = filter.trim().toLowerCase();
  const walk = (nodes: Node[]) => {
    for (const n of nodes) {
      if (!needle || n.code.path.toLowerCase().includes(needle)) visible.push(n);
      if (needle || !collapsed.has(n.code.id)) walk(n.children);
    }
  };
  walk(tree);
  const activeId = focusId ?? visible[0]?.code.id ?? null;

  const focusItem = (id: number) => {
    setFocusId(id);
    requestAnimationFrame(() => treeRef.current?.querySelector<HTMLElement>(`[data-code-id="${id}"]`)?.focus());
  };
  const onKeyDown = (e: React.KeyboardEvent, n: Node) => {
    const i = visible.indexOf(n);
    const toggle = (open: boolean) =>
      setCollapsed((prev) => {
        const next = new Set(prev);
        if (open) next.delete(n.code.id);
        else next.add(n.code.id);
        return next;
      });
    switch (e.key) {
      case 'ArrowDown':
        if (visible[i + 1]) focusItem(visible[i + 1]!.code.id);
        break;
      case 'ArrowUp':
        if (visible[i - 1]) focusItem(visible[i - 1]!.code.id);
        break;
      case 'ArrowRight':
        if (n.children.length && collapsed.has(n.code.id)) toggle(true);
        else if (n.children[0]) focusItem(n.children[0].code.id);
        break;
      case 'ArrowLeft':
        if (n.children.length && !collapsed.has(n.code.id)) toggle(false);
        else if (n.code.parentId !== null) focusItem(n.code.parentId);
        break;
      case 'Home':
        if (visible[0]) focusItem(visible[0].code.id);
        break;
      case 'End':
        if (visible.length) focusItem(visible[visible.length - 1]!.code.id);
        break;
      case 'Enter':
      case ' ':
        if (canApply) onActivate(n.code);
        else onSelect(n.code);
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  return (
    <aside className="pane codebook" aria-label="Codebook pane">
      <header className="pane-header">
        <h2 className="pane-title">Codebook</h2>
        <span className="muted">{codes.length} codes</span>
        <button type="button" className="chip push-right" onClick={onNewCode}>
          + New code
        </button>
      </header>
      <input
        className="search"
        type="search"
        placeholder="Filter codes"
        aria-label="Filter codes"
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
      />
      {canApply && <p className="hint">Text selected: choose a code to apply it.</p>}
      <ul
        className={`tree${dropTarget === 'root' ? ' drop-root' : ''}`}
        role="tree"
        aria-label="Codebook"
        ref={treeRef}
        onDragOver={(e) => {
          if (e.target === e.currentTarget) {
            e.preventDefault();
            setDropTarget('root');
          }
        }}
        onDragLeave={() => setDropTarget(null)}
        onDrop={(e) => {
          const id = Number(e.dataTransfer.getData('application/x-weft-code'));
          setDropTarget(null);
          if (id && e.target === e.currentTarget) onMove(id, null);
        }}
      >
        {visible.map((n) => {
          const hasChildren = n.children.length > 0;
          const count = counts.get(n.code.id);
          const fav = favourites.indexOf(n.code.id);
          return (
            <li
              key={n.code.id}
              role="treeitem"
              aria-label={n.code.status && n.code.status !== 'active' ? `${n.code.name} (${n.code.status})` : n.code.name}
              aria-level={n.depth}
              aria-expanded={hasChildren ? !collapsed.has(n.code.id) : undefined}
              aria-disabled={!n.code.codable || undefined}
              data-code-id={n.code.id}
              tabIndex={n.code.id === activeId ? 0 : -1}
              aria-selected={n.code.id === selectedId}
              draggable
              onDragStart={(e) => {
                e.dataTransfer.setData('application/x-weft-code', String(n.code.id));
                e.dataTransfer.effectAllowed = 'move';
              }}
              onDragOver={(e) => {
                e.preventDefault();
                e.stopPropagation();
                setDropTarget(n.code.id);
              }}
              onDragLeave={() => setDropTarget((t) => (t === n.code.id ? null : t))}
              onDrop={(e) => {
                e.preventDefault();
                e.stopPropagation();
                setDropTarget(null);
                const id = Number(e.dataTransfer.getData('application/x-weft-code'));
                if (id && id !== n.code.id) onMove(id, n.code.id);
              }}
              className={`tree-item${n.code.codable ? '' : ' category'}${n.code.id === selectedId ? ' selected' : ''}${dropTarget === n.code.id ? ' drop-target' : ''}`}
              style={{ paddingLeft: `${(needle ? 0 : n.depth - 1) * 14 + 6}px` }}
              title={n.code.shortDefinition || n.code.definition || n.code.path}
              onClick={() => {
                setFocusId(n.code.id);
                if (hasChildren && !n.code.codable) {
                  setCollapsed((prev) => {
                    const next = new Set(prev);
                    if (next.has(n.code.id)) next.delete(n.code.id);
                    else next.add(n.code.id);
                    return next;
                  });
                } else if (canApply) onActivate(n.code);
                onSelect(n.code);
              }}
              onKeyDown={(e) => onKeyDown(e, n)}
            >
              <span className="twisty" aria-hidden="true">
                {hasChildren ? (collapsed.has(n.code.id) && !needle ? '▸' : '▾') : ''}
              </span>
              <span className="swatch" style={{ background: n.code.color }} aria-hidden="true" />
              <span className="code-name">{needle ? n.code.path : n.code.name}</span>
              {n.code.status && n.code.status !== 'active' && (
                <span className={`code-status ${n.code.status}`} title={n.code.status === 'proposed' ? `Proposed${n.code.proposedBy ? ` by ${n.code.proposedBy}` : ''}; awaiting the lead's decision` : 'Rejected proposal: its codings are kept'}>
                  {n.code.status}
                </span>
              )}
              {fav >= 0 && fav < 9 && (
                <kbd className="fav" title={`Key ${fav + 1} applies this code`}>
                  {fav + 1}
                </kbd>
              )}
              {count && (
                <span className="count" title={`${count.codings} codings in ${count.docs.size} documents`}>
                  {count.codings}
                  <span className="muted"> · {count.docs.size}</span>
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </aside>
  );
}
