// The project's automatic backups (before migrations, merges, imports and restores), newest first, with restore.
import { useEffect, useRef, useState } from 'react';
import type { BackupInfo } from '../../../../shared/api/methods/security';

interface Props {
  list: () => Promise<BackupInfo[]>;
  restore: (name: string) => Promise<{ restored: string; savedAs: string }>;
  readOnly: boolean;
  onClose: (message?: string) => void;
}

const REASONS: Record<string, string> = {
  'before-merge': 'before a merge',
  'before-qdpx-import': 'before a REFI-QDA import',
  'before-restore': 'before a restore',
  manual: 'taken by hand',
};
const reasonText = (r: string) => REASONS[r] ?? (r.startsWith('before-migration-') ? `before an upgrade (${r.slice('before-migration-'.length).replace('-to-', ' → ')})` : r);

export function BackupsDialog({ list, restore, readOnly, onClose }: Props) {
  const [backups, setBackups] = useState<BackupInfo[] | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    closeRef.current?.focus();
    list().then(setBackups, (e: Error) => setError(e.message));
  }, [list]);
  // Escape closes it wherever focus is (a button that was disabled while busy drops focus to the page)
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div className="modal-backdrop" onMouseDown={() => onClose()}>
      <div
        className="modal wide"
        role="dialog"
        aria-modal="true"
        aria-labelledby="backups-title"
        onMouseDown={(e) => e.stopPropagation()}
      >
        <h2 id="backups-title">Backups</h2>
        <p className="muted">Taken automatically before upgrades, merges and imports; the last few are kept. Restoring backs up the current state first.</p>
        {backups === null && !error && <p>Loading…</p>}
        {backups?.length === 0 && <p>No backups yet.</p>}
        {backups && backups.length > 0 && (
          <table aria-label="Backups">
            <thead>
              <tr>
                <th scope="col">Taken</th>
                <th scope="col">Why</th>
                <th scope="col">Size</th>
              </tr>
            </thead>
            <tbody>
              {backups.map((b) => (
                <tr key={b.name} aria-selected={chosen === b.name}>
                  <td>
                    <label>
                      <input type="radio" name="backup" value={b.name} checked={chosen === b.name} onChange={() => setChosen(b.name)} /> {new Date(b.takenAt).toLocaleString()}
                    </label>
                  </td>
                  <td>{reasonText(b.reason)}</td>
                  <td>{Math.max(1, Math.round(b.bytes / 1024))} KB</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <div className="modal-actions">
          <button type="button" className="ghost" ref={closeRef} onClick={() => onClose()}>
            Close
          </button>
          <button
            type="button"
            className="primary danger"
            disabled={!chosen || busy || readOnly}
            title={readOnly ? 'The project is open read-only' : undefined}
            onClick={() => {
              if (!chosen) return;
              setBusy(true);
              setError(null);
              restore(chosen)
                .then((r) => onClose(`Restored the backup ${r.restored}; the state before it is kept as ${r.savedAs}.`))
                .catch((e: Error) => setError(e.message))
                .finally(() => setBusy(false));
            }}
          >
            Restore the chosen backup
          </button>
        </div>
      </div>
    </div>
  );
}
