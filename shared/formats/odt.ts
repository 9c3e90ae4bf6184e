// OpenDocument text (.odt) → plain text: the paragraphs and headings of
// content.xml in document order, one per line, with ODF's white-space rules
// (runs of spaces, tabs and line ends collapse to one space, none at the start
// of a paragraph; <text:s/>,
// <text:tab/> and <text:line-break/> are kept). Lists, tables and sections
// are read through; notes, annotations, deleted text of tracked changes and
// generated indexes are left out.
import { XMLParser } from 'fast-xml-parser';
import { assertNoEntityDeclarations } from './xmlSafety.js';
import { DOCUMENT_ZIP_LIMITS, unzipBounded, ZipLimitError } from './zipLimits.js';

export class OdtError extends Error {}

type XmlNode = Record<string, unknown>;

const PARAGRAPHS = new Set(['text:p', 'text:h']);
/** elements whose content is not part of the running text */
const SKIP = new Set([
  'text:tracked-changes', 'text:note', 'office:annotation', 'office:annotation-end', 'text:sequence-decls',
  'text:variable-decls', 'text:user-field-decls', 'office:forms', 'text:table-of-content', 'text:alphabetical-index',
  'text:illustration-index', 'text:table-index', 'text:object-index', 'text:user-index', 'text:bibliography',
  'text:ruby-text', 'draw:frame', 'draw:custom-shape', 'svg:desc', 'svg:title', 'text:bookmark-ref', 'text:soft-page-break',
  'table:table-header-rows-placeholder', 'office:event-listeners',
]);

function childrenOf(node: XmlNode): { name: string; children: XmlNode[]; attrs: Record<string, string> } | null {
  for (const key of Object.keys(node)) {
    if (key === ':@' || key === '#text') continue;
    const value = node[key];
    return { name: key, children: Array.isArray(value) ? (value as XmlNode[]) : [], attrs: (node[':@'] as Record<string, string>) ?? {} };
  }
  return null;
}

/** One paragraph's text, with ODF white-space handling. */
class ParagraphText {
  private out = '';
  /** the last character came from collapsed white space in the markup */
  private collapsedSpace = false;

  text(raw: string): void {
    const collapsed = raw.replace(/[ \t\r\n]+/g, ' ');
    for (const part of collapsed.split(/( )/)) {
      if (part === '') continue;
      if (part === ' ') {
        // white space at the start of a paragraph, and repeated collapsed spaces, are dropped
        if (this.out === '' || this.collapsedSpace) continue;
        this.out += ' ';
        this.collapsedSpace = true;
      } else {
        this.out += part;
        this.collapsedSpace = false;
      }
    }
  }
  literal(s: string): void {
    this.out += s;
    this.collapsedSpace = false;
  }
  done(): string {
    return this.out;
  }
}

function readInline(nodes: XmlNode[], p: ParagraphText): void {
  for (const node of nodes) {
    if (typeof node['#text'] === 'string') {
      p.text(node['#text']);
      continue;
    }
    const el = childrenOf(node);
    if (!el || SKIP.has(el.name)) continue;
    if (el.name === 'text:s') {
      const c = Number(el.attrs['@_text:c'] ?? '1');
      p.literal(' '.repeat(Number.isInteger(c) && c > 0 && c < 10000 ? c : 1));
    } else if (el.name === 'text:tab') p.literal('\t');
    else if (el.name === 'text:line-break') p.literal('\n');
    else readInline(el.children, p);
  }
}

function readBlocks(nodes: XmlNode[], out: string[]): void {
  for (const node of nodes) {
    const el = childrenOf(node);
    if (!el || SKIP.has(el.name)) continue;
    if (PARAGRAPHS.has(el.name)) {
      const p = new ParagraphText();
      readInline(el.children, p);
      out.push(p.done());
    } else readBlocks(el.children, out);
  }
}

function findBodyText(nodes: XmlNode[]): XmlNode[] | null {
  for (const node of nodes) {
    const el = childrenOf(node);
    if (!el) continue;
    if (el.name === 'office:text') return el.children;
    if (el.name === 'office:document-content' || el.name === 'office:body' || el.name === 'office:document') {
      const found = findBodyText(el.children);
      if (found) return found;
    }
  }
  return null;
}

/** Text of an ODF text document, from its content.xml. */
export function odtContentToText(xml: string): string {
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    trimValues: false,
    parseTagValue: false,
    parseAttributeValue: false,
    processEntities: true,
    // numeric character references (&#10;) are decoded by this option
    htmlEntities: true,
  });
  let tree: XmlNode[];
  try {
    assertNoEntityDeclarations(xml);
  } catch (e) {
    throw new OdtError(`content.xml: ${(e as Error).message}`);
  }
  try {
    tree = parser.parse(xml) as XmlNode[];
  } catch (e) {
    throw new OdtError(`content.xml is not well-formed XML (${(e as Error).message.split('\n')[0]})`);
  }
  const body = findBodyText(tree);
  if (!body) throw new OdtError('content.xml has no text body (is this a spreadsheet or a presentation?)');
  const paragraphs: string[] = [];
  readBlocks(body, paragraphs);
  return paragraphs.join('\n');
}

/** Text of an .odt file's bytes. */
export function odtToText(bytes: Uint8Array): string {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipBounded(bytes, (name) => name === 'content.xml' || name === 'mimetype' || name === 'META-INF/manifest.xml', DOCUMENT_ZIP_LIMITS);
  } catch (e) {
    if (e instanceof ZipLimitError) throw new OdtError(`refused: ${e.message}`);
    throw new OdtError('not a valid .odt file (not a zip archive, or damaged)');
  }
  const mimetype = entries.mimetype ? new TextDecoder().decode(entries.mimetype).trim() : null;
  if (mimetype && !mimetype.startsWith('application/vnd.oasis.opendocument.text')) {
    throw new OdtError(`not an OpenDocument text (its type is ${mimetype})`);
  }
  const manifest = entries['META-INF/manifest.xml'];
  if (manifest && new TextDecoder().decode(manifest).includes('encryption-data')) throw new OdtError('the document is password-protected; save it without a password first');
  const content = entries['content.xml'];
  if (!content) throw new OdtError('not a valid .odt file (content.xml is missing; is it encrypted?)');
  return odtContentToText(new TextDecoder().decode(content));
}

// TextDecoder is a global of every runtime Weft runs in
declare const TextDecoder: new () => { decode(input: Uint8Array): string };
