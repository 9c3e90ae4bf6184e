// The selected code's fields, editable in place, plus merge and delete.
import { useEffect, useState } from 'react';
import type { Code } from '../../../shared/types';

interface Props {
  code: Code;
  codes: Code[];
  isFavourite: boolean;
  /** the codebook is locked for a coding round: only proposals can be edited */
  locked?: boolean;
  onUpdate: (fields: Partial<Code>) => void;
  onMerge: (targetId: number) => void;
  onDelete: () => void;
  onMove: (parentId: number | null) => void;
  onToggleFavourite: () => void;
  onMemo: () => void;
  onClose: () => void;
}

const FIELDS: Array<{ key: keyof Code; label: string; rows: number }> = [
  { key: 'shortDefinition', label: 'Short definition', rows: 1 },
  { key: 'definition', label: 'Full definition', rows: 3 },
  { key: 'inclusion', label: 'When to use', rows: 2 },
  { key: 'exclusion', label: 'When not to use', rows: 2 },
  { key: 'example', label: 'Typical example', rows: 2 },
  { key: 'atypicalExample', label: 'Atypical example', rows: 2 },
];

export function CodeDetails({ code, codes, isFavourite, locked, onUpdate, onMerge, onDelete, onMove, onToggleFavourite, onMemo, onClose }: Props) {
  const [draft, setDraft] = useState<Code>(code);
  const [mergeTarget, setMergeTarget] = useState('');
  useEffect(() => setDraft(code), [code]);
  const commit = (key: keyof Code) => {
    if (draft[key] !== code[key]) onUpdate({ [key]: draft[key] } as Partial<Code>);
  };
  const descendants = new Set<number>([code.id]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const c of codes) if (c.parentId !== null && descendants.has(c.parentId) && !descendants.has(c.id)) (descendants.add(c.id), (grew = true));
  }
  return (
    <section className="code-details" aria-label={`Code details: ${code.name}`}>
      <header className="details-header">
        <input
          type="color"
          aria-label="Colour"
          value={draft.color}
          onChange={(e) => setDraft({ ...draft, color: e.target.value })}
          onBlur={() => commit('color')}
        />
        <input
          className="details-name"
          aria-label="Code name"
          value={draft.name}
          onChange={(e) => setDraft({ ...draft, name: e.target.value })}
          onBlur={() => commit('name')}
          onKeyDown={(e) => {
            if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
          }}
        />
        <button type="button" className="ghost" aria-label="Close code details" onClick={onClose}>
          ✕
        </button>
      </header>
      <p className="muted path-line">{code.path}</p>
      {code.status === 'proposed' && <p className="details-note">Proposed{code.proposedBy ? ` by ${code.proposedBy}` : ''}: the lead accepts, merges or rejects it in the Codebook view.</p>}
      {code.status === 'rejected' && <p className="details-note">A rejected proposal: its codings are kept, but it can't be applied.</p>}
      {locked && code.status !== 'proposed' && <p className="details-note">The codebook is locked for a coding round, so this code can't be changed until the lead unlocks it.</p>}
      {FIELDS.map((f) => (
        <label key={f.key} className="field compact">
          <span>{f.label}</span>
          <textarea
            rows={f.rows}
            value={String(draft[f.key] ?? '')}
            onChange={(e) => setDraft({ ...draft, [f.key]: e.target.value })}
            onBlur={() => commit(f.key)}
          />
        </label>
      ))}
      <label className="field compact">
        <span>Parent</span>
        <select value={code.parentId ?? ''} onChange={(e) => onMove(e.target.value ? Number(e.target.value) : null)}>
          <option value="">(top level)</option>
          {codes
            .filter((c) => !descendants.has(c.id))
            .map((c) => (
              <option key={c.id} value={c.id}>
                {c.path}
              </option>
            ))}
        </select>
      </label>
      <label className="check">
        <input type="checkbox" checked={code.codable} onChange={(e) => onUpdate({ codable: e.target.checked })} /> Can be applied to text
      </label>
      <label className="check">
        <input type="checkbox" checked={isFavourite} onChange={onToggleFavourite} /> Pin to a number key (1–9)
      </label>
      <div className="details-actions">
        <select aria-label="Merge into" value={mergeTarget} onChange={(e) => setMergeTarget(e.target.value)}>
          <option value="">Merge into…</option>
          {codes
            .filter((c) => c.codable && !descendants.has(c.id))
            .map((c) => (
              <option key={c.id} value={c.id}>
                {c.path}
              </option>
            ))}
        </select>
        <button type="button" className="chip" disabled={!mergeTarget} onClick={() => onMerge(Number(mergeTarget))}>
          Merge
        </button>
        <button type="button" className="chip" onClick={onMemo}>
          Memo…
        </button>
        <button type="button" className="chip danger push-right" onClick={onDelete}>
          Delete…
        </button>
      </div>
    </section>
  );
}
