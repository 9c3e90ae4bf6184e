// The workspace: documents, transcript, codebook and coded segments.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Code, Coder, DocumentSummary, DocumentText, ProjectInfo, Segment } from '../../shared/types';
import { createClient } from './api/client';
import { DocumentList } from './components/DocumentList';
import { TranscriptView, type TextSelection } from './components/TranscriptView';
import { CodebookTree } from './components/CodebookTree';
import { SegmentsTable } from './components/SegmentsTable';
import { ApplyCodePalette } from './components/ApplyCodePalette';
import { CoderDialog } from './components/CoderDialog';

const client = createClient();
const CODER_KEY = 'weft.coder';
const THEME_KEY = 'weft.theme';

type Theme = 'light' | 'dark';

function initialTheme(): Theme {
  const saved = localStorage.getItem(THEME_KEY);
  if (saved === 'light' || saved === 'dark') return saved;
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function App() {
  const [info, setInfo] = useState<ProjectInfo | null>(null);
  const [documents, setDocuments] = useState<DocumentSummary[]>([]);
  const [codes, setCodes] = useState<Code[]>([]);
  const [segments, setSegments] = useState<Segment[]>([]);
  const [coders, setCoders] = useState<Coder[]>([]);
  const [coder, setCoder] = useState<Coder | null>(null);
  const [needCoder, setNeedCoder] = useState(false);
  const [docId, setDocId] = useState<number | null>(null);
  const [doc, setDoc] = useState<DocumentText | null>(null);
  const [selection, setSelection] = useState<TextSelection | null>(null);
  const [paletteOpen, setPaletteOpen] = useState(false);
  const [focusSegmentId, setFocusSegmentId] = useState<number | null>(null);
  const [status, setStatus] = useState<{ kind: 'info' | 'error'; text: string } | null>(null);
  const [theme, setTheme] = useState<Theme>(initialTheme);
  const selectionRef = useRef<TextSelection | null>(null);
  selectionRef.current = selection;

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    localStorage.setItem(THEME_KEY, theme);
  }, [theme]);

  const report = useCallback((e: unknown) => setStatus({ kind: 'error', text: (e as Error).message ?? String(e) }), []);

  const refreshDocuments = useCallback(() => client.invoke('documents.list', {}).then(setDocuments), []);
  const refreshCodes = useCallback(() => client.invoke('codes.list', {}).then(setCodes), []);
  const refreshSegments = useCallback(() => client.invoke('codings.list', {}).then(setSegments), []);
  const refreshCoders = useCallback(() => client.invoke('coders.list', {}).then(setCoders), []);

  // first load
  useEffect(() => {
    (async () => {
      const [i, docs] = await Promise.all([client.invoke('project.info', {}), client.invoke('documents.list', {})]);
      setInfo(i);
      setDocuments(docs);
      await Promise.all([refreshCodes(), refreshSegments(), refreshCoders()]);
      const last = (await client.invoke('settings.get', { key: 'ui.lastDocument' })).value;
      const open = docs.find((d) => d.guid === last) ?? docs[0];
      if (open) setDocId(open.id);
      const name = localStorage.getItem(CODER_KEY);
      if (name && !i.readOnly) setCoder(await client.invoke('coders.ensure', { name }));
      else if (!i.readOnly) setNeedCoder(true);
    })().catch(report);
  }, [refreshCodes, refreshSegments, refreshCoders, report]);

  // changes made elsewhere (the CLI, another window) arrive as events
  useEffect(
    () =>
      client.onEvent((e) => {
        if (e.type !== 'changed') return;
        if (e.what.includes('codes')) refreshCodes().catch(report);
        if (e.what.includes('codings')) refreshSegments().then(refreshDocuments).catch(report);
        if (e.what.includes('coders')) refreshCoders().catch(report);
        if (e.what.includes('documents')) refreshDocuments().catch(report);
      }),
    [refreshCodes, refreshSegments, refreshDocuments, refreshCoders, report],
  );

  // open a document
  useEffect(() => {
    if (docId === null) return;
    setSelection(null);
    let live = true;
    client
      .invoke('documents.get', { id: docId })
      .then((d) => {
        if (!live) return;
        setDoc(d);
        if (info && !info.readOnly) client.invoke('settings.set', { key: 'ui.lastDocument', value: d.guid }).catch(() => {});
      })
      .catch(report);
    return () => {
      live = false;
    };
  }, [docId, info, report]);

  const docSegments = useMemo(() => segments.filter((s) => s.documentId === docId), [segments, docId]);

  const applyCode = useCallback(
    async (code: Code) => {
      const sel = selectionRef.current;
      if (!sel || !doc) {
        setStatus({ kind: 'info', text: 'Select text in the transcript first, then choose a code.' });
        return;
      }
      if (!coder) return setNeedCoder(true);
      if (!code.codable) return setStatus({ kind: 'info', text: `“${code.name}” is a category; choose one of its codes.` });
      try {
        const s = await client.invoke('codings.apply', { documentId: doc.id, codeId: code.id, coderId: coder.id, start: sel.start, end: sel.end });
        setSegments((prev) => (prev.some((p) => p.id === s.id) ? prev : [...prev, s]));
        setStatus({ kind: 'info', text: `Coded “${truncate(sel.text, 60)}” as ${code.path}` });
        setPaletteOpen(false);
        refreshDocuments().catch(report);
      } catch (e) {
        report(e);
      }
    },
    [doc, coder, refreshDocuments, report],
  );

  const createAndApply = useCallback(
    async (name: string) => {
      try {
        const code = await client.invoke('codes.create', { name });
        setCodes((prev) => [...prev, code]);
        await applyCode(code);
      } catch (e) {
        report(e);
      }
    },
    [applyCode, report],
  );

  const removeSegment = useCallback(
    async (s: Segment) => {
      try {
        await client.invoke('codings.remove', { id: s.id });
        setSegments((prev) => prev.filter((p) => p.id !== s.id));
        setStatus({ kind: 'info', text: `Removed ${s.codePath} from “${truncate(s.text, 60)}”` });
        refreshDocuments().catch(report);
      } catch (e) {
        report(e);
      }
    },
    [refreshDocuments, report],
  );

  // Ctrl/Cmd+K opens the palette when text is selected
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        if (selectionRef.current) setPaletteOpen(true);
        else setStatus({ kind: 'info', text: 'Select text in the transcript first, then press Ctrl+K.' });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

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

  const openSegment = (s: Segment) => {
    if (s.documentId !== docId) setDocId(s.documentId);
    setFocusSegmentId(null);
    requestAnimationFrame(() => setFocusSegmentId(s.id));
  };

  return (
    <div className="app">
      <header className="topbar">
        <span className="brand" aria-hidden="true">
          <svg width="20" height="20" viewBox="0 0 20 20">
            <path d="M2 5h16M2 10h16M2 15h16" stroke="currentColor" strokeWidth="2" opacity=".35" />
            <path d="M5 2v16M10 2v16M15 2v16" stroke="var(--accent)" strokeWidth="2" />
          </svg>
        </span>
        <h1 className="project-name">{info?.name ?? 'Weft'}</h1>
        {info?.readOnly && <span className="badge warn">read-only</span>}
        <span className="spacer" />
        {selection && (
          <span className="selection-chip" aria-live="polite">
            {selection.end - selection.start} characters selected · <kbd>Ctrl</kbd>+<kbd>K</kbd> to code
          </span>
        )}
        <button type="button" className="ghost" onClick={() => setNeedCoder(true)} aria-label={`Current coder: ${coder?.name ?? 'none'}. Change coder`}>
          <span className="avatar" aria-hidden="true">{(coder?.name ?? '?').slice(0, 1).toUpperCase()}</span>
          {coder?.name ?? 'No coder'}
        </button>
        <button type="button" className="ghost" onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')} aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}>
          {theme === 'dark' ? '☀' : '☾'}
        </button>
      </header>
      <main className="workspace">
        <DocumentList documents={documents} selectedId={docId} onSelect={setDocId} />
        {doc ? (
          <TranscriptView
            documentId={doc.id}
            documentName={doc.name}
            text={doc.text}
            segments={docSegments}
            focusSegmentId={focusSegmentId}
            onSelectionChange={setSelection}
            onSegmentClick={(id) => setFocusSegmentId(id)}
          />
        ) : (
          <section className="transcript empty-state" role="region" aria-label="Transcript">
            <p>{documents.length ? 'Choose a document.' : 'This project has no documents yet. Import transcripts with “weft import”.'}</p>
          </section>
        )}
        <CodebookTree codes={codes} segments={segments} canApply={selection !== null} onActivate={applyCode} />
        <SegmentsTable segments={segments} onOpen={openSegment} onRemove={removeSegment} />
      </main>
      <footer className="statusbar" role="status" aria-live="polite">
        <span className={status?.kind === 'error' ? 'error' : ''}>{status?.text ?? `${documents.length} documents · ${codes.length} codes · ${segments.length} codings`}</span>
        <span className="spacer" />
        <span className="muted">Offsets in code points · {client.mode === 'browser' ? 'browser mode (127.0.0.1)' : 'desktop'}</span>
      </footer>
      {paletteOpen && selection && (
        <ApplyCodePalette codes={codes} selectionText={selection.text} onApply={applyCode} onCreate={createAndApply} onClose={() => setPaletteOpen(false)} />
      )}
      {needCoder && <CoderDialog known={coders.map((c) => c.name)} onDone={chooseCoder} />}
    </div>
  );
}

function truncate(s: string, n: number): string {
  return s.length > n ? s.slice(0, n) + '…' : s;
}
