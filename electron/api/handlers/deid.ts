// Handlers of the de-identification methods. Review steps that change a text
// can be undone within the session: the step's "before" is kept in memory
// (never in the project file), and undo is refused once the document has
// changed since. A text change also resets the coding undo history, whose
// offsets no longer fit the text.
import type { deidMethods } from '../../../shared/api/methods/deid.js';
import {
  acceptFindings,
  acceptHighConfidence,
  blockCodingSetting,
  clearCodingUndoLog,
  deidDocuments,
  documentFingerprint,
  documentOfFinding,
  installDeidHooks,
  listFindings,
  listRedactions,
  markDeidentified,
  purgeResidue,
  redactRange,
  rejectFindings,
  reopenReview,
  restoreSnapshot,
  scanDocument,
  setBlockCoding,
  takeSnapshot,
  type DeidSnapshot,
} from '../../services/deid.js';
import { addKnownName, addSpelling, listKnownNames, removeKnownName, rescanAll } from '../../services/deidKnownNames.js';
import { WeftError } from '../../errors.js';
import { UNDOABLE_TABLES, type Backend, type HandlersFor } from '../backend.js';
import { UndoLog } from '../../store/undo.js';
import type { ReviewResult } from '../../../shared/deid/views.js';

// every process that runs the backend scans imported documents
installDeidHooks();

interface UndoStep {
  label: string;
  before: DeidSnapshot;
  after: string;
}

const MAX_STEPS = 20;
const sessions = new WeakMap<Backend, UndoStep[]>();
function steps(b: Backend): UndoStep[] {
  let s = sessions.get(b);
  if (!s) sessions.set(b, (s = []));
  return s;
}

/** Run a text-changing review step: remember the document before it, then tidy up after it. */
function reviewStep(b: Backend, label: string, documentId: number, fn: () => ReviewResult): ReviewResult {
  const before = takeSnapshot(b.project, documentId);
  const result = fn();
  if (result.replaced > 0) {
    const list = steps(b);
    list.push({ label, before, after: documentFingerprint(b.project, documentId) });
    if (list.length > MAX_STEPS) list.shift();
    afterTextChange(b);
  }
  b.emit({ type: 'changed', what: ['documents', 'codings', 'history'] });
  return result;
}

function afterTextChange(b: Backend): void {
  // coding undo steps recorded before the change would put codings at old offsets
  if (b.undo) {
    clearCodingUndoLog(b.project);
    b.undo = new UndoLog(b.project.db, UNDOABLE_TABLES);
  }
  // the old text's pages leave the write-ahead log
  purgeResidue(b.project, { compact: false });
}


const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export const deidHandlers: HandlersFor<keyof typeof deidMethods> = {
  'deid.documents': (b) => deidDocuments(b.project),
  'deid.findings': (b, p) => {
    const document = deidDocuments(b.project).find((d) => d.id === p.documentId);
    if (!document) throw new WeftError(`documentId: no document with id ${p.documentId}`, 'not_found');
    const text = b.project.repo.documentText(p.documentId)!.text;
    return { document, text, findings: listFindings(b.project, p.documentId), redactions: listRedactions(b.project, p.documentId) };
  },
  'deid.scan': (b, p) => {
    const r = b.project.repo.transaction(() => scanDocument(b.project, p.documentId));
    b.emit({ type: 'changed', what: ['documents'] });
    return r;
  },
  'deid.accept': (b, p) => {
    const documentId = documentOfFinding(b.project, p.ids[0]!);
    return reviewStep(b, `accept ${plural(p.ids.length, 'finding')}`, documentId, () => acceptFindings(b.project, p.ids, p.reviewer));
  },
  'deid.reject': (b, p) => {
    const r = rejectFindings(b.project, p.ids, p.reviewer);
    b.emit({ type: 'changed', what: ['documents'] });
    return { rejected: r.rejected };
  },
  'deid.acceptHigh': (b, p) =>
    reviewStep(b, 'accept all high-confidence findings', p.documentId, () => acceptHighConfidence(b.project, p.documentId, p.reviewer)),
  'deid.redact': (b, p) => reviewStep(b, 'redact the selection', p.documentId, () => redactRange(b.project, p.documentId, p.start, p.end, p.kind, p.reviewer)),
  'deid.history': (b) => ({ undo: steps(b).at(-1)?.label ?? null }),
  'deid.undo': (b) => {
    const list = steps(b);
    const step = list.at(-1);
    if (!step) return { undo: null, undone: null, documentId: null };
    if (documentFingerprint(b.project, step.before.documentId) !== step.after) {
      list.length = 0;
      throw new WeftError(`can't undo "${step.label}": the document has changed since (its text or codings)`, 'conflict');
    }
    restoreSnapshot(b.project, step.before);
    list.pop();
    if (b.undo) {
      clearCodingUndoLog(b.project);
      b.undo = new UndoLog(b.project.db, UNDOABLE_TABLES);
    }
    b.emit({ type: 'changed', what: ['documents', 'codings', 'history'] });
    return { undo: list.at(-1)?.label ?? null, undone: step.label, documentId: step.before.documentId };
  },
  'deid.markDeidentified': (b, p) => {
    const r = markDeidentified(b.project, p.documentId, p.reviewer);
    b.emit({ type: 'changed', what: ['documents'] });
    return r;
  },
  'deid.reopen': (b, p) => {
    const r = reopenReview(b.project, p.documentId);
    b.emit({ type: 'changed', what: ['documents'] });
    return r;
  },
  'deid.names.list': (b) => listKnownNames(b.project),
  'deid.names.add': (b, p) => {
    // one transaction: a crash can't leave a new name stored while cleared documents that hold it stay cleared
    const { entry, rescan } = b.project.repo.transaction(() => ({
      entry: addKnownName(b.project, p.kind, p.spellings, p.addedBy),
      rescan: rescanAll(b.project, (done, total) => b.emit({ type: 'progress', operation: 'scanning for known names', done, total })),
    }));
    b.emit({ type: 'changed', what: ['documents'] });
    return { ...entry, rescan };
  },
  'deid.names.addSpelling': (b, p) => {
    const { entry, rescan } = b.project.repo.transaction(() => ({
      entry: addSpelling(b.project, p.id, p.spelling),
      rescan: rescanAll(b.project, (done, total) => b.emit({ type: 'progress', operation: 'scanning for known names', done, total })),
    }));
    b.emit({ type: 'changed', what: ['documents'] });
    return { ...entry, rescan };
  },
  'deid.names.remove': (b, p) => {
    const r = b.project.repo.transaction(() => {
      const removed = removeKnownName(b.project, p.id);
      rescanAll(b.project);
      return removed;
    });
    b.emit({ type: 'changed', what: ['documents'] });
    return r;
  },
  'deid.policy': (b) => ({ blockCoding: blockCodingSetting(b.project) }),
  'deid.setPolicy': (b, p) => {
    const r = setBlockCoding(b.project, p.blockCoding);
    b.emit({ type: 'changed', what: ['project'] });
    return r;
  },
};
