// An encrypted project waits for its passphrase. The passphrase goes to the database process once and is not kept
// in the window: the field is cleared after every attempt.
import { useEffect, useRef, useState } from 'react';

interface Props {
  file: string;
  unlock: (passphrase: string) => Promise<void>;
  onCancel: () => void;
}

export function UnlockDialog({ file, unlock, onCancel }: Props) {
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => inputRef.current?.focus(), []);
  return (
    <div className="modal-backdrop">
      <form
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby="unlock-title"
        aria-describedby="unlock-file"
        onKeyDown={(e) => {
          if (e.key === 'Escape') onCancel();
        }}
        onSubmit={(e) => {
          e.preventDefault();
          if (!passphrase || busy) return;
          setBusy(true);
          setError(null);
          const typed = passphrase;
          setPassphrase('');
          unlock(typed)
            .catch((err: Error) => {
              setError(err.message);
              inputRef.current?.focus();
            })
            .finally(() => setBusy(false));
        }}
      >
        <h2 id="unlock-title">Encrypted project</h2>
        <p id="unlock-file" className="muted">
          {file} is encrypted. Enter its passphrase to open it.
        </p>
        <label className="field">
          <span>Passphrase</span>
          <input
            ref={inputRef}
            type="password"
            autoComplete="off"
            value={passphrase}
            onChange={(e) => setPassphrase(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'unlock-error' : undefined}
          />
        </label>
        {error && (
          <p id="unlock-error" role="alert" className="error">
            {error}
          </p>
        )}
        <div className="modal-actions">
          <button type="button" className="ghost" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!passphrase || busy}>
            Open
          </button>
        </div>
      </form>
    </div>
  );
}
