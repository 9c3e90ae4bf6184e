// Team coding: assigning documents to coders, completion marks, coder
// packages (a .weft with the assigned documents, the codebook and the coder's
// identity) and the lossless merge of packages, other projects and .qdpx files.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { Project } from './project.js';
import { ExchangeStore } from '../store/exchange.js';
import { TeamStore } from '../store/team.js';
import { newGuid, nowIso } from '../store/repository.js';
import { runDocumentImportedHooks } from './importHooks.js';
import { codesByPath } from './codebook.js';
import { importQdpx } from './qdpxImport.js';
import { splitCodePath } from '../../shared/codePath.js';
import type { Code } from '../../shared/types.js';
import {
  CONSENSUS_CODER_NAME,
  emptyFileReport,
  PACKAGE_SETTING,
  PROPOSED_CODES,
  type MergeConflict,
  type MergeFileReport,
  type MergeReport,
  type PackageInfo,
  type TeamState,
} from '../../shared/team.js';
import { WeftError } from '../errors.js';
import { lockFileFor } from '../store/writerLock.js';
import { backupDatabase } from '../store/backups.js';
import { auditExport, recordAudit } from './audit.js';

const pathKey = (p: string) => splitCodePath(p).map((n) => n.toLowerCase()).join('\u0000');

export function teamState(project: Project): TeamState {
  const team = new TeamStore(project.db);
  const counts = new ExchangeStore(project.db).codingCountsByCoder();
  const pkg = project.repo.getSetting(PACKAGE_SETTING) as PackageInfo | null;
  return {
    coders: project.repo.coders().map((c) => ({ ...c, codings: counts.get(c.id) ?? 0 })),
    assignments: team.assignments(),
    completions: team.completions(),
    package: pkg ?? null,
  };
}

function resolveCoder(project: Project, name: string, create: boolean): { id: number; guid: string; name: string } {
  const n = name.trim();
  if (!n) throw new WeftError('--coder: a coder name is needed');
  const existing = project.repo.coderByName(n);
  if (existing) return existing;
  if (!create) {
    const names = project.repo.coders().map((c) => c.name);
    throw new WeftError(`coder "${n}" is not in the project (coders: ${names.join(', ') || 'none'})`);
  }
  return project.repo.ensureCoder(n);
}

function resolveDocuments(project: Project, names: readonly string[]): Array<{ id: number; guid: string; name: string }> {
  return names.map((n) => {
    const d = project.repo.documentRef({ name: n.trim() });
    if (!d) throw new WeftError(`--documents: no document named "${n.trim()}" in the project`);
    return d;
  });
}

/** Assign (or unassign) documents to a coder; the coder is created when new. */
export function assignDocuments(project: Project, coderName: string, documentNames: readonly string[], assigned = true): { changed: number; coder: string } {
  project.assertWritable();
  return project.repo.transaction(() => {
    const coder = resolveCoder(project, coderName, assigned);
    const docs = resolveDocuments(project, documentNames);
    const team = new TeamStore(project.db);
    let changed = 0;
    for (const d of docs) if (assigned ? team.assign(d.id, coder.id) : team.unassign(d.id, coder.id)) changed++;
    return { changed, coder: coder.name };
  });
}

export function setAssignment(project: Project, documentIds: readonly number[], coderId: number, assigned: boolean): number {
  project.assertWritable();
  return project.repo.transaction(() => {
    if (!project.repo.coderById(coderId)) throw new WeftError(`coderId: no coder with id ${coderId}`, 'not_found');
    const team = new TeamStore(project.db);
    let changed = 0;
    for (const id of documentIds) {
      if (!project.repo.documentRef({ id })) throw new WeftError(`documentIds: no document with id ${id}`, 'not_found');
      if (assigned ? team.assign(id, coderId) : team.unassign(id, coderId)) changed++;
    }
    return changed;
  });
}

export function setCompletion(project: Project, documentIds: readonly number[], coderId: number, complete: boolean): number {
  project.assertWritable();
  return project.repo.transaction(() => {
    if (!project.repo.coderById(coderId)) throw new WeftError(`coderId: no coder with id ${coderId}`, 'not_found');
    const team = new TeamStore(project.db);
    let changed = 0;
    for (const id of documentIds) {
      if (!project.repo.documentRef({ id })) throw new WeftError(`documentIds: no document with id ${id}`, 'not_found');
      if (complete ? team.markComplete(id, coderId) : team.unmarkComplete(id, coderId)) changed++;
    }
    return changed;
  });
}

export function markComplete(project: Project, coderName: string, documentNames: readonly string[], complete = true): { changed: number; coder: string } {
  project.assertWritable();
  return project.repo.transaction(() => {
    const coder = resolveCoder(project, coderName, complete);
    const docs = resolveDocuments(project, documentNames);
    return { changed: setCompletion(project, docs.map((d) => d.id), coder.id, complete), coder: coder.name };
  });
}

/** A fingerprint of the codebook: the codes' GUIDs, paths and definitions. */
export function codebookFingerprint(codes: readonly Code[]): string {
  const h = createHash('sha256');
  for (const c of [...codes].sort((a, b) => a.guid.localeCompare(b.guid))) h.update(`${c.guid}\u0000${c.path}\u0000${c.definition}\u0000${c.codable}\n`);
  return h.digest('hex').slice(0, 16);
}

function removeDatabase(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(file + suffix, { force: true });
  fs.rmSync(lockFileFor(file), { force: true }); // the temp file's writer lock: nobody else knows its name
}

/**
 * Write a coder package: a new .weft holding the chosen documents (the
 * coder's assigned documents by default) with their attributes, the whole
 * codebook, the coder (same GUID) and the coder's own codings, memos and
 * completion marks on those documents. Written to a temp file, then renamed.
 */
/** A package of an encrypted project is encrypted with its passphrase; `passphrase` encrypts one of a plain project. */
export function writePackage(project: Project, options: { coder: string; documents?: readonly string[]; out: string; passphrase?: string }): PackageInfo & { file: string } {
  const out = path.resolve(options.out);
  if (fs.existsSync(out)) throw new WeftError(`${options.out}: file already exists`);
  if (path.resolve(project.file) === out) throw new WeftError(`${options.out}: is the project itself`);
  const repo = project.repo;
  const coder = resolveCoder(project, options.coder, false);
  const team = new TeamStore(project.db);
  let docIds: number[];
  if (options.documents?.length) docIds = resolveDocuments(project, options.documents).map((d) => d.id);
  else {
    docIds = team.assignments().filter((a) => a.coderId === coder.id).map((a) => a.documentId);
    if (!docIds.length) throw new WeftError(`coder "${coder.name}" has no assigned documents (assign some, or pass --documents)`);
  }
  const wanted = new Set(docIds);
  const docs = repo.allDocuments().filter((d) => wanted.has(d.id));
  const attrs = repo.attributeDefs();
  const docAttrs = repo.allDocumentAttributes();
  const codes = repo.codes();
  const lead = repo.project();
  const ex = new ExchangeStore(project.db);
  const codings = ex.codings({ coderIds: [coder.id] }).filter((c) => wanted.has(c.documentId));
  const codingIds = new Set(codings.map((c) => c.id));
  const codeIds = new Set(codes.map((c) => c.id));
  const memos = ex.memos().filter(
    (m) =>
      m.coderId === coder.id &&
      ((m.targetType === 'document' && wanted.has(m.targetId!)) || (m.targetType === 'coding' && codingIds.has(m.targetId!)) || (m.targetType === 'code' && codeIds.has(m.targetId!)) || m.targetType === 'project'),
  );
  const info: PackageInfo = {
    leadProjectGuid: lead.guid,
    leadProjectName: lead.name,
    coder: { guid: coder.guid, name: coder.name },
    documents: docs.map((d) => d.guid),
    codebook: { version: null, fingerprint: codebookFingerprint(codes), codes: codes.length },
    createdAt: nowIso(),
  };

  const tmp = path.join(path.dirname(out), `.${path.basename(out)}.${process.pid}.tmp`);
  removeDatabase(tmp);
  let pkg: Project | null = null;
  try {
    pkg = Project.create(tmp, `${lead.name} – ${coder.name}`, { passphrase: options.passphrase || project.passphrase() });
    const p = pkg;
    p.repo.transaction(() => {
      const pr = p.repo;
      const pkgCoder = pr.ensureCoder(coder.name, coder.guid);
      const attrMap = new Map<number, number>();
      for (const a of attrs) attrMap.set(a.id, pr.ensureAttribute(a.name, a.type, a.values, a.guid).id);
      const docMap = new Map<number, number>();
      for (const d of docs) {
        const id = pr.insertDocument({
          guid: d.guid, name: d.name, text: d.text, length: d.length, contentHash: d.contentHash,
          sourceName: d.sourceName, sourceType: d.sourceType, importedAt: d.importedAt, status: d.status,
        });
        docMap.set(d.id, id);
        const values = docAttrs.get(d.id) ?? {};
        for (const a of attrs) if (values[a.name] !== undefined) pr.setDocumentAttribute(id, attrMap.get(a.id)!, values[a.name]!);
        runDocumentImportedHooks(p, id);
      }
      const codeMap = new Map<number, number>();
      // parents come first: codes() is in sort order, so insert in depth order
      const depth = (c: Code) => splitCodePath(c.path).length;
      for (const c of [...codes].sort((a, b) => depth(a) - depth(b) || a.sortOrder - b.sortOrder || a.id - b.id)) {
        const id = pr.insertCode({
          guid: c.guid, parentId: c.parentId === null ? null : codeMap.get(c.parentId)!, name: c.name, color: c.color,
          shortDefinition: c.shortDefinition, definition: c.definition, inclusion: c.inclusion, exclusion: c.exclusion,
          example: c.example, atypicalExample: c.atypicalExample, memo: c.memo, codable: c.codable, sortOrder: c.sortOrder,
        });
        codeMap.set(c.id, id);
      }
      const pex = new ExchangeStore(p.db);
      const codingMap = new Map<number, number>();
      for (const c of codings) {
        codingMap.set(c.id, pex.insertCoding({ guid: c.guid, documentId: docMap.get(c.documentId)!, codeId: codeMap.get(c.codeId)!, coderId: pkgCoder.id, start: c.start, end: c.end, memo: c.memo, createdAt: c.createdAt }));
      }
      for (const m of memos) {
        const targetId =
          m.targetType === 'project' ? null : m.targetType === 'document' ? docMap.get(m.targetId!)! : m.targetType === 'code' ? codeMap.get(m.targetId!)! : codingMap.get(m.targetId!)!;
        pex.insertMemo({ ...m, targetId, coderId: pkgCoder.id });
      }
      const pteam = new TeamStore(p.db);
      for (const a of team.assignments()) if (a.coderId === coder.id && docMap.has(a.documentId)) pteam.assign(docMap.get(a.documentId)!, pkgCoder.id, a.at);
      for (const d of docs) if (!pteam.assignments().some((a) => a.documentId === docMap.get(d.id))) pteam.assign(docMap.get(d.id)!, pkgCoder.id);
      for (const c of team.completions()) if (c.coderId === coder.id && docMap.has(c.documentId)) pteam.markComplete(docMap.get(c.documentId)!, pkgCoder.id, c.at);
      pr.setSetting(PACKAGE_SETTING, info);
    });
    p.db.pragma('wal_checkpoint(TRUNCATE)');
    p.db.pragma('journal_mode = DELETE');
    p.close();
    pkg = null;
    fs.rmSync(lockFileFor(tmp), { force: true });
    fs.renameSync(tmp, out);
  } catch (e) {
    pkg?.close();
    removeDatabase(tmp);
    throw e instanceof WeftError ? e : new WeftError(`${options.out}: cannot write the package (${(e as Error).message})`);
  }
  auditExport(project, out, { format: 'weft package', rows: codings.length, documents: docs.length, forCoder: coder.name });
  return { ...info, file: out };
}

/** Open another .weft for reading; an older schema is upgraded in a temporary copy, never in place. */
function openSource(file: string, passphrase: string | undefined): { source: Project; cleanup: () => void } {
  try {
    // an encrypted package opens with the lead project's passphrase (the team shares one)
    const source = Project.open(file, { readOnly: true, passphrase });
    return { source, cleanup: () => source.close() };
  } catch (e) {
    if (!(e instanceof WeftError) || !/needs an upgrade/.test(e.message)) throw e;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-merge-'));
  const copy = path.join(dir, 'source.weft');
  fs.copyFileSync(file, copy);
  const source = Project.open(copy, { passphrase });
  return { source, cleanup: () => (source.close(), fs.rmSync(dir, { recursive: true, force: true })) };
}

/**
 * Merge .weft packages or projects (and .qdpx files, through the REFI-QDA
 * importer) into the project, in one transaction: a refusal of any file
 * leaves the project unchanged.
 */
export function mergeFiles(project: Project, files: readonly string[], onProgress?: (done: number, total: number) => void, sourcePassphrase?: string): MergeReport {
  project.assertWritable();
  for (const f of files) {
    if (!fs.existsSync(f)) throw new WeftError(`${f}: no such file`);
    if (path.resolve(f) === path.resolve(project.file)) throw new WeftError(`${f}: is the project itself`);
    const ext = path.extname(f).toLowerCase();
    if (ext !== '.weft' && ext !== '.qdpx') throw new WeftError(`${f}: can't merge "${ext || '(no extension)'}" files (use .weft packages or projects, or .qdpx)`);
  }
  const opened: Array<{ file: string; source: Project | null; cleanup: () => void }> = [];
  try {
    for (const f of files) {
      if (path.extname(f).toLowerCase() === '.qdpx') opened.push({ file: f, source: null, cleanup: () => {} });
      else opened.push({ file: f, ...openSource(f, sourcePassphrase ?? project.passphrase()) });
    }
    backupDatabase(project.db, project.file, 'before-merge');
    const reports = project.repo.transaction(() =>
      opened.map((o, i) => {
        const r = o.source ? mergeProject(project, o.source, o.file) : mergeQdpx(project, o.file);
        const name = path.basename(o.file);
        recordAudit(project, 'merge', { kind: 'file', name }, { file: name, kind: r.kind, fromCoder: r.coder ?? '', documentsAdded: r.documents.added, codesAdded: r.codes.added, codingsAdded: r.codings.added, codingsUnchanged: r.codings.unchanged, conflicts: r.conflicts.length });
        onProgress?.(i + 1, opened.length);
        return r;
      }),
    );
    return { project: project.info().name, files: reports };
  } finally {
    for (const o of opened) o.cleanup();
  }
}

function mergeQdpx(project: Project, file: string): MergeFileReport {
  const r = importQdpx(project, file);
  const report = emptyFileReport(file, 'qdpx');
  report.documents.added = r.created.documents;
  report.documents.matchedByGuid = r.matched.documents;
  report.codes.added = r.created.codes;
  report.codes.matchedByGuid = r.matched.codes;
  report.codings.added = r.created.codings;
  report.codings.unchanged = r.matched.codings;
  report.memos.added = r.created.memos;
  report.memos.unchanged = r.matched.memos;
  report.coders.added = r.created.coders;
  report.coders.matched = r.matched.coders;
  for (const n of r.notImported) report.conflicts.push({ kind: 'file', item: `${n.kind} ${n.item}`, message: `not imported: ${n.message}` });
  for (const n of r.adjusted) report.notes.push(`${n.kind} ${n.item}: ${n.message}`);
  report.notes.push(...r.info);
  report.notes.push('merged through the REFI-QDA importer (its matching rules apply: see its report lines)');
  return report;
}

function mergeProject(project: Project, source: Project, file: string): MergeFileReport {
  const repo = project.repo;
  const ex = new ExchangeStore(project.db);
  const team = new TeamStore(project.db);
  const src = source.repo;
  const srcEx = new ExchangeStore(source.db);
  const srcTeam = new TeamStore(source.db);
  const pkg = src.getSetting(PACKAGE_SETTING) as PackageInfo | null;
  const report = emptyFileReport(file, pkg ? 'package' : 'project');
  report.coder = pkg?.coder.name ?? null;
  const conflict = (kind: MergeConflict['kind'], item: string, message: string) => report.conflicts.push({ kind, item, message });
  if (src.project().guid === repo.project().guid) report.notes.push('the file is a copy of this project');
  if (pkg && pkg.leadProjectGuid !== repo.project().guid) report.notes.push(`the package was made from another project ("${pkg.leadProjectName}")`);

  // ---- coders
  const coderMap = new Map<number, number>();
  for (const c of src.coders()) {
    const t = ex.coderByGuid(c.guid) ?? repo.coderByName(c.name);
    if (t) {
      report.coders.matched++;
      if (t.guid !== c.guid) report.notes.push(`coder "${c.name}" matched by name (the file gives it another GUID)`);
      coderMap.set(c.id, t.id);
    } else {
      coderMap.set(c.id, repo.ensureCoder(c.name, c.guid).id);
      report.coders.added++;
    }
  }

  // ---- attributes
  const attrMap = new Map<string, { id: number; name: string }>();
  for (const a of src.attributeDefs()) {
    const byGuid = ex.attributeByGuid(a.guid);
    const t = byGuid ? repo.attributeDefs().find((x) => x.id === byGuid.id)! : repo.ensureAttribute(a.name, a.type, a.values, a.guid);
    attrMap.set(a.name, { id: t.id, name: t.name });
  }

  // ---- documents: by GUID, then by content hash; a changed text is refused
  const docMap = new Map<number, number>();
  const srcAttrs = src.allDocumentAttributes();
  const newDocs: number[] = [];
  for (const d of src.allDocuments()) {
    let target = team.documentByGuid(d.guid);
    if (target) {
      if (target.text !== d.text) throw new WeftError(`${file}: document "${d.name}" has a different text from the project's "${target.name}" (same GUID); merge refused, nothing was changed`);
      report.documents.matchedByGuid++;
    } else {
      const sameHash = team.documentsByHash(d.contentHash);
      const sameText = sameHash.find((x) => x.text === d.text);
      if (sameHash.length && !sameText) throw new WeftError(`${file}: document "${d.name}" has a different text from the project's "${sameHash[0]!.name}" (same source file); merge refused, nothing was changed`);
      if (sameText) {
        target = { id: sameText.id, name: sameText.name, text: sameText.text, contentHash: d.contentHash };
        report.documents.matchedByHash++;
      }
    }
    if (target) {
      docMap.set(d.id, target.id);
      const have = repo.allDocumentAttributes().get(target.id) ?? {};
      for (const [name, value] of Object.entries(srcAttrs.get(d.id) ?? {})) {
        const a = attrMap.get(name)!;
        const cur = have[a.name];
        if (cur === undefined) repo.setDocumentAttribute(target.id, a.id, value);
        else if (cur !== value) conflict('attribute', `${target.name}: ${a.name}`, `the file says "${value}", the project "${cur}"; the project's value is kept`);
      }
      continue;
    }
    let name = d.name;
    for (let i = 2; repo.documentNameTaken(name); i++) name = `${d.name} (${i})`;
    if (name !== d.name) report.notes.push(`document "${d.name}" added as "${name}" (the name was taken)`);
    const id = repo.insertDocument({
      guid: d.guid, name, text: d.text, length: d.length, contentHash: d.contentHash,
      sourceName: d.sourceName, sourceType: d.sourceType, importedAt: d.importedAt, status: d.status,
    });
    for (const [attr, value] of Object.entries(srcAttrs.get(d.id) ?? {})) repo.setDocumentAttribute(id, attrMap.get(attr)!.id, value);
    docMap.set(d.id, id);
    newDocs.push(id);
    report.documents.added++;
  }
  for (const id of newDocs) runDocumentImportedHooks(project, id);

  // ---- codes: by GUID, then by path; codes the project lacks go under "Proposed codes"
  const codeMap = new Map<number, number>();
  const proposedIds = new Set<number>();
  const index = codesByPath(project);
  const srcCodes = src.codes();
  const srcById = new Map(srcCodes.map((c) => [c.id, c]));
  const ensureCategory = (names: string[]): number => {
    let parentId: number | null = null;
    for (let i = 0; i < names.length; i++) {
      const k = names.slice(0, i + 1).map((n) => n.toLowerCase()).join('\u0000');
      const hit = index.get(k);
      if (hit) {
        parentId = hit.id;
        continue;
      }
      const id = repo.insertCode({ parentId, name: names[i]!, color: '#8c8c8c', codable: false, definition: i === 0 ? 'Codes that coders added in their packages; review and move them into the codebook, merge or delete them.' : '' });
      index.set(k, repo.codeById(id)!);
      parentId = id;
    }
    return parentId!;
  };
  const depth = (c: Code) => splitCodePath(c.path).length;
  for (const c of [...srcCodes].sort((a, b) => depth(a) - depth(b) || a.sortOrder - b.sortOrder)) {
    const byGuid = ex.codeByGuid(c.guid);
    if (byGuid) {
      codeMap.set(c.id, byGuid.id);
      report.codes.matchedByGuid++;
      const t = repo.codeById(byGuid.id)!;
      const differs = (['definition', 'inclusion', 'exclusion', 'example', 'shortDefinition', 'atypicalExample', 'memo'] as const).filter((f) => c[f] !== '' && c[f] !== t[f]);
      if (differs.length) conflict('code', t.path, `the file changes ${differs.join(', ')}; the project's codebook is kept`);
      continue;
    }
    const byPath = index.get(pathKey(c.path));
    if (byPath && !proposedIds.has(byPath.id)) {
      codeMap.set(c.id, byPath.id);
      report.codes.matchedByPath++;
      continue;
    }
    // a code the project doesn't have: keep it (and its codings) under "Proposed codes", same path below
    const parent = c.parentId === null ? null : srcById.get(c.parentId)!;
    const parentTarget = parent === null ? null : codeMap.get(parent.id)!;
    let parentId: number;
    if (parent !== null && proposedIds.has(parentTarget!)) parentId = parentTarget!;
    else parentId = ensureCategory([PROPOSED_CODES, ...(parent ? splitCodePath(parent.path) : [])]);
    const parentPath = repo.codeById(parentId)!.path;
    const k = pathKey(`${parentPath} > ${c.name}`);
    const existing = index.get(k);
    if (existing) {
      codeMap.set(c.id, existing.id);
      proposedIds.add(existing.id);
      report.codes.matchedByPath++;
      continue;
    }
    const id = repo.insertCode({
      guid: c.guid, parentId, name: c.name, color: c.color, shortDefinition: c.shortDefinition, definition: c.definition,
      inclusion: c.inclusion, exclusion: c.exclusion, example: c.example, atypicalExample: c.atypicalExample, memo: c.memo, codable: c.codable,
    });
    // a proposal like one made in the app while the codebook is locked: the lead accepts, merges or rejects it
    project.db.prepare("UPDATE codes SET status = 'proposed', proposed_by = ? WHERE id = ?").run(report.coder, id);
    index.set(k, repo.codeById(id)!);
    codeMap.set(c.id, id);
    proposedIds.add(id);
    report.codes.added++;
    report.codes.proposed++;
  }
  if (report.codes.proposed) report.notes.push(`${report.codes.proposed} codes the project doesn't have are kept under "${PROPOSED_CODES}"`);

  // ---- codings: by GUID (then by document, code, coder and span); never deleted, never overwritten
  const codingMap = new Map<number, number>();
  const guidMap = new Map<string, string>();
  const srcCodings = srcEx.codings();
  const mergeMemo = (targetId: number, targetMemo: string, srcMemo: string, label: string) => {
    if (srcMemo === '' || srcMemo === targetMemo) return;
    if (targetMemo === '') {
      team.updateCodingMemo(targetId, srcMemo);
      report.codings.memosUpdated++;
    } else conflict('coding', label, `the segment memo differs; the project's is kept, the file's was: "${srcMemo}"`);
  };
  for (const c of srcCodings) {
    const documentId = docMap.get(c.documentId)!;
    const codeId = codeMap.get(c.codeId)!;
    const coderId = coderMap.get(c.coderId)!;
    const label = `${c.guid} (${srcById.get(c.codeId)?.path ?? '?'}, ${c.start}–${c.end})`;
    const byGuid = repo.codingByGuid(c.guid);
    if (byGuid && byGuid.documentId === documentId && byGuid.codeId === codeId && byGuid.coderId === coderId && byGuid.start === c.start && byGuid.end === c.end) {
      codingMap.set(c.id, byGuid.id);
      guidMap.set(c.guid, byGuid.guid);
      mergeMemo(byGuid.id, byGuid.memo, c.memo, label);
      report.codings.unchanged++;
      continue;
    }
    const same = repo.codingByIdentity(documentId, codeId, coderId, c.start, c.end);
    if (same) {
      codingMap.set(c.id, same.id);
      guidMap.set(c.guid, same.guid);
      mergeMemo(same.id, same.memo, c.memo, label);
      report.codings.unchanged++;
      if (byGuid) conflict('coding', label, 'the project has this GUID on a different coding; both are kept');
      continue;
    }
    const guid = byGuid ? newGuid() : c.guid;
    if (byGuid) conflict('coding', label, `the project has this GUID on a different span or code (${byGuid.start}–${byGuid.end}); the file's coding is added as a new coding, both are kept`);
    const id = ex.insertCoding({ guid, documentId, codeId, coderId, start: c.start, end: c.end, memo: c.memo, createdAt: c.createdAt });
    codingMap.set(c.id, id);
    guidMap.set(c.guid, guid);
    report.codings.added++;
  }
  if (pkg) {
    // codings of the package's coder on the package's documents that the package no longer has: kept, and reported
    const coderId = ex.coderByGuid(pkg.coder.guid)?.id;
    const inPackage = new Set(srcCodings.map((c) => guidMap.get(c.guid)));
    const pkgDocs = pkg.documents.map((g) => team.documentByGuid(g)?.id).filter((x): x is number => x !== undefined);
    if (coderId !== undefined) {
      for (const c of team.codingsOfCoder(coderId, pkgDocs)) {
        if (!inPackage.has(c.guid)) conflict('coding', c.guid, `not in the package (the coder may have removed it); kept in the project`);
      }
    }
  }

  // ---- memos: by GUID, then one per target and coder; the newer text wins and the other is in the report
  for (const m of srcEx.memos()) {
    const targetId =
      m.targetType === 'project' ? null : m.targetType === 'document' ? docMap.get(m.targetId!) : m.targetType === 'code' ? codeMap.get(m.targetId!) : codingMap.get(m.targetId!);
    if (targetId === undefined) {
      conflict('memo', m.guid, `its ${m.targetType} is not in the file; not merged: "${m.bodyText.slice(0, 200)}"`);
      continue;
    }
    const coderId = m.coderId === null ? null : coderMap.get(m.coderId)!;
    const existing = ex.memoByGuid(m.guid) ?? ex.memoFor(m.targetType, targetId, coderId);
    if (!existing) {
      const guid = m.guid;
      ex.insertMemo({ ...m, guid, targetId, coderId });
      report.memos.added++;
      continue;
    }
    if (existing.body === m.body || existing.bodyText === m.bodyText) {
      report.memos.unchanged++;
      continue;
    }
    if (m.updatedAt > existing.updatedAt) {
      ex.updateMemoText(existing.id, m.body, m.bodyText, m.updatedAt);
      report.memos.updated++;
      conflict('memo', m.guid, `both changed; the file's newer text is kept, the project's was: "${existing.bodyText}"`);
    } else {
      report.memos.unchanged++;
      conflict('memo', m.guid, `both changed; the project's newer text is kept, the file's was: "${m.bodyText}"`);
    }
  }

  // ---- completion marks and assignments
  for (const c of srcTeam.completions()) {
    if (team.markComplete(docMap.get(c.documentId)!, coderMap.get(c.coderId)!, c.at)) report.completions.added++;
    else report.completions.unchanged++;
  }
  for (const a of srcTeam.assignments()) {
    if (team.assign(docMap.get(a.documentId)!, coderMap.get(a.coderId)!, a.at)) report.assignments.added++;
    else report.assignments.unchanged++;
  }

  // ---- consensus provenance and reconciliation decisions
  for (const s of srcTeam.consensusSources()) {
    const consensusGuid = guidMap.get(s.consensusGuid);
    if (!consensusGuid) continue;
    if (team.addConsensusSource(consensusGuid, guidMap.get(s.sourceGuid) ?? s.sourceGuid)) report.consensus.sourcesAdded++;
  }
  for (const r of srcTeam.reconciliations()) {
    if (team.reconciliationByGuid(r.guid)) continue;
    const mapped = { coderAId: coderMap.get(r.coderAId)!, coderBId: coderMap.get(r.coderBId)!, documentId: docMap.get(r.documentId)!, codeId: codeMap.get(r.codeId)!, start: r.start, end: r.end };
    if (team.findReconciliation(mapped)) continue;
    team.insertReconciliation({ ...mapped, guid: r.guid, decision: r.decision, decidedBy: r.decidedBy, decidedAt: r.decidedAt });
    report.consensus.decisionsAdded++;
  }
  if (src.coderByName(CONSENSUS_CODER_NAME) && !pkg) report.notes.push('the file has a Consensus layer; its codings were merged into the Consensus layer');
  return report;
}
