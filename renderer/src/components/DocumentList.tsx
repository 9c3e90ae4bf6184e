// The documents pane: one entry per transcript, with status and coder badges.
import type { DocumentSummary } from '../../../shared/types';

interface Props {
  documents: DocumentSummary[];
  selectedId: number | null;
  onSelect: (id: number) => void;
}

export function DocumentList({ documents, selectedId, onSelect }: Props) {
  const onKeyDown = (e: React.KeyboardEvent, index: number) => {
    const next = e.key === 'ArrowDown' ? index + 1 : e.key === 'ArrowUp' ? index - 1 : -1;
    if (next >= 0 && next < documents.length) {
      e.preventDefault();
      const el = (e.currentTarget.parentElement?.parentElement?.children[next] as HTMLElement | undefined)?.querySelector('button');
      el?.focus();
    }
  };
  return (
    <nav className="pane documents" aria-label="Documents pane">
      <header className="pane-header">
        <h2 className="pane-title">Documents</h2>
        <span className="muted">{documents.length}</span>
      </header>
      <ul className="doc-list" aria-label="Documents">
        {documents.map((d, i) => (
          <li key={d.id}>
            <button
              type="button"
              className={`doc-item${d.id === selectedId ? ' selected' : ''}`}
              aria-current={d.id === selectedId ? 'true' : undefined}
              onClick={() => onSelect(d.id)}
              onKeyDown={(e) => onKeyDown(e, i)}
            >
              <span className="doc-name">{d.name}</span>
              <span className="doc-meta">
                {[d.attributes.country, d.attributes.participant_group].filter(Boolean).join(' · ') || d.sourceName}
              </span>
              <span className="doc-badges">
                {d.status === 'deidentified' ? (
                  <span className="badge ok" title="De-identified">de-identified</span>
                ) : (
                  <span className="badge warn" title="Not yet de-identified">not de-identified</span>
                )}
                {d.codingCount > 0 && (
                  <span className="badge" title={`Coded by ${d.coders.join(', ')}`}>
                    {d.codingCount} · {d.coders.join(', ')}
                  </span>
                )}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
