// Lexical set-up shared by MemoEditor and MemoView: the registered nodes, the
// theme classes (styled in memos.css) and loading a stored body into the root.
import {
  $createLineBreakNode,
  $createParagraphNode,
  $createTextNode,
  $getRoot,
  $parseSerializedNode,
  type EditorThemeClasses,
  type Klass,
  type LexicalNode,
} from 'lexical';
import { ListItemNode, ListNode } from '@lexical/list';
import { HeadingNode, QuoteNode } from '@lexical/rich-text';
import { plainTextBlocks, type ParsedMemoBody } from '../lib/memoBody';

/** Keep in step with MEMO_NODE_TYPES in lib/memoBody.ts. */
export const MEMO_NODES: ReadonlyArray<Klass<LexicalNode>> = [ListNode, ListItemNode, HeadingNode, QuoteNode];

export const MEMO_THEME: EditorThemeClasses = {
  paragraph: 'memo-p',
  quote: 'memo-quote',
  heading: { h1: 'memo-h', h2: 'memo-h', h3: 'memo-h', h4: 'memo-h', h5: 'memo-h', h6: 'memo-h' },
  list: {
    ul: 'memo-ul',
    ol: 'memo-ol',
    listitem: 'memo-li',
    nested: { listitem: 'memo-li-nested' },
  },
  text: {
    bold: 'memo-bold',
    italic: 'memo-italic',
    underline: 'memo-underline',
    strikethrough: 'memo-strike',
    code: 'memo-code',
  },
};

function $fillPlain(text: string): void {
  const root = $getRoot();
  const blocks = plainTextBlocks(text);
  if (blocks.length === 0) {
    root.append($createParagraphNode());
    return;
  }
  for (const lines of blocks) {
    const p = $createParagraphNode();
    lines.forEach((line, i) => {
      if (i > 0) p.append($createLineBreakNode());
      if (line) p.append($createTextNode(line));
    });
    root.append(p);
  }
}

/**
 * Replace the editor's content with a parsed memo body. Call inside
 * `editor.update` (or as LexicalComposer's `editorState` initialiser). A state
 * Lexical still refuses to read is shown as its text, never thrown.
 */
export function $loadMemoBody(parsed: ParsedMemoBody, fallbackText: string): void {
  const root = $getRoot();
  root.clear();
  if (parsed.kind === 'plain') {
    $fillPlain(parsed.text);
    return;
  }
  try {
    for (const child of parsed.state.root.children) root.append($parseSerializedNode(child));
  } catch (e) {
    console.warn('Memo body could not be read as a Lexical state; showing its text', e);
    root.clear();
    $fillPlain(fallbackText);
  }
  if (root.getChildrenSize() === 0) root.append($createParagraphNode());
}
