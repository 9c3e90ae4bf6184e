// Security guards for the Electron shell. The window only ever shows our own
// bundled renderer: it may not navigate, open windows, ask for permissions,
// or fetch anything that is not a local file.
import type { App, Session, WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../transports/security.js';

function parse(url: string | null | undefined): URL | null {
  if (!url) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * True when an IPC message comes from our own renderer: the bundled index.html
 * when the app is loaded from a file, or the app's own origin otherwise.
 */
export function isTrustedSender(frameUrl: string | null | undefined, appUrl: string): boolean {
  const frame = parse(frameUrl);
  const app = parse(appUrl);
  if (!frame || !app) return false;
  if (app.protocol === 'file:') {
    return frame.protocol === 'file:' && frame.host === app.host && frame.pathname === app.pathname;
  }
  return originOf(app) !== null && originOf(frame) === originOf(app);
}

/** scheme://host[:port]; WHATWG URL gives custom schemes such as app:// an opaque origin, Chromium does not when they are registered as standard. */
function originOf(url: URL): string | null {
  if (url.origin !== 'null') return url.origin;
  return url.host ? `${url.protocol}//${url.host}` : null;
}

/** Same document as the app, ignoring the #fragment (the renderer may route with it). */
export function isSamePage(targetUrl: string, appUrl: string): boolean {
  const target = parse(targetUrl);
  const app = parse(appUrl);
  if (!target || !app) return false;
  target.hash = '';
  app.hash = '';
  return target.href === app.href;
}

const LOCAL_SCHEMES = new Set(['file:', 'devtools:', 'data:', 'blob:']);

/** Requests the renderer may make: nothing that could leave the machine. */
export function isLocalRequest(url: string): boolean {
  const parsed = parse(url);
  return parsed !== null && LOCAL_SCHEMES.has(parsed.protocol);
}

/** Response headers with our CSP in place of any the response carried. */
export function withContentSecurityPolicy(headers: Record<string, string[]> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') out[name] = value;
  }
  out['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
  return out;
}

/** Navigation, new windows and webviews: only our own page, nothing else. */
export function guardWebContents(contents: WebContents, appUrl: string): void {
  contents.on('will-navigate', (event, url) => {
    if (!isSamePage(url, appUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isSamePage(url, appUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** Permissions, CSP and the network for the session the window uses. */
export function guardSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders) });
  });
  session.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isLocalRequest(details.url) });
  });
}

export interface GuardTargets {
  appUrl: string;
  session: Session;
  webContents: WebContents;
  /** When given, every web contents created later (devtools, a stray popup) is guarded too. */
  app?: App;
}

export function installGuards(targets: GuardTargets): void {
  guardSession(targets.session);
  guardWebContents(targets.webContents, targets.appUrl);
  targets.app?.on('web-contents-created', (_event, contents) => {
    if (contents !== targets.webContents) guardWebContents(contents, targets.appUrl);
  });
}
