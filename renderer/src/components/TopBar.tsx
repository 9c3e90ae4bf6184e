// The window's top bar: the project, the view tabs, undo and redo, backups,
// whose codings the Coding view shows, the current coder and the theme.
import type { Coder, ProjectInfo } from '../../../shared/types';

export type Theme = 'light' | 'dark';

interface Props {
  info: ProjectInfo | null;
  views: Array<{ id: string; label: string }>;
  activeView: string;
  onView: (id: string) => void;
  history: { undo: string | null; redo: string | null };
  onUndoRedo: (which: 'undo' | 'redo') => void;
  onBackups: () => void;
  /** 'all' | 'mine' | a coder's name */
  show: string;
  onShow: (show: string) => void;
  coders: Coder[];
  coder: Coder | null;
  onChangeCoder: () => void;
  theme: Theme;
  onTheme: (theme: Theme) => void;
}

export function TopBar({ info, views, activeView, onView, history, onUndoRedo, onBackups, show, onShow, coders, coder, onChangeCoder, theme, onTheme }: Props) {
  return (
    <header className="topbar">
      <span className="brand" aria-hidden="true">
        <svg width="20" height="20" viewBox="0 0 20 20">
          <path d="M2 5h16M2 10h16M2 15h16" stroke="currentColor" strokeWidth="2" opacity=".35" />
          <path d="M5 2v16M10 2v16M15 2v16" stroke="var(--accent)" strokeWidth="2" />
        </svg>
      </span>
      <h1 className="project-name" title={info?.name}>
        {info?.name ?? 'Weft'}
      </h1>
      {info?.readOnly && <span className="badge warn">read-only</span>}
      {info?.encrypted && <span className="badge">encrypted</span>}
      {views.length > 0 && (
        <nav className="view-tabs" aria-label="Views">
          {[{ id: 'coding', label: 'Coding' }, ...views].map((v) => (
            <button key={v.id} type="button" className={`view-tab${activeView === v.id ? ' active' : ''}`} aria-current={activeView === v.id ? 'page' : undefined} onClick={() => onView(v.id)}>
              {v.label}
            </button>
          ))}
        </nav>
      )}
      <div className="toolbar" role="toolbar" aria-label="Edit">
        <button type="button" className="ghost" onClick={() => onUndoRedo('undo')} disabled={!history.undo} aria-label="Undo" title={history.undo ? `Undo ${history.undo} (Ctrl+Z)` : 'Nothing to undo'}>
          ↶
        </button>
        <button type="button" className="ghost" onClick={() => onUndoRedo('redo')} disabled={!history.redo} aria-label="Redo" title={history.redo ? `Redo ${history.redo} (Ctrl+Shift+Z)` : 'Nothing to redo'}>
          ↷
        </button>
      </div>
      <button type="button" className="ghost small" onClick={onBackups}>
        Backups…
      </button>
      <span className="spacer" />
      {/* whose codings to show filters the whole Coding view; other views get the room */}
      {activeView === 'coding' && (
        <label className="view-select">
          <span className="muted">Show</span>
          <select aria-label="Show codings of" value={show} onChange={(e) => onShow(e.target.value)}>
            <option value="all">all coders</option>
            <option value="mine">my codings</option>
            {coders.map((c) => (
              <option key={c.id} value={c.name}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <button type="button" className="ghost" onClick={onChangeCoder} aria-label={`Current coder: ${coder?.name ?? 'none'}. Change coder`}>
        <span className="avatar" aria-hidden="true">
          {(coder?.name ?? '?').slice(0, 1).toUpperCase()}
        </span>
        {coder?.name ?? 'No coder'}
      </button>
      <button type="button" className="ghost" onClick={() => onTheme(theme === 'dark' ? 'light' : 'dark')} aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}>
        {theme === 'dark' ? '☀' : '☾'}
      </button>
    </header>
  );
}
