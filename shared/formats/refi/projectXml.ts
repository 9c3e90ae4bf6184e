// The REFI-QDA project file (project.qde, QDA-XML 1.0) as a plain model, with
// a writer (string building, in the schema's element order) and a reader
// (fast-xml-parser) that tolerates what real tools write: either namespace
// spelling, prefixes, and missing optional parts. Positions are left as the
// file has them; ./positions.ts converts them.
import { XMLParser } from 'fast-xml-parser';
import { assertNoEntityDeclarations, XmlEntityError } from '../xmlSafety.js';

export const QDA_NAMESPACE = 'urn:QDA-XML:project:1.0';

export interface QdeUser {
  guid: string;
  name?: string;
  id?: string;
}

export interface QdeCode {
  guid: string;
  name: string;
  isCodable: boolean;
  color?: string;
  description?: string;
  noteRefs: string[];
  children: QdeCode[];
}

export type QdeVariableType = 'Text' | 'Boolean' | 'Integer' | 'Float' | 'Date' | 'DateTime';

export interface QdeVariable {
  guid: string;
  name: string;
  type: QdeVariableType;
  description?: string;
}

export interface QdeVariableValue {
  variable: string;
  type: QdeVariableType;
  value: string;
}

export interface QdeCase {
  guid: string;
  name?: string;
  description?: string;
  codeRefs: string[];
  values: QdeVariableValue[];
  sourceRefs: string[];
  selectionRefs: string[];
}

export interface QdeCoding {
  guid: string;
  codeRef: string;
  creatingUser?: string;
  creationDateTime?: string;
  noteRefs: string[];
}

export interface QdeSelection {
  guid: string;
  name?: string;
  /** as written in the file; NaN when not a whole number */
  start: number;
  end: number;
  creatingUser?: string;
  creationDateTime?: string;
  modifyingUser?: string;
  modifiedDateTime?: string;
  description?: string;
  codings: QdeCoding[];
  noteRefs: string[];
}

/** A TextSource, and also a Note (the schema gives both the same type). */
export interface QdeTextSource {
  guid: string;
  name?: string;
  richTextPath?: string;
  plainTextPath?: string;
  plainTextContent?: string;
  creatingUser?: string;
  creationDateTime?: string;
  modifyingUser?: string;
  modifiedDateTime?: string;
  description?: string;
  selections: QdeSelection[];
  /** codings of the whole source */
  codings: QdeCoding[];
  noteRefs: string[];
  values: QdeVariableValue[];
}

export interface QdeSet {
  guid: string;
  name: string;
  description?: string;
  memberCodes: string[];
  memberSources: string[];
  memberNotes: string[];
}

export interface QdeProject {
  name: string;
  origin?: string;
  creatingUserGUID?: string;
  creationDateTime?: string;
  modifyingUserGUID?: string;
  modifiedDateTime?: string;
  basePath?: string;
  users: QdeUser[];
  codes: QdeCode[];
  variables: QdeVariable[];
  cases: QdeCase[];
  sources: QdeTextSource[];
  /** picture, PDF, audio and video sources: read only to be reported */
  otherSources: Array<{ kind: string; guid: string; name?: string }>;
  notes: QdeTextSource[];
  sets: QdeSet[];
  /** counts of parts Weft has no place for */
  links: number;
  graphs: number;
  description?: string;
  noteRefs: string[];
}

export function emptyProject(name: string): QdeProject {
  return { name, users: [], codes: [], variables: [], cases: [], sources: [], otherSources: [], notes: [], sets: [], links: 0, graphs: 0, noteRefs: [] };
}

// ---- writing

// XML 1.0 cannot carry most C0 controls, lone surrogates, U+FFFE or U+FFFF.
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export class XmlWriter {
  private readonly parts: string[] = [];
  /** characters XML cannot carry, replaced by U+FFFD */
  replaced = 0;

  private clean(s: string): string {
    if (!NOT_XML.test(s)) return s;
    NOT_XML.lastIndex = 0;
    return s.replace(NOT_XML, () => {
      this.replaced++;
      return '\ufffd';
    });
  }

  attr(value: string): string {
    // line breaks and tabs as references, or a parser's attribute normalisation turns them into spaces
    return this.clean(value).replace(/[&<>"\n\r\t]/g, (c) => ATTR_ESCAPES[c]!);
  }

  content(value: string): string {
    return this.clean(value).replace(/[&<>\r]/g, (c) => TEXT_ESCAPES[c]!);
  }

  open(name: string, attrs: Record<string, string | number | boolean | undefined>, selfClose = false): void {
    let s = `<${name}`;
    for (const [k, v] of Object.entries(attrs)) if (v !== undefined) s += ` ${k}="${this.attr(String(v))}"`;
    this.parts.push(selfClose ? `${s}/>` : `${s}>`);
  }
  close(name: string): void {
    this.parts.push(`</${name}>`);
  }
  textElement(name: string, value: string | undefined): void {
    if (value === undefined) return;
    this.parts.push(`<${name}>${this.content(value)}</${name}>`);
  }
  raw(s: string): void {
    this.parts.push(s);
  }
  toString(): string {
    return this.parts.join('');
  }
}

const ATTR_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\n': '&#10;', '\r': '&#13;', '\t': '&#9;' };
const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };

function refs(w: XmlWriter, name: string, guids: readonly string[]): void {
  for (const g of guids) w.open(name, { targetGUID: g }, true);
}

function writeCode(w: XmlWriter, c: QdeCode): void {
  const empty = c.description === undefined && c.noteRefs.length === 0 && c.children.length === 0;
  w.open('Code', { guid: c.guid, name: c.name, isCodable: c.isCodable, color: c.color }, empty);
  if (empty) return;
  w.textElement('Description', c.description);
  refs(w, 'NoteRef', c.noteRefs);
  for (const child of c.children) writeCode(w, child);
  w.close('Code');
}

function writeValue(w: XmlWriter, v: QdeVariableValue): void {
  w.raw('<VariableValue>');
  w.open('VariableRef', { targetGUID: v.variable }, true);
  w.textElement(`${v.type}Value`, v.value);
  w.raw('</VariableValue>');
}

function writeCoding(w: XmlWriter, c: QdeCoding): void {
  w.open('Coding', { guid: c.guid, creatingUser: c.creatingUser, creationDateTime: c.creationDateTime });
  w.open('CodeRef', { targetGUID: c.codeRef }, true);
  refs(w, 'NoteRef', c.noteRefs);
  w.close('Coding');
}

function writeTextSource(w: XmlWriter, tag: string, s: QdeTextSource): void {
  w.open(tag, {
    guid: s.guid,
    name: s.name,
    richTextPath: s.richTextPath,
    plainTextPath: s.plainTextPath,
    creatingUser: s.creatingUser,
    creationDateTime: s.creationDateTime,
    modifyingUser: s.modifyingUser,
    modifiedDateTime: s.modifiedDateTime,
  });
  w.textElement('Description', s.description);
  w.textElement('PlainTextContent', s.plainTextContent);
  for (const sel of s.selections) {
    w.open('PlainTextSelection', {
      guid: sel.guid,
      name: sel.name,
      startPosition: sel.start,
      endPosition: sel.end,
      creatingUser: sel.creatingUser,
      creationDateTime: sel.creationDateTime,
      modifyingUser: sel.modifyingUser,
      modifiedDateTime: sel.modifiedDateTime,
    });
    w.textElement('Description', sel.description);
    for (const c of sel.codings) writeCoding(w, c);
    refs(w, 'NoteRef', sel.noteRefs);
    w.close('PlainTextSelection');
  }
  for (const c of s.codings) writeCoding(w, c);
  refs(w, 'NoteRef', s.noteRefs);
  for (const v of s.values) writeValue(w, v);
  w.close(tag);
}

/** project.qde as a string, elements in the schema's order. */
export function writeProjectXml(p: QdeProject): { xml: string; replaced: number } {
  const w = new XmlWriter();
  w.raw('<?xml version="1.0" encoding="UTF-8"?>\n');
  w.open('Project', {
    xmlns: QDA_NAMESPACE,
    name: p.name,
    origin: p.origin,
    creatingUserGUID: p.creatingUserGUID,
    creationDateTime: p.creationDateTime,
    modifyingUserGUID: p.modifyingUserGUID,
    modifiedDateTime: p.modifiedDateTime,
    basePath: p.basePath,
  });
  if (p.users.length) {
    w.raw('<Users>');
    for (const u of p.users) w.open('User', { guid: u.guid, name: u.name, id: u.id }, true);
    w.raw('</Users>');
  }
  if (p.codes.length) {
    w.raw('<CodeBook><Codes>');
    for (const c of p.codes) writeCode(w, c);
    w.raw('</Codes></CodeBook>');
  }
  if (p.variables.length) {
    w.raw('<Variables>');
    for (const v of p.variables) {
      w.open('Variable', { guid: v.guid, name: v.name, typeOfVariable: v.type }, v.description === undefined);
      if (v.description !== undefined) {
        w.textElement('Description', v.description);
        w.close('Variable');
      }
    }
    w.raw('</Variables>');
  }
  if (p.cases.length) {
    w.raw('<Cases>');
    for (const c of p.cases) {
      w.open('Case', { guid: c.guid, name: c.name });
      w.textElement('Description', c.description);
      refs(w, 'CodeRef', c.codeRefs);
      for (const v of c.values) writeValue(w, v);
      refs(w, 'SourceRef', c.sourceRefs);
      refs(w, 'SelectionRef', c.selectionRefs);
      w.close('Case');
    }
    w.raw('</Cases>');
  }
  if (p.sources.length) {
    w.raw('<Sources>');
    for (const s of p.sources) writeTextSource(w, 'TextSource', s);
    w.raw('</Sources>');
  }
  if (p.notes.length) {
    w.raw('<Notes>');
    for (const n of p.notes) writeTextSource(w, 'Note', n);
    w.raw('</Notes>');
  }
  if (p.sets.length) {
    w.raw('<Sets>');
    for (const s of p.sets) {
      w.open('Set', { guid: s.guid, name: s.name });
      w.textElement('Description', s.description);
      refs(w, 'MemberCode', s.memberCodes);
      refs(w, 'MemberSource', s.memberSources);
      refs(w, 'MemberNote', s.memberNotes);
      w.close('Set');
    }
    w.raw('</Sets>');
  }
  w.textElement('Description', p.description);
  refs(w, 'NoteRef', p.noteRefs);
  w.close('Project');
  return { xml: w.toString(), replaced: w.replaced };
}

// ---- reading

const ARRAYS = new Set([
  'User', 'Code', 'Variable', 'Case', 'VariableValue', 'SourceRef', 'SelectionRef', 'CodeRef', 'TextSource', 'PictureSource',
  'PDFSource', 'AudioSource', 'VideoSource', 'PlainTextSelection', 'Coding', 'NoteRef', 'Note', 'Set', 'MemberCode',
  'MemberSource', 'MemberNote', 'Link', 'Graph',
]);

type Node = Record<string, unknown>;

const A = (n: Node, name: string): string | undefined => {
  const v = n[`@_${name}`];
  return v === undefined || v === null ? undefined : String(v);
};
const list = (n: Node | undefined, name: string): Node[] => (n && Array.isArray(n[name]) ? (n[name] as Node[]) : []);
const child = (n: Node | undefined, name: string): Node | undefined => {
  const v = n?.[name];
  if (Array.isArray(v)) return v[0] as Node | undefined;
  return v !== undefined && typeof v === 'object' ? (v as Node) : v === undefined ? undefined : { '#text': v };
};
/** Text of a text-only element (absent → undefined, empty → ''). */
const text = (n: Node | undefined, name: string): string | undefined => {
  if (!n || !(name in n)) return undefined;
  const v = Array.isArray(n[name]) ? (n[name] as unknown[])[0] : n[name];
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') {
    const t = (v as Node)['#text'];
    return t === undefined ? '' : String(t);
  }
  return String(v);
};
const targets = (n: Node | undefined, name: string): string[] => list(n, name).map((r) => A(r, 'targetGUID') ?? '').filter(Boolean);
const position = (s: string | undefined): number => (s !== undefined && /^\s*-?\d+\s*$/.test(s) ? Number(s) : NaN);

function readCode(n: Node): QdeCode {
  return {
    guid: A(n, 'guid') ?? '',
    name: A(n, 'name') ?? '',
    isCodable: (A(n, 'isCodable') ?? 'true').trim() !== 'false' && A(n, 'isCodable')?.trim() !== '0',
    color: A(n, 'color'),
    description: text(n, 'Description'),
    noteRefs: targets(n, 'NoteRef'),
    children: list(n, 'Code').map(readCode),
  };
}

const VALUE_TYPES: QdeVariableType[] = ['Text', 'Boolean', 'Integer', 'Float', 'Date', 'DateTime'];

function readValues(n: Node): QdeVariableValue[] {
  return list(n, 'VariableValue').map((v) => {
    const type = VALUE_TYPES.find((t) => `${t}Value` in v) ?? 'Text';
    return { variable: A(child(v, 'VariableRef') ?? {}, 'targetGUID') ?? '', type, value: text(v, `${type}Value`) ?? '' };
  });
}

function readCoding(n: Node): QdeCoding {
  return {
    guid: A(n, 'guid') ?? '',
    codeRef: targets(n, 'CodeRef')[0] ?? '',
    creatingUser: A(n, 'creatingUser'),
    creationDateTime: A(n, 'creationDateTime'),
    noteRefs: targets(n, 'NoteRef'),
  };
}

function readTextSource(n: Node): QdeTextSource {
  return {
    guid: A(n, 'guid') ?? '',
    name: A(n, 'name'),
    richTextPath: A(n, 'richTextPath'),
    plainTextPath: A(n, 'plainTextPath'),
    plainTextContent: text(n, 'PlainTextContent'),
    creatingUser: A(n, 'creatingUser'),
    creationDateTime: A(n, 'creationDateTime'),
    modifyingUser: A(n, 'modifyingUser'),
    modifiedDateTime: A(n, 'modifiedDateTime'),
    description: text(n, 'Description'),
    selections: list(n, 'PlainTextSelection').map((s) => ({
      guid: A(s, 'guid') ?? '',
      name: A(s, 'name'),
      start: position(A(s, 'startPosition')),
      end: position(A(s, 'endPosition')),
      creatingUser: A(s, 'creatingUser'),
      creationDateTime: A(s, 'creationDateTime'),
      modifyingUser: A(s, 'modifyingUser'),
      modifiedDateTime: A(s, 'modifiedDateTime'),
      description: text(s, 'Description'),
      codings: list(s, 'Coding').map(readCoding),
      noteRefs: targets(s, 'NoteRef'),
    })),
    codings: list(n, 'Coding').map(readCoding),
    noteRefs: targets(n, 'NoteRef'),
    values: readValues(n),
  };
}

export class QdeError extends Error {}

/** Read project.qde. Throws QdeError when the XML is malformed or has no Project element. */
export function readProjectXml(xml: string): QdeProject {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    removeNSPrefix: true,
    trimValues: false,
    parseTagValue: false,
    parseAttributeValue: false,
    // numeric character references (&#10;) need this; it also knows HTML's named entities
    htmlEntities: true,
    processEntities: { maxTotalExpansions: Infinity, maxExpandedLength: Infinity },
    isArray: (name) => ARRAYS.has(name),
  });
  let doc: Node;
  try {
    assertNoEntityDeclarations(xml);
  } catch (e) {
    if (e instanceof XmlEntityError) throw new QdeError(e.message);
    throw e;
  }
  try {
    doc = parser.parse(xml.charCodeAt(0) === 0xfeff ? xml.slice(1) : xml, true) as Node;
  } catch (e) {
    const err = e as { err?: { msg?: string; line?: number }; message?: string };
    throw new QdeError(`malformed XML${err.err?.line ? ` at line ${err.err.line}` : ''}: ${err.err?.msg ?? err.message ?? String(e)}`);
  }
  const root = child(doc, 'Project');
  if (!root) throw new QdeError('no <Project> element: this is not a REFI-QDA project file');
  const sourcesNode = child(root, 'Sources');
  const otherSources: QdeProject['otherSources'] = [];
  for (const kind of ['PictureSource', 'PDFSource', 'AudioSource', 'VideoSource']) {
    for (const s of list(sourcesNode, kind)) otherSources.push({ kind, guid: A(s, 'guid') ?? '', name: A(s, 'name') });
  }
  return {
    name: A(root, 'name') ?? '',
    origin: A(root, 'origin'),
    creatingUserGUID: A(root, 'creatingUserGUID'),
    creationDateTime: A(root, 'creationDateTime'),
    modifyingUserGUID: A(root, 'modifyingUserGUID'),
    modifiedDateTime: A(root, 'modifiedDateTime'),
    basePath: A(root, 'basePath'),
    users: list(child(root, 'Users'), 'User').map((u) => ({ guid: A(u, 'guid') ?? '', name: A(u, 'name'), id: A(u, 'id') })),
    codes: list(child(child(root, 'CodeBook'), 'Codes'), 'Code').map(readCode),
    variables: list(child(root, 'Variables'), 'Variable').map((v) => ({
      guid: A(v, 'guid') ?? '',
      name: A(v, 'name') ?? '',
      type: (VALUE_TYPES.find((t) => t === A(v, 'typeOfVariable')?.trim()) ?? 'Text') as QdeVariableType,
      description: text(v, 'Description'),
    })),
    cases: list(child(root, 'Cases'), 'Case').map((c) => ({
      guid: A(c, 'guid') ?? '',
      name: A(c, 'name'),
      description: text(c, 'Description'),
      codeRefs: targets(c, 'CodeRef'),
      values: readValues(c),
      sourceRefs: targets(c, 'SourceRef'),
      selectionRefs: targets(c, 'SelectionRef'),
    })),
    sources: list(sourcesNode, 'TextSource').map(readTextSource),
    otherSources,
    notes: list(child(root, 'Notes'), 'Note').map(readTextSource),
    sets: list(child(root, 'Sets'), 'Set').map((s) => ({
      guid: A(s, 'guid') ?? '',
      name: A(s, 'name') ?? '',
      description: text(s, 'Description'),
      memberCodes: targets(s, 'MemberCode'),
      memberSources: targets(s, 'MemberSource'),
      memberNotes: targets(s, 'MemberNote'),
    })),
    links: list(child(root, 'Links'), 'Link').length,
    graphs: list(child(root, 'Graphs'), 'Graph').length,
    description: text(root, 'Description'),
    noteRefs: targets(root, 'NoteRef'),
  };
}
