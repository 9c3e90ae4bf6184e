// The quotes behind a matrix or co-occurrence cell, each with its document's
// attributes and a way back into the coding workspace.
import type { Quote } from '../../../../shared/api/methods/exchange';

export interface QuoteListProps {
  title: string;
  total: number;
  quotes: Quote[];
  loading: boolean;
  onOpen: (documentId: number, range: { start: number; end: number }) => void;
  onClose: () => void;
}

export function QuoteList({ title, total, quotes, loading, onOpen, onClose }: QuoteListProps) {
  return (
    <aside className="xq-panel" aria-label="Quotes">
      <div className="xq-head">
        <h3 className="xq-title">{title}</h3>
        <button type="button" className="ghost" onClick={onClose} aria-label="Close quotes">
          ✕
        </button>
      </div>
      <p className="muted xq-count" aria-live="polite">
        {loading ? 'Loading…' : total === 0 ? 'No quotes.' : total > quotes.length ? `${quotes.length} of ${total} quotes` : `${total} quote${total === 1 ? '' : 's'}`}
      </p>
      <ol className="xq-list">
        {quotes.map((q, i) => (
          <li key={`${q.documentId}:${q.start}:${q.end}:${i}`} className="xq-item">
            <blockquote className="xq-text">{q.text}</blockquote>
            <div className="xq-meta">
              <strong>{q.documentName}</strong>
              {q.codePath && <span> · {q.codePath}</span>}
              {q.coder && <span> · {q.coder}</span>}
            </div>
            <div className="xq-attrs">
              {Object.entries(q.attributes)
                .filter(([, v]) => v)
                .map(([k, v]) => `${k}: ${v}`)
                .join(' · ')}
            </div>
            <button type="button" className="chip tiny" onClick={() => onOpen(q.documentId, { start: q.start, end: q.end })}>
              Open in workspace
            </button>
          </li>
        ))}
      </ol>
    </aside>
  );
}
