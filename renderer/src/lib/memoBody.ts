// Memo bodies: a serialised Lexical editor state, or (for memos written before
// the rich editor, and for code/segment memo strings) plain text. Pure
// TypeScript, no DOM and no Lexical import, so it can be unit-tested in Node.
import type { MemoTarget } from '../../../shared/types';

/** A serialised Lexical node as it appears in the JSON: only `type` is required. */
export interface SerializedMemoNode {
  type: string;
  children?: SerializedMemoNode[];
  text?: string;
  [key: string]: unknown;
}

export interface SerializedMemoState {
  root: SerializedMemoNode & { type: 'root'; children: SerializedMemoNode[] };
}

export type ParsedMemoBody =
  /** a Lexical state whose every node type the memo editor knows */
  | { kind: 'lexical'; state: SerializedMemoState }
  /** anything else: '' for an empty memo, the raw string for plain text, the recovered text of unreadable JSON */
  | { kind: 'plain'; text: string };

/**
 * The node types the memo editor registers (core nodes, lists, headings, quotes).
 * A state with any other node type cannot be loaded into the editor, so it is
 * shown as its text instead.
 */
export const MEMO_NODE_TYPES: ReadonlySet<string> = new Set([
  'root',
  'paragraph',
  'text',
  'linebreak',
  'tab',
  'list',
  'listitem',
  'heading',
  'quote',
]);

/** The element node types that are inline (their text runs on without a block break). */
const INLINE_ELEMENTS: ReadonlySet<string> = new Set(['link', 'autolink', 'mark']);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isNode(v: unknown): v is SerializedMemoNode {
  if (!isObject(v) || typeof v.type !== 'string') return false;
  if (v.children !== undefined && !(Array.isArray(v.children) && v.children.every(isNode))) return false;
  if (v.text !== undefined && typeof v.text !== 'string') return false;
  return true;
}

function allTypesKnown(node: SerializedMemoNode, known: ReadonlySet<string>): boolean {
  if (!known.has(node.type)) return false;
  return (node.children ?? []).every((c) => allTypesKnown(c, known));
}

/** Looks like a serialised Lexical editor state: `{ root: { type: 'root', children: [...] } }`. */
export function isSerializedMemoState(v: unknown): v is SerializedMemoState {
  return isObject(v) && isNode(v.root) && v.root.type === 'root' && Array.isArray(v.root.children);
}

/**
 * Decide how to show a stored memo body.
 *
 * - `''` (or only whitespace) → plain, empty text
 * - valid Lexical JSON with a non-empty root of known node types → lexical
 * - Lexical JSON with unknown node types (or a non-block child of the root) → plain, with the text recovered from the JSON
 * - Lexical JSON with an empty root → plain '' (Lexical refuses to load an empty state)
 * - anything else → plain, the body itself
 */
export function parseMemoBody(body: string, known: ReadonlySet<string> = MEMO_NODE_TYPES): ParsedMemoBody {
  if (body.trim() === '') return { kind: 'plain', text: '' };
  const first = body.trimStart()[0];
  if (first !== '{') return { kind: 'plain', text: body };
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { kind: 'plain', text: body };
  }
  if (!isSerializedMemoState(json)) return { kind: 'plain', text: body };
  if (json.root.children.length === 0) return { kind: 'plain', text: '' };
  // the root holds only blocks (elements); a loose text node cannot be loaded
  const blocksOnly = json.root.children.every((c) => Array.isArray(c.children));
  if (!blocksOnly || !allTypesKnown(json.root, known)) return { kind: 'plain', text: serializedTextContent(json.root) };
  return { kind: 'lexical', state: json };
}

/**
 * The plain text of a serialised node, the way Lexical's `getTextContent()`
 * computes it: block elements separated by a blank line, line breaks as `\n`,
 * tabs as `\t`.
 */
export function serializedTextContent(node: SerializedMemoNode): string {
  if (node.type === 'linebreak') return '\n';
  if (node.type === 'tab') return '\t';
  if (typeof node.text === 'string' && !node.children) return node.text;
  const children = node.children ?? [];
  let out = '';
  children.forEach((child, i) => {
    out += serializedTextContent(child);
    const isBlock = Array.isArray(child.children) && !INLINE_ELEMENTS.has(child.type);
    if (isBlock && i !== children.length - 1) out += '\n\n';
  });
  return out;
}

/**
 * Plain text as editor blocks: paragraphs are separated by a blank line, and a
 * single newline inside a paragraph is a line break. `''` gives no blocks.
 */
export function plainTextBlocks(text: string): string[][] {
  const normalised = text.replace(/\r\n?/g, '\n');
  if (normalised.trim() === '') return [];
  return normalised
    .replace(/^\n+|\n+$/g, '')
    .split(/\n[ \t]*\n+/)
    .map((p) => p.split('\n'));
}

/** Shorten text for a table cell: whitespace collapsed, cut at `max` characters with an ellipsis. */
export function memoExcerpt(text: string, max = 140): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const lastSpace = cut.lastIndexOf(' ');
  return (lastSpace > max * 0.6 ? cut.slice(0, lastSpace) : cut).trimEnd() + '…';
}

const TARGET_NAMES: Record<MemoTarget, { one: string; many: string }> = {
  project: { one: 'Project', many: 'Project' },
  document: { one: 'Document', many: 'Documents' },
  code: { one: 'Code', many: 'Codes' },
  coding: { one: 'Segment', many: 'Segments' },
};

export const MEMO_TARGETS: readonly MemoTarget[] = ['project', 'document', 'code', 'coding'];

/** A researcher's word for a memo target ('coding' is shown as 'Segment'). */
export function memoTargetName(type: MemoTarget, plural = false): string {
  return plural ? TARGET_NAMES[type].many : TARGET_NAMES[type].one;
}

export function isMemoTarget(v: string): v is MemoTarget {
  return (MEMO_TARGETS as readonly string[]).includes(v);
}
