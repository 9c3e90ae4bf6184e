// The later steps of a .qdpx import, once coders, codes, documents and codings
// are in: the file's notes become memos, and its sets become attribute values.
// They run inside the import's one transaction, and report through its scope.
import type { Project } from './project.js';
import type { ExchangeStore } from '../store/exchange.js';
import type { QdpxArchive } from './qdpxTexts.js';
import { decodeText } from './textPrep.js';
import { newGuid, nowIso } from '../store/repository.js';
import { normalizeText } from '../../shared/offsets.js';
import { guidRef as ref, cleanGuid } from '../../shared/formats/refi/guids.js';
import { mirroredNoteIndex, type WeftExtensions } from '../../shared/formats/refi/weftExtensions.js';
import type { QdeCode, QdeProject, QdeTextSource } from '../../shared/formats/refi/projectXml.js';
import type { QdpxImportReport, QdpxItemKind } from '../../shared/formats/refi/importReport.js';
import type { MemoTarget } from '../../shared/types.js';

/** What every step of one import shares. */
export interface QdpxImportScope {
  project: Project;
  store: ExchangeStore;
  archive: QdpxArchive;
  qde: QdeProject;
  ext: WeftExtensions | null;
  report: QdpxImportReport;
  /** an item left out, and why */
  skip(kind: QdpxItemKind, item: string, message: string): void;
  /** an item imported with a change, and what changed */
  adjust(kind: QdpxItemKind, item: string, message: string): void;
  /** the coder for the first of these user GUIDs the file knows (made when needed) */
  coderFor(...users: Array<string | undefined>): number;
  /** the imported code for a code GUID */
  codeRef(guid: string): { id: number; codable: boolean; path: string } | undefined;
}

/** Where the file's notes were attached, as the earlier steps found them. */
export interface NoteTargets {
  documents: Array<{ note: string; documentId: number }>;
  codings: Array<{ note: string; codingId: number }>;
  /** each new coding with notes: its memo string is Weft's own, else its latest note's text */
  codingMemos: Map<number, string[]>;
  /** sources' descriptions, kept as document memos */
  descriptions: Array<{ documentId: number; label: string; text: string }>;
}

/** Notes → memos: on the project, codes, documents and segments; notes attached to nothing go to the project. */
export function importNotes(scope: QdpxImportScope, targets: NoteTargets): void {
  const { project, store, archive, qde, ext, report, skip, adjust } = scope;
  const repo = project.repo;
  const noteByGuid = new Map(qde.notes.map((n) => [ref(n.guid), n]));
  const referenced = new Set<string>();
  const fieldOnly = new Set((ext?.codingMemoNotes ?? []).map(ref));
  const noteText = (n: QdeTextSource): string | null => {
    if (n.plainTextContent !== undefined) return normalizeText(n.plainTextContent);
    if (n.plainTextPath) {
      const hit = archive.resolve(n.plainTextPath);
      const t = hit ? decodeText(archive.read(hit)) : null;
      return t === null ? null : normalizeText(t);
    }
    return '';
  };
  const saveNote = (noteGuid: string, targetType: MemoTarget, targetId: number | null, label: string) => {
    const n = noteByGuid.get(noteGuid);
    if (!n) {
      skip('note', noteGuid, `${label} refers to note ${noteGuid}, which is not in the file`);
      return;
    }
    referenced.add(noteGuid);
    const bodyText = noteText(n);
    if (bodyText === null) {
      skip('note', n.name || n.guid, `its text file "${n.plainTextPath}" is missing or not text`);
      return;
    }
    const coderId = n.creatingUser ? scope.coderFor(n.creatingUser) : null;
    const guid = cleanGuid(n.guid);
    if (guid && store.memoByGuid(guid)) {
      report.matched.memos++;
      return;
    }
    const body = (guid && ext?.memos[guid]?.body) || bodyText;
    const existing = store.memoFor(targetType, targetId, coderId);
    if (existing) {
      if (existing.body !== existing.bodyText) {
        skip('note', n.name || n.guid, `${label} already has a formatted memo by the same coder; Weft keeps one memo per coder`);
        return;
      }
      const merged = existing.bodyText ? `${existing.bodyText}\n\n${bodyText}` : bodyText;
      store.updateMemoText(existing.id, merged, merged, nowIso());
      adjust('note', n.name || n.guid, `${label} already has a memo by the same coder; the note's text was added to it`);
      return;
    }
    store.insertMemo({
      guid: guid && !store.memoByGuid(guid) ? guid : newGuid(),
      targetType,
      targetId,
      coderId,
      title: n.name ?? '',
      body,
      bodyText,
      createdAt: n.creationDateTime ?? nowIso(),
      updatedAt: n.modifiedDateTime ?? n.creationDateTime ?? nowIso(),
    });
    report.created.memos++;
  };
  for (const g of qde.noteRefs) saveNote(ref(g), 'project', null, 'the project');
  const walkCodeNotes = (c: QdeCode) => {
    const code = scope.codeRef(c.guid);
    if (code) for (const g of c.noteRefs) saveNote(ref(g), 'code', code.id, `code "${code.path}"`);
    c.children.forEach(walkCodeNotes);
  };
  qde.codes.forEach(walkCodeNotes);
  for (const t of targets.documents) saveNote(t.note, 'document', t.documentId, 'a document');
  for (const t of targets.codings) {
    if (fieldOnly.has(t.note)) {
      referenced.add(t.note);
      continue;
    }
    saveNote(t.note, 'coding', t.codingId, 'a segment');
  }
  // a segment's memo string: Weft's own value, else the text of its latest note
  for (const [codingId, notes] of targets.codingMemos) {
    const coding = repo.codingById(codingId)!;
    const own = ext?.codingMemos[coding.guid];
    const found = notes.map((g) => noteByGuid.get(ref(g))).filter((n): n is QdeTextSource => n !== undefined);
    const mirrored = found[mirroredNoteIndex(found.map((n) => ({ modified: n.modifiedDateTime ?? n.creationDateTime })))];
    const memo = own ?? (mirrored ? noteText(mirrored) : null);
    if (memo) repo.setCodingMemo(codingId, memo);
  }
  for (const g of noteByGuid.keys()) {
    if (referenced.has(g) || fieldOnly.has(g)) continue;
    saveNote(g, 'project', null, 'the project (the note is not attached to anything)');
  }
  for (const d of targets.descriptions) {
    const text = normalizeText(d.text);
    if (!store.memoFor('document', d.documentId, null)) {
      store.insertMemo({ guid: newGuid(), targetType: 'document', targetId: d.documentId, coderId: null, title: 'Description', body: text, bodyText: text, createdAt: nowIso(), updatedAt: nowIso() });
      report.created.memos++;
      report.info.push(`source "${d.label}": its description is kept as a document memo`);
    } else adjust('source', d.label, 'its description was not kept: the document already has a memo without a coder');
  }
}

/**
 * Sets → attributes: a set that only restates an attribute value ("country: Kenya") comes back as that value;
 * another set of sources becomes a yes/no attribute. `documentOf` maps a source reference to its document,
 * and `documents` are the file's documents.
 */
export function importSets(scope: QdpxImportScope, documentOf: (sourceRef: string) => number | undefined, documents: number[]): void {
  const { project, store, qde, ext, report, skip } = scope;
  const repo = project.repo;
  const isAttributeSet = (name: string, members: string[]): boolean => {
    const m = /^(.+?): (.*)$/.exec(name);
    if (!m) return false;
    const attr = repo.attributeDefs().find((a) => a.name.toLowerCase() === m[1]!.toLowerCase());
    if (!attr) return false;
    const want = new Set(members.map(documentOf).filter((id): id is number => id !== undefined));
    const have = documents.filter((id) => store.documentAttributeValue(id, attr.id) === m[2]);
    return have.length === want.size && have.every((id) => want.has(id));
  };
  const derived = new Set((ext?.derivedSets ?? []).map(ref));
  let fromAttributes = 0;
  for (const set of qde.sets) {
    if (derived.has(ref(set.guid))) continue;
    if (isAttributeSet(set.name, set.memberSources)) {
      fromAttributes++;
      continue;
    }
    const members = set.memberSources.map(documentOf).filter((id): id is number => id !== undefined);
    if (set.memberCodes.length) skip('set', set.name, `its ${set.memberCodes.length} member code(s) are not kept: Weft has no code sets`);
    if (set.memberNotes.length) skip('set', set.name, `its ${set.memberNotes.length} member note(s) are not kept: Weft has no note sets`);
    if (members.length === 0) {
      if (set.memberSources.length) skip('set', set.name, 'none of its member sources was imported');
      continue;
    }
    const name = `Set: ${set.name}`.slice(0, 200);
    const attr = repo.ensureAttribute(name, 'boolean');
    for (const id of members) repo.setDocumentAttribute(id, attr.id, 'true');
    report.info.push(`set "${set.name}": its ${members.length} document(s) have the attribute "${name}" = true`);
  }
  if (derived.size + fromAttributes) report.info.push(`${derived.size + fromAttributes} sets that group documents by an attribute value ("country: Kenya") are kept as those attribute values`);
}
