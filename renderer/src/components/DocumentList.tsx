// The documents pane: one entry per transcript, with status and coder badges.
import { useMemo, useState } from 'react';
import type { DocumentSummary } from '../../../shared/types';
import { groupDocuments } from '../lib/groupDocuments';

interface Props {
  documents: DocumentSummary[];
  selectedId: number | null;
  onSelect: (id: number) => void;
}

export function DocumentList({ documents, selectedId, onSelect }: Props) {
  const [groupBy, setGroupBy] = useState('');
  const attributes = useMemo(() => [...new Set(documents.flatMap((d) => Object.keys(d.attributes)))].sort(), [documents]);
  const groups = useMemo(() => groupDocuments(documents, groupBy), [documents, groupBy]);
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const buttons = [...(e.currentTarget.closest('.documents')?.querySelectorAll<HTMLButtonElement>('.doc-item') ?? [])];
    const i = buttons.indexOf(e.currentTarget as HTMLButtonElement);
    const next = buttons[i + (e.key === 'ArrowDown' ? 1 : -1)];
    if (next) {
      e.preventDefault();
      next.focus();
    }
  };
  return (
    <nav className="pane documents" aria-label="Documents pane">
      <header className="pane-header">
        <h2 className="pane-title">Documents</h2>
        <span className="muted">{documents.length}</span>
      </header>
      {attributes.length > 0 && (
        <label className="group-by">
          <span className="muted">Group by</span>
          <select aria-label="Group documents by" value={groupBy} onChange={(e) => setGroupBy(e.target.value)}>
            <option value="">none</option>
            {attributes.map((a) => (
              <option key={a} value={a}>
                {a.replace(/_/g, ' ')}
              </option>
            ))}
          </select>
        </label>
      )}
      <ul className="doc-list" aria-label="Documents">
        {groups.map(({ group, documents: docs }) => [
          group !== null && (
            <li key={`group-${group}`} className="doc-group" aria-hidden="true">
              {group} <span className="muted">{docs.length}</span>
            </li>
          ),
          ...docs.map((d) => (
            <li key={d.id}>
              <button
                type="button"
                className={`doc-item${d.id === selectedId ? ' selected' : ''}`}
                aria-current={d.id === selectedId ? 'true' : undefined}
                onClick={() => onSelect(d.id)}
                onKeyDown={onKeyDown}
              >
                <span className="doc-name">{d.name}</span>
                <span className="doc-meta">
                  {[d.attributes.country, d.attributes.participant_group].filter(Boolean).join(' · ') || d.sourceName}
                </span>
                <span className="doc-badges">
                  {d.status === 'deidentified' ? (
                    <span className="badge ok" title="De-identified">
                      de-identified
                    </span>
                  ) : (
                    <span className="badge warn" title="Not yet de-identified">
                      not de-identified
                    </span>
                  )}
                  {d.codingCount > 0 && (
                    <span className="badge" title={`Coded by ${d.coders.join(', ')}`}>
                      {d.codingCount} · {d.coders.join(', ')}
                    </span>
                  )}
                </span>
              </button>
            </li>
          )),
        ])}
      </ul>
    </nav>
  );
}
