// The coding workspace: documents, transcript, codebook, and a bottom panel
// with coded segments, search and memos. All state changes go through the API.
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import type { Code, Coder, DocumentSummary, DocumentText, Memo, MemoTarget, ProjectInfo, SearchHit, Segment } from '../../shared/types';
import type { HistoryState } from '../../shared/api/contract';
import { createClient } from './api/client';
import { DocumentList } from './components/DocumentList';
import { TranscriptView, type CoderStyle, type TextSelection } from './components/TranscriptView';
import { CodebookTree } from './components/CodebookTree';
import { CodeDetails } from './components/CodeDetails';
import { SegmentsTable } from './components/SegmentsTable';
import { ApplyCodePalette } from './components/ApplyCodePalette';
import { CoderDialog } from './components/CoderDialog';
import { Splitter } from './components/Splitter';
import { SegmentPopover } from './components/SegmentPopover';
import { ConfirmDialog } from './components/ConfirmDialog';
import { SearchPanel } from './components/SearchPanel';
import { MemoEditor } from './components/MemoEditor';
import { MemosPanel } from './components/MemosPanel';
import { UnlockDialog } from './components/security/UnlockDialog';
import { BackupsDialog } from './components/security/BackupsDialog';
import { ProgressIndicator } from './components/ProgressIndicator';
import { TranscriptModel } from './lib/transcriptModel';
import { views, type StatusMessage, type ViewContext } from './views/registry';
import { plural } from '../../shared/plural';
import { MessageLine } from './lib/messageLine';
import { TopBar, type Theme } from './components/TopBar';
import { BottomTabs, type BottomTab } from './components/BottomTabs';
import { truncate, useCodingActions, type Confirmation } from './components/useCodingActions';

const client = createClient();
const CODER_KEY = 'weft.coder';
const THEME_KEY = 'weft.theme';
const OTHER_CODER_STYLES: CoderStyle[] = ['solid', 'dashed', 'dotted', 'double', 'wavy'];

interface Layout {
  docs: number;
  codes: number;
  bottom: number;
}
const DEFAULT_LAYOUT: Layout = { docs: 250, codes: 300, bottom: 300 };

function initialTheme(): Theme {
  const saved = localStorage.getItem(THEME_KEY);
  if (saved === 'light' || saved === 'dark') return saved;
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

function isEditableTarget(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  if (!el) return false;
  return el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable;
}

export function App() {
  const [info, setInfo] = useState<ProjectInfo | null>(null);
  const [documents, setDocuments] = useState<DocumentSummary[]>([]);
  const [codes, setCodes] = useState<Code[]>([]);
  const [segments, setSegments] = useState<Segment[]>([]);
  const [coders, setCoders] = useState<Coder[]>([]);
  const [coder, setCoder] = useState<Coder | null>(null);
  const [needCoder, setNeedCoder] = useState(false);
  // an encrypted project waiting for its passphrase; the Backups dialog
  const [lockedFile, setLockedFile] = useState<string | null>(null);
  const [showBackups, setShowBackups] = useState(false);
  const [docId, setDocId] = useState<number | null>(null);
  const [doc, setDoc] = useState<DocumentText | null>(null);
  const [selection, setSelection] = useState<TextSelection | null>(null);
  const [palette, setPalette] = useState<null | { mode: 'selection' } | { mode: 'hits'; hits: SearchHit[] }>(null);
  const [focusRange, setFocusRange] = useState<{ start: number; end: number; key: number } | null>(null);
  const [status, showStatus] = useState<StatusMessage | null>(null);
  // an action's message shows unless a newer action has spoken since (errors always show): see MessageLine
  const statusLine = useMemo(() => new MessageLine<StatusMessage>(showStatus), []);
  const setStatus = useCallback((m: StatusMessage) => statusLine.say(m), [statusLine]);
  const [theme, setTheme] = useState<Theme>(initialTheme);
  const [layout, setLayout] = useState<Layout>(DEFAULT_LAYOUT);
  const [view, setView] = useState<string>('all'); // 'all' | 'mine' | coder name
  const [favourites, setFavourites] = useState<string[]>([]); // code GUIDs
  const [snap, setSnap] = useState(true);
  const [selectedCodeId, setSelectedCodeId] = useState<number | null>(null);
  const [popover, setPopover] = useState<{ ids: number[]; anchor: { x: number; y: number } } | null>(null);
  const [confirm, setConfirm] = useState<Confirmation | null>(null);
  const [memoEdit, setMemoEdit] = useState<null | { targetType: MemoTarget; targetId: number | null; label: string; body: string }>(null);
  const [tab, setTab] = useState<BottomTab>('segments');
  const [history, setHistory] = useState<HistoryState>({ undo: null, redo: null });
  const [memoRefresh, setMemoRefresh] = useState(0);
  const [activeView, setActiveView] = useState<string>('coding');
  const selectionRef = useRef<TextSelection | null>(null);
  selectionRef.current = selection;

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    localStorage.setItem(THEME_KEY, theme);
  }, [theme]);

  const report = useCallback((e: unknown) => setStatus({ kind: 'error', text: (e as Error).message ?? String(e) }), [setStatus]);
  const readOnly = info?.readOnly ?? false;
  const saveSetting = useCallback(
    (key: string, value: unknown) => {
      if (!readOnly) client.invoke('settings.set', { key, value }).catch(() => {});
    },
    [readOnly],
  );

  const refreshDocuments = useCallback(() => client.invoke('documents.list', {}).then(setDocuments), []);
  // while the codebook is locked for a coding round, "create code" makes a proposal
  const [codebookLocked, setCodebookLocked] = useState(false);
  const refreshCodes = useCallback(
    () =>
      Promise.all([client.invoke('codes.list', {}), client.invoke('codebook.lockState', {})]).then(([c, lock]) => {
        setCodes(c);
        setCodebookLocked(lock.locked);
      }),
    [],
  );
  const refreshSegments = useCallback(() => client.invoke('codings.list', {}).then(setSegments), []);
  const refreshCoders = useCallback(() => client.invoke('coders.list', {}).then(setCoders), []);
  const refreshHistory = useCallback(() => client.invoke('history.state', {}).then(setHistory), []);
  const listBackups = useCallback(() => client.invoke('backups.list', {}), []);

  // first load
  useEffect(() => {
    (async () => {
      const [i, docs] = await Promise.all([client.invoke('project.info', {}), client.invoke('documents.list', {})]);
      setInfo(i);
      setDocuments(docs);
      await Promise.all([refreshCodes(), refreshSegments(), refreshCoders(), refreshHistory()]);
      const [last, savedLayout, favs, savedView] = await Promise.all(
        ['ui.lastDocument', 'ui.layout', 'ui.favourites', 'ui.coderView'].map((key) => client.invoke('settings.get', { key }).then((r) => r.value)),
      );
      if (savedLayout && typeof savedLayout === 'object') setLayout({ ...DEFAULT_LAYOUT, ...(savedLayout as Partial<Layout>) });
      if (Array.isArray(favs)) setFavourites(favs.filter((f): f is string => typeof f === 'string'));
      if (typeof savedView === 'string') setView(savedView);
      const open = docs.find((d) => d.guid === last) ?? docs[0];
      if (open) setDocId(open.id);
      const name = localStorage.getItem(CODER_KEY);
      if (name && !i.readOnly) setCoder(await client.invoke('coders.ensure', { name }));
      else if (!i.readOnly) setNeedCoder(true);
    })().catch(report);
  }, [refreshCodes, refreshSegments, refreshCoders, refreshHistory, report]);

  // changes made elsewhere (the CLI, undo, another window) arrive as events
  useEffect(
    () =>
      client.onEvent((e) => {
        if (e.type === 'locked') {
          setLockedFile(e.file);
          return;
        }
        if (e.type === 'menu') {
          if (e.action === 'toggle-dark-theme') setTheme((t) => (t === 'dark' ? 'light' : 'dark'));
          else if (e.action === 'backups') setShowBackups(true);
          else if (e.action === 'undo') void undoRedo('undo');
          else if (e.action === 'redo') void undoRedo('redo');
          else setStatus({ kind: 'info', text: `“${e.action}” is done from the weft command in this version.` });
          return;
        }
        if (e.type !== 'changed') return;
        if (e.what.includes('codes')) refreshCodes().catch(report);
        if (e.what.includes('codings')) refreshSegments().then(refreshDocuments).catch(report);
        if (e.what.includes('coders')) refreshCoders().catch(report);
        if (e.what.includes('documents')) refreshDocuments().catch(report);
        if (e.what.includes('memos')) setMemoRefresh((n) => n + 1);
        if (e.what.includes('history')) refreshHistory().catch(report);
      }),
    [refreshCodes, refreshSegments, refreshDocuments, refreshCoders, refreshHistory, report],
  );

  // open a document
  useEffect(() => {
    if (docId === null) return;
    setSelection(null);
    setPopover(null);
    let live = true;
    client
      .invoke('documents.get', { id: docId })
      .then((d) => {
        if (!live) return;
        setDoc(d);
        saveSetting('ui.lastDocument', d.guid);
      })
      .catch(report);
    return () => {
      live = false;
    };
  }, [docId, saveSetting, report]);

  const model = useMemo(() => (doc ? new TranscriptModel(doc.text) : null), [doc]);
  const docSummary = documents.find((d) => d.id === docId) ?? null;

  // whose codings are shown, and how each coder is drawn
  const coderStyles = useMemo(() => {
    const m = new Map<number, CoderStyle>();
    let i = 0;
    for (const c of coders) {
      if (view === 'all') m.set(c.id, c.id === coder?.id ? 'fill' : OTHER_CODER_STYLES[i++ % OTHER_CODER_STYLES.length]!);
      else m.set(c.id, 'fill');
    }
    return m;
  }, [coders, coder, view]);
  const visibleSegments = useMemo(
    () => segments.filter((s) => (view === 'all' ? true : view === 'mine' ? s.coderId === coder?.id : s.coderName === view)),
    [segments, view, coder],
  );
  const docSegments = useMemo(() => visibleSegments.filter((s) => s.documentId === docId), [visibleSegments, docId]);
  // The segments table and the codebook's counts follow a moment later: with
  // 100,000 codings their update takes seconds, and a new coding must show in
  // the transcript first.
  const deferredSegments = useDeferredValue(visibleSegments);
  const docCoderIds = useMemo(() => [...new Set(segments.filter((s) => s.documentId === docId).map((s) => s.coderId))], [segments, docId]);

  const favouriteIds = useMemo(
    () => favourites.map((g) => codes.find((c) => c.guid === g)?.id).filter((id): id is number => id !== undefined),
    [favourites, codes],
  );

  const workspace = useMemo(
    () => ({
      askCoder: () => setNeedCoder(true),
      closePalette: () => setPalette(null),
      closePopover: () => setPopover(null),
      memosChanged: () => setMemoRefresh((n) => n + 1),
      selectCode: setSelectedCodeId,
      confirm: setConfirm,
    }),
    [],
  );
  const { applyCode, applyToHits, createCode, removeSegment, adjustSegment, undoRedo, deleteCode, mergeCode } = useCodingActions({
    invoke: client.invoke,
    doc,
    model,
    coder,
    documents,
    codebookLocked,
    selectionRef,
    statusLine,
    report,
    setSegments,
    setCodes,
    setHistory,
    refreshSegments,
    refreshCodes,
    refreshDocuments,
    ...workspace,
  });

  // keyboard: Ctrl/Cmd+K palette, 1–9 favourites, Ctrl/Cmd+Z undo, Ctrl/Cmd+Shift+Z / Ctrl+Y redo
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      if (mod && key === 'k') {
        e.preventDefault();
        if (selectionRef.current) setPalette({ mode: 'selection' });
        else setStatus({ kind: 'info', text: 'Select text in the transcript first, then press Ctrl+K.' });
        return;
      }
      if (isEditableTarget(e.target)) return;
      if (mod && key === 'z') {
        e.preventDefault();
        void undoRedo(e.shiftKey ? 'redo' : 'undo');
      } else if (mod && key === 'y') {
        e.preventDefault();
        void undoRedo('redo');
      } else if (!mod && !e.altKey && /^[1-9]$/.test(e.key) && selectionRef.current) {
        const id = favouriteIds[Number(e.key) - 1];
        const code = codes.find((c) => c.id === id);
        if (code) {
          e.preventDefault();
          void applyCode(code);
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [undoRedo, favouriteIds, codes, applyCode]);

  const chooseCoder = async (name: string) => {
    try {
      const c = await client.invoke('coders.ensure', { name });
      localStorage.setItem(CODER_KEY, c.name);
      setCoder(c);
      setNeedCoder(false);
      refreshCoders().catch(report);
    } catch (e) {
      report(e);
    }
  };

  const openSegment = (s: { documentId: number; start: number; end: number }) => {
    if (s.documentId !== docId) setDocId(s.documentId);
    setFocusRange({ start: s.start, end: s.end, key: Date.now() });
  };

  const toggleFavourite = (code: Code) => {
    const next = favourites.includes(code.guid) ? favourites.filter((g) => g !== code.guid) : [...favourites, code.guid].slice(0, 9);
    setFavourites(next);
    saveSetting('ui.favourites', next);
  };

  const openMemo = async (targetType: MemoTarget, targetId: number | null, label: string) => {
    try {
      const list = await client.invoke('memos.list', { targetType, targetId });
      const mine = list.find((m) => m.coderId === (coder?.id ?? null)) ?? list[0];
      setMemoEdit({ targetType, targetId, label, body: mine?.body ?? '' });
    } catch (e) {
      report(e);
    }
  };

  const saveMemo = async (body: string, bodyText: string) => {
    if (!memoEdit) return;
    const reply = statusLine.begin();
    try {
      await client.invoke('memos.save', { targetType: memoEdit.targetType, targetId: memoEdit.targetId, coderId: coder?.id ?? null, body, bodyText });
      setMemoEdit(null);
      setMemoRefresh((n) => n + 1);
      if (memoEdit.targetType === 'coding') await refreshSegments();
      reply({ kind: 'info', text: 'Memo saved.' });
    } catch (e) {
      report(e);
    }
  };

  const openMemoTarget = (m: Memo) => {
    if (m.targetType === 'document' && m.targetId !== null) setDocId(m.targetId);
    else if (m.targetType === 'coding' && m.targetId !== null) {
      const s = segments.find((x) => x.id === m.targetId);
      if (s) openSegment(s);
    } else if (m.targetType === 'code' && m.targetId !== null) setSelectedCodeId(m.targetId);
    setMemoEdit({ targetType: m.targetType, targetId: m.targetId, label: m.targetLabel, body: m.body });
  };

  const viewContext: ViewContext = {
    invoke: client.invoke,
    onEvent: client.onEvent,
    info,
    coder,
    documents,
    codes,
    refresh: async () => {
      await Promise.all([refreshDocuments(), refreshCodes(), refreshSegments(), refreshCoders()]);
    },
    setStatus,
    beginStatus: () => statusLine.begin(),
    openInWorkspace: (documentId, range) => {
      setActiveView('coding');
      if (range) openSegment({ documentId, ...range });
      else setDocId(documentId);
    },
  };

  const selectedCode = codes.find((c) => c.id === selectedCodeId) ?? null;
  const popoverSegments = popover ? segments.filter((s) => popover.ids.includes(s.id)) : [];
  const commitLayout = () => saveSetting('ui.layout', layout);

  return (
    <div className="app">
      <TopBar
        info={info}
        views={views}
        activeView={activeView}
        onView={setActiveView}
        history={history}
        onUndoRedo={(which) => void undoRedo(which)}
        onBackups={() => setShowBackups(true)}
        show={view}
        onShow={(v) => {
          setView(v);
          saveSetting('ui.coderView', v);
        }}
        coders={coders}
        coder={coder}
        onChangeCoder={() => setNeedCoder(true)}
        theme={theme}
        onTheme={setTheme}
      />
      {activeView !== 'coding' && (
        <main className="view-page">{views.find((v) => v.id === activeView)?.render(viewContext)}</main>
      )}
      <main
        hidden={activeView !== 'coding'}
        className="workspace"
        style={{ gridTemplateColumns: `${layout.docs}px 5px minmax(320px, 1fr) 5px ${layout.codes}px`, gridTemplateRows: `minmax(0, 1fr) 5px ${layout.bottom}px` }}
      >
        <DocumentList documents={documents} selectedId={docId} onSelect={setDocId} />
        <Splitter area="s1" label="Resize documents pane" orientation="vertical" value={layout.docs} min={160} max={480} direction={1} onChange={(v) => setLayout((l) => ({ ...l, docs: v }))} onCommit={commitLayout} />
        {doc && model ? (
          <div className="transcript-column">
            <TranscriptView
              documentId={doc.id}
              documentName={doc.name}
              text={doc.text}
              segments={docSegments}
              focusRange={focusRange}
              coderStyles={coderStyles}
              snapToWords={snap}
              onSelectionChange={setSelection}
              onSegmentsAt={(ids, anchor) => setPopover({ ids, anchor })}
              headerExtra={
                <>
                  {docSummary && docSummary.status !== 'deidentified' && <span className="badge warn">not de-identified</span>}
                  <label className="check small" title="Widen a selection to whole words (Thai and Khmer included)">
                    <input type="checkbox" checked={snap} onChange={(e) => setSnap(e.target.checked)} /> Snap to words
                  </label>
                  <button type="button" className="chip" onClick={() => void openMemo('document', doc.id, doc.name)}>
                    Document memo
                  </button>
                </>
              }
            />
            {docCoderIds.length > 0 && (
              <div className="legend" aria-label="Legend">
                {coders
                  .filter((c) => docCoderIds.includes(c.id))
                  .map((c) => (
                    <span key={c.id} className={`legend-item${visibleSegments.some((s) => s.coderId === c.id) ? '' : ' hidden-coder'}`}>
                      <span className={`legend-sample ${coderStyles.get(c.id) ?? 'fill'}`} aria-hidden="true">
                        Aa
                      </span>
                      {c.name}
                      {c.id === coder?.id ? ' (you)' : ''}
                    </span>
                  ))}
              </div>
            )}
          </div>
        ) : (
          <section className="transcript empty-state" role="region" aria-label="Transcript">
            <p>{documents.length ? 'Choose a document.' : 'This project has no documents yet. Add transcripts in the Import view, or with “weft import”.'}</p>
          </section>
        )}
        <Splitter area="s2" label="Resize codebook pane" orientation="vertical" value={layout.codes} min={200} max={560} direction={-1} onChange={(v) => setLayout((l) => ({ ...l, codes: v }))} onCommit={commitLayout} />
        <div className="codebook-column">
          <CodebookTree
            codes={codes}
            segments={deferredSegments}
            canApply={selection !== null}
            selectedId={selectedCodeId}
            favourites={favouriteIds}
            onActivate={applyCode}
            onSelect={(c) => setSelectedCodeId(c.id)}
            onMove={(id, parentId) =>
              client
                .invoke('codes.move', { id, parentId })
                .then(() => Promise.all([refreshCodes(), refreshSegments()]))
                .catch(report)
            }
            onNewCode={async () => {
              const base = 'New code';
              let name = base;
              for (let i = 2; codes.some((c) => c.parentId === (selectedCode?.codable === false ? selectedCode.id : null) && c.name === name); i++) name = `${base} ${i}`;
              const created = await createCode(name, selectedCode && !selectedCode.codable ? selectedCode.id : null);
              if (created) setSelectedCodeId(created.id);
            }}
          />
          {selectedCode && (
            <CodeDetails
              code={selectedCode}
              codes={codes}
              isFavourite={favourites.includes(selectedCode.guid)}
              locked={codebookLocked}
              onUpdate={(fields) =>
                client
                  .invoke('codes.update', { id: selectedCode.id, ...fields })
                  .then(() => Promise.all([refreshCodes(), refreshSegments()]))
                  .catch(report)
              }
              onMove={(parentId) =>
                client
                  .invoke('codes.move', { id: selectedCode.id, parentId })
                  .then(() => Promise.all([refreshCodes(), refreshSegments()]))
                  .catch(report)
              }
              onMerge={(targetId) => mergeCode(selectedCode, targetId, codes)}
              onDelete={() => void deleteCode(selectedCode)}
              onToggleFavourite={() => toggleFavourite(selectedCode)}
              onMemo={() => void openMemo('code', selectedCode.id, selectedCode.path)}
              onClose={() => setSelectedCodeId(null)}
            />
          )}
        </div>
        <Splitter area="s3" label="Resize bottom panel" orientation="horizontal" value={layout.bottom} min={120} max={700} direction={-1} onChange={(v) => setLayout((l) => ({ ...l, bottom: v }))} onCommit={commitLayout} />
        <section className="pane bottom" aria-label="Bottom panel">
          {tab === 'segments' && (
            <SegmentsTable segments={deferredSegments} codes={codes} documents={documents} onOpen={openSegment} onRemove={removeSegment} header={<BottomTabs tab={tab} onTab={setTab} />} />
          )}
          {tab === 'search' && (
            <>
              <header className="pane-header">
                <BottomTabs tab={tab} onTab={setTab} />
              </header>
              <SearchPanel
                search={(query) => client.invoke('search.text', { query })}
                onOpen={(h) => {
                  openSegment({ documentId: h.documentId, start: h.start, end: h.end });
                }}
                onCodeAll={(hits) => setPalette({ mode: 'hits', hits })}
              />
            </>
          )}
          {tab === 'memos' && (
            <>
              <header className="pane-header">
                <BottomTabs tab={tab} onTab={setTab} />
              </header>
              <MemosPanel invoke={client.invoke} coderId={coder?.id ?? null} refreshKey={memoRefresh} onOpen={openMemoTarget} />
            </>
          )}
        </section>
      </main>
      <footer className="statusbar">
        <span className={status?.kind ?? ''} role="status" aria-live="polite">
          {status?.text ?? `${plural(documents.length, 'document')} · ${plural(codes.length, 'code')} · ${plural(segments.length, 'coding')}`}
        </span>
        <ProgressIndicator onEvent={client.onEvent} onPending={client.onPending} />
        <span className="spacer" />
        {activeView === 'coding' && selection && (
          <span className="selection-chip" aria-live="polite">
            {selection.end - selection.start} characters selected · <kbd>Ctrl</kbd>+<kbd>K</kbd> to code
            <button type="button" className="chip tiny" onClick={() => setPalette({ mode: 'selection' })}>
              Code…
            </button>
          </span>
        )}
        <span className="muted">Offsets in code points · {client.mode === 'browser' ? 'browser mode (127.0.0.1)' : 'desktop'}</span>
      </footer>
      {palette && (palette.mode === 'hits' || selection) && (
        <ApplyCodePalette
          codes={codes}
          selectionText={palette.mode === 'hits' ? `${palette.hits.length} search hits` : selection!.text}
          inVivo={palette.mode === 'selection'}
          proposing={codebookLocked}
          onApply={(code) => (palette.mode === 'hits' ? void applyToHits(code, palette.hits) : void applyCode(code))}
          onCreate={async (name) => {
            const code = await createCode(name);
            if (code) {
              if (palette.mode === 'hits') await applyToHits(code, palette.hits);
              else await applyCode(code);
            }
          }}
          onClose={() => setPalette(null)}
        />
      )}
      {popover && popoverSegments.length > 0 && (
        <SegmentPopover
          segments={popoverSegments}
          anchor={popover.anchor}
          onClose={() => setPopover(null)}
          onRemove={(s) => void removeSegment(s)}
          onAdjust={(s, c) => void adjustSegment(s, c)}
          onEditMemo={(s) => {
            setPopover(null);
            void openMemo('coding', s.id, `${s.codePath}: “${truncate(s.text, 60)}”`);
          }}
        />
      )}
      {memoEdit && (
        <div className="modal-backdrop" onMouseDown={() => setMemoEdit(null)}>
          <div className="modal wide" role="dialog" aria-modal="true" aria-label={`Memo: ${memoEdit.label}`} onMouseDown={(e) => e.stopPropagation()}>
            <h2 className="memo-title">Memo</h2>
            <p className="muted">{memoEdit.label}</p>
            <MemoEditor label={`Memo for ${memoEdit.label}`} initialBody={memoEdit.body} onSave={(b, t) => void saveMemo(b, t)} onCancel={() => setMemoEdit(null)} autoFocus />
          </div>
        </div>
      )}
      {confirm && <ConfirmDialog title={confirm.title} message={confirm.message} confirmLabel={confirm.label} danger onConfirm={confirm.run} onCancel={() => setConfirm(null)} />}
      {needCoder && <CoderDialog known={coders.map((c) => c.name)} onDone={chooseCoder} />}
      {lockedFile && (
        <UnlockDialog
          file={lockedFile}
          unlock={async (passphrase) => {
            await client.invoke('project.unlock', { passphrase });
            // another project now: start over from the first load
            window.location.reload();
          }}
          onCancel={() => setLockedFile(null)}
        />
      )}
      {showBackups && (
        <BackupsDialog
          list={listBackups}
          restore={async (name) => {
            const r = await client.invoke('backups.restore', { name });
            window.location.reload();
            return r;
          }}
          readOnly={info?.readOnly ?? true}
          onClose={(message) => {
            setShowBackups(false);
            if (message) setStatus({ kind: 'info', text: message });
          }}
        />
      )}
    </div>
  );
}
