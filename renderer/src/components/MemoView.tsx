// A memo body, read-only: a non-editable Lexical editor for a stored Lexical
// state, plain paragraphs for plain text. For popovers, previews and lists.
import { useEffect, useMemo, useRef, useState } from 'react';
import { LexicalComposer, type InitialConfigType } from '@lexical/react/LexicalComposer';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { RichTextPlugin } from '@lexical/react/LexicalRichTextPlugin';
import { ContentEditable } from '@lexical/react/LexicalContentEditable';
import { LexicalErrorBoundary } from '@lexical/react/LexicalErrorBoundary';
import { parseMemoBody, plainTextBlocks, serializedTextContent, type ParsedMemoBody } from '../lib/memoBody';
import { $loadMemoBody, MEMO_NODES, MEMO_THEME } from './memoLexical';
import './memos.css';

export interface MemoViewProps {
  /** serialised Lexical state, plain text, or '' */
  body: string;
  /** accessible name of the memo (role "note"), e.g. "Memo by Ana" */
  label?: string;
  /** shown when the body is empty; default "No memo text." */
  emptyText?: string;
  /** 'compact' for popovers and table previews: smaller type, tighter spacing */
  density?: 'normal' | 'compact';
  className?: string;
}

function fallbackOf(parsed: ParsedMemoBody): string {
  return parsed.kind === 'lexical' ? serializedTextContent(parsed.state.root) : parsed.text;
}

export function MemoView({ body, label, emptyText = 'No memo text.', density = 'normal', className }: MemoViewProps) {
  const parsed = useMemo(() => parseMemoBody(body), [body]);
  const classes = ['memo-view', density === 'compact' ? 'compact' : '', className ?? ''].filter(Boolean).join(' ');

  if (parsed.kind === 'plain') {
    const blocks = plainTextBlocks(parsed.text);
    return (
      <div className={classes} role="note" aria-label={label}>
        {blocks.length === 0 ? (
          <p className="memo-p memo-empty">{emptyText}</p>
        ) : (
          blocks.map((lines, i) => (
            <p key={i} className="memo-p">
              {lines.map((line, j) => (
                <span key={j}>
                  {j > 0 && <br />}
                  {line}
                </span>
              ))}
            </p>
          ))
        )}
      </div>
    );
  }
  return <LexicalMemo parsed={parsed} classes={classes} label={label} />;
}

function LexicalMemo({ parsed, classes, label }: { parsed: ParsedMemoBody; classes: string; label?: string }) {
  const [initialConfig] = useState<InitialConfigType>(() => ({
    namespace: 'weft-memo-view',
    nodes: [...MEMO_NODES],
    theme: MEMO_THEME,
    editable: false,
    onError: (error) => console.error('Memo view error', error),
    editorState: () => $loadMemoBody(parsed, fallbackOf(parsed)),
  }));
  return (
    <div className={classes}>
      <LexicalComposer initialConfig={initialConfig}>
        <RichTextPlugin
          contentEditable={<ContentEditable className="memo-content" role="note" aria-label={label} />}
          ErrorBoundary={LexicalErrorBoundary}
        />
        <SyncBody parsed={parsed} />
      </LexicalComposer>
    </div>
  );
}

/** Load a new body into the existing read-only editor when the prop changes. */
function SyncBody({ parsed }: { parsed: ParsedMemoBody }) {
  const [editor] = useLexicalComposerContext();
  const loaded = useRef(parsed);
  useEffect(() => {
    if (loaded.current === parsed) return;
    loaded.current = parsed;
    editor.update(() => $loadMemoBody(parsed, fallbackOf(parsed)));
  }, [editor, parsed]);
  return null;
}
