// The project's known-names list: names of participants, family members,
// schools and villages, in any script. The project keeps salted hashes only,
// so the list shows each entry's placeholder and how many spellings it has.
import { useState } from 'react';
import type { Invoke } from '../../../../shared/api/contract';
import type { KnownNameView } from '../../../../shared/deid/views';
import { KNOWN_NAME_KINDS, type KnownNameKind } from '../../../../shared/deid/types';

export function KnownNamesPanel(props: {
  invoke: Invoke;
  names: KnownNameView[];
  reviewer: string;
  onChanged: (message: string) => void;
  onError: (e: unknown) => void;
}) {
  const { invoke, names, reviewer, onChanged, onError } = props;
  const [kind, setKind] = useState<KnownNameKind>('person');
  const [spellings, setSpellings] = useState('');
  const [busy, setBusy] = useState(false);
  const [extra, setExtra] = useState<Record<number, string>>({});

  const run = async (fn: () => Promise<string>) => {
    setBusy(true);
    try {
      onChanged(await fn());
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
    }
  };

  const add = () =>
    run(async () => {
      const list = spellings.split('\n').map((s) => s.trim()).filter(Boolean);
      const r = await invoke('deid.names.add', { kind, spellings: list, addedBy: reviewer });
      setSpellings('');
      return `Added ${r.placeholder} (${r.spellings} spelling${r.spellings === 1 ? '' : 's'}); ${r.rescan.added} new finding${r.rescan.added === 1 ? '' : 's'}${r.rescan.reopened.length ? `; reopened ${r.rescan.reopened.join(', ')}` : ''}.`;
    });

  return (
    <section className="deid-names" aria-labelledby="deid-names-title">
      <h3 id="deid-names-title" className="deid-subtitle">
        Known names
      </h3>
      <p className="muted small">Names of participants, family members, schools and villages, in any script. Weft keeps only salted hashes of them, so the list can’t show the names.</p>
      <form
        className="deid-names-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (spellings.trim()) void add();
        }}
      >
        <label className="small">
          Kind{' '}
          <select value={kind} onChange={(e) => setKind(e.target.value as KnownNameKind)} aria-label="Kind of name">
            {KNOWN_NAME_KINDS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
        <textarea
          aria-label="Spellings of one name, one per line"
          placeholder={'Spellings of one name, one per line\ne.g. Somchai\nสมชาย'}
          rows={3}
          value={spellings}
          onChange={(e) => setSpellings(e.target.value)}
        />
        <button type="submit" className="chip" disabled={busy || !spellings.trim()}>
          Add name
        </button>
      </form>
      {names.length > 0 && (
        <ul className="deid-names-list" aria-label="Known names">
          {names.map((n) => (
            <li key={n.id} className="deid-name">
              <div>
                <code>{n.placeholder}</code> <span className="muted small">
                  {n.kind} · {n.spellings} spelling{n.spellings === 1 ? '' : 's'} · added {n.addedAt.slice(0, 10)}
                  {n.addedBy ? ` by ${n.addedBy}` : ''}
                </span>
              </div>
              <div className="deid-names-row-actions">
                <input
                  aria-label={`Another spelling of ${n.placeholder}`}
                  placeholder="another spelling, then Enter"
                  value={extra[n.id] ?? ''}
                  onChange={(e) => setExtra({ ...extra, [n.id]: e.target.value })}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' && (extra[n.id] ?? '').trim()) {
                      e.preventDefault();
                      void run(async () => {
                        const r = await invoke('deid.names.addSpelling', { id: n.id, spelling: extra[n.id]! });
                        setExtra({ ...extra, [n.id]: '' });
                        return `${r.placeholder} now has ${r.spellings} spellings; ${r.rescan.added} new finding${r.rescan.added === 1 ? '' : 's'}.`;
                      });
                    }
                  }}
                />
                <button
                  type="button"
                  className="chip danger"
                  disabled={busy}
                  aria-label={`Remove ${n.placeholder} from the known names`}
                  onClick={() =>
                    void run(async () => {
                      await invoke('deid.names.remove', { id: n.id });
                      return `Removed ${n.placeholder} from the known names (text already replaced keeps it).`;
                    })
                  }
                >
                  Remove
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
