// The coding workspace's actions on codings and codes: apply (shown at once,
// before the backend answers), apply to search hits, create, remove, adjust a
// boundary, undo and redo, delete and merge a code. Each tells the status bar
// how it went through the MessageLine, so a slow answer never covers a newer one.
import { useCallback, useRef, type Dispatch, type SetStateAction } from 'react';
import type { Code, Coder, DocumentSummary, DocumentText, SearchHit, Segment } from '../../../shared/types';
import type { HistoryState, Invoke } from '../../../shared/api/contract';
import type { TextSelection } from './TranscriptView';
import type { TranscriptModel } from '../lib/transcriptModel';
import type { MessageLine } from '../lib/messageLine';
import type { StatusMessage } from '../views/registry';
import { adjustBoundaries, type BoundaryCommand } from '../lib/boundaries';
import { plural } from '../../../shared/plural';

export interface Confirmation {
  title: string;
  message: string;
  label: string;
  run: () => void;
}

export interface CodingActionsInput {
  invoke: Invoke;
  doc: DocumentText | null;
  model: TranscriptModel | null;
  coder: Coder | null;
  documents: DocumentSummary[];
  codebookLocked: boolean;
  /** the transcript's selection as it is now (a ref: a shortcut may act before a re-render) */
  selectionRef: { readonly current: TextSelection | null };
  statusLine: MessageLine<StatusMessage>;
  report: (e: unknown) => void;
  setSegments: Dispatch<SetStateAction<Segment[]>>;
  setCodes: Dispatch<SetStateAction<Code[]>>;
  setHistory: (h: HistoryState) => void;
  refreshSegments: () => Promise<unknown>;
  refreshCodes: () => Promise<unknown>;
  refreshDocuments: () => Promise<unknown>;
  /** what the workspace around the actions does: ask who codes, close the palette or popover, … */
  askCoder: () => void;
  closePalette: () => void;
  closePopover: () => void;
  memosChanged: () => void;
  selectCode: (id: number | null) => void;
  confirm: (c: Confirmation | null) => void;
}

export function useCodingActions(input: CodingActionsInput) {
  const { invoke, doc, model, coder, documents, codebookLocked, selectionRef, statusLine, report } = input;
  const { setSegments, setCodes, setHistory, refreshSegments, refreshCodes, refreshDocuments } = input;
  const { askCoder, closePalette, closePopover, memosChanged, selectCode, confirm } = input;
  /** codings shown before the backend has stored them get ids -1, -2, … */
  const pendingCodings = useRef(0);
  const say = useCallback((m: StatusMessage) => statusLine.say(m), [statusLine]);

  const applyCode = useCallback(
    async (code: Code) => {
      const sel = selectionRef.current;
      if (!sel || !doc) {
        say({ kind: 'info', text: 'Select text in the transcript first, then choose a code.' });
        return;
      }
      if (!coder) return askCoder();
      if (!code.codable) return say({ kind: 'info', text: `“${code.name}” is a category; choose one of its codes.` });
      // Shown at once, before the backend answers: a negative id marks it as not yet stored. The stored
      // coding replaces it; if the backend refuses it, it is taken away again and the error is shown.
      const pending: Segment = {
        id: -++pendingCodings.current,
        guid: '',
        documentId: doc.id,
        codeId: code.id,
        coderId: coder.id,
        start: sel.start,
        end: sel.end,
        memo: '',
        createdAt: new Date().toISOString(),
        documentGuid: doc.guid,
        documentName: doc.name,
        codeGuid: code.guid,
        codePath: code.path,
        codeColor: code.color,
        coderName: coder.name,
        text: sel.text,
      };
      const exists = (list: Segment[]) => list.some((p) => p.id > 0 && p.documentId === doc.id && p.codeId === code.id && p.coderId === coder.id && p.start === sel.start && p.end === sel.end);
      setSegments((prev) => (exists(prev) ? prev : [...prev, pending]));
      const reply = statusLine.begin();
      try {
        const s = await invoke('codings.apply', { documentId: doc.id, codeId: code.id, coderId: coder.id, start: sel.start, end: sel.end });
        setSegments((prev) => {
          const rest = prev.filter((p) => p.id !== pending.id);
          return rest.some((p) => p.id === s.id) ? rest : [...rest, s];
        });
        const summary = documents.find((d) => d.id === doc.id);
        if (summary && summary.status !== 'deidentified') {
          reply({ kind: 'warn', text: `Coded as ${code.path}. Warning: “${summary.name}” is not marked de-identified.` });
        } else reply({ kind: 'info', text: `Coded “${truncate(sel.text, 60)}” as ${code.path}` });
        closePalette();
        refreshDocuments().catch(report);
      } catch (e) {
        setSegments((prev) => prev.filter((p) => p.id !== pending.id));
        report(e);
      }
    },
    [invoke, selectionRef, doc, coder, documents, statusLine, say, askCoder, setSegments, closePalette, refreshDocuments, report],
  );

  const applyToHits = useCallback(
    async (code: Code, hits: SearchHit[]) => {
      if (!coder) return askCoder();
      if (!code.codable) return say({ kind: 'info', text: `“${code.name}” is a category; choose one of its codes.` });
      const reply = statusLine.begin();
      try {
        const r = await invoke('codings.applyMany', {
          codeId: code.id,
          coderId: coder.id,
          ranges: hits.map((h) => ({ documentId: h.documentId, start: h.start, end: h.end })),
        });
        closePalette();
        reply({ kind: 'info', text: `Coded ${plural(r.added, 'hit')} as ${code.path}${r.existing ? ` (${r.existing} already coded)` : ''}` });
        await refreshSegments();
        refreshDocuments().catch(report);
      } catch (e) {
        report(e);
      }
    },
    [invoke, coder, statusLine, say, askCoder, closePalette, refreshSegments, refreshDocuments, report],
  );

  const createCode = useCallback(
    async (name: string, parentId: number | null = null): Promise<Code | null> => {
      const reply = statusLine.begin();
      try {
        const code = codebookLocked ? await invoke('codes.propose', { name, parentId, coderId: coder?.id }) : await invoke('codes.create', { name, parentId });
        setCodes((prev) => [...prev, code]);
        if (codebookLocked) reply({ kind: 'info', text: `The codebook is locked: “${code.path}” is proposed for the lead to accept, merge or reject.` });
        return code;
      } catch (e) {
        report(e);
        return null;
      }
    },
    [invoke, statusLine, codebookLocked, coder, setCodes, report],
  );

  const removeSegment = useCallback(
    async (s: Segment) => {
      const reply = statusLine.begin();
      try {
        await invoke('codings.remove', { id: s.id });
        setSegments((prev) => prev.filter((p) => p.id !== s.id));
        closePopover();
        reply({ kind: 'info', text: `Removed ${s.codePath} from “${truncate(s.text, 60)}”. Ctrl+Z undoes.` });
        refreshDocuments().catch(report);
      } catch (e) {
        report(e);
      }
    },
    [invoke, statusLine, setSegments, closePopover, refreshDocuments, report],
  );

  const adjustSegment = useCallback(
    async (s: Segment, command: BoundaryCommand) => {
      if (!model) return;
      const next = adjustBoundaries(model, s.start, s.end, command);
      if (next.start === s.start && next.end === s.end) return say({ kind: 'info', text: 'The segment already reaches that boundary.' });
      try {
        const updated = await invoke('codings.update', { id: s.id, start: next.start, end: next.end });
        setSegments((prev) => prev.map((p) => (p.id === updated.id ? updated : p)));
      } catch (e) {
        report(e);
      }
    },
    [invoke, model, say, setSegments, report],
  );

  const undoRedo = useCallback(
    async (which: 'undo' | 'redo') => {
      const reply = statusLine.begin();
      try {
        const r = which === 'undo' ? await invoke('history.undo', {}) : await invoke('history.redo', {});
        const label = 'undone' in r ? r.undone : r.redone;
        setHistory({ undo: r.undo, redo: r.redo });
        reply({ kind: 'info', text: label ? `${which === 'undo' ? 'Undid' : 'Redid'}: ${label}` : `Nothing to ${which}.` });
        await Promise.all([refreshSegments(), refreshCodes(), refreshDocuments()]);
        memosChanged();
      } catch (e) {
        report(e);
      }
    },
    [invoke, statusLine, setHistory, refreshSegments, refreshCodes, refreshDocuments, memosChanged, report],
  );

  /** Ask first, saying what goes with the code; then delete (undoable). */
  const deleteCode = async (code: Code) => {
    try {
      const impact = await invoke('codes.impact', { id: code.id });
      confirm({
        title: `Delete “${code.name}”?`,
        message:
          `This deletes the code${impact.descendants ? ` and its ${plural(impact.descendants, 'sub-code')}` : ''}, ` +
          `and ${plural(impact.codings, 'coding')} in ${plural(impact.documents, 'document')}. Ctrl+Z undoes it.`,
        label: 'Delete code',
        run: async () => {
          confirm(null);
          const reply = statusLine.begin();
          try {
            const r = await invoke('codes.delete', { id: code.id });
            selectCode(null);
            reply({ kind: 'info', text: `Deleted ${plural(r.codes, 'code')} and ${plural(r.codings, 'coding')}. Ctrl+Z undoes.` });
            await Promise.all([refreshCodes(), refreshSegments(), refreshDocuments()]);
          } catch (e) {
            report(e);
          }
        },
      });
    } catch (e) {
      report(e);
    }
  };

  /** Ask first; then merge `source` into the code `targetId` (undoable). */
  const mergeCode = (source: Code, targetId: number, codes: Code[]) => {
    const target = codes.find((c) => c.id === targetId);
    confirm({
      title: `Merge “${source.name}” into “${target?.name}”?`,
      message: `Its codings, sub-codes and memos move to “${target?.path}”, and “${source.path}” is removed. Ctrl+Z undoes it.`,
      label: 'Merge',
      run: async () => {
        confirm(null);
        const reply = statusLine.begin();
        try {
          const r = await invoke('codes.merge', { sourceId: source.id, targetId });
          selectCode(targetId);
          reply({ kind: 'info', text: `Merged: ${plural(r.moved, 'coding')} moved${r.duplicates ? `, ${plural(r.duplicates, 'duplicate')} folded together` : ''}.` });
          await Promise.all([refreshCodes(), refreshSegments()]);
        } catch (e) {
          report(e);
        }
      },
    });
  };

  return { applyCode, applyToHits, createCode, removeSegment, adjustSegment, undoRedo, deleteCode, mergeCode };
}

export function truncate(s: string, n: number): string {
  return s.length > n ? s.slice(0, n) + '…' : s;
}
