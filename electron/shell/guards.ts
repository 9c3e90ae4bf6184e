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

/** How an external link leaves the app: a question to the user, then the system browser. */
export interface ExternalOpener {
  confirm: (url: string) => Promise<boolean>;
  open: (url: string) => Promise<void>;
}

/** The link as the browser would get it, when it is a web link (http or https) without credentials; else null. */
export function externalWebLink(url: string | null | undefined): string | null {
  const u = parse(url);
  if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:') || u.username || u.password || !u.hostname) return null;
  return u.href;
}

/**
 * Offer to open a link in the system browser: only http(s) links, and only
 * after the user says yes. Every other scheme (file:, javascript:, custom
 * protocol handlers) is dropped without asking. True when it was opened.
 */
export async function offerExternalLink(url: string, opener: ExternalOpener): Promise<boolean> {
  const link = externalWebLink(url);
  if (!link) return false;
  if (!(await opener.confirm(link))) return false;
  await opener.open(link);
  return true;
}

/** Navigation, new windows and webviews: only our own page; web links go to the system browser when the user agrees. */
export function guardWebContents(contents: WebContents, appUrl: string, external?: ExternalOpener): void {
  const offer = (url: string) => {
    if (external) void offerExternalLink(url, external).catch(() => false);
  };
  contents.on('will-navigate', (event, url) => {
    if (isSamePage(url, appUrl)) return;
    event.preventDefault();
    offer(url);
  });
  contents.on('will-redirect', (event, url) => {
    if (!isSamePage(url, appUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (!isSamePage(url, appUrl)) offer(url);
    return { action: 'deny' };
  });
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
  /** When given, web links the user follows are offered to the system browser. */
  external?: ExternalOpener;
}

export function installGuards(targets: GuardTargets): void {
  guardSession(targets.session);
  guardWebContents(targets.webContents, targets.appUrl, targets.external);
  targets.app?.on('web-contents-created', (_event, contents) => {
    if (contents !== targets.webContents) guardWebContents(contents, targets.appUrl);
  });
}
