// The one place the main window's options are decided: every renderer-facing
// switch is set explicitly so a future default change in Electron cannot loosen it.
import path from 'node:path';
import type { BrowserWindowConstructorOptions } from 'electron';

export interface WindowOptionsInput {
  /** The folder holding the bundled preload.cjs (dist/electron). */
  electronDir: string;
  dark: boolean;
  dev: boolean;
}

export const LIGHT_BACKGROUND = '#f7f6f3';
export const DARK_BACKGROUND = '#1d1e21';

export function windowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    title: 'Weft',
    width: 1280,
    height: 820,
    minWidth: 760,
    minHeight: 520,
    // painted before the renderer's first frame, so the window does not flash white in dark mode
    backgroundColor: input.dark ? DARK_BACKGROUND : LIGHT_BACKGROUND,
    show: false,
    webPreferences: {
      preload: path.join(input.electronDir, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      // a transcript dropped on the window must not replace the app with the file
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      devTools: input.dev,
    },
  };
}
