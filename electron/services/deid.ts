// The de-identification gate: scanning documents for identifiers, review
// (accept, reject, manual redaction, accept all high-confidence findings),
// marking a document de-identified, and the project setting that blocks
// coding before de-identification. The known-names list is deidKnownNames.ts.
//
// What the project file keeps: findings as kind and position only (their text
// is read from the document while they are open), placeholders, salted hashes
// of names (the known-names list, and names already replaced, so the same name
// gets the same placeholder), and the redaction log (kind, placeholder,
// position, reviewer, time). Never an original value. After a text change the
// write-ahead log is checkpointed and emptied; deleted content is zeroed
// (PRAGMA secure_delete, FTS5 secure-delete).
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { Project } from './project.js';
import { onDocumentImported, registerImportFlag, registerTextPreparer, type DocumentImportContext, type TextPreparer } from './importHooks.js';
import { DeidStore, type CodingSpan, type FindingRow, type RedactionRow } from '../store/deid.js';
import type { ChangeReport, DeidDocument, FindingView, PurgeResult, RedactionView, ReviewResult } from '../../shared/deid/views.js';
import { WeftError } from '../errors.js';
import { loadNlp } from './nlp.js';
import { codePointLength, OffsetIndex, rangeError } from '../../shared/offsets.js';
import { scanText, type ScannedFinding } from '../../shared/deid/scan.js';
import { foldName } from '../../shared/deid/fold.js';
import type { KnownVariant } from '../../shared/deid/knownNames.js';
import { applyEdits, editsError, mapRange, overlapsEdit, type PlacedEdit, type TextEdit } from '../../shared/deid/edits.js';
import {
  CONFIDENCE_RANK,
  formatPlaceholder,
  KIND_LABELS,
  NAME_KINDS,
  placeholderPrefix,
  type FindingKind,
} from '../../shared/deid/types.js';

// ---- the project's salt: keys the hashes of names

const SALT_KEY = 'deid.salt';
export const BLOCK_CODING_KEY = 'deid.blockCoding';
const COMPACTED_KEY = 'deid.compacted';

export interface Hashing {
  seed: number;
  strong: (folded: string) => string;
}

const hashingCache = new WeakMap<Project, Hashing>();

/** The salted hashes of this project; creates the salt on first use (a write). */
export function hashing(project: Project, create = true): Hashing | null {
  const cached = hashingCache.get(project);
  if (cached) return cached;
  let salt = project.repo.getSetting(SALT_KEY) as string | null;
  if (!salt) {
    if (!create || project.readOnly) return null;
    salt = randomBytes(32).toString('hex');
    const s = salt;
    project.repo.transaction(() => project.repo.setSetting(SALT_KEY, s));
  }
  const h = hashingFromSalt(salt);
  hashingCache.set(project, h);
  return h;
}

function hashingFromSalt(salt: string): Hashing {
  const key = Buffer.from(salt, 'hex');
  return {
    seed: key.readUInt32LE(0),
    strong: (folded) => createHmac('sha256', key).update(folded, 'utf8').digest('base64url'),
  };
}

const stores = new WeakMap<Project, DeidStore>();
export function store(project: Project): DeidStore {
  let s = stores.get(project);
  if (!s) stores.set(project, (s = new DeidStore(project.db)));
  return s;
}

// ---- scanning

/** What a scan needs from the project, as plain data: the known-names list and its salt (none when the list is empty). */
interface ScanInput {
  salt: string | null;
  variants: KnownVariant[];
}

function scanInput(project: Project | null): ScanInput {
  const variants = project ? store(project).knownVariants() : [];
  const salt = project && variants.length ? (project.repo.getSetting(SALT_KEY) as string | null) : null;
  return { salt, variants: salt ? variants : [] };
}

function scanWithInput(text: string, input: ScanInput): ScannedFinding[] {
  const h = input.salt ? hashingFromSalt(input.salt) : null;
  return scanText(text, { nlp: loadNlp(), known: h && input.variants.length ? { variants: input.variants, seed: h.seed, strong: h.strong } : undefined });
}

/** Scan a text with this project's known names (no project: the detectors only). */
export function scanWithProject(project: Project | null, text: string): ScannedFinding[] {
  return scanWithInput(text, scanInput(project));
}

/** The scan of an imported text: pure given its input, so an importer may run it in a worker thread. */
export const scanPreparer: TextPreparer<ScanInput, ScannedFinding[]> = {
  name: 'deid-scan',
  input: scanInput,
  prepare: scanWithInput,
};

/**
 * Scan one document again: open findings are replaced; a rejected finding
 * keeps its place and is not proposed again (unless a known name now covers
 * it, which a reviewer can't have rejected as such).
 */
/** `scanned`: the scan of the document's stored text, when the caller has it (an importer's worker thread did it). */
export function scanDocument(project: Project, documentId: number, storedText?: string, scanned?: ScannedFinding[]): { open: number; added: number } {
  const st = store(project);
  let findings = scanned;
  if (!findings) {
    const text = storedText ?? project.repo.documentText(documentId)?.text;
    if (text === undefined) throw new WeftError(`documentId: no document with id ${documentId}`, 'not_found');
    findings = scanWithProject(project, text);
  }
  const before = new Set(st.findings(documentId).filter((f) => f.status === 'open').map((f) => `${f.kind}:${f.start}:${f.end}`));
  const rejected = st.findings(documentId).filter((f) => f.status === 'rejected');
  st.deleteOpenFindings(documentId);
  let open = 0;
  let added = 0;
  for (const f of findings) {
    if (rejected.some((r) => r.start === f.start && r.end === f.end && (r.source === f.source || f.source === 'detector'))) continue;
    st.insertFinding({ documentId, kind: f.kind, start: f.start, end: f.end, confidence: f.confidence, source: f.source });
    open++;
    if (!before.has(`${f.kind}:${f.start}:${f.end}`)) added++;
  }
  return { open, added };
}

export function listRedactions(project: Project, documentId: number): RedactionView[] {
  return store(project)
    .redactions(documentId)
    .map(({ kind, placeholder, start, end, method, reviewer, at }) => ({ kind, placeholder, start, end, method, reviewer, at }));
}

export function listFindings(project: Project, documentId: number): FindingView[] {
  const doc = project.repo.documentText(documentId);
  if (!doc) throw new WeftError(`documentId: no document with id ${documentId}`, 'not_found');
  const index = new OffsetIndex(doc.text);
  return store(project)
    .findings(documentId)
    .map((f) => ({ ...f, text: f.status === 'open' ? index.slice(f.start, f.end) : '' }));
}

// ---- replacing text, and moving everything that points into it

export interface TextChange {
  documentId: number;
  edits: PlacedEdit[];
}

/** Other capabilities that keep offsets into a document's text register here to move them with a change. */
type TextChangedHook = (project: Project, change: TextChange) => void;
const textChangedHooks: TextChangedHook[] = [];
export function onDocumentTextChanged(hook: TextChangedHook): void {
  if (!textChangedHooks.includes(hook)) textChangedHooks.push(hook);
}

const PARKING = 2_000_000_000;

interface Replacement {
  start: number;
  end: number;
  kind: FindingKind;
  placeholder: string;
}

/**
 * Replace spans of one document in one go (callers run it in a transaction):
 * the text, codings, findings and the redaction log all move; accepted or
 * overlapped findings are removed; the log records kind, placeholder,
 * position, reviewer and time.
 */
function replaceSpans(project: Project, documentId: number, replacements: Replacement[], reviewer: string, method: RedactionRow['method']): ChangeReport {
  const st = store(project);
  const doc = project.repo.documentText(documentId)!;
  const edits: TextEdit[] = replacements.map((r) => ({ start: r.start, end: r.end, replacement: r.placeholder }));
  const err = editsError(edits, doc.length);
  if (err) throw new WeftError(`document "${doc.name}": ${err}`);
  const applied = applyEdits(doc.text, edits);
  const placed = applied.edits;
  const report: ChangeReport = { replaced: placed.length, codingsMoved: 0, codingsAdjusted: 0, codingsMerged: 0, placeholders: [] };

  // codings: move; a cut coding now covers the placeholder; one that became a duplicate is folded in
  const seen = new Map<string, number>();
  const moved: Array<{ c: CodingSpan; start: number; end: number }> = [];
  for (const c of st.codingSpans(documentId)) {
    const m = mapRange(c.start, c.end, placed);
    if (m.adjusted) report.codingsAdjusted++;
    else if (m.start !== c.start || m.end !== c.end) report.codingsMoved++;
    const key = `${c.codeId}:${c.coderId}:${m.start}:${m.end}`;
    if (seen.has(key)) {
      st.deleteCoding(c.id);
      report.codingsMerged++;
      continue;
    }
    seen.set(key, c.id);
    if (m.start !== c.start || m.end !== c.end) moved.push({ c, start: m.start, end: m.end });
  }
  // two passes, so no coding collides with another's old place in the unique index on the way: first far out of the way
  for (const x of moved) st.moveCoding(x.c.id, PARKING + x.c.id * 2, PARKING + x.c.id * 2 + 1);
  for (const x of moved) st.moveCoding(x.c.id, x.start, x.end);

  // findings: those under a replacement go; the rest move
  for (const f of st.findings(documentId)) {
    if (overlapsEdit(f.start, f.end, placed)) st.deleteFindings([f.id]);
    else {
      const m = mapRange(f.start, f.end, placed);
      if (m.start !== f.start || m.end !== f.end) st.moveFinding(f.id, m.start, m.end);
    }
  }
  // the redaction log: earlier entries move with the text
  for (const r of st.redactions(documentId)) {
    const m = mapRange(r.start, r.end, placed);
    if (m.start !== r.start || m.end !== r.end) st.moveRedaction(r.id, m.start, m.end);
  }
  const at = new Date().toISOString();
  const byStart = new Map(replacements.map((r) => [r.start, r]));
  let delta = 0;
  for (const e of placed) {
    const r = byStart.get(e.start)!;
    const start = e.start + delta;
    st.insertRedaction({ guid: randomUUID(), documentId, kind: r.kind, placeholder: r.placeholder, start, end: start + e.length, method, reviewer, at });
    report.placeholders.push(r.placeholder);
    delta += e.length - (e.end - e.start);
  }
  st.setText(documentId, applied.text, codePointLength(applied.text));
  for (const hook of textChangedHooks) hook(project, { documentId, edits: placed });
  return report;
}

/** The placeholder for a value: names get the project's number for that name (made on first use), other kinds a fixed one. */
function placeholderFor(project: Project, kind: FindingKind, value: string): string {
  if (!NAME_KINDS.has(kind)) return formatPlaceholder(kind);
  const h = hashing(project)!;
  const st = store(project);
  const folded = foldName(value);
  const hash = h.strong(folded);
  const key = st.keyByHash(hash);
  if (key) {
    const p = st.placeholder(key.placeholderId)!;
    return `[${p.prefix}-${p.number}]`;
  }
  const prefix = placeholderPrefix(kind);
  const p = st.newPlaceholder(prefix);
  st.putKey({ hash, placeholderId: p.id, nameId: null });
  return `[${prefix}-${p.number}]`;
}

// ---- review

/** The document a finding belongs to. */
export function documentOfFinding(project: Project, findingId: number): number {
  const d = store(project).findingDocument(findingId);
  if (d === undefined) throw new WeftError(`ids: no finding with id ${findingId} (it may have been decided already)`, 'not_found');
  return d;
}

function openFindingsOf(project: Project, ids: readonly number[]): Map<number, FindingRow[]> {
  const rows = store(project).findingsByIds(ids);
  const missing = ids.filter((id) => !rows.some((r) => r.id === id));
  if (missing.length) throw new WeftError(`ids: no finding with id ${missing[0]} (it may have been decided already)`, 'not_found');
  const closed = rows.find((r) => r.status !== 'open');
  if (closed) throw new WeftError(`ids: finding ${closed.id} was already rejected`, 'conflict');
  const byDoc = new Map<number, FindingRow[]>();
  for (const r of rows) {
    const list = byDoc.get(r.documentId);
    if (list) list.push(r);
    else byDoc.set(r.documentId, [r]);
  }
  return byDoc;
}

/** Accept findings: replace each with its placeholder. All the findings must belong to one document. */
export function acceptFindings(project: Project, ids: readonly number[], reviewer: string, method: RedactionRow['method'] = 'accept'): ReviewResult {
  project.assertWritable();
  return project.repo.transaction(() => {
    const byDoc = openFindingsOf(project, ids);
    if (byDoc.size !== 1) throw new WeftError('ids: accept findings of one document at a time');
    const [documentId, rows] = [...byDoc][0]!;
    const doc = project.repo.documentText(documentId)!;
    const index = new OffsetIndex(doc.text);
    const replacements = rows.map((f) => ({ start: f.start, end: f.end, kind: f.kind, placeholder: placeholderFor(project, f.kind, index.slice(f.start, f.end)) }));
    const report = replaceSpans(project, documentId, replacements, reviewer, method);
    return { ...report, documentId, open: openCount(project, documentId) };
  });
}

export function rejectFindings(project: Project, ids: readonly number[], reviewer: string): { rejected: number; documentIds: number[] } {
  project.assertWritable();
  return project.repo.transaction(() => {
    const byDoc = openFindingsOf(project, ids);
    const at = new Date().toISOString();
    for (const rows of byDoc.values()) for (const r of rows) store(project).rejectFinding(r.id, reviewer, at);
    return { rejected: ids.length, documentIds: [...byDoc.keys()] };
  });
}

/** Accept every open high-confidence finding of a document. */
export function acceptHighConfidence(project: Project, documentId: number, reviewer: string, method: RedactionRow['method'] = 'accept-high'): ReviewResult {
  project.assertWritable();
  const ids = store(project)
    .findings(documentId)
    .filter((f) => f.status === 'open' && f.confidence === 'high')
    .map((f) => f.id);
  if (!ids.length) {
    if (!project.repo.documentText(documentId)) throw new WeftError(`documentId: no document with id ${documentId}`, 'not_found');
    return { documentId, replaced: 0, codingsMoved: 0, codingsAdjusted: 0, codingsMerged: 0, placeholders: [], open: openCount(project, documentId) };
  }
  return acceptFindings(project, ids, reviewer, method);
}

/** Redact any range by hand (code points), as a kind the reviewer chooses. */
export function redactRange(project: Project, documentId: number, start: number, end: number, kind: FindingKind, reviewer: string): ReviewResult {
  project.assertWritable();
  return project.repo.transaction(() => {
    const doc = project.repo.documentText(documentId);
    if (!doc) throw new WeftError(`documentId: no document with id ${documentId}`, 'not_found');
    const err = rangeError(start, end, doc.length);
    if (err) throw new WeftError(`document "${doc.name}": ${err}`);
    const value = new OffsetIndex(doc.text).slice(start, end);
    if (!/[\p{L}\p{N}]/u.test(value)) throw new WeftError('the selection has no letters or digits to redact');
    const report = replaceSpans(project, documentId, [{ start, end, kind, placeholder: placeholderFor(project, kind, value) }], reviewer, 'manual');
    return { ...report, documentId, open: openCount(project, documentId) };
  });
}

function openCount(project: Project, documentId: number): number {
  return store(project)
    .findings(documentId)
    .filter((f) => f.status === 'open').length;
}

// ---- marking a document de-identified

export function deidDocuments(project: Project): DeidDocument[] {
  const st = store(project);
  const counts = st.openCounts();
  const redactions = st.redactionCounts();
  const states = st.deidStates();
  return project.repo.documentSummaries().map((d) => ({
    id: d.id,
    name: d.name,
    status: d.status,
    deidentifiedBy: states.get(d.id)?.by ?? null,
    deidentifiedAt: states.get(d.id)?.at ?? null,
    open: counts.get(d.id) ?? { high: 0, medium: 0, low: 0 },
    redactions: redactions.get(d.id) ?? 0,
    length: d.length,
  }));
}

/**
 * Leave no old text in the project file: copy the write-ahead log into the
 * database and truncate it. Deleted pages are already zeroed (secure_delete);
 * the first time, the file is also rebuilt, because pages freed by an older
 * version of Weft were not.
 */
export function purgeResidue(project: Project, options: { compact?: boolean } = {}): PurgeResult {
  const st = store(project);
  let compacted = false;
  const done = project.repo.getSetting(COMPACTED_KEY) === true;
  if (options.compact !== false && !done && !project.db.inTransaction) {
    project.repo.transaction(() => project.repo.setSetting(COMPACTED_KEY, true));
    st.vacuum();
    compacted = true;
  }
  return { walCleared: project.db.inTransaction ? false : st.checkpoint(), compacted };
}

export function markDeidentified(project: Project, documentId: number, reviewer: string): DeidDocument & { purge: PurgeResult } {
  project.assertWritable();
  project.repo.transaction(() => {
    const doc = project.repo.documentText(documentId);
    if (!doc) throw new WeftError(`documentId: no document with id ${documentId}`, 'not_found');
    const open = openCount(project, documentId);
    if (open) throw new WeftError(`document "${doc.name}" still has ${open} open finding${open === 1 ? '' : 's'}: accept or reject ${open === 1 ? 'it' : 'them'} first`, 'conflict');
    store(project).setDeidState(documentId, 'deidentified', reviewer, new Date().toISOString());
  });
  const purge = purgeResidue(project);
  return { ...deidDocuments(project).find((d) => d.id === documentId)!, purge };
}

export function reopenReview(project: Project, documentId: number): DeidDocument {
  project.assertWritable();
  project.repo.transaction(() => {
    if (!project.repo.documentText(documentId)) throw new WeftError(`documentId: no document with id ${documentId}`, 'not_found');
    store(project).setDeidState(documentId, 'imported', null, null);
  });
  return deidDocuments(project).find((d) => d.id === documentId)!;
}

// ---- the coding gate

export function blockCodingSetting(project: Project): boolean {
  return project.repo.getSetting(BLOCK_CODING_KEY) === true;
}

export function setBlockCoding(project: Project, block: boolean): { blockCoding: boolean } {
  project.assertWritable();
  project.repo.transaction(() => project.repo.setSetting(BLOCK_CODING_KEY, block));
  return { blockCoding: block };
}

/**
 * Refuse to code a document that isn't marked de-identified, when the project
 * says so. Called by the coding handlers (codings.apply, codings.applyMany).
 */
export function assertCodingAllowed(project: Project, documentIds: Iterable<number>): void {
  if (!blockCodingSetting(project)) return;
  const ids = [...new Set(documentIds)];
  const blocked = store(project)
    .statuses(ids)
    .filter((d) => d.status !== 'deidentified');
  if (blocked.length) {
    throw new WeftError(
      `document "${blocked[0]!.name}" is not marked de-identified, and this project blocks coding until it is (review it in the De-identification view first)`,
      'conflict',
    );
  }
}

// ---- at import

/** `weft import … --deidentify` / documents.import with flags: ["deidentify"] */
export const DEIDENTIFY_FLAG = 'deidentify';
export const AUTOMATIC_REVIEWER = 'weft (automatic, high confidence)';

function describe(report: ReviewResult): string {
  const byKind = new Map<string, number>();
  for (const p of report.placeholders) {
    const kind = p.replace(/^\[|(-\d+)?\]$/g, '');
    byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
  }
  const kinds = [...byKind].map(([k, n]) => `${n} ${k.toLowerCase()}`).join(', ');
  return `de-identified: ${report.replaced} replaced${kinds ? ` (${kinds})` : ''}; ${report.open} finding${report.open === 1 ? '' : 's'} left for review`;
}

function onImported(project: Project, documentId: number, context: DocumentImportContext): void {
  const scan = scanDocument(project, documentId, context.text, context.prepared?.[scanPreparer.name] as ScannedFinding[] | undefined);
  if (context.flags.has(DEIDENTIFY_FLAG)) {
    const report = acceptHighConfidence(project, documentId, AUTOMATIC_REVIEWER, 'import');
    context.note(describe(report));
  } else if (scan.open) {
    const counts = store(project).openCountsOf(documentId);
    context.note(`de-identification: ${scan.open} finding${scan.open === 1 ? '' : 's'} to review${counts.high ? ` (${counts.high} high confidence)` : ''}`);
  }
}

let installed = false;
/** Scan every imported document, and offer --deidentify. Call once in every process that imports (the backend, the CLI). */
export function installDeidHooks(): void {
  if (installed) return;
  installed = true;
  registerImportFlag({ name: DEIDENTIFY_FLAG, description: 'replace high-confidence identifiers with placeholders while importing' });
  registerTextPreparer(scanPreparer);
  onDocumentImported(onImported);
}

/** Describe a finding kind for messages. */
export function kindLabel(kind: FindingKind): string {
  return KIND_LABELS[kind];
}

export type { KnownVariant };
export { CONFIDENCE_RANK };

// ---- session undo of review steps

/** Everything a review step can change in one document, to put back exactly. */
export interface DeidSnapshot {
  documentId: number;
  text: string;
  length: number;
  state: { status: 'imported' | 'deidentified'; by: string | null; at: string | null };
  findings: FindingRow[];
  redactions: RedactionRow[];
  codings: ReturnType<DeidStore['codingRows']>;
}

export function takeSnapshot(project: Project, documentId: number): DeidSnapshot {
  const st = store(project);
  const doc = project.repo.documentText(documentId);
  if (!doc) throw new WeftError(`documentId: no document with id ${documentId}`, 'not_found');
  return {
    documentId,
    text: doc.text,
    length: doc.length,
    state: st.deidState(documentId)!,
    findings: st.findings(documentId),
    redactions: st.redactions(documentId),
    codings: st.codingRows(documentId),
  };
}

/** A fingerprint of what a later change would alter: the text and the codings' places. */
export function documentFingerprint(project: Project, documentId: number): string {
  const doc = project.repo.documentText(documentId);
  const codings = store(project)
    .codingSpans(documentId)
    .map((c) => `${c.id}:${c.start}:${c.end}`)
    .join(',');
  return `${doc?.text.length ?? -1}\u0000${doc?.text ?? ''}\u0000${codings}`;
}

/** Put a document back as it was in a snapshot (text, codings' places, findings, log, status). */
export function restoreSnapshot(project: Project, snap: DeidSnapshot): void {
  project.assertWritable();
  project.repo.transaction(() => {
    const st = store(project);
    st.setText(snap.documentId, snap.text, snap.length);
    st.setDeidState(snap.documentId, snap.state.status, snap.state.by, snap.state.at);
    st.replaceFindings(snap.documentId, snap.findings);
    st.replaceRedactions(snap.documentId, snap.redactions);
    const now = new Map(st.codingSpans(snap.documentId).map((c) => [c.id, c]));
    const moved = snap.codings.filter((c) => now.has(c.id) && (now.get(c.id)!.start !== c.start || now.get(c.id)!.end !== c.end));
    for (const c of moved) st.moveCoding(c.id, PARKING + c.id * 2, PARKING + c.id * 2 + 1);
    for (const c of moved) st.moveCoding(c.id, c.start, c.end);
    // codings folded into another by the step come back
    for (const c of snap.codings) if (!now.has(c.id)) st.restoreCoding(c);
  });
}

/** Clear this connection's undo log of codebook and coding edits: after a text change its offsets no longer fit. */
export function clearCodingUndoLog(project: Project): void {
  store(project).clearUndoLog();
}
