// One cell of the codebook table, shown as text; Enter, F2 or a click edits it
// in place, Enter saves (Shift+Enter is a new line in long fields) and Escape cancels.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';

/**
 * The cell whose edit was just saved, to get the focus back when the table redraws: saving refreshes the codebook,
 * and a redrawn table can mount the cell anew, which would leave the keyboard user's focus on the page body.
 */
let refocus: { label: string; until: number } | null = null;

/** A cell shown as text; Enter, F2 or a click edits it in place. */
export function EditableCell(props: { label: string; value: string; multiline: boolean; disabled: boolean; onSave: (value: string) => Promise<boolean> }) {
  const { label, value, multiline, disabled, onSave } = props;
  const [draft, setDraft] = useState<string | null>(null);
  const viewRef = useRef<HTMLButtonElement>(null);
  const editRef = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const editing = draft !== null;
  useEffect(() => {
    if (editing) editRef.current?.focus();
  }, [editing]);
  useEffect(() => {
    // a redrawn cell takes the focus back, unless the user has moved on
    const active = document.activeElement;
    if (!editing && refocus?.label === label && Date.now() < refocus.until && (!active || active === document.body)) viewRef.current?.focus();
  });

  // the editor's blur can follow Enter or Escape; only the first ending counts
  const open = useRef(false);
  const start = () => {
    open.current = true;
    setDraft(value);
  };
  const finish = async (save: boolean) => {
    if (draft === null || !open.current) return;
    open.current = false;
    const next = draft;
    setDraft(null);
    refocus = { label, until: Date.now() + 3000 };
    if (save && next !== value) await onSave(next);
    requestAnimationFrame(() => viewRef.current?.focus());
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') void finish(false);
    else if (e.key === 'Enter' && !(multiline && e.shiftKey)) void finish(true);
    else return;
    e.preventDefault();
    e.stopPropagation();
  };

  if (draft !== null) {
    return multiline ? (
      <textarea ref={editRef} className="cb-editor" aria-label={label} value={draft} rows={Math.min(8, Math.max(3, draft.split('\n').length + 1))} onChange={(e) => setDraft(e.target.value)} onKeyDown={onKeyDown} onBlur={() => void finish(true)} />
    ) : (
      <input ref={editRef} className="cb-editor" aria-label={label} value={draft} onChange={(e) => setDraft(e.target.value)} onKeyDown={onKeyDown} onBlur={() => void finish(true)} />
    );
  }
  return (
    <button
      ref={viewRef}
      type="button"
      className={`cb-cell${value ? '' : ' empty'}`}
      aria-label={`${label}: ${value || 'empty'}${disabled ? '' : ', press Enter to edit'}`}
      aria-disabled={disabled || undefined}
      title={value || undefined}
      onClick={() => !disabled && start()}
      onKeyDown={(e) => {
        if (!disabled && e.key === 'F2') {
          e.preventDefault();
          start();
        }
      }}
    >
      {value || '—'}
    </button>
  );
}
