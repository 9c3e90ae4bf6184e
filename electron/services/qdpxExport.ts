// Export a whole project as a REFI-QDA project (.qdpx): project.qde (QDA-XML
// 1.0, valid against the 2019 schema), each transcript as a UTF-8 text file
// in sources/, and weft-extensions.json for what the standard can't carry.
// Positions are Unicode code points in the text files (REFI §10.2).
import fs from 'node:fs';
import { createHash } from 'node:crypto';
import { zipEntries, type ZipEntry } from './zipWriter.js';
import type { Project } from './project.js';
import { ExchangeStore, type MemoRecord } from '../store/exchange.js';
import { packDescription, unpackDescription, type CodeDescriptionFields } from '../../shared/formats/refi/description.js';
import { writeProjectXml, type QdeCode, type QdeCoding, type QdeProject, type QdeSelection, type QdeTextSource, type QdeVariableType, type QdeVariableValue } from '../../shared/formats/refi/projectXml.js';
import { EXTENSIONS_FILE, mirroredNoteIndex, type WeftExtensions } from '../../shared/formats/refi/weftExtensions.js';
import type { AttributeDef, AttributeType, Code } from '../../shared/types.js';
import { WeftError } from '../errors.js';
import { auditExport } from './audit.js';

export const WEFT_ORIGIN = 'Weft 0.1';

export interface QdpxExportOptions {
  /** CRLF line endings in the text files (MAXQDA); positions then count each CRLF as 2 */
  crlf?: boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface QdpxExportSummary {
  sources: number;
  codes: number;
  codings: number;
  notes: number;
  users: number;
  variables: number;
  sets: number;
  bytes: number;
  warnings: string[];
}

/** A GUID that follows from its parts, so exporting twice gives the same file. */
export function derivedGuid(...parts: string[]): string {
  const h = createHash('sha1').update(parts.join('\u0000')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const XSD_DATETIME = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;
const dateTime = (s: string | null | undefined): string | undefined => (s && XSD_DATETIME.test(s) ? s : undefined);

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The QDA-XML variable type of an attribute, and how one value is written (as text when the typed form wouldn't read back the same). */
function variableType(a: AttributeDef, values: string[]): QdeVariableType {
  const all = (re: RegExp) => values.every((v) => re.test(v));
  if (a.type === 'number' && all(DECIMAL)) return 'Float';
  if (a.type === 'date' && all(DATE)) return 'Date';
  if (a.type === 'boolean' && all(/^(true|false)$/)) return 'Boolean';
  return 'Text';
}

const TYPE_NAMES: Record<AttributeType, string> = { text: 'text', number: 'number', date: 'date', category: 'category', boolean: 'yes/no' };

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** Build the archive in memory. */
export function buildQdpx(project: Project, options: QdpxExportOptions = {}): { zip: Uint8Array; summary: Omit<QdpxExportSummary, 'bytes'> } {
  const repo = project.repo;
  const store = new ExchangeStore(project.db);
  const info = project.info();
  const warnings: string[] = [];
  const coders = repo.coders();
  const coderGuid = new Map(coders.map((c) => [c.id, c.guid]));
  const codes = repo.codes();
  const codeGuid = new Map(codes.map((c) => [c.id, c.guid]));
  const docs = repo.allDocuments();
  const docAttrs = repo.allDocumentAttributes();
  const attrs = repo.attributeDefs();
  const memos = store.memos();
  const codings = store.codings();
  const crlf = options.crlf === true;

  const ext: WeftExtensions = {
    format: 'weft-qdpx-extensions',
    version: 1,
    project: { guid: info.guid, name: info.name, createdAt: info.createdAt },
    documents: {},
    attributes: attrs.map((a) => ({ guid: a.guid, name: a.name, type: a.type, values: a.values })),
    codeFields: {},
    codeOrder: {},
    memos: {},
    codingMemoNotes: [],
    codingMemos: {},
    derivedSets: [],
    lineEndings: crlf ? 'crlf' : 'lf',
  };

  // ---- memos become Notes, referenced from what they are about
  const noteRefs = { project: [] as string[], document: new Map<number, string[]>(), code: new Map<number, string[]>(), coding: new Map<number, string[]>() };
  const addRef = (m: Map<number, string[]>, id: number, guid: string) => {
    const l = m.get(id);
    if (l) l.push(guid);
    else m.set(id, [guid]);
  };
  const docIds = new Set(docs.map((d) => d.id));
  const codingById = new Map(codings.map((c) => [c.id, c]));
  const notes: QdeTextSource[] = [];
  const noteOf = (m: MemoRecord): QdeTextSource => ({
    guid: m.guid,
    name: m.title,
    plainTextContent: m.bodyText,
    creatingUser: m.coderId === null ? undefined : coderGuid.get(m.coderId),
    creationDateTime: dateTime(m.createdAt),
    modifyingUser: m.coderId === null ? undefined : coderGuid.get(m.coderId),
    modifiedDateTime: dateTime(m.updatedAt),
    selections: [],
    codings: [],
    noteRefs: [],
    values: [],
  });
  for (const m of memos) {
    const target = m.targetId;
    let attached = true;
    if (m.targetType === 'project') noteRefs.project.push(m.guid);
    else if (m.targetType === 'document' && target !== null && docIds.has(target)) addRef(noteRefs.document, target, m.guid);
    else if (m.targetType === 'code' && target !== null && codeGuid.has(target)) addRef(noteRefs.code, target, m.guid);
    else if (m.targetType === 'coding' && target !== null && codingById.has(target)) addRef(noteRefs.coding, target, m.guid);
    else attached = false;
    if (!attached) warnings.push(`memo "${m.title || m.bodyText.slice(0, 40)}": its ${m.targetType} no longer exists; written as a Note without a reference`);
    notes.push(noteOf(m));
    ext.memos[m.guid] = { body: m.body };
  }
  // a segment memo typed in the segment (no memo record) still reaches other tools as a Note
  const memoByGuid = new Map(memos.map((m) => [m.guid, m]));
  for (const c of codings) {
    const refs = noteRefs.coding.get(c.id);
    if (!refs) {
      if (!c.memo) continue;
      const guid = derivedGuid(c.guid, 'memo');
      notes.push({ guid, name: '', plainTextContent: c.memo, creatingUser: coderGuid.get(c.coderId), creationDateTime: dateTime(c.createdAt), selections: [], codings: [], noteRefs: [], values: [] });
      noteRefs.coding.set(c.id, [guid]);
      ext.codingMemoNotes.push(guid);
    } else {
      const mine = refs.map((g) => memoByGuid.get(g)!);
      if (mine[mirroredNoteIndex(mine.map((m) => ({ modified: m.updatedAt })))]!.bodyText !== c.memo) ext.codingMemos[c.guid] = c.memo;
    }
  }

  // ---- codebook
  const children = new Map<number | null, Code[]>();
  for (const c of codes) {
    const l = children.get(c.parentId);
    if (l) l.push(c);
    else children.set(c.parentId, [c]);
  }
  const toQde = (c: Code): QdeCode => {
    const fields: CodeDescriptionFields = {
      shortDefinition: c.shortDefinition, definition: c.definition, inclusion: c.inclusion, exclusion: c.exclusion,
      example: c.example, atypicalExample: c.atypicalExample, memo: c.memo,
    };
    const description = packDescription(fields);
    const back = unpackDescription(description);
    if ((Object.keys(fields) as Array<keyof CodeDescriptionFields>).some((k) => back[k] !== fields[k])) ext.codeFields[c.guid] = fields;
    ext.codeOrder[c.guid] = c.sortOrder;
    return {
      guid: c.guid,
      name: c.name,
      isCodable: c.codable,
      color: /^#[0-9a-fA-F]{6}$/.test(c.color) ? c.color : undefined,
      description: description || undefined,
      noteRefs: noteRefs.code.get(c.id) ?? [],
      children: (children.get(c.id) ?? []).map(toQde),
    };
  };
  const roots = (children.get(null) ?? []).map(toQde);

  // ---- variables and cases
  const valuesOf = new Map<number, string[]>();
  for (const a of attrs) valuesOf.set(a.id, []);
  for (const d of docs) {
    const rec = docAttrs.get(d.id) ?? {};
    for (const a of attrs) if (rec[a.name] !== undefined && rec[a.name] !== '') valuesOf.get(a.id)!.push(rec[a.name]!);
  }
  const varType = new Map(attrs.map((a) => [a.id, variableType(a, valuesOf.get(a.id)!)]));
  const variables = attrs.map((a) => ({
    guid: a.guid,
    name: a.name,
    type: varType.get(a.id)!,
    description: `Weft document attribute (${TYPE_NAMES[a.type]})${a.values.length ? `; values: ${a.values.join(' | ')}` : ''}`,
  }));
  const cases = docs.flatMap((d) => {
    const rec = docAttrs.get(d.id) ?? {};
    const values: QdeVariableValue[] = attrs
      .filter((a) => rec[a.name] !== undefined)
      .map((a) => ({ variable: a.guid, type: varType.get(a.id)!, value: rec[a.name]! }));
    if (values.length === 0) return [];
    return [{ guid: derivedGuid(d.guid, 'case'), name: d.name, codeRefs: [], values, sourceRefs: [d.guid], selectionRefs: [] }];
  });

  // ---- sets: one per value of each category attribute (Weft has no other document groups)
  const sets = attrs
    .filter((a) => a.type === 'category')
    .flatMap((a) => {
      const members = new Map<string, string[]>();
      for (const d of docs) {
        const v = docAttrs.get(d.id)?.[a.name];
        if (v === undefined || v === '') continue;
        const l = members.get(v);
        if (l) l.push(d.guid);
        else members.set(v, [d.guid]);
      }
      const order = [...a.values.filter((v) => members.has(v)), ...[...members.keys()].filter((v) => !a.values.includes(v)).sort()];
      return order.map((v) => {
        const guid = derivedGuid(a.guid, 'set', v);
        ext.derivedSets.push(guid);
        return {
          guid,
          name: `${a.name}: ${v}`,
          description: `Documents whose ${a.name} is ${v} (from Weft's document attributes)`,
          memberCodes: [],
          memberSources: members.get(v)!,
          memberNotes: [],
        };
      });
    });

  // ---- sources, selections and codings
  const files: ZipEntry[] = [];
  const byDoc = new Map<number, typeof codings>();
  for (const c of codings) {
    const l = byDoc.get(c.documentId);
    if (l) l.push(c);
    else byDoc.set(c.documentId, [c]);
  }
  // one step per document, then writing project.qde, then compressing the archive
  const steps = docs.length + 2;
  const sources: QdeTextSource[] = docs.map((d, i) => {
    const fileText = crlf ? d.text.replace(/\n/g, '\r\n') : d.text;
    files.push({ name: `sources/${d.guid}.txt`, data: Buffer.from(fileText, 'utf8') });
    ext.documents[d.guid] = {
      textSha256: sha256(d.text),
      contentHash: d.contentHash,
      sourceName: d.sourceName,
      sourceType: d.sourceType,
      status: d.status,
      importedAt: d.importedAt,
    };
    // with CRLF files every earlier line break adds one position
    let shift = (offset: number) => offset;
    if (crlf) {
      const lfs: number[] = [];
      let cp = 0;
      for (const ch of d.text) {
        if (ch === '\n') lfs.push(cp);
        cp++;
      }
      shift = (offset) => {
        let lo = 0;
        let hi = lfs.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (lfs[mid]! < offset) lo = mid + 1;
          else hi = mid;
        }
        return offset + lo;
      };
    }
    // codings of the same span share one selection
    const spans = new Map<string, QdeSelection>();
    for (const c of byDoc.get(d.id) ?? []) {
      const key = `${c.start}:${c.end}`;
      let sel = spans.get(key);
      if (!sel) {
        sel = {
          guid: derivedGuid(d.guid, 'selection', key),
          name: '',
          start: shift(c.start),
          end: shift(c.end),
          creatingUser: coderGuid.get(c.coderId),
          creationDateTime: dateTime(c.createdAt),
          codings: [],
          noteRefs: [],
        };
        spans.set(key, sel);
      }
      const coding: QdeCoding = {
        guid: c.guid,
        codeRef: codeGuid.get(c.codeId)!,
        creatingUser: coderGuid.get(c.coderId),
        creationDateTime: dateTime(c.createdAt),
        noteRefs: noteRefs.coding.get(c.id) ?? [],
      };
      sel.codings.push(coding);
    }
    options.onProgress?.(i + 1, steps);
    return {
      guid: d.guid,
      name: d.name,
      plainTextPath: `internal://${d.guid}.txt`,
      creationDateTime: dateTime(d.importedAt),
      selections: [...spans.values()],
      codings: [],
      noteRefs: noteRefs.document.get(d.id) ?? [],
      values: [],
    };
  });

  const now = new Date().toISOString();
  const model: QdeProject = {
    name: info.name,
    origin: WEFT_ORIGIN,
    creationDateTime: dateTime(info.createdAt),
    modifiedDateTime: now,
    users: coders.map((c) => ({ guid: c.guid, name: c.name })),
    codes: roots,
    variables,
    cases,
    sources,
    otherSources: [],
    notes,
    sets,
    links: 0,
    graphs: 0,
    noteRefs: noteRefs.project,
  };
  const { xml, replaced } = writeProjectXml(model);
  options.onProgress?.(docs.length + 1, steps);
  if (replaced) warnings.push(`${replaced} characters that XML cannot carry (control characters) were written as U+FFFD in names, descriptions or memos`);
  // the project file first, as tools expect to find it
  files.unshift({ name: 'project.qde', data: Buffer.from(xml, 'utf8') });
  files.push({ name: EXTENSIONS_FILE, data: Buffer.from(JSON.stringify(ext), 'utf8') });
  // text compresses well; level 1 keeps a large project's export fast
  const zip = zipEntries(files, 1);
  options.onProgress?.(steps, steps);
  return {
    zip,
    summary: {
      sources: sources.length,
      codes: codes.length,
      codings: codings.length,
      notes: notes.length,
      users: coders.length,
      variables: variables.length,
      sets: sets.length,
      warnings,
    },
  };
}

/** Write a .qdpx file (a temp file, then renamed). */
export function exportQdpx(project: Project, out: string, options: QdpxExportOptions = {}): QdpxExportSummary {
  const { zip, summary } = buildQdpx(project, options);
  writeFileAtomic(out, zip);
  auditExport(project, out, { format: 'qdpx', bytes: zip.byteLength, rows: summary.codings, documents: summary.sources });
  return { ...summary, bytes: zip.byteLength };
}

export function writeFileAtomic(out: string, content: Uint8Array | string): void {
  const tmp = `${out}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, content);
    fs.renameSync(tmp, out);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw new WeftError(`${out}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}
