// Handlers of the core methods: project, coders, documents, codebook, codings,
// memos, search and undo history.
import type { coreMethods } from '../../../shared/api/methods/core.js';
import { createCode } from '../../services/codebook.js';
import { applyCoding, applyCodingMany, removeCoding, setCodingMemo, updateCodingRange } from '../../services/coding.js';
import { codeImpact, deleteCode, mergeCodes, moveCode, updateCode } from '../../services/codebookEdit.js';
import { deleteMemo, listMemos, saveMemo } from '../../services/memos.js';
import { searchText } from '../../services/search.js';
import { WeftError } from '../../errors.js';
import { assertCodingAllowed } from '../../services/deid.js';
import { historyState, step, type HandlersFor } from '../backend.js';

export const coreHandlers: HandlersFor<keyof typeof coreMethods> = {
  'project.info': (b) => b.project.info(),
  'project.summary': (b) => b.project.summary(),
  'settings.get': (b, p) => ({ value: b.project.repo.getSetting(p.key) }),
  'settings.set': (b, p) => {
    b.project.repo.transaction(() => b.project.repo.setSetting(p.key, p.value));
    return { ok: true };
  },
  'coders.list': (b) => b.project.repo.coders(),
  'coders.ensure': (b, p) => {
    const before = b.project.repo.coderByName(p.name);
    const coder = b.project.repo.transaction(() => b.project.repo.ensureCoder(p.name));
    if (!before) b.emit({ type: 'changed', what: ['coders'] });
    return coder;
  },
  'attributes.list': (b) => b.project.repo.attributeDefs(),
  'documents.list': (b) => b.project.repo.documentSummaries(),
  'documents.get': (b, p) => {
    const d = b.project.repo.documentText(p.id);
    if (!d) throw new WeftError(`id: no document with id ${p.id}`, 'not_found');
    return { id: d.id, guid: d.guid, name: d.name, text: d.text };
  },
  'codes.list': (b) => b.project.repo.codes(),
  'codes.create': (b, p) => {
    const code = step(b, `create code “${p.name}”`, () => createCode(b.project, p));
    b.emit({ type: 'changed', what: ['codes'] });
    return code;
  },
  'codings.list': (b, p) => b.project.repo.segments({ documentId: p.documentId }),
  'codings.apply': (b, p) => {
    // de-identification gate (issue 4): a project setting can block coding until the document is marked de-identified
    assertCodingAllowed(b.project, [p.documentId]);
    const s = step(b, 'apply code', () => applyCoding(b.project, p));
    b.emit({ type: 'changed', what: ['codings'] });
    return s;
  },
  'codings.remove': (b, p) => {
    const removed = step(b, 'remove coding', () => removeCoding(b.project, p.id));
    b.emit({ type: 'changed', what: ['codings'] });
    return { removed };
  },
  'codings.setMemo': (b, p) => {
    const s = step(b, 'edit segment memo', () => setCodingMemo(b.project, p.id, p.memo));
    b.emit({ type: 'changed', what: ['codings'] });
    return s;
  },
  'codes.update': (b, p) => {
    const { id, ...fields } = p;
    const code = step(b, 'edit code', () => updateCode(b.project, id, fields));
    b.emit({ type: 'changed', what: ['codes', 'codings'] });
    return code;
  },
  'codes.move': (b, p) => {
    const code = step(b, 'move code', () => moveCode(b.project, p.id, p.parentId, p.index));
    b.emit({ type: 'changed', what: ['codes', 'codings'] });
    return code;
  },
  'codes.impact': (b, p) => codeImpact(b.project, p.id),
  'codes.merge': (b, p) => {
    const r = step(b, 'merge codes', () => mergeCodes(b.project, p.sourceId, p.targetId));
    b.emit({ type: 'changed', what: ['codes', 'codings', 'memos'] });
    return r;
  },
  'codes.delete': (b, p) => {
    const r = step(b, 'delete code', () => deleteCode(b.project, p.id));
    b.emit({ type: 'changed', what: ['codes', 'codings', 'memos'] });
    return r;
  },
  'codings.applyMany': (b, p) => {
    // de-identification gate (issue 4), as in codings.apply
    assertCodingAllowed(b.project, p.ranges.map((r) => r.documentId));
    const r = step(b, `apply code to ${p.ranges.length} passages`, () => applyCodingMany(b.project, p));
    b.emit({ type: 'changed', what: ['codings'] });
    return r;
  },
  'codings.update': (b, p) => {
    const s = step(b, 'adjust segment', () => updateCodingRange(b.project, p.id, p.start, p.end));
    b.emit({ type: 'changed', what: ['codings'] });
    return s;
  },
  'memos.list': (b, p) => listMemos(b.project, p),
  'memos.save': (b, p) => {
    const m = step(b, 'edit memo', () => saveMemo(b.project, p));
    b.emit({ type: 'changed', what: ['memos', ...(p.targetType === 'coding' ? (['codings'] as const) : []), ...(p.targetType === 'code' ? (['codes'] as const) : [])] });
    return m;
  },
  'memos.delete': (b, p) => {
    const removed = step(b, 'delete memo', () => deleteMemo(b.project, p.id));
    b.emit({ type: 'changed', what: ['memos', 'codings'] });
    return { removed };
  },
  'search.text': (b, p) => searchText(b.project, p.query, p.limit),
  'history.state': (b) => historyState(b),
  'history.undo': (b) => {
    const undone = b.undo?.undo() ?? null;
    if (undone) b.emit({ type: 'changed', what: ['codes', 'codings', 'memos', 'documents', 'history'] });
    return { ...historyState(b), undone };
  },
  'history.redo': (b) => {
    const redone = b.undo?.redo() ?? null;
    if (redone) b.emit({ type: 'changed', what: ['codes', 'codings', 'memos', 'documents', 'history'] });
    return { ...historyState(b), redone };
  },
};
