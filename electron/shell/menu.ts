// The application menu as a plain template, so it can be tested without Electron.
// Items that need the UI or the main process call back with a named action.
import path from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';

export type MenuAction =
  | 'new-project'
  | 'open-project'
  | 'import-transcripts'
  | 'export'
  | 'backups'
  | 'toggle-dark-theme'
  | 'about'
  | 'documentation';

export interface MenuInput {
  /** Project files, most recent first. */
  recent: readonly string[];
  dev: boolean;
  mac: boolean;
  onAction: (action: MenuAction) => void;
  onOpenRecent: (file: string) => void;
}

const MAX_RECENT = 10;

/** "&" is a mnemonic marker in menu labels on Windows and Linux. */
function escapeLabel(text: string): string {
  return text.replace(/&/g, '&&');
}

function recentLabel(file: string): string {
  return escapeLabel(`${path.basename(file).replace(/\.weft$/i, '')}  (${path.dirname(file)})`);
}

function recentSubmenu(input: MenuInput): MenuItemConstructorOptions[] {
  if (input.recent.length === 0) return [{ label: 'No recent projects', enabled: false }];
  return input.recent.slice(0, MAX_RECENT).map((file) => ({
    label: recentLabel(file),
    click: () => input.onOpenRecent(file),
  }));
}

export function menuTemplate(input: MenuInput): MenuItemConstructorOptions[] {
  const act = (action: MenuAction) => () => input.onAction(action);

  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { label: 'New project…', accelerator: 'CmdOrCtrl+N', click: act('new-project') },
      { label: 'Open project…', accelerator: 'CmdOrCtrl+O', click: act('open-project') },
      { label: 'Open recent', submenu: recentSubmenu(input) },
      { type: 'separator' },
      { label: 'Import transcripts…', accelerator: 'CmdOrCtrl+I', click: act('import-transcripts') },
      { label: 'Export…', accelerator: 'CmdOrCtrl+E', click: act('export') },
      { label: 'Backups…', click: act('backups') },
      // on macOS Quit lives in the application menu
      ...(input.mac ? [] : ([{ type: 'separator' }, { label: 'Quit', role: 'quit' }] as MenuItemConstructorOptions[])),
    ],
  };

  const edit: MenuItemConstructorOptions = {
    label: '&Edit',
    submenu: [
      { label: 'Undo', role: 'undo' },
      { label: 'Redo', role: 'redo' },
      { type: 'separator' },
      { label: 'Cut', role: 'cut' },
      { label: 'Copy', role: 'copy' },
      { label: 'Paste', role: 'paste' },
      { label: 'Select all', role: 'selectAll' },
    ],
  };

  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      ...(input.dev
        ? ([
            { label: 'Reload', role: 'reload' },
            { label: 'Toggle developer tools', role: 'toggleDevTools' },
            { type: 'separator' },
          ] as MenuItemConstructorOptions[])
        : []),
      { label: 'Toggle dark theme', accelerator: 'CmdOrCtrl+Shift+D', click: act('toggle-dark-theme') },
      { type: 'separator' },
      { label: 'Zoom in', role: 'zoomIn' },
      { label: 'Zoom out', role: 'zoomOut' },
      { label: 'Actual size', role: 'resetZoom' },
      { type: 'separator' },
      { label: 'Toggle full screen', role: 'togglefullscreen' },
    ],
  };

  const help: MenuItemConstructorOptions = {
    label: '&Help',
    role: 'help',
    submenu: [
      { label: 'About Weft', click: act('about') },
      { label: 'Documentation', click: act('documentation') },
    ],
  };

  return [...(input.mac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []), file, edit, view, help];
}
