// First run: ask who is coding. Every coding records its coder.
import { useEffect, useRef, useState } from 'react';

export function CoderDialog({ known, onDone }: { known: string[]; onDone: (name: string) => void }) {
  const [name, setName] = useState('');
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => inputRef.current?.focus(), []);
  return (
    <div className="modal-backdrop">
      <form
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby="coder-title"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) onDone(name.trim());
        }}
      >
        <h2 id="coder-title">Who is coding?</h2>
        <p className="muted">Your name is recorded with every coding you make, so the team can compare coders.</p>
        <label className="field">
          <span>Your name</span>
          <input ref={inputRef} value={name} onChange={(e) => setName(e.target.value)} list="known-coders" autoComplete="off" />
        </label>
        <datalist id="known-coders">
          {known.map((k) => (
            <option key={k} value={k} />
          ))}
        </datalist>
        <div className="modal-actions">
          <button type="submit" className="primary" disabled={!name.trim()}>
            Start coding
          </button>
        </div>
      </form>
    </div>
  );
}
