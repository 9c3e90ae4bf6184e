// Import a REFI-QDA project (.qdpx) from QualCoder, NVivo, MAXQDA, ATLAS.ti,
// the qc tool or Weft. Real files bend the standard (see PROVENANCE.md):
// positions in UTF-16 units or with CRLF counted once, `Sources/` with a
// capital S, an inner file not named project.qde, sources without names,
// bare file names as paths, empty selections, selections without codes,
// positions past the text, and lossy exports whose texts are empty. Each item
// that can't be imported as it is, is reported with the reason; nothing is
// dropped silently. The whole import is one transaction.
import { backupDatabase } from '../store/backups.js';
import path from 'node:path';
import type { Project } from './project.js';
import { newGuid, nowIso } from '../store/repository.js';
import { ExchangeStore } from '../store/exchange.js';
import { runDocumentImportedHooks } from './importHooks.js';
import { codeNameError, joinCodePath } from '../../shared/codePath.js';
import { isHexColor, paletteColor } from '../../shared/colors.js';
import { normalizeText } from '../../shared/offsets.js';
import { unpackDescription } from '../../shared/formats/refi/description.js';
import { QdeError, readProjectXml, type QdeCode, type QdeCoding, type QdeProject, type QdeTextSource } from '../../shared/formats/refi/projectXml.js';
import { describeConvention, detectConvention, identityMapping, PositionMap, type PositionMapping, type SelectionSample } from '../../shared/formats/refi/positions.js';
import { decodeText, rawOf, storedOf, type PreparedText, type TextFacts } from './textPrep.js';
import { ImportTexts, QdpxArchive, sourcePathsAhead, type TextOptions } from './qdpxTexts.js';
import { fullTextSpec, type FullTextRows } from '../store/fullTextBuild.js';
import { EXTENSIONS_FILE, parseExtensions, type WeftExtensions } from '../../shared/formats/refi/weftExtensions.js';
import type { AttributeType } from '../../shared/types.js';
import type { QdpxImportReport, QdpxItemKind } from '../../shared/formats/refi/importReport.js';
import { WeftError } from '../errors.js';
import { recordAudit } from './audit.js';
import { plural } from '../../shared/plural.js';
import { importNotes, importSets, type QdpxImportScope } from './qdpxMemos.js';
import { cleanGuid, guidRef as ref } from '../../shared/formats/refi/guids.js';
import { isCodebookLocked } from './codebookLock.js';

export interface QdpxImportOptions {
  /** import what a lossy export still has (codebook, users); without it a lossy file is refused */
  allowLossy?: boolean;
  /** check and report, then roll back */
  dryRun?: boolean;
  onProgress?: (done: number, total: number) => void;
  /** worker threads for the texts (default 'auto': for large files, when the worker bundle is there) */
  threads?: TextOptions['threads'];
}

export type { QdpxImportItem, QdpxImportReport, QdpxItemKind } from '../../shared/formats/refi/importReport.js';

class DryRunRollback extends Error {}

const VARIABLE_TYPES: Record<string, AttributeType> = { Text: 'text', Boolean: 'boolean', Integer: 'number', Float: 'number', Date: 'date', DateTime: 'date' };

/**
 * Import a .qdpx into an open project. Throws WeftError (project unchanged)
 * when the file can't be read at all, or is lossy and `allowLossy` is not set.
 */
export function importQdpx(project: Project, file: string, options: QdpxImportOptions = {}): QdpxImportReport {
  project.assertWritable();
  const archive = QdpxArchive.open(file);
  const qdePath = archive.projectFile();
  const extPath = archive.index.get(EXTENSIONS_FILE);
  // any other entry may be a source's text: the work on it starts now, in worker threads, while project.qde is parsed here
  const candidates = archive.names().filter((n) => n !== qdePath && n !== extPath && !n.toLowerCase().endsWith('.qde'));
  const texts = ImportTexts.start(archive, project, candidates, { threads: options.threads });
  try {
    return importArchive(project, file, archive, texts, qdePath, extPath, options);
  } finally {
    texts.close();
  }
}

function importArchive(project: Project, file: string, archive: QdpxArchive, texts: ImportTexts, qdePath: string, extPath: string | undefined, options: QdpxImportOptions): QdpxImportReport {
  const qdeText = decodeText(archive.read(qdePath));
  if (qdeText === null) throw new WeftError(`${file}: ${qdePath}: not valid UTF-8 or UTF-16 text`);

  // ---- a project without documents gets its full-text index built in a worker while the rest is done here,
  // for the texts as documents 1, 2, … in the file's order. The order is read ahead of the XML parse with a
  // pattern, so the index is built while project.qde is parsed; the parsed project is checked against it.
  const documentsBefore = project.db.prepare('SELECT COUNT(*) FROM documents').pluck().get() as number;
  const fresh = !options.dryRun && documentsBefore === 0;
  const ahead = fresh ? sourcePathsAhead(qdeText) : null;
  const aheadEntries = ahead?.map((p) => archive.resolve(p));
  let planned: Array<QdeTextSource | string> = [];
  let fullText: (() => FullTextRows | null) | null = null;
  if (ahead?.length && aheadEntries!.every((e) => e !== null) && new Set(aheadEntries).size === ahead.length) {
    planned = ahead;
    texts.begin({ spec: fullTextSpec(project.db), rows: aheadEntries!.map((entry, i) => [i + 1, { entry: entry! }]) });
    fullText = texts.indexed();
  } else texts.begin(null);

  let qde: QdeProject;
  try {
    qde = readProjectXml(qdeText);
  } catch (e) {
    throw new WeftError(`${file}: ${qdePath}: ${e instanceof QdeError ? e.message : (e as Error).message}`);
  }
  const ext: WeftExtensions | null = extPath ? parseExtensions(decodeText(archive.read(extPath))) : null;

  const report: QdpxImportReport = {
    file,
    origin: qde.origin ?? '(not stated)',
    positions: '',
    positionsBasis: 'origin',
    lossy: false,
    dryRun: options.dryRun === true,
    created: { documents: 0, codes: 0, codings: 0, coders: 0, memos: 0, attributes: 0 },
    matched: { documents: 0, codes: 0, codings: 0, coders: 0, memos: 0, attributes: 0 },
    notImported: [],
    adjusted: [],
    info: [],
    work: { workers: texts.workers, fullTextIndex: 'unchanged' },
  };
  const skip = (kind: QdpxItemKind, item: string, message: string) => report.notImported.push({ kind, item, message });
  const adjust = (kind: QdpxItemKind, item: string, message: string) => report.adjusted.push({ kind, item, message });
  if (qdePath !== 'project.qde') report.info.push(`the project file is "${qdePath}" (the standard names it project.qde)`);

  // (texts given inline, or an order the pattern couldn't read: the index is started now, from the parsed project)
  if (fresh && !fullText) {
    const indexRows: Array<[number, { entry: string } | { text: string }]> = [];
    for (const s of qde.sources) {
      const hit = s.plainTextPath ? archive.resolve(s.plainTextPath) : null;
      if (hit) indexRows.push([indexRows.length + 1, { entry: hit }]);
      else if (s.plainTextContent !== undefined && !s.plainTextPath) indexRows.push([indexRows.length + 1, { text: normalizeText(s.plainTextContent) }]);
      else continue;
      planned.push(s);
    }
    if (indexRows.length) fullText = texts.fullText(fullTextSpec(project.db), indexRows);
  }

  // ---- every source's text first: lossy files are refused before anything is written
  type Loaded = TextFacts & { source: QdeTextSource; pathName: string | null; entry: string | null };
  const loaded: Loaded[] = [];
  let emptyTexts = 0;
  for (const s of qde.sources) {
    const label = s.name || s.guid || s.plainTextPath || '(unnamed source)';
    let text: PreparedText;
    let size: number | null = null;
    let pathName: string | null = null;
    let entry: string | null = null;
    if (s.plainTextContent !== undefined && !s.plainTextPath) text = texts.inline(s.plainTextContent);
    else if (s.plainTextPath) {
      const hit = archive.resolve(s.plainTextPath);
      if (!hit) {
        skip('source', label, `its text file "${s.plainTextPath}" is not in the archive`);
        continue;
      }
      size = archive.entry(hit)!.originalSize;
      pathName = path.posix.basename(hit);
      entry = hit;
      text = texts.entry(hit);
      if (!text.ok && text.reason === 'not-text') {
        skip('source', label, `its text file "${hit}" is not valid UTF-8 or UTF-16 text`);
        continue;
      }
      if (!hit.startsWith('sources/')) report.info.push(`source "${label}": text read from "${hit}" (path "${s.plainTextPath}")`);
    } else {
      skip('source', label, s.richTextPath ? `it has only a rich-text version ("${s.richTextPath}"), no plain text` : 'it has no text (neither plainTextPath nor PlainTextContent)');
      continue;
    }
    if (!text.ok) {
      skip('source', label, 'its text contains NUL characters (a binary file, not text)');
      continue;
    }
    if (text.empty) {
      emptyTexts++;
      const codings = s.selections.reduce((n, sel) => n + sel.codings.length, 0) + s.codings.length;
      skip('source', label, `its text is empty (${size !== null ? `${size} byte${size === 1 ? '' : 's'}` : 'no characters'}): the exporting tool lost it${codings ? `; its ${codings} codings are lost with it` : ''}`);
      continue;
    }
    loaded.push({ ...text, source: s, pathName, entry });
  }
  if (emptyTexts > 0) {
    report.lossy = true;
    const totalCodings = qde.sources.reduce((n, s) => n + s.selections.reduce((m, sel) => m + sel.codings.length, 0) + s.codings.length, 0);
    const what = `${emptyTexts} of ${qde.sources.length} sources have empty texts${totalCodings === 0 ? ' and the file has no codings' : ''}`;
    if (!options.allowLossy) {
      throw new WeftError(
        `${file}: lossy export from ${report.origin}: ${what}; nothing was imported (re-export from the original tool, or pass --allow-lossy to import what remains)`,
      );
    }
    report.info.unshift(`LOSSY EXPORT from ${report.origin}: ${what}`);
  }

  // ---- position convention for the whole file
  const samples: SelectionSample[] = [];
  loaded.forEach((l, i) => {
    for (const sel of l.source.selections) if (Number.isInteger(sel.start) && Number.isInteger(sel.end)) samples.push({ source: i, start: sel.start, end: sel.end });
  });
  const chosen = ext && /^weft\b/i.test(qde.origin ?? '')
    ? { convention: { unit: 'codepoint' as const, crlf: 2 as const, bom: false }, basis: 'origin' as const }
    : // only texts with a BOM, CR or characters beyond the BMP can tell conventions apart; the others aren't decoded for it
      detectConvention(loaded.map((l) => (l.normal && !l.astral ? '' : rawOf(l))), samples, qde.origin ?? '');
  report.positions = describeConvention(chosen.convention);
  report.positionsBasis = chosen.basis;

  // the index is used only if the texts did become documents 1, 2, … (a text left out, or one the file repeats, moves them)
  let idsAsBuilt =
    fullText !== null &&
    loaded.length === planned.length &&
    loaded.every((l, i) => (typeof planned[i] === 'string' ? l.entry !== null && l.source.plainTextPath === planned[i] : l.source === planned[i]));

  const repo = project.repo;
  const store = new ExchangeStore(project.db);
  // while the codebook is locked for a coding round, codes the file adds arrive as proposals for the lead
  const proposeNewCodes = isCodebookLocked(project);
  const run = () => {
    // a fresh project takes the file's project name
    const before = repo.counts();
    if (before.documents === 0 && before.codes === 0 && qde.name.trim()) store.setProjectName(qde.name.trim());

    // ---- users → coders
    const coderOf = new Map<string, number>();
    const usedNames = new Set<string>();
    for (const u of qde.users) {
      const guid = cleanGuid(u.guid);
      const name = (u.name ?? '').trim() || (u.id ?? '').trim() || `user ${(guid ?? u.guid).slice(0, 8)}`;
      if (!guid) adjust('user', name, `GUID "${u.guid}" is not a GUID; a new one was given`);
      const byGuid = guid ? store.coderByGuid(guid) : undefined;
      const existing = byGuid ?? repo.coderByName(name);
      if (existing) {
        report.matched.coders++;
        if (guid) coderOf.set(guid, existing.id);
      } else {
        const c = repo.ensureCoder(name, guid && !usedNames.has(guid) ? guid : undefined);
        report.created.coders++;
        if (guid) coderOf.set(guid, c.id);
      }
      if (guid) usedNames.add(guid);
    }
    let fallbackCoder: number | null = null;
    const coderFor = (...candidates: Array<string | undefined>): number => {
      for (const c of candidates) {
        const g = cleanGuid(c);
        if (g && coderOf.has(g)) return coderOf.get(g)!;
      }
      const unknown = candidates.map(cleanGuid).find((g): g is string => g !== null);
      if (unknown) {
        // a user GUID the file doesn't list
        const name = `user ${unknown.slice(0, 8)}`;
        const before = repo.coderByName(name);
        const c = repo.ensureCoder(name, store.coderByGuid(unknown) ? undefined : unknown);
        if (!before) {
          report.created.coders++;
          adjust('user', unknown, `not listed among the file's users; created as coder "${name}"`);
        }
        coderOf.set(unknown, c.id);
        return c.id;
      }
      if (fallbackCoder === null) {
        const name = `Imported from ${qde.origin?.trim() || 'REFI-QDA'}`;
        const before = repo.coderByName(name);
        fallbackCoder = repo.ensureCoder(name).id;
        if (!before) report.created.coders++;
        adjust('coding', '(several)', `codings without a creating user are credited to the coder "${name}"`);
      }
      return fallbackCoder;
    };

    // ---- codebook
    const codeOf = new Map<string, { id: number; codable: boolean; path: string }>();
    const seenCodeGuids = new Set<string>();
    const existingCodes = repo.codes();
    const byPath = new Map(existingCodes.map((c) => [c.path.toLowerCase(), c]));
    const importCode = (c: QdeCode, parentId: number | null, parentPath: string | null, siblingNames: Set<string>) => {
      let name = c.name.trim();
      const label = parentPath ? `${parentPath} > ${name}` : name;
      if (!name) {
        name = '(unnamed code)';
        adjust('code', c.guid, `has no name; named "${name}"`);
      }
      if (codeNameError(name)) {
        const fixed = name.replace(/>/g, '›');
        adjust('code', label, `">" separates code paths in Weft; renamed to "${fixed}"`);
        name = fixed;
      }
      let guid = cleanGuid(c.guid);
      if (!guid) adjust('code', label, `GUID "${c.guid}" is not a GUID; a new one was given`);
      else if (seenCodeGuids.has(guid)) {
        adjust('code', label, `GUID ${guid} appears twice in the file; the second code got a new one`);
        guid = null;
      }
      if (guid) seenCodeGuids.add(guid);
      const byGuid = guid ? store.codeByGuid(guid) : undefined;
      const pathText = parentPath ? joinCodePath([parentPath, name]) : name;
      const existing = byGuid ? existingCodes.find((e) => e.id === byGuid.id) : byPath.get(pathText.toLowerCase());
      let id: number;
      let finalPath: string;
      if (existing) {
        id = existing.id;
        finalPath = existing.path;
        report.matched.codes++;
      } else {
        let unique = name;
        for (let i = 2; siblingNames.has(unique.toLowerCase()); i++) unique = `${name} (${i})`;
        if (unique !== name) adjust('code', label, `a sibling has the same name; renamed to "${unique}"`);
        const fields = (guid && ext?.codeFields[guid]) || unpackDescription(c.description);
        const color = c.color && /^#[0-9a-f]{3}$/i.test(c.color.trim()) ? `#${[...c.color.trim().slice(1)].map((x) => x + x).join('')}` : c.color?.trim();
        id = repo.insertCode({
          guid: guid ?? undefined,
          parentId,
          name: unique,
          color: color && isHexColor(color) ? color : paletteColor(report.created.codes + existingCodes.length),
          ...fields,
          codable: c.isCodable,
          sortOrder: guid ? ext?.codeOrder[guid] : undefined,
        });
        if (proposeNewCodes) project.db.prepare("UPDATE codes SET status = 'proposed' WHERE id = ?").run(id);
        finalPath = parentPath ? joinCodePath([parentPath, unique]) : unique;
        report.created.codes++;
        siblingNames.add(unique.toLowerCase());
      }
      const codable = existing ? existing.codable : c.isCodable;
      if (c.guid) codeOf.set(ref(c.guid), { id, codable, path: finalPath });
      const childNames = new Set(existingCodes.filter((e) => e.parentId === id).map((e) => e.name.toLowerCase()));
      for (const ch of c.children) importCode(ch, id, finalPath, childNames);
    };
    const rootNames = new Set(existingCodes.filter((e) => e.parentId === null).map((e) => e.name.toLowerCase()));
    for (const c of qde.codes) importCode(c, null, null, rootNames);
    const codeRef = (g: string) => codeOf.get(ref(g));

    // ---- variables → attributes
    const attrOf = new Map<string, { id: number; name: string }>();
    const extAttr = new Map((ext?.attributes ?? []).map((a) => [a.guid, a]));
    const ordered = [...qde.variables].sort((a, b) => {
      const ia = ext?.attributes.findIndex((x) => x.guid === cleanGuid(a.guid)) ?? -1;
      const ib = ext?.attributes.findIndex((x) => x.guid === cleanGuid(b.guid)) ?? -1;
      return (ia < 0 ? 1e9 : ia) - (ib < 0 ? 1e9 : ib);
    });
    for (const v of ordered) {
      const guid = cleanGuid(v.guid);
      const name = v.name.trim();
      if (!name) {
        skip('variable', v.guid, 'has no name');
        continue;
      }
      const known = guid ? extAttr.get(guid) : undefined;
      const byGuid = guid ? store.attributeByGuid(guid) : undefined;
      const before = repo.attributeDefs().find((a) => (byGuid ? a.id === byGuid.id : a.name.toLowerCase() === name.toLowerCase()));
      if (before) {
        report.matched.attributes++;
        attrOf.set(guid ?? v.guid, { id: before.id, name: before.name });
        continue;
      }
      const def = repo.ensureAttribute(name, known?.type ?? VARIABLE_TYPES[v.type] ?? 'text', known?.values ?? [], guid ?? undefined);
      report.created.attributes++;
      attrOf.set(guid ?? v.guid, { id: def.id, name: def.name });
    }
    const attrRef = (g: string) => attrOf.get(cleanGuid(g) ?? g);

    // ---- documents (their import hooks run at the end: see below)
    const imported: Array<{ id: number; text: Loaded }> = [];
    const docOf = new Map<string, { id: number; created: boolean; length: number; label: string }>();
    // by the source itself (GUIDs may be missing or repeated), and by GUID for references
    const docBySource = new Map<QdeTextSource, { id: number; created: boolean; length: number; label: string }>();
    const maps = new Map<QdeTextSource, PositionMapping>();
    // nothing in this loop changes a stored text, so the new texts are indexed for search in one go
    repo.withBulkFullTextIndex(() => loaded.forEach((l, i) => {
      const s = l.source;
      // most texts are stored as they came, with code point positions: nothing to map, and no need to decode them here
      const map = l.normal && (chosen.convention.unit === 'codepoint' || !l.astral)
        ? identityMapping(l.storedLength)
        : new PositionMap(rawOf(l), chosen.convention, { stored: storedOf(l), storedLength: l.storedLength });
      const guid = cleanGuid(s.guid);
      const fallbackName = l.pathName ? l.pathName.replace(/\.[^.]+$/, '') : guid ? `source ${guid.slice(0, 8)}` : `source ${i + 1}`;
      const baseName = (s.name ?? '').trim() || fallbackName;
      if (!(s.name ?? '').trim()) adjust('source', s.guid || baseName, `has no name; named "${baseName}"`);
      const meta = guid && ext?.documents[guid]?.textSha256 === l.storedSha256 ? ext.documents[guid] : undefined;
      const contentHash = meta?.contentHash ?? l.contentHash;
      const sameGuid = guid ? repo.documentRef({ guid }) : undefined;
      const candidate = sameGuid ?? (() => {
        const h = repo.documentByHash(contentHash);
        return h ? repo.documentRef({ id: h.id }) : undefined;
      })();
      if (candidate && repo.documentText(candidate.id)!.text === storedOf(l)) {
        idsAsBuilt = false;
        report.matched.documents++;
        docBySource.set(s, { id: candidate.id, created: false, length: map.storedLength, label: candidate.name });
      } else {
        if (sameGuid) adjust('source', baseName, `the project has a different document with GUID ${guid}; imported as a new document`);
        let name = baseName;
        for (let n = 2; repo.documentNameTaken(name); n++) name = `${baseName} (${n})`;
        if (name !== baseName) adjust('source', baseName, `a document of that name exists; imported as "${name}"`);
        const id = repo.insertDocument({
          guid: guid && !sameGuid ? guid : undefined,
          name,
          text: l.storedBytes,
          length: map.storedLength,
          contentHash,
          sourceName: meta ? meta.sourceName : (l.pathName ?? null),
          sourceType: meta ? meta.sourceType : 'text/plain',
          importedAt: meta?.importedAt ?? s.creationDateTime ?? nowIso(),
          status: meta?.status ?? 'imported',
        });
        if (id !== i + 1) idsAsBuilt = false;
        imported.push({ id, text: l });
        report.created.documents++;
        docBySource.set(s, { id, created: true, length: map.storedLength, label: name });
      }
      if (s.guid && !docOf.has(ref(s.guid))) docOf.set(ref(s.guid), docBySource.get(s)!);
      maps.set(s, map);
      // progress: each document once as it is stored, and once more as its hooks run (below)
      options.onProgress?.(i + 1, 2 * loaded.length);
    }), () => {
      const built = idsAsBuilt && fullText ? fullText() : null;
      // exactly the stored texts, or not at all
      // exactly the stored texts: handed on by the prep lanes, or hashed where the worker read them itself
      return built && built.hashes?.length === loaded.length && loaded.every((l, i) => built.hashes![i] === null || built.hashes![i] === l.storedSha256) ? built : null;
    }, (how) => (report.work!.fullTextIndex = how));

    // ---- attribute values: from cases and from the sources themselves
    const setValue = (doc: { id: number; created: boolean; label: string } | undefined, variable: string, value: string, from: string) => {
      if (!doc) return;
      const attr = attrRef(variable);
      if (!attr) {
        skip('variable', variable, `${from} gives a value of a variable that is not defined in the file`);
        return;
      }
      const current = store.documentAttributeValue(doc.id, attr.id);
      if (current === value) return;
      if (current !== undefined && !doc.created) {
        adjust('variable', attr.name, `document "${doc.label}" keeps its value "${current}" (the file has "${value}")`);
        return;
      }
      repo.setDocumentAttribute(doc.id, attr.id, value);
    };
    for (const c of qde.cases) {
      const label = c.name || c.guid;
      if (c.sourceRefs.length === 0 && c.values.length) skip('case', label, 'is not linked to any source, so its variable values have no document');
      if (c.selectionRefs.length || c.codeRefs.length) skip('case', label, 'links selections or codes; Weft keeps attributes per document only');
      for (const r of c.sourceRefs) {
        if (!docOf.has(ref(r))) continue;
        for (const v of c.values) setValue(docOf.get(ref(r)), v.variable, v.value, `case "${label}"`);
      }
    }
    for (const l of loaded) {
      for (const v of l.source.values) setValue(docBySource.get(l.source)!, v.variable, v.value, `source "${l.source.name ?? l.source.guid}"`);
    }

    // ---- selections and codings
    const codingNoteTargets: Array<{ note: string; codingId: number }> = [];
    const documentNoteTargets: Array<{ note: string; documentId: number }> = [];
    const usedCodingGuids = new Set<string>();
    const codingMemoFromFirstNote = new Map<number, string[]>();
    for (const l of loaded) {
      const s = l.source;
      const doc = docBySource.get(s)!;
      const map = maps.get(s)!;
      const keys = store.codingKeysOfDocument(doc.id);
      const addCoding = (c: QdeCoding, start: number, end: number, fallbackUsers: Array<string | undefined>, fallbackDate: string | undefined, where: string, extraNotes: string[]) => {
        const code = codeRef(c.codeRef);
        if (!code) {
          skip('coding', c.guid || where, `${where}: refers to code ${c.codeRef || '(none)'}, which is not in the codebook`);
          return;
        }
        if (!code.codable) {
          repo.updateCodeFields(code.id, { codable: true });
          code.codable = true;
          adjust('code', code.path, 'is marked not codable in the file but has codings; made codable');
        }
        const coderId = coderFor(c.creatingUser, ...fallbackUsers);
        const key = `${code.id}:${coderId}:${start}:${end}`;
        if (keys.has(key)) {
          report.matched.codings++;
          return;
        }
        let guid = cleanGuid(c.guid);
        if (guid && (usedCodingGuids.has(guid) || store.codingGuidTaken(guid))) guid = null;
        if (guid) usedCodingGuids.add(guid);
        const id = store.insertCoding({
          guid: guid ?? newGuid(),
          documentId: doc.id,
          codeId: code.id,
          coderId,
          start,
          end,
          memo: '',
          createdAt: c.creationDateTime ?? fallbackDate ?? nowIso(),
        });
        keys.add(key);
        report.created.codings++;
        const notes = [...c.noteRefs, ...extraNotes];
        for (const n of notes) codingNoteTargets.push({ note: ref(n), codingId: id });
        if (notes.length) codingMemoFromFirstNote.set(id, notes);
      };
      for (const sel of s.selections) {
        const where = `selection ${sel.guid || sel.name || '?'} in "${doc.label}"`;
        if (!Number.isInteger(sel.start) || !Number.isInteger(sel.end)) {
          skip('selection', where, 'its start or end position is not a whole number');
          continue;
        }
        if (sel.codings.length === 0) {
          skip('selection', where, `has no code (${sel.start}–${sel.end})${sel.noteRefs.length ? '; its notes are kept as memos on the document' : ''}`);
          for (const n of sel.noteRefs) documentNoteTargets.push({ note: ref(n), documentId: doc.id });
          continue;
        }
        if (sel.start === sel.end) {
          skip('selection', where, `is empty (starts and ends at ${sel.start}); its ${sel.codings.length} coding(s) have no text to code`);
          continue;
        }
        if (sel.end < sel.start) {
          skip('selection', where, `ends (${sel.end}) before it starts (${sel.start})`);
          continue;
        }
        const a = map.map(sel.start);
        let b = map.map(sel.end);
        if (!a) {
          skip('selection', where, `starts at ${sel.start}, beyond the end of the text (${map.length} positions); ${sel.codings.length} coding(s) not imported`);
          continue;
        }
        if (!b) {
          adjust('selection', where, `ends at ${sel.end}, beyond the end of the text (${map.length} positions); cut at the end of the text`);
          b = { offset: map.storedLength, exact: true };
        }
        if (!a.exact || !b.exact) adjust('selection', where, `a position (${sel.start}–${sel.end}) fell inside a character; moved to the character's start`);
        if (b.offset <= a.offset) {
          skip('selection', where, `covers no whole character once mapped to the text (${sel.start}–${sel.end})`);
          continue;
        }
        if (sel.description) adjust('selection', where, 'its description is kept as a memo on each of its codings');
        for (const c of sel.codings) {
          addCoding(c, a.offset, b.offset, [sel.creatingUser, qde.creatingUserGUID], sel.creationDateTime, where, sel.noteRefs);
        }
        if (sel.description) {
          for (const c of sel.codings) {
            const code = codeRef(c.codeRef);
            if (!code) continue;
            const found = repo.codingByIdentity(doc.id, code.id, coderFor(c.creatingUser, sel.creatingUser, qde.creatingUserGUID), a.offset, b.offset);
            if (found && !found.memo) repo.setCodingMemo(found.id, normalizeText(sel.description));
          }
        }
      }
      for (const c of s.codings) {
        adjust('coding', c.guid || s.guid, `codes the whole source "${doc.label}"; imported as a segment spanning its text`);
        if (doc.length > 0) addCoding(c, 0, doc.length, [s.creatingUser, qde.creatingUserGUID], s.creationDateTime, `source "${doc.label}"`, []);
      }
      for (const n of s.noteRefs) documentNoteTargets.push({ note: ref(n), documentId: doc.id });
    }

    // ---- notes → memos, then sets → attribute values
    const scope: QdpxImportScope = { project, store, archive, qde, ext, report, skip, adjust, coderFor, codeRef };
    importNotes(scope, {
      documents: documentNoteTargets,
      codings: codingNoteTargets,
      codingMemos: codingMemoFromFirstNote,
      descriptions: loaded.filter((l) => l.source.description?.trim()).map((l) => ({ documentId: docBySource.get(l.source)!.id, label: docBySource.get(l.source)!.label, text: l.source.description! })),
    });
    importSets(scope, (g) => docOf.get(ref(g))?.id, [...docBySource.values()].map((d) => d.id));
    for (const o of qde.otherSources) skip('source', o.name || o.guid, `${o.kind.replace('Source', '').toLowerCase()} sources are not supported; only text sources are imported`);
    if (qde.links) skip('link', `${qde.links} link(s)`, 'Weft has no links between items');
    if (qde.graphs) skip('graph', `${qde.graphs} graph(s)`, 'Weft has no graphs');
    if (qde.description?.trim()) skip('project', 'description', 'the project description has no place in Weft');
    // ---- the import hooks of the new documents (speaker turns, the de-identification scan), last: their
    // results come from worker threads, which go on with them while everything above is written
    imported.forEach(({ id, text }, i) => {
      runDocumentImportedHooks(project, id, { flags: new Set(), note: () => {}, text: text.stored, prepared: texts.prepared(text, text.entry) });
      options.onProgress?.(loaded.length + i + 1, loaded.length + imported.length);
    });
    if (options.dryRun) throw new DryRunRollback();
    const name = path.basename(file);
    recordAudit(project, 'import.qdpx', { kind: 'file', name }, { file: name, origin: report.origin, ...Object.fromEntries(Object.entries(report.created).map(([k, v]) => [`${k}Added`, v])) });
  };
  // an import into a project that already holds documents is backed up first (a merge has already taken its backup)
  if (!options.dryRun && documentsBefore > 0 && !project.db.inTransaction) backupDatabase(project.db, project.file, 'before-qdpx-import');
  try {
    repo.transaction(run);
  } catch (e) {
    if (!(e instanceof DryRunRollback)) throw e;
  }
  if (texts.failure) report.info.push(`worker threads stopped (${texts.failure}); the rest of the work was done in one thread`);
  return report;
}

/** The report as lines for the CLI: a summary, then each item not imported or changed. */
export function formatImportReport(r: QdpxImportReport): string[] {
  const c = r.created;
  const m = r.matched;
  const lines = [
    `${r.dryRun ? 'would import' : 'imported'} ${r.file} (origin: ${r.origin}; positions: ${r.positions}, ${r.positionsBasis === 'text' ? 'confirmed by the texts' : 'as the origin writes them'})`,
    `created: ${c.documents} documents, ${c.codes} codes, ${c.codings} codings, ${c.coders} coders, ${c.memos} memos, ${c.attributes} attributes`,
  ];
  if (Object.values(m).some((x) => x > 0)) {
    lines.push(`already in the project: ${m.documents} documents, ${m.codes} codes, ${m.codings} codings, ${m.coders} coders, ${m.memos} memos, ${m.attributes} attributes`);
  }
  if (r.work && r.work.workers > 0) lines.push(`work: done in ${plural(r.work.workers, 'worker thread')}${r.work.fullTextIndex === 'worker' ? ', the search index built in one of them' : ''}`);
  for (const i of r.info) lines.push(`note: ${i}`);
  for (const i of r.notImported) lines.push(`not imported: ${i.kind} ${i.item}: ${i.message}`);
  for (const i of r.adjusted) lines.push(`changed: ${i.kind} ${i.item}: ${i.message}`);
  lines.push(r.notImported.length ? `${r.notImported.length} item(s) not imported; see above` : 'nothing was left out');
  return lines;
}
