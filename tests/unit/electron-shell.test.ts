// The Electron shell's security and wiring, with Electron itself mocked:
// the runtime cannot be downloaded here, and these are pure functions anyway.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { App, IpcRenderer, MenuItemConstructorOptions, Session, WebContents } from 'electron';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, type WeftBridge } from '../../shared/api/bridge.js';
import { CONTENT_SECURITY_POLICY } from '../../electron/transports/security.js';
import { windowOptions } from '../../electron/shell/windowOptions.js';
import { installGuards, isLocalRequest, isTrustedSender, withContentSecurityPolicy } from '../../electron/shell/guards.js';
import { menuTemplate, type MenuAction } from '../../electron/shell/menu.js';
import { handleInvoke, registerIpc, type IpcDependencies } from '../../electron/shell/ipc.js';

const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn() },
}));
vi.mock('electron', () => electron);

const APP_URL = 'file:///opt/weft/dist/renderer/index.html';

describe('window options', () => {
  const options = windowOptions({ electronDir: '/opt/weft/dist/electron', dark: false, dev: false });
  const web = options.webPreferences!;

  it('isolate and sandbox the renderer', () => {
    expect(web.contextIsolation).toBe(true);
    expect(web.sandbox).toBe(true);
    expect(web.nodeIntegration).toBe(false);
    expect(web.nodeIntegrationInWorker).toBe(false);
    expect(web.nodeIntegrationInSubFrames).toBe(false);
    expect(web.webSecurity).toBe(true);
    expect(web.allowRunningInsecureContent).toBe(false);
    expect(web.webviewTag).toBe(false);
    expect(web.spellcheck).toBe(false);
    expect(web.navigateOnDragDrop).toBe(false);
    expect(web.devTools).toBe(false);
  });

  it('load the bundled preload and title the window', () => {
    expect(web.preload).toBe('/opt/weft/dist/electron/preload.cjs');
    expect(options.title).toBe('Weft');
    expect(options.backgroundColor).toMatch(/^#[0-9a-f]{6}$/i);
    expect(windowOptions({ electronDir: '/x', dark: true, dev: true }).backgroundColor).not.toBe(options.backgroundColor);
  });
});

describe('content security policy', () => {
  const directives = new Map(
    CONTENT_SECURITY_POLICY.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name!, values] as const;
    }),
  );

  it('denies by default and never allows eval or remote hosts', () => {
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:|\*/);
  });

  it('replaces whatever policy a response carried', () => {
    const headers = withContentSecurityPolicy({ 'content-security-policy': ["default-src *"], 'X-Other': ['1'] });
    expect(headers).toEqual({ 'X-Other': ['1'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });
});

describe('isTrustedSender', () => {
  it('trusts only our own renderer page', () => {
    expect(isTrustedSender(APP_URL, APP_URL)).toBe(true);
    expect(isTrustedSender(`${APP_URL}#/documents/3`, APP_URL)).toBe(true);
    expect(isTrustedSender('file:///tmp/evil/index.html', APP_URL)).toBe(false);
    expect(isTrustedSender('https://example.org/', APP_URL)).toBe(false);
    expect(isTrustedSender('about:blank', APP_URL)).toBe(false);
    expect(isTrustedSender('', APP_URL)).toBe(false);
    expect(isTrustedSender(null, APP_URL)).toBe(false);
  });

  it('compares origins when the app is served rather than loaded from a file', () => {
    expect(isTrustedSender('app://weft/index.html', 'app://weft/index.html')).toBe(true);
    expect(isTrustedSender('http://127.0.0.1:5173/x', 'http://127.0.0.1:5173/')).toBe(true);
    expect(isTrustedSender('http://127.0.0.1:5174/', 'http://127.0.0.1:5173/')).toBe(false);
  });
});

type Listener = (...args: unknown[]) => void;

function fakeElectron() {
  const contentsListeners = new Map<string, Listener>();
  const appListeners = new Map<string, Listener>();
  const handlers: {
    windowOpen?: (details: { url: string }) => { action: string };
    permissionRequest?: (contents: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void;
    permissionCheck?: (...args: unknown[]) => boolean;
    headers?: (details: { responseHeaders?: Record<string, string[]> }, callback: (r: unknown) => void) => void;
    request?: (details: { url: string }, callback: (r: { cancel?: boolean }) => void) => void;
  } = {};
  const webContents = {
    on: (name: string, listener: Listener) => contentsListeners.set(name, listener),
    setWindowOpenHandler: (h: typeof handlers.windowOpen) => (handlers.windowOpen = h),
  };
  const session = {
    setPermissionRequestHandler: (h: typeof handlers.permissionRequest) => (handlers.permissionRequest = h),
    setPermissionCheckHandler: (h: typeof handlers.permissionCheck) => (handlers.permissionCheck = h),
    webRequest: {
      onHeadersReceived: (h: typeof handlers.headers) => (handlers.headers = h),
      onBeforeRequest: (h: typeof handlers.request) => (handlers.request = h),
    },
  };
  const app = { on: (name: string, listener: Listener) => appListeners.set(name, listener) };
  installGuards({
    appUrl: APP_URL,
    session: session as unknown as Session,
    webContents: webContents as unknown as WebContents,
    app: app as unknown as App,
  });
  const navigate = (event: string, url: string) => {
    const e = { preventDefault: vi.fn() };
    contentsListeners.get(event)!(e, url);
    return e.preventDefault.mock.calls.length > 0;
  };
  return { handlers, navigate, contentsListeners, appListeners };
}

describe('installGuards', () => {
  it('prevents navigation away from the app, but not within it', () => {
    const { navigate } = fakeElectron();
    expect(navigate('will-navigate', 'https://example.org')).toBe(true);
    expect(navigate('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(navigate('will-redirect', 'https://example.org')).toBe(true);
    expect(navigate('will-navigate', `${APP_URL}#/codes`)).toBe(false);
  });

  it('denies window.open and webviews', () => {
    const { handlers, contentsListeners } = fakeElectron();
    expect(handlers.windowOpen!({ url: 'https://example.org' })).toEqual({ action: 'deny' });
    expect(handlers.windowOpen!({ url: APP_URL })).toEqual({ action: 'deny' });
    const e = { preventDefault: vi.fn() };
    contentsListeners.get('will-attach-webview')!(e);
    expect(e.preventDefault).toHaveBeenCalled();
  });

  it('denies every permission request and check', () => {
    const { handlers } = fakeElectron();
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn();
      handlers.permissionRequest!({}, permission, callback, {});
      expect(callback).toHaveBeenCalledExactlyOnceWith(false);
    }
    expect(handlers.permissionCheck!({}, 'media', APP_URL, {})).toBe(false);
  });

  it('injects the CSP into every response', () => {
    const { handlers } = fakeElectron();
    const callback = vi.fn();
    handlers.headers!({ responseHeaders: { 'Content-Type': ['text/html'] } }, callback);
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: { 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });

  it('cancels every request that could leave the machine', () => {
    const { handlers } = fakeElectron();
    const cancelled = (url: string) => {
      const callback = vi.fn();
      handlers.request!({ url }, callback);
      return (callback.mock.calls[0]![0] as { cancel: boolean }).cancel;
    };
    expect(cancelled('https://example.org/collect')).toBe(true);
    expect(cancelled('http://127.0.0.1:8080/')).toBe(true);
    expect(cancelled('ws://example.org/')).toBe(true);
    expect(cancelled(APP_URL)).toBe(false);
    expect(cancelled('file:///opt/weft/dist/renderer/assets/index.js')).toBe(false);
    expect(cancelled('devtools://devtools/bundled/inspector.html')).toBe(false);
    expect(isLocalRequest('not a url')).toBe(false);
  });

  it('guards web contents created later too', () => {
    const { appListeners } = fakeElectron();
    const listeners = new Map<string, Listener>();
    const later = { on: (n: string, l: Listener) => listeners.set(n, l), setWindowOpenHandler: vi.fn() };
    appListeners.get('web-contents-created')!({}, later);
    expect(later.setWindowOpenHandler).toHaveBeenCalled();
    const e = { preventDefault: vi.fn() };
    listeners.get('will-navigate')!(e, 'https://example.org');
    expect(e.preventDefault).toHaveBeenCalled();
  });
});

describe('IPC', () => {
  const trusted = { senderFrame: { url: APP_URL } };
  let call: ReturnType<typeof vi.fn<IpcDependencies['call']>>;
  let invoke: (event: unknown, method: unknown, params: unknown) => Promise<unknown>;

  beforeEach(() => {
    call = vi.fn<IpcDependencies['call']>(async (method) => ({ echoed: method }));
    const ipcMain = { handle: vi.fn() };
    registerIpc(ipcMain as never, { isTrustedSender: (url) => isTrustedSender(url, APP_URL), call });
    expect(ipcMain.handle).toHaveBeenCalledOnce();
    expect(ipcMain.handle.mock.calls[0]![0]).toBe(IPC_INVOKE_CHANNEL);
    invoke = ipcMain.handle.mock.calls[0]![1] as typeof invoke;
  });

  it('rejects an untrusted sender without calling the backend', async () => {
    const r = await invoke({ senderFrame: { url: 'https://example.org/' } }, 'project.summary', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await invoke({ senderFrame: null }, 'project.summary', {})).toMatchObject({ ok: false });
    expect(call).not.toHaveBeenCalled();
  });

  it('rejects a method that is not in the contract without calling the backend', async () => {
    for (const method of ['fs.readFile', 'constructor', '__proto__', 42]) {
      expect(await invoke(trusted, method, {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    }
    expect(call).not.toHaveBeenCalled();
  });

  it('passes a trusted call on and wraps the result', async () => {
    expect(await invoke(trusted, 'codes.list', {})).toEqual({ ok: true, result: { echoed: 'codes.list' } });
    expect(call).toHaveBeenCalledExactlyOnceWith('codes.list', {});
  });

  it('turns backend failures into error values, never exceptions', async () => {
    const { ApiError } = await import('../../shared/api/contract.js');
    const deps: IpcDependencies = { isTrustedSender: () => true, call: async () => Promise.reject(new ApiError('not_found', 'no document 9')) };
    expect(await handleInvoke(deps, APP_URL, 'documents.get', { id: 9 })).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'no document 9' },
    });
    deps.call = async () => {
      throw new TypeError('boom');
    };
    expect(await handleInvoke(deps, APP_URL, 'codes.list', {})).toEqual({
      ok: false,
      error: { code: 'internal', message: 'codes.list: boom' },
    });
  });
});

describe('menu', () => {
  const onAction = vi.fn<(a: MenuAction) => void>();
  const onOpenRecent = vi.fn<(f: string) => void>();
  const template = menuTemplate({ recent: ['/data/Study A.weft', '/data/R&D.weft'], dev: false, mac: false, onAction, onOpenRecent });
  const submenu = (item: MenuItemConstructorOptions | undefined) => (item?.submenu ?? []) as MenuItemConstructorOptions[];
  const labels = (item: MenuItemConstructorOptions | undefined) => submenu(item).filter((i) => i.type !== 'separator').map((i) => i.label);
  const top = (label: string) => template.find((m) => m.label?.replace('&', '') === label);
  const click = (item: MenuItemConstructorOptions | undefined) => (item!.click as () => void)();

  it('has File, Edit, View and Help with the expected items', () => {
    expect(template.map((m) => m.label)).toEqual(['&File', '&Edit', '&View', '&Help']);
    expect(labels(top('File'))).toEqual(['New project…', 'Open project…', 'Open recent', 'Import transcripts…', 'Export…', 'Backups…', 'Quit']);
    expect(labels(top('Edit'))).toEqual(['Undo', 'Redo', 'Cut', 'Copy', 'Paste', 'Select all']);
    expect(labels(top('View'))).toEqual(['Toggle dark theme', 'Zoom in', 'Zoom out', 'Actual size', 'Toggle full screen']);
    expect(labels(top('Help'))).toEqual(['About Weft', 'Documentation']);
  });

  it('offers Reload only in development', () => {
    expect(labels(top('View'))).not.toContain('Reload');
    const dev = menuTemplate({ recent: [], dev: true, mac: false, onAction, onOpenRecent });
    expect(labels(dev.find((m) => m.label === '&View'))).toContain('Reload');
  });

  it('sends UI actions through the callback', () => {
    const file = submenu(top('File'));
    click(file.find((i) => i.label === 'Import transcripts…'));
    click(submenu(top('View')).find((i) => i.label === 'Toggle dark theme'));
    expect(onAction.mock.calls.map((c) => c[0])).toEqual(['import-transcripts', 'toggle-dark-theme']);
  });

  it('lists recent projects and opens the one chosen', () => {
    const recent = submenu(submenu(top('File')).find((i) => i.label === 'Open recent'));
    expect(recent.map((i) => i.label)).toEqual(['Study A  (/data)', 'R&&D  (/data)']);
    click(recent[1]);
    expect(onOpenRecent).toHaveBeenCalledWith('/data/R&D.weft');
    const empty = menuTemplate({ recent: [], dev: false, mac: false, onAction, onOpenRecent });
    const none = submenu(submenu(empty[0]).find((i) => i.label === 'Open recent'));
    expect(none).toEqual([{ label: 'No recent projects', enabled: false }]);
  });
});

describe('preload bridge', () => {
  it('exposes exactly invoke and onEvent as window.weft', async () => {
    await import('../../electron/preload.js');
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledOnce();
    const [name, bridge] = electron.contextBridge.exposeInMainWorld.mock.calls[0]! as [string, WeftBridge];
    expect(name).toBe('weft');
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'onEvent']);
    expect(Object.values(bridge).every((v) => typeof v === 'function')).toBe(true);
  });

  it('invokes over the one channel and never throws', async () => {
    const { createBridge } = await import('../../electron/preload.js');
    const ipc = { invoke: vi.fn(async () => ({ ok: true, result: 3 })), on: vi.fn(), removeListener: vi.fn() };
    const bridge = createBridge(ipc as unknown as IpcRenderer);
    expect(await bridge.invoke('project.summary', {})).toEqual({ ok: true, result: 3 });
    expect(ipc.invoke).toHaveBeenCalledWith(IPC_INVOKE_CHANNEL, 'project.summary', {});
    ipc.invoke.mockRejectedValueOnce(new Error('An object could not be cloned.'));
    expect(await bridge.invoke('codes.create', { name: () => 1 })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });

  it('delivers events without the IPC event object and unsubscribes', async () => {
    const { createBridge } = await import('../../electron/preload.js');
    const ipc = { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn() };
    const bridge = createBridge(ipc as unknown as IpcRenderer);
    const listener = vi.fn();
    const unsubscribe = bridge.onEvent(listener);
    expect(ipc.on.mock.calls[0]![0]).toBe(IPC_EVENT_CHANNEL);
    const relay = ipc.on.mock.calls[0]![1] as (e: unknown, payload: unknown) => void;
    relay({ sender: 'ipcRenderer itself' }, { type: 'changed', what: ['codes'] });
    expect(listener).toHaveBeenCalledExactlyOnceWith({ type: 'changed', what: ['codes'] });
    unsubscribe();
    expect(ipc.removeListener).toHaveBeenCalledWith(IPC_EVENT_CHANNEL, relay);
  });
});
