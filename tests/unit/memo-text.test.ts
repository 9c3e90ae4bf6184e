// Memo bodies: Lexical JSON or plain text, and the plain text we derive from them.
import { describe, expect, it } from 'vitest';
import { createEditor, $getRoot } from 'lexical';
import {
  isMemoTarget,
  memoExcerpt,
  memoTargetName,
  parseMemoBody,
  plainTextBlocks,
  serializedTextContent,
  type SerializedMemoNode,
} from '../../renderer/src/lib/memoBody.js';
import { $loadMemoBody, MEMO_NODES } from '../../renderer/src/components/memoLexical.js';

const text = (t: string, format = 0): SerializedMemoNode => ({ type: 'text', text: t, format, detail: 0, mode: 'normal', style: '', version: 1 });
const block = (type: string, children: SerializedMemoNode[], extra: Record<string, unknown> = {}): SerializedMemoNode => ({
  type,
  children,
  direction: null,
  format: '',
  indent: 0,
  version: 1,
  ...extra,
});
const p = (...children: SerializedMemoNode[]) => block('paragraph', children, { textFormat: 0, textStyle: '' });
const li = (value: number, ...children: SerializedMemoNode[]) => block('listitem', children, { value });
const list = (listType: 'bullet' | 'number', ...items: SerializedMemoNode[]) =>
  block('list', items, { listType, start: 1, tag: listType === 'bullet' ? 'ul' : 'ol' });
const state = (...children: SerializedMemoNode[]) => ({ root: block('root', children) });

const RICH = state(
  p(text('Participants describe '), text('grooming', 1), text(' as '), text('slow', 2), text('.')),
  list('bullet', li(1, text('trust')), li(2, text('gifts'))),
  p(text('line one'), { type: 'linebreak', version: 1 }, text('line two')),
  list('number', li(1, text('first')), li(2, block('list', [li(1, text('nested'))], { listType: 'number', start: 1, tag: 'ol' }))),
  p(),
);

describe('parseMemoBody', () => {
  it('reads an empty body as empty plain text', () => {
    expect(parseMemoBody('')).toEqual({ kind: 'plain', text: '' });
    expect(parseMemoBody('  \n ')).toEqual({ kind: 'plain', text: '' });
  });

  it('reads a Lexical state as lexical', () => {
    const parsed = parseMemoBody(JSON.stringify(RICH));
    expect(parsed.kind).toBe('lexical');
    if (parsed.kind === 'lexical') expect(parsed.state.root.children).toHaveLength(5);
  });

  it('keeps plain text and text that merely looks like JSON as plain', () => {
    expect(parseMemoBody('Check with the team')).toEqual({ kind: 'plain', text: 'Check with the team' });
    expect(parseMemoBody('{not json')).toEqual({ kind: 'plain', text: '{not json' });
    expect(parseMemoBody('{"a": 1}')).toEqual({ kind: 'plain', text: '{"a": 1}' });
    expect(parseMemoBody('[1, 2]')).toEqual({ kind: 'plain', text: '[1, 2]' });
    expect(parseMemoBody('{"root": {"type": "paragraph", "children": []}}').kind).toBe('plain');
    expect(parseMemoBody('{"root": {"type": "root", "children": "x"}}').kind).toBe('plain');
    expect(parseMemoBody('{"root": {"type": "root", "children": [{"type": "text", "text": 5}]}}').kind).toBe('plain');
  });

  it('treats a state with an empty root as empty (Lexical refuses to load one)', () => {
    expect(parseMemoBody(JSON.stringify(state()))).toEqual({ kind: 'plain', text: '' });
  });

  it('recovers the text of a state with node types the editor does not register', () => {
    const withTable = state(p(text('before')), block('table', [block('tablerow', [block('tablecell', [p(text('cell'))])])]), p(text('after')));
    expect(parseMemoBody(JSON.stringify(withTable))).toEqual({ kind: 'plain', text: 'before\n\ncell\n\nafter' });
  });

  it('recovers the text when the root holds a loose text node', () => {
    expect(parseMemoBody(JSON.stringify(state(text('loose'))))).toEqual({ kind: 'plain', text: 'loose' });
  });
});

describe('serializedTextContent', () => {
  it('matches what Lexical itself says the text is', () => {
    const editor = createEditor({ namespace: 'test', nodes: [...MEMO_NODES], onError: (e) => { throw e; } });
    const parsed = parseMemoBody(JSON.stringify(RICH));
    if (parsed.kind !== 'lexical') throw new Error('expected lexical');
    editor.update(() => $loadMemoBody(parsed, ''), { discrete: true });
    const lexicalText = editor.getEditorState().read(() => $getRoot().getTextContent());
    expect(serializedTextContent(parsed.state.root)).toBe(lexicalText);
    expect(lexicalText).toBe('Participants describe grooming as slow.\n\ntrust\n\ngifts\n\nline one\nline two\n\nfirst\n\nnested\n\n');
  });

  it('survives a round trip through the editor unchanged', () => {
    const editor = createEditor({ namespace: 'test', nodes: [...MEMO_NODES], onError: (e) => { throw e; } });
    const parsed = parseMemoBody(JSON.stringify(RICH));
    if (parsed.kind !== 'lexical') throw new Error('expected lexical');
    editor.update(() => $loadMemoBody(parsed, ''), { discrete: true });
    const again = parseMemoBody(JSON.stringify(editor.getEditorState().toJSON()));
    expect(again.kind).toBe('lexical');
    if (again.kind === 'lexical') expect(serializedTextContent(again.state.root)).toBe(serializedTextContent(parsed.state.root));
  });
});

describe('loading plain text into the editor', () => {
  it('makes paragraphs of blank-line-separated text and line breaks of single newlines', () => {
    expect(plainTextBlocks('')).toEqual([]);
    expect(plainTextBlocks('one')).toEqual([['one']]);
    expect(plainTextBlocks('a\nb\n\nc\r\n\r\nd\n\n\n')).toEqual([['a', 'b'], ['c'], ['d']]);
    expect(plainTextBlocks('\n\nlead\n  \ntrail')).toEqual([['lead'], ['trail']]);
  });

  it('gives back the same text through Lexical', () => {
    const editor = createEditor({ namespace: 'test', nodes: [...MEMO_NODES], onError: (e) => { throw e; } });
    const plain = 'Coded as avoidance.\nAsk R2.\n\nCompare with P07.';
    editor.update(() => $loadMemoBody({ kind: 'plain', text: plain }, plain), { discrete: true });
    expect(editor.getEditorState().read(() => $getRoot().getTextContent())).toBe(plain);
  });

  it('falls back to the text when Lexical cannot read a node', () => {
    const editor = createEditor({ namespace: 'test', nodes: [], onError: (e) => { throw e; } });
    const parsed = parseMemoBody(JSON.stringify(state(list('bullet', li(1, text('item'))))));
    if (parsed.kind !== 'lexical') throw new Error('expected lexical');
    const warn = console.warn;
    console.warn = () => {};
    try {
      editor.update(() => $loadMemoBody(parsed, 'item'), { discrete: true });
    } finally {
      console.warn = warn;
    }
    expect(editor.getEditorState().read(() => $getRoot().getTextContent())).toBe('item');
  });
});

describe('table helpers', () => {
  it('shortens long text at a word, collapsing whitespace', () => {
    expect(memoExcerpt('  short\n\ntext ')).toBe('short text');
    const long = 'word '.repeat(50);
    const cut = memoExcerpt(long, 22);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut.length).toBeLessThanOrEqual(23);
    expect(cut).toBe('word word word word…');
    expect(memoExcerpt('x'.repeat(30), 10)).toBe('x'.repeat(10) + '…');
  });

  it('names targets the way researchers do', () => {
    expect(memoTargetName('coding')).toBe('Segment');
    expect(memoTargetName('code', true)).toBe('Codes');
    expect(isMemoTarget('document')).toBe(true);
    expect(isMemoTarget('all')).toBe(false);
  });
});
