// De-identification: pick a document, review its findings in the text
// (accept, reject, accept all high-confidence ones, undo), redact a selection
// by hand, keep the known-names list, and mark the document de-identified.
// The project setting that blocks coding before de-identification lives here.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ViewContext, ViewDef } from './registry';
import type { FindingsResult } from '../../../shared/api/methods/deid';
import type { DeidDocument, KnownNameView } from '../../../shared/deid/views';
import { FINDING_KINDS, KIND_LABELS, type FindingKind } from '../../../shared/deid/types';
import { DeidText, type TextSelection } from '../components/deid/DeidText';
import { FindingsList } from '../components/deid/FindingsList';
import { KnownNamesPanel } from '../components/deid/KnownNamesPanel';
import '../components/deid/deid.css';
import { plural } from '../../../shared/plural';

const openTotal = (d: DeidDocument) => d.open.high + d.open.medium + d.open.low;

export function DeidView({ ctx }: { ctx: ViewContext }) {
  const { invoke, onEvent } = ctx;
  const status = useRef(ctx.setStatus);
  status.current = ctx.setStatus;
  const refreshWorkspace = useRef(ctx.refresh);
  refreshWorkspace.current = ctx.refresh;
  const reviewer = ctx.coder?.name ?? '';

  const [docs, setDocs] = useState<DeidDocument[]>([]);
  const [docId, setDocId] = useState<number | null>(null);
  const [data, setData] = useState<FindingsResult | null>(null);
  const [names, setNames] = useState<KnownNameView[]>([]);
  const [currentId, setCurrentId] = useState<number | null>(null);
  const [selection, setSelection] = useState<TextSelection | null>(null);
  const [redactKind, setRedactKind] = useState<FindingKind>('person');
  const [undoLabel, setUndoLabel] = useState<string | null>(null);
  const [blockCoding, setBlockCoding] = useState(false);
  const [showRejected, setShowRejected] = useState(false);
  const [busy, setBusy] = useState(false);
  const [version, setVersion] = useState(0);

  const fail = useCallback((e: unknown) => status.current({ kind: 'error', text: (e as Error).message ?? String(e) }), []);

  useEffect(() => {
    void Promise.all([invoke('deid.documents', {}), invoke('deid.names.list', {}), invoke('deid.policy', {}), invoke('deid.history', {})])
      .then(([d, n, p, h]) => {
        setDocs(d);
        setNames(n);
        setBlockCoding(p.blockCoding);
        setUndoLabel(h.undo);
        setDocId((cur) => (cur !== null && d.some((x) => x.id === cur) ? cur : (d.find((x) => x.status !== 'deidentified')?.id ?? d[0]?.id ?? null)));
      })
      .catch(fail);
  }, [invoke, version, fail]);

  useEffect(() => onEvent((e) => e.type === 'changed' && e.what.includes('documents') && setVersion((v) => v + 1)), [onEvent]);

  useEffect(() => {
    if (docId === null) return setData(null);
    let live = true;
    invoke('deid.findings', { documentId: docId })
      .then((r) => {
        if (!live) return;
        setData(r);
        setCurrentId((cur) => (r.findings.some((f) => f.id === cur && f.status === 'open') ? cur : (r.findings.find((f) => f.status === 'open')?.id ?? null)));
      })
      .catch(fail);
    return () => {
      live = false;
    };
  }, [invoke, docId, version, fail]);

  const open = useMemo(() => data?.findings.filter((f) => f.status === 'open') ?? [], [data]);
  const rejected = useMemo(() => data?.findings.filter((f) => f.status === 'rejected') ?? [], [data]);
  const highCount = open.filter((f) => f.confidence === 'high').length;
  const doc = data?.document ?? null;

  const act = async (fn: () => Promise<string | null>, keepFocus?: HTMLElement | null) => {
    if (!reviewer) return status.current({ kind: 'warn', text: 'Choose your name (top right) first: every review step records who made it.' });
    setBusy(true);
    const reply = ctx.beginStatus();
    try {
      const msg = await fn();
      if (msg) reply({ kind: 'info', text: msg });
      setVersion((v) => v + 1);
      await refreshWorkspace.current();
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
      keepFocus?.focus();
    }
  };

  const codingNote = (r: { codingsMoved: number; codingsAdjusted: number; codingsMerged: number }) =>
    [r.codingsMoved ? `${plural(r.codingsMoved, 'coding')} moved` : '', r.codingsAdjusted ? `${plural(r.codingsAdjusted, 'coding')} adjusted to cover the placeholder` : '', r.codingsMerged ? `${plural(r.codingsMerged, 'duplicate coding')} folded together` : '']
      .filter(Boolean)
      .join(', ');

  const nextAfter = (id: number) => {
    const i = open.findIndex((f) => f.id === id);
    return open[i + 1]?.id ?? open[i - 1]?.id ?? null;
  };

  const listEl = () => document.querySelector<HTMLElement>('.deid-list');

  return (
    <section className="deid-view" aria-label="De-identification">
      <aside className="deid-docs" aria-label="Documents to de-identify">
        <h2 className="deid-title">De-identification</h2>
        <ul className="deid-doc-list" role="listbox" aria-label="Documents" tabIndex={0}
          aria-activedescendant={docId !== null ? `deid-doc-${docId}` : undefined}
          onKeyDown={(e) => {
            const i = docs.findIndex((d) => d.id === docId);
            if (e.key === 'ArrowDown' && docs[i + 1]) setDocId(docs[i + 1]!.id);
            else if (e.key === 'ArrowUp' && i > 0) setDocId(docs[i - 1]!.id);
            else return;
            e.preventDefault();
          }}
        >
          {docs.map((d) => (
            <li key={d.id} id={`deid-doc-${d.id}`} role="option" aria-selected={d.id === docId} className={`deid-doc${d.id === docId ? ' current' : ''}`} onClick={() => setDocId(d.id)}>
              <span className="deid-doc-name">{d.name}</span>
              {d.status === 'deidentified' ? (
                <span className="badge ok">de-identified</span>
              ) : openTotal(d) ? (
                <span className="badge warn">{openTotal(d)} open</span>
              ) : (
                <span className="badge">ready to mark</span>
              )}
            </li>
          ))}
        </ul>
        <label className="check small deid-policy">
          <input
            type="checkbox"
            checked={blockCoding}
            onChange={(e) => {
              const next = e.target.checked;
              setBlockCoding(next);
              const reply = ctx.beginStatus();
              void invoke('deid.setPolicy', { blockCoding: next })
                .then((r) => {
                  setBlockCoding(r.blockCoding);
                  reply({ kind: 'info', text: r.blockCoding ? 'Coding is now blocked until a document is marked de-identified.' : 'Coding a document not yet de-identified now only warns.' });
                })
                .catch((err) => {
                  setBlockCoding(!next);
                  fail(err);
                });
            }}
          />{' '}
          Block coding until a document is marked de-identified
        </label>
      </aside>

      <div className="deid-main">
        {doc && data ? (
          <>
            <div className="deid-toolbar" role="toolbar" aria-label="Review">
              <h3 className="deid-doc-title">{doc.name}</h3>
              {doc.status === 'deidentified' ? (
                <span className="badge ok">
                  de-identified by {doc.deidentifiedBy ?? '?'} · {doc.deidentifiedAt?.slice(0, 16).replace('T', ' ')}
                </span>
              ) : (
                <span className="badge warn">not de-identified</span>
              )}
              <span className="muted small">{plural(doc.redactions, 'replacement')}</span>
              <span className="spacer" />
              <button type="button" className="chip" disabled={busy} onClick={() => act(async () => {
                const r = await invoke('deid.scan', { documentId: doc.id });
                return `Scanned again: ${plural(r.open, 'open finding')} (${r.added} new).`;
              })}>
                Scan again
              </button>
              <button type="button" className="chip" disabled={busy || highCount === 0} onClick={() => act(async () => {
                const r = await invoke('deid.acceptHigh', { documentId: doc.id, reviewer });
                const note = codingNote(r);
                return `Replaced ${plural(r.replaced, 'high-confidence finding')}${note ? `; ${note}` : ''}. Undo is in the toolbar.`;
              })}>
                Accept all high-confidence ({highCount})
              </button>
              <button type="button" className="chip" disabled={busy || !undoLabel} title={undoLabel ? `Undo: ${undoLabel}` : 'Nothing to undo'} onClick={() => act(async () => {
                const r = await invoke('deid.undo', {});
                return r.undone ? `Undid: ${r.undone}.` : 'Nothing to undo.';
              })}>
                Undo{undoLabel ? `: ${undoLabel}` : ''}
              </button>
              {doc.status === 'deidentified' ? (
                <button type="button" className="chip" disabled={busy} onClick={() => act(async () => {
                  await invoke('deid.reopen', { documentId: doc.id });
                  return `“${doc.name}” is open for review again.`;
                })}>
                  Reopen review
                </button>
              ) : (
                <button type="button" className="primary" disabled={busy || open.length > 0} title={open.length ? 'Accept or reject every finding first' : undefined} onClick={() => act(async () => {
                  const r = await invoke('deid.markDeidentified', { documentId: doc.id, reviewer });
                  return `“${r.name}” is marked de-identified by ${r.deidentifiedBy}.${r.purge.walCleared ? '' : ' Close other windows on this project so the old text leaves the file.'}`;
                })}>
                  Mark de-identified
                </button>
              )}
            </div>

            <div className="deid-body">
              <div className="deid-text-column">
                <div className="deid-redact" role="group" aria-label="Manual redaction">
                  <span className="small muted">{selection ? `Selected: “${selection.text.length > 40 ? selection.text.slice(0, 40) + '…' : selection.text}”` : 'Select text to redact it by hand.'}</span>
                  <label className="small">
                    as{' '}
                    <select value={redactKind} onChange={(e) => setRedactKind(e.target.value as FindingKind)} aria-label="Redact as">
                      {FINDING_KINDS.map((k) => (
                        <option key={k} value={k}>
                          {KIND_LABELS[k]}
                        </option>
                      ))}
                    </select>
                  </label>
                  <button type="button" className="chip" disabled={busy || !selection} onClick={() => selection && act(async () => {
                    const r = await invoke('deid.redact', { documentId: doc.id, start: selection.start, end: selection.end, kind: redactKind, reviewer });
                    setSelection(null);
                    window.getSelection()?.removeAllRanges();
                    const note = codingNote(r);
                    return `Redacted as ${r.placeholders[0]}${note ? `; ${note}` : ''}.`;
                  })}>
                    Redact selection
                  </button>
                </div>
                <DeidText text={data.text} findings={data.findings} redactions={data.redactions} currentId={currentId} onSelect={setSelection} onPick={setCurrentId} />
                <p className="deid-legend small muted" aria-hidden="true">
                  <span className="deid-swatch high" /> high <span className="deid-swatch medium" /> medium <span className="deid-swatch low" /> low confidence <span className="deid-swatch placeholder" /> replaced
                </p>
              </div>
              <div className="deid-side">
                <h3 className="deid-subtitle">
                  Findings <span className="muted small">({open.length} open{rejected.length ? `, ${rejected.length} rejected` : ''})</span>
                </h3>
                <FindingsList
                  findings={open}
                  currentId={currentId}
                  busy={busy}
                  onCurrent={setCurrentId}
                  onAccept={(f) => {
                    const next = nextAfter(f.id);
                    void act(async () => {
                      const r = await invoke('deid.accept', { ids: [f.id], reviewer });
                      setCurrentId(next);
                      const note = codingNote(r);
                      return `Replaced “${f.text}” with ${r.placeholders[0]}${note ? `; ${note}` : ''}.`;
                    }, listEl());
                  }}
                  onReject={(f) => {
                    const next = nextAfter(f.id);
                    void act(async () => {
                      await invoke('deid.reject', { ids: [f.id], reviewer });
                      setCurrentId(next);
                      return `Kept “${f.text}”.`;
                    }, listEl());
                  }}
                />
                {rejected.length > 0 && (
                  <details className="deid-rejected" open={showRejected} onToggle={(e) => setShowRejected((e.target as HTMLDetailsElement).open)}>
                    <summary className="small">Rejected ({rejected.length})</summary>
                    <ul className="small muted">
                      {rejected.map((f) => (
                        <li key={f.id}>
                          {KIND_LABELS[f.kind]} at {f.start}–{f.end}, kept by {f.decidedBy}
                        </li>
                      ))}
                    </ul>
                  </details>
                )}
                <KnownNamesPanel
                  invoke={invoke}
                  names={names}
                  reviewer={reviewer || 'unknown'}
                  onChanged={(m) => {
                    status.current({ kind: 'info', text: m });
                    setVersion((v) => v + 1);
                  }}
                  onError={fail}
                />
              </div>
            </div>
          </>
        ) : (
          <p className="muted deid-none">{docs.length ? 'Choose a document.' : 'Import transcripts first: each is scanned for identifiers as it is imported.'}</p>
        )}
      </div>
    </section>
  );
}

export const deidView: ViewDef = { id: 'deid', label: 'De-identification', render: (ctx) => <DeidView ctx={ctx} /> };
