// The REFI-QDA codebook (.qdc, QDA-XML codebook 1.0): a writer valid against
// Codebook-mrt2019.xsd and a reader for what real tools write (NVivo, MAXQDA,
// ATLAS.ti, QualCoder, Taguette, openQDA): either namespace spelling
// (`…:1.0` or `…:1:0`), prefixes, a BOM, GUIDs in braces or upper case, ids
// that are not GUIDs, padded descriptions, short colours. Whatever the
// reader changes or leaves out is reported as a warning. The structured
// fields travel in the Description (./description.ts). The codebook inside a
// .qdpx goes through `entriesFromQdeCodes` too.
import { XMLParser } from 'fast-xml-parser';
import { XmlWriter, type QdeCode } from './projectXml.js';
import { packDescription, unpackDescription, type CodeDescriptionFields } from './description.js';
import { canonicalEntry, type CodebookEntry, type CodebookRead } from '../codebook.js';
import { codeNameError, joinCodePath } from '../../codePath.js';
import { isHexColor } from '../../colors.js';
import { cleanGuid } from './guids.js';

export const QDC_NAMESPACE = 'urn:QDA-XML:codebook:1.0';
/** Both spellings seen in real files. */
export const QDC_NAMESPACES = [QDC_NAMESPACE, 'urn:QDA-XML:codebook:1:0'];

export { cleanGuid };

/** A GUID that follows from a text (for codes that have none), so writing twice gives the same file. */
export function guidFromText(text: string): string {
  // four rounds of 32-bit FNV-1a from different seeds: no crypto in shared/, and this need not be secret
  const hex: string[] = [];
  for (let round = 0; round < 4; round++) {
    let h = (0x811c9dc5 + Math.imul(round, 0x9e3779b9)) >>> 0;
    for (const ch of text) {
      h ^= ch.codePointAt(0)!;
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    hex.push(h.toString(16).padStart(8, '0'));
  }
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-${((parseInt(s[16]!, 16) & 0x3) | 0x8).toString(16)}${s.slice(17, 20)}-${s.slice(20, 32)}`;
}

const fieldsOf = (e: CodebookEntry): CodeDescriptionFields => ({
  shortDefinition: e.shortDefinition, definition: e.definition, inclusion: e.inclusion, exclusion: e.exclusion,
  example: e.example, atypicalExample: e.atypicalExample, memo: e.memo,
});

/** Entries (parents first) as a code tree for QDA-XML. */
export function qdeCodesFromEntries(entries: readonly CodebookEntry[]): QdeCode[] {
  const roots: QdeCode[] = [];
  const byPath = new Map<string, QdeCode>();
  for (const e of entries) {
    const key = joinCodePath(e.path).toLowerCase();
    const guid = cleanGuid(e.guid) ?? guidFromText(`weft-code\u0000${key}`);
    const color = e.color && /^#([0-9a-f]{6}|[0-9a-f]{3})$/i.test(e.color) ? e.color : undefined;
    const description = packDescription(fieldsOf(e));
    const code: QdeCode = { guid, name: e.path[e.path.length - 1]!, isCodable: e.codable, color, description: description || undefined, noteRefs: [], children: [] };
    const parent = e.path.length > 1 ? byPath.get(joinCodePath(e.path.slice(0, -1)).toLowerCase()) : undefined;
    if (e.path.length > 1 && !parent) throw new Error(`code "${joinCodePath(e.path)}": its parent comes after it or is missing`);
    (parent ? parent.children : roots).push(code);
    byPath.set(key, code);
  }
  return roots;
}

function writeCode(w: XmlWriter, c: QdeCode): void {
  const empty = c.description === undefined && c.children.length === 0;
  w.open('Code', { guid: c.guid, name: c.name, isCodable: c.isCodable, color: c.color }, empty);
  if (empty) return;
  w.textElement('Description', c.description);
  for (const child of c.children) writeCode(w, child);
  w.close('Code');
}

/** A .qdc file. Throws when there are no codes (the schema needs at least one). */
export function writeQdc(entries: readonly CodebookEntry[], options: { origin?: string } = {}): string {
  const codes = qdeCodesFromEntries(entries);
  if (codes.length === 0) throw new Error('the codebook has no codes, and a .qdc must have at least one');
  const w = new XmlWriter();
  w.raw('<?xml version="1.0" encoding="UTF-8"?>\n');
  w.open('CodeBook', { xmlns: QDC_NAMESPACE, origin: options.origin });
  w.raw('<Codes>');
  for (const c of codes) writeCode(w, c);
  w.raw('</Codes>');
  w.close('CodeBook');
  return w.toString() + '\n';
}

// ---- reading

type Node = Record<string, unknown>;
const attr = (n: Node, name: string): string | undefined => {
  const v = n[`@_${name}`];
  return v === undefined || v === null ? undefined : String(v);
};
const list = (n: Node | undefined, name: string): Node[] => (n && Array.isArray(n[name]) ? (n[name] as Node[]).map((x) => (typeof x === 'object' && x !== null ? x : {})) : []);
const child = (n: Node | undefined, name: string): Node | undefined => {
  const v = n?.[name];
  if (Array.isArray(v)) return (v[0] as Node | undefined) ?? undefined;
  return v !== undefined && v !== null && typeof v === 'object' ? (v as Node) : v === undefined ? undefined : {};
};
const textOf = (n: Node, name: string): string | undefined => {
  if (!(name in n)) return undefined;
  const v = Array.isArray(n[name]) ? (n[name] as unknown[])[0] : n[name];
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') {
    const t = (v as Node)['#text'];
    return t === undefined ? '' : String(t);
  }
  return String(v);
};

/** A code as the file has it; `isCodable` undefined when the attribute is missing. */
interface RawCode extends Omit<QdeCode, 'isCodable' | 'children'> {
  isCodable: boolean | undefined;
  children: RawCode[];
}

function readCode(n: Node): RawCode {
  const codable = attr(n, 'isCodable')?.trim().toLowerCase();
  return {
    guid: attr(n, 'guid') ?? '',
    name: attr(n, 'name') ?? '',
    isCodable: codable === undefined ? undefined : !(codable === 'false' || codable === '0'),
    color: attr(n, 'color'),
    description: textOf(n, 'Description'),
    noteRefs: [],
    children: list(n, 'Code').map(readCode),
  };
}

/** Remove the padding some tools put around a description, and the indentation of its lines. */
function unpad(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').trim().split('\n');
  const indents = lines.slice(1).filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)![0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return [lines[0]!, ...lines.slice(1).map((l) => l.slice(Math.min(cut, /^[ \t]*/.exec(l)![0].length)))].join('\n');
}

const sample = (items: string[]) => items.slice(0, 3).map((s) => `"${s}"`).join(', ') + (items.length > 3 ? `, and ${items.length - 3} more` : '');

/**
 * A QDA-XML code tree as entries, parents first. Codes that need a change to
 * fit Weft (no GUID, a repeated GUID, no name, ">" in the name, a repeated
 * sibling name, a colour that isn't one, a padded description) get it, and
 * each kind of change is one warning line.
 */
export function entriesFromQdeCodes(
  codes: ReadonlyArray<RawCode | QdeCode>,
  source: string,
  options: { fields?: (guid: string) => CodeDescriptionFields | undefined } = {},
): { entries: CodebookEntry[]; warnings: string[] } {
  const entries: CodebookEntry[] = [];
  const notGuid: string[] = [];
  const twiceGuid: string[] = [];
  const unnamed: string[] = [];
  const renamed: string[] = [];
  const siblings: string[] = [];
  const badColor: string[] = [];
  const noCodable: string[] = [];
  const padded: string[] = [];
  const seenGuids = new Set<string>();
  const walk = (list: ReadonlyArray<RawCode | QdeCode>, parent: string[]) => {
    const names = new Set<string>();
    for (const c of list) {
      let name = c.name.trim();
      if (!name) {
        name = '(unnamed code)';
        unnamed.push(c.guid || joinCodePath([...parent, name]));
      }
      if (codeNameError(name)) {
        const fixed = name.replace(/>/g, '›');
        renamed.push(`${name}" → "${fixed}`);
        name = fixed;
      }
      let unique = name;
      for (let i = 2; names.has(unique.toLowerCase()); i++) unique = `${name} (${i})`;
      if (unique !== name) siblings.push(joinCodePath([...parent, unique]));
      names.add(unique.toLowerCase());
      const path = [...parent, unique];
      let guid = cleanGuid(c.guid);
      if (!guid) notGuid.push(c.guid || '(none)');
      else if (seenGuids.has(guid)) {
        twiceGuid.push(joinCodePath(path));
        guid = null;
      }
      if (guid) seenGuids.add(guid);
      let color = c.color?.trim();
      if (color && /^#[0-9a-f]{3}$/i.test(color)) color = `#${[...color.slice(1)].map((x) => x + x).join('')}`;
      if (color && !isHexColor(color)) {
        badColor.push(`${joinCodePath(path)}: ${color}`);
        color = undefined;
      }
      if (c.isCodable === undefined) noCodable.push(joinCodePath(path));
      let description = c.description ?? '';
      // pretty-printed XML puts the text on its own indented lines; a trailing line break alone is just trimmed
      if (/^[ \t]*\r?\n/.test(description) && description.trim()) {
        padded.push(joinCodePath(path));
        description = unpad(description);
      }
      const fields = (guid && options.fields?.(guid)) || unpackDescription(description);
      const entry: CodebookEntry = {
        path,
        ...(guid ? { guid } : {}),
        ...(color ? { color } : {}),
        ...fields,
        codable: c.isCodable !== false,
        origin: `${source}: code "${joinCodePath(path)}"`,
      };
      entries.push(canonicalEntry(entry));
      walk(c.children as ReadonlyArray<RawCode | QdeCode>, path);
    }
  };
  walk(codes, []);
  const warnings: string[] = [];
  const n = (k: number, one: string, many = `${one}s`) => `${k} ${k === 1 ? one : many}`;
  if (notGuid.length) warnings.push(`${source}: ${n(notGuid.length, 'code has an id', 'codes have ids')} that ${notGuid.length === 1 ? 'is' : 'are'} not a GUID (${sample(notGuid)}); new GUIDs were given (the file does not follow the REFI-QDA schema)`);
  if (twiceGuid.length) warnings.push(`${source}: ${n(twiceGuid.length, 'code repeats', 'codes repeat')} a GUID used before (${sample(twiceGuid)}); ${twiceGuid.length === 1 ? 'it was' : 'they were'} given a new one`);
  if (unnamed.length) warnings.push(`${source}: ${n(unnamed.length, 'code has', 'codes have')} no name (${sample(unnamed)}); named "(unnamed code)"`);
  if (renamed.length) warnings.push(`${source}: ">" separates code paths in Weft; renamed ${sample(renamed)}`);
  if (siblings.length) warnings.push(`${source}: ${n(siblings.length, 'code has', 'codes have')} the name of a sibling; renamed to ${sample(siblings)}`);
  if (badColor.length) warnings.push(`${source}: ${n(badColor.length, 'colour is', 'colours are')} not #RRGGBB and ${badColor.length === 1 ? 'was' : 'were'} left out (${sample(badColor)}); Weft gives a palette colour`);
  if (noCodable.length) warnings.push(`${source}: ${n(noCodable.length, 'code lacks', 'codes lack')} isCodable (${sample(noCodable)}); taken as codable`);
  if (padded.length) warnings.push(`${source}: ${n(padded.length, 'description is', 'descriptions are')} padded with spaces and line breaks (${sample(padded)}); the padding was removed`);
  return { entries, warnings };
}

export class QdcError extends Error {}

/** Read a .qdc. Throws QdcError when the file is not XML or has no codebook. */
export function readQdc(xmlIn: string, source: string): CodebookRead {
  const xml = xmlIn.charCodeAt(0) === 0xfeff ? xmlIn.slice(1) : xmlIn;
  // entity declarations are how XML bombs and external-entity attacks start; no codebook needs them
  if (/<!ENTITY/i.test(xml) || /<!DOCTYPE[^>]*\b(SYSTEM|PUBLIC)\b/i.test(xml)) throw new QdcError(`${source}: the XML declares entities, which Weft refuses`);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    removeNSPrefix: true,
    trimValues: false,
    parseTagValue: false,
    parseAttributeValue: false,
    htmlEntities: true,
    isArray: (name) => name === 'Code' || name === 'Set' || name === 'MemberCode',
  });
  let doc: Node;
  try {
    doc = parser.parse(xml, true) as Node;
  } catch (e) {
    const err = e as { err?: { msg?: string; line?: number }; message?: string };
    throw new QdcError(`${source}: malformed XML${err.err?.line ? ` at line ${err.err.line}` : ''}: ${err.err?.msg ?? err.message ?? String(e)}`);
  }
  const warnings: string[] = [];
  let book = child(doc, 'CodeBook');
  let rootName = 'CodeBook';
  if (!book) {
    const project = child(doc, 'Project');
    book = child(project, 'CodeBook');
    rootName = 'Project';
    if (!book) throw new QdcError(`${source}: no <CodeBook> element: this is not a REFI-QDA codebook`);
    warnings.push(`${source}: this is a REFI-QDA project file (project.qde); only its codebook was read`);
  }
  const rootTag = new RegExp(`<(?:[\\w.-]+:)?${rootName}\\b[^>]*>`).exec(xml)?.[0] ?? '';
  const namespaces = [...rootTag.matchAll(/\bxmlns(?::[\w.-]+)?\s*=\s*["']([^"']*)["']/g)].map((m) => m[1]!);
  const expected = rootName === 'Project' ? ['urn:QDA-XML:project:1.0', 'urn:QDA-XML:project:1:0'] : QDC_NAMESPACES;
  if (!namespaces.some((ns) => expected.includes(ns))) {
    warnings.push(`${source}: the ${rootName} element is ${namespaces.length ? `in namespace "${namespaces[0]}"` : 'in no namespace'}, not ${expected[0]}; read as a REFI-QDA ${rootName === 'Project' ? 'project' : 'codebook'} anyway`);
  }
  const codes = list(child(book, 'Codes'), 'Code').map(readCode);
  const read = entriesFromQdeCodes(codes, source);
  warnings.push(...read.warnings);
  const sets = list(child(book, 'Sets'), 'Set');
  if (sets.length) {
    warnings.push(`${source}: ${sets.length} code set${sets.length === 1 ? '' : 's'} not imported (${sample(sets.map((s) => attr(s, 'name') ?? '(unnamed)'))}): Weft has no code sets; the codes themselves were imported`);
  }
  if (read.entries.length === 0) warnings.push(`${source}: the codebook has no codes`);
  return { format: 'qdc', entries: read.entries, warnings };
}
