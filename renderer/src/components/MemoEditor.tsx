// A rich-text memo editor (Lexical): bold, italic, bulleted and numbered lists,
// undo/redo. Ctrl/Cmd+Enter saves, Escape cancels. The parent persists the
// result (memos.save); this component only edits.
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { LexicalComposer, type InitialConfigType } from '@lexical/react/LexicalComposer';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { RichTextPlugin } from '@lexical/react/LexicalRichTextPlugin';
import { ContentEditable } from '@lexical/react/LexicalContentEditable';
import { HistoryPlugin } from '@lexical/react/LexicalHistoryPlugin';
import { ListPlugin } from '@lexical/react/LexicalListPlugin';
import { AutoFocusPlugin } from '@lexical/react/LexicalAutoFocusPlugin';
import { LexicalErrorBoundary } from '@lexical/react/LexicalErrorBoundary';
import { $getRoot, $getSelection, $isRangeSelection, FORMAT_TEXT_COMMAND, type LexicalEditor } from 'lexical';
import { INSERT_ORDERED_LIST_COMMAND, INSERT_UNORDERED_LIST_COMMAND, REMOVE_LIST_COMMAND, ListNode } from '@lexical/list';
import { $getNearestNodeOfType } from '@lexical/utils';
import { parseMemoBody, serializedTextContent } from '../lib/memoBody';
import { $loadMemoBody, MEMO_NODES, MEMO_THEME } from './memoLexical';
import './memos.css';

export interface MemoEditorProps {
  /** accessible name of the editable area, e.g. "Memo for segment “…”" */
  label: string;
  /** serialised Lexical state, or '' for an empty memo; anything else is taken as plain text. Read on mount only: change the component's key to load another memo. */
  initialBody: string;
  /** body = JSON of the editor state, bodyText = its plain text (what memos.save wants) */
  onSave: (body: string, bodyText: string) => void;
  /** shown as a Cancel button and bound to Escape when given */
  onCancel?: () => void;
  autoFocus?: boolean;
  /** disables Save (e.g. while a save is in flight) */
  saving?: boolean;
  placeholder?: string;
}

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const MOD = isMac ? '⌘' : 'Ctrl';

/** Read what the editor holds, in the form memos.save takes. */
export function readMemo(editor: LexicalEditor): { body: string; bodyText: string } {
  const state = editor.getEditorState();
  return {
    body: JSON.stringify(state.toJSON()),
    bodyText: state.read(() => $getRoot().getTextContent()),
  };
}

export function MemoEditor({ label, initialBody, onSave, onCancel, autoFocus, saving, placeholder = 'Write a memo…' }: MemoEditorProps) {
  // LexicalComposer reads its config once; so does this.
  const [initialConfig] = useState<InitialConfigType>(() => {
    const parsed = parseMemoBody(initialBody);
    const fallback = parsed.kind === 'lexical' ? serializedTextContent(parsed.state.root) : parsed.text;
    return {
      namespace: 'weft-memo',
      nodes: [...MEMO_NODES],
      theme: MEMO_THEME,
      onError: (error) => console.error('Memo editor error', error),
      editorState: () => $loadMemoBody(parsed, fallback),
    };
  });

  return (
    <LexicalComposer initialConfig={initialConfig}>
      <EditorBody label={label} onSave={onSave} onCancel={onCancel} autoFocus={autoFocus} saving={saving} placeholder={placeholder} />
    </LexicalComposer>
  );
}

interface Formats {
  bold: boolean;
  italic: boolean;
  list: 'bullet' | 'number' | 'check' | null;
}

function EditorBody({ label, onSave, onCancel, autoFocus, saving, placeholder }: Omit<MemoEditorProps, 'initialBody'> & { placeholder: string }) {
  const [editor] = useLexicalComposerContext();
  const hintId = useId();
  const [formats, setFormats] = useState<Formats>({ bold: false, italic: false, list: null });

  useEffect(
    () =>
      editor.registerUpdateListener(({ editorState }) => {
        editorState.read(() => {
          const selection = $getSelection();
          // keep the last state while the editor has no selection (focus on the toolbar)
          if (!$isRangeSelection(selection)) return;
          const list = $getNearestNodeOfType(selection.anchor.getNode(), ListNode);
          const next: Formats = { bold: selection.hasFormat('bold'), italic: selection.hasFormat('italic'), list: list?.getListType() ?? null };
          setFormats((prev) => (prev.bold === next.bold && prev.italic === next.italic && prev.list === next.list ? prev : next));
        });
      }),
    [editor],
  );

  const save = () => {
    if (saving) return;
    const { body, bodyText } = readMemo(editor);
    onSave(body, bodyText);
  };

  // Capture phase: runs before Lexical's own Enter handling on the editable element.
  const onKeyDownCapture = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.nativeEvent.isComposing) return;
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey) {
      e.preventDefault();
      e.stopPropagation();
      save();
    } else if (e.key === 'Escape' && onCancel) {
      e.preventDefault();
      e.stopPropagation();
      onCancel();
    }
  };

  // A toolbar command acts on the editor's selection; with none yet (the toolbar
  // reached before the text), put the caret at the end first. Lexical then
  // returns the focus to the text, so typing continues in the new format.
  const run = (command: () => void) => {
    const hasSelection = editor.getEditorState().read(() => $getSelection() !== null);
    if (hasSelection) command();
    else editor.focus(command, { defaultSelection: 'rootEnd' });
  };

  const toggleList = (type: 'bullet' | 'number') =>
    run(() => {
      if (formats.list === type) editor.dispatchCommand(REMOVE_LIST_COMMAND, undefined);
      else editor.dispatchCommand(type === 'bullet' ? INSERT_UNORDERED_LIST_COMMAND : INSERT_ORDERED_LIST_COMMAND, undefined);
    });

  return (
    <div className="memo-editor" onKeyDownCapture={onKeyDownCapture}>
      <Toolbar
        label={`Formatting for ${label}`}
        items={[
          { key: 'bold', label: 'Bold', shortcut: `${MOD}+B`, pressed: formats.bold, icon: <b aria-hidden="true">B</b>, run: () => run(() => editor.dispatchCommand(FORMAT_TEXT_COMMAND, 'bold')) },
          { key: 'italic', label: 'Italic', shortcut: `${MOD}+I`, pressed: formats.italic, icon: <i aria-hidden="true">I</i>, run: () => run(() => editor.dispatchCommand(FORMAT_TEXT_COMMAND, 'italic')) },
          { key: 'ul', label: 'Bulleted list', pressed: formats.list === 'bullet', icon: <BulletIcon />, run: () => toggleList('bullet'), separatorBefore: true },
          { key: 'ol', label: 'Numbered list', pressed: formats.list === 'number', icon: <NumberIcon />, run: () => toggleList('number') },
        ]}
      />
      <div className="memo-surface">
        <RichTextPlugin
          contentEditable={
            <ContentEditable
              className="memo-content"
              aria-label={label}
              aria-multiline={true}
              aria-describedby={hintId}
              aria-placeholder={placeholder}
              placeholder={<div className="memo-placeholder">{placeholder}</div>}
            />
          }
          ErrorBoundary={LexicalErrorBoundary}
        />
        <HistoryPlugin />
        <ListPlugin />
        {autoFocus && <AutoFocusPlugin defaultSelection="rootEnd" />}
      </div>
      <div className="memo-actions">
        <span id={hintId} className="memo-hint">
          <kbd>{MOD}</kbd>+<kbd>Enter</kbd> to save{onCancel ? <> · <kbd>Esc</kbd> to cancel</> : null}
        </span>
        <span className="spacer" />
        {onCancel && (
          <button type="button" className="memo-button" onClick={onCancel}>
            Cancel
          </button>
        )}
        <button type="button" className="primary" onClick={save} disabled={saving}>
          {saving ? 'Saving…' : 'Save'}
        </button>
      </div>
    </div>
  );
}

interface ToolItem {
  key: string;
  label: string;
  shortcut?: string;
  pressed: boolean;
  icon: ReactNode;
  run: () => void;
  separatorBefore?: boolean;
}

/** An ARIA toolbar: one tab stop, arrow keys move between buttons. */
function Toolbar({ label, items }: { label: string; items: ToolItem[] }) {
  const [active, setActive] = useState(0);
  const refs = useRef<Array<HTMLButtonElement | null>>([]);
  const move = (to: number) => {
    const n = (to + items.length) % items.length;
    setActive(n);
    refs.current[n]?.focus();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'ArrowRight') move(active + 1);
    else if (e.key === 'ArrowLeft') move(active - 1);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(items.length - 1);
    else return;
    e.preventDefault();
  };
  return (
    <div className="memo-toolbar" role="toolbar" aria-label={label} onKeyDown={onKeyDown}>
      {items.map((item, i) => (
        <span key={item.key} className="memo-tool-wrap">
          {item.separatorBefore && <span className="memo-tool-sep" aria-hidden="true" />}
          <button
            ref={(el) => {
              refs.current[i] = el;
            }}
            type="button"
            className="memo-tool"
            aria-label={item.label}
            aria-pressed={item.pressed}
            aria-keyshortcuts={item.shortcut?.replace('⌘', 'Meta').replace('Ctrl', 'Control')}
            title={item.shortcut ? `${item.label} (${item.shortcut})` : item.label}
            tabIndex={i === active ? 0 : -1}
            // a mouse click keeps the focus (and the selection) in the text
            onMouseDown={(e) => e.preventDefault()}
            onFocus={() => setActive(i)}
            onClick={item.run}
          >
            {item.icon}
          </button>
        </span>
      ))}
    </div>
  );
}

function BulletIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <circle cx="3" cy="4" r="1.3" fill="currentColor" />
      <circle cx="3" cy="8" r="1.3" fill="currentColor" />
      <circle cx="3" cy="12" r="1.3" fill="currentColor" />
      <path d="M6.5 4h7M6.5 8h7M6.5 12h7" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" />
    </svg>
  );
}

function NumberIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <text x="0.5" y="6" fontSize="5.5" fontFamily="system-ui, sans-serif" fill="currentColor">1</text>
      <text x="0.5" y="13.5" fontSize="5.5" fontFamily="system-ui, sans-serif" fill="currentColor">2</text>
      <path d="M6.5 4h7M6.5 8h7M6.5 12h7" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" />
    </svg>
  );
}
