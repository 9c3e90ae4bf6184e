// Full-text search across all documents, with results in context and
// "Code all hits" to apply a code to every result.
import { useState } from 'react';
import type { SearchHit } from '../../../shared/types';

interface Props {
  search: (query: string) => Promise<SearchHit[]>;
  onOpen: (hit: SearchHit) => void;
  onCodeAll: (hits: SearchHit[]) => void;
}

export function SearchPanel({ search, onOpen, onCodeAll }: Props) {
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<SearchHit[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [elapsed, setElapsed] = useState<number | null>(null);
  const run = async () => {
    if (!query.trim()) return;
    setBusy(true);
    const t0 = performance.now();
    try {
      setHits(await search(query));
      setElapsed(performance.now() - t0);
    } finally {
      setBusy(false);
    }
  };
  const docs = new Set(hits?.map((h) => h.documentId));
  return (
    <div className="search-panel">
      <form
        className="search-bar"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <input
          type="search"
          className="search inline-wide"
          aria-label="Search all documents"
          placeholder="Search all documents (any language)…"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <button type="submit" className="chip" disabled={busy}>
          Search
        </button>
        {hits && (
          <span className="muted" aria-live="polite">
            {hits.length} hits in {docs.size} documents{elapsed !== null ? ` · ${Math.round(elapsed)} ms` : ''}
          </span>
        )}
        {hits && hits.length > 0 && (
          <button type="button" className="chip push-right" onClick={() => onCodeAll(hits)}>
            Code all hits…
          </button>
        )}
      </form>
      <ul className="hits" aria-label="Search results">
        {hits?.map((h, i) => (
          <li key={`${h.documentId}-${h.start}-${i}`}>
            <button type="button" className="hit" onClick={() => onOpen(h)}>
              <span className="hit-doc">{h.documentName}</span>
              <span className="hit-context">
                {h.before}
                <mark>{h.match}</mark>
                {h.after}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
