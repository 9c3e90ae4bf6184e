// The Electron shell: one hardened window, the menu, and a relay between the
// renderer and the database process. No business logic and no remote content.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeTheme,
  shell,
  utilityProcess,
  type UtilityProcess,
} from 'electron';
import { ApiError, type MethodName } from '../shared/api/contract.js';
import { IPC_EVENT_CHANNEL } from '../shared/api/bridge.js';
import type { ProjectInfo } from '../shared/types.js';
import type { HostReply, HostRequest } from './backendProcess.js';
import { windowOptions } from './shell/windowOptions.js';
import { installGuards, isTrustedSender } from './shell/guards.js';
import { menuTemplate, type MenuAction } from './shell/menu.js';
import { registerIpc } from './shell/ipc.js';

// WEFT_HOME moves the user folder (recent list, demo project); `npm start`'s browser mode honours it too
if (process.env.WEFT_HOME) app.setPath('userData', path.resolve(process.env.WEFT_HOME));
app.enableSandbox();

const electronDir = __dirname; // dist/electron
const rendererIndex = path.join(electronDir, '..', 'renderer', 'index.html');
const appUrl = pathToFileURL(rendererIndex).href;
const appRoot = path.resolve(electronDir, '..', '..');
const MAX_RECENT = 10;
const PROJECT_FILTERS = [{ name: 'Weft project', extensions: ['weft'] }];

// ---- recent projects: userData/recent.json = { "projects": [most recent first] }

const recentFile = () => path.join(app.getPath('userData'), 'recent.json');

function readRecent(): string[] {
  try {
    const data = JSON.parse(fs.readFileSync(recentFile(), 'utf8')) as { projects?: unknown };
    return Array.isArray(data.projects) ? data.projects.filter((p): p is string => typeof p === 'string') : [];
  } catch {
    return [];
  }
}

function rememberRecent(file: string): void {
  const projects = [file, ...readRecent().filter((p) => p !== file)].slice(0, MAX_RECENT);
  try {
    fs.mkdirSync(path.dirname(recentFile()), { recursive: true });
    fs.writeFileSync(recentFile(), JSON.stringify({ projects }, null, 2) + '\n');
  } catch (e) {
    console.error(`weft: could not save the recent-projects list: ${(e as Error).message}`);
  }
}

// ---- the database process

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };
type OpenRequest = { type: 'open'; file: string; create?: boolean; readOnly?: boolean } | { type: 'open-demo'; dir: string };

class BackendRelay {
  private child: UtilityProcess | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private stopping = false;
  private restarts = 0;
  private lastOpen: OpenRequest | null = null;

  constructor(private readonly onEvent: (event: unknown) => void) {}

  start(): void {
    const child = utilityProcess.fork(path.join(electronDir, 'backend.cjs'), [], { serviceName: 'Weft database', stdio: 'inherit' });
    child.on('message', (reply: HostReply) => this.receive(reply));
    child.on('exit', (code) => this.exited(code));
    this.child = child;
  }

  call(method: MethodName, params: unknown): Promise<unknown> {
    return this.request((id) => ({ type: 'call', id, method, params }));
  }

  async open(request: OpenRequest): Promise<ProjectInfo> {
    const info = (await this.request((id) => ({ ...request, id }))) as ProjectInfo;
    this.lastOpen = { type: 'open', file: info.path };
    return info;
  }

  /** Close the project cleanly and let the process exit; kill it if it does not. */
  stop(): Promise<void> {
    const child = this.child;
    this.stopping = true;
    if (!child) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => child.kill(), 3000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.postMessage({ type: 'close' } satisfies HostRequest);
    });
  }

  private request(build: (id: number) => HostRequest): Promise<unknown> {
    const child = this.child;
    if (!child) return Promise.reject(new ApiError('internal', 'the database process is not running'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      child.postMessage(build(id));
    });
  }

  private settle(id: number | undefined, outcome: { ok: true; value: unknown } | { ok: false; error: ApiError }): void {
    if (id === undefined) return;
    const waiter = this.pending.get(id);
    this.pending.delete(id);
    if (outcome.ok) waiter?.resolve(outcome.value);
    else waiter?.reject(outcome.error);
  }

  private receive(reply: HostReply): void {
    switch (reply.type) {
      case 'result':
        return reply.ok
          ? this.settle(reply.id, { ok: true, value: reply.result })
          : this.settle(reply.id, { ok: false, error: new ApiError(reply.error.code, reply.error.message) });
      case 'opened':
        return this.settle(reply.id, { ok: true, value: reply.info });
      case 'open-failed':
        return this.settle(reply.id, { ok: false, error: new ApiError(reply.error.code, reply.error.message) });
      case 'event':
        return this.onEvent(reply.event);
      case 'closed':
        return;
    }
  }

  private exited(code: number): void {
    this.child = null;
    for (const waiter of this.pending.values()) waiter.reject(new ApiError('internal', 'the database process stopped unexpectedly'));
    this.pending.clear();
    if (this.stopping) return;
    console.error(`weft: the database process exited with code ${code}`);
    // a crash loop must end somewhere: after three restarts calls fail with a readable error
    if (this.restarts++ >= 3) return;
    this.start();
    if (this.lastOpen) this.open(this.lastOpen).catch((e) => console.error(`weft: could not reopen the project: ${(e as Error).message}`));
  }
}

// ---- the window

let mainWindow: BrowserWindow | null = null;
// the last 'locked' event (an encrypted project waiting for its passphrase), sent again when the page (re)loads
let lockedEvent: unknown = null;
const backend = new BackendRelay((event) => {
  if ((event as { type?: string }).type === 'locked') lockedEvent = event;
  mainWindow?.webContents.send(IPC_EVENT_CHANNEL, event);
});

function createWindow(): BrowserWindow {
  const win = new BrowserWindow(windowOptions({ electronDir, dark: nativeTheme.shouldUseDarkColors, dev: !app.isPackaged }));
  // `app` too: any later web contents (a devtools pane, a popup that slipped through) gets the same rules
  installGuards({
    appUrl,
    session: win.webContents.session,
    webContents: win.webContents,
    app,
    // a web link leaves the app only for the system browser, and only when the user agrees
    external: {
      confirm: async (url) =>
        (await dialog.showMessageBox(win, { type: 'question', buttons: ['Open in browser', 'Cancel'], defaultId: 1, cancelId: 1, message: 'Open this link in your web browser?', detail: url })).response === 0,
      open: (url) => shell.openExternal(url),
    },
  });
  // keep our "Weft: project" title rather than the page's <title>
  win.on('page-title-updated', (event) => event.preventDefault());
  win.once('ready-to-show', () => win.show());
  win.webContents.on('did-finish-load', () => {
    if (lockedEvent) win.webContents.send(IPC_EVENT_CHANNEL, lockedEvent);
  });
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  void win.loadFile(rendererIndex);
  return win;
}

function projectOpened(info: ProjectInfo): void {
  rememberRecent(info.path);
  mainWindow?.setTitle(`Weft: ${info.name}`);
  buildMenu();
}

async function openProject(request: OpenRequest): Promise<void> {
  try {
    projectOpened(await backend.open(request));
  } catch (e) {
    // an encrypted project: the window asks for the passphrase (the 'locked' event)
    if (e instanceof ApiError && e.code === 'locked' && !/^wrong passphrase/.test(e.message)) return;
    // another Weft (the CLI, weft serve) writes to it: offer to open it read-only
    if (request.type === 'open' && !request.readOnly && /is open in another Weft window/.test((e as Error).message)) {
      const r = await dialog.showMessageBox({ type: 'warning', buttons: ['Open read-only', 'Cancel'], defaultId: 0, cancelId: 1, message: 'This project is open elsewhere', detail: (e as Error).message });
      if (r.response === 0) await openProject({ ...request, readOnly: true });
      return;
    }
    dialog.showErrorBox('Weft could not open the project', (e as Error).message);
  }
}

/** The project given on the command line, else the last one used, else the demo. */
async function openFirstProject(argv: readonly string[]): Promise<void> {
  const candidates = [...argv.filter((a) => /\.weft$/i.test(a)).map((a) => path.resolve(a)), ...readRecent()];
  for (const file of candidates.filter((f) => fs.existsSync(f))) {
    try {
      return projectOpened(await backend.open({ type: 'open', file }));
    } catch (e) {
      console.error(`weft: ${(e as Error).message}`);
    }
  }
  await openProject({ type: 'open-demo', dir: app.getPath('userData') });
}

async function chooseProject(create: boolean): Promise<void> {
  const win = mainWindow;
  if (!win) return;
  if (create) {
    const r = await dialog.showSaveDialog(win, {
      title: 'New project',
      defaultPath: path.join(app.getPath('documents'), 'Untitled.weft'),
      filters: PROJECT_FILTERS,
    });
    if (r.canceled || !r.filePath) return;
    const file = /\.weft$/i.test(r.filePath) ? r.filePath : `${r.filePath}.weft`;
    return openProject({ type: 'open', file, create: true });
  }
  const r = await dialog.showOpenDialog(win, { title: 'Open project', properties: ['openFile'], filters: PROJECT_FILTERS });
  const file = r.filePaths[0];
  if (!r.canceled && file) await openProject({ type: 'open', file });
}

function showAbout(): void {
  void dialog.showMessageBox({
    type: 'info',
    title: 'About Weft',
    message: `Weft ${app.getVersion()}`,
    detail: 'Local-first qualitative coding for research interviews. Your projects stay on this computer: Weft makes no network connections.',
  });
}

function openDocumentation(): void {
  // packaged, README.md is unpacked beside the asar archive: another program cannot read inside it
  const readme = path.join(appRoot.replace(/app\.asar$/, 'app.asar.unpacked'), 'README.md');
  if (fs.existsSync(readme)) void shell.openPath(readme);
  else showAbout();
}

function onMenuAction(action: MenuAction): void {
  switch (action) {
    case 'new-project':
      return void chooseProject(true);
    case 'open-project':
      return void chooseProject(false);
    case 'about':
      return showAbout();
    case 'documentation':
      return openDocumentation();
    default:
      // the UI owns these (dialogs that need the project, the theme)
      mainWindow?.webContents.send(IPC_EVENT_CHANNEL, { type: 'menu', action });
  }
}

function buildMenu(): void {
  const template = menuTemplate({
    recent: readRecent(),
    dev: !app.isPackaged,
    mac: process.platform === 'darwin',
    onAction: onMenuAction,
    onOpenRecent: (file) => void openProject({ type: 'open', file }),
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

// ---- lifecycle

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', (_event, argv, workingDirectory) => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
    const file = argv.map((a) => path.resolve(workingDirectory, a)).find((a) => /\.weft$/i.test(a) && fs.existsSync(a));
    if (file) void openProject({ type: 'open', file });
  });

  void app.whenReady().then(() => {
    registerIpc(ipcMain, {
      isTrustedSender: (frameUrl) => isTrustedSender(frameUrl, appUrl),
      call: async (method, params) => {
        const result = await backend.call(method, params);
        if (method === 'project.unlock') {
          lockedEvent = null;
          projectOpened(result as ProjectInfo);
        }
        return result;
      },
    });
    backend.start();
    // sent before the window loads: the backend answers in order, so the UI's first call finds the project open
    void openFirstProject(process.argv.slice(1));
    buildMenu();
    mainWindow = createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  let stopped = false;
  app.on('before-quit', (event) => {
    if (stopped) return;
    // close the database before exit so the WAL is checkpointed
    event.preventDefault();
    stopped = true;
    void backend.stop().finally(() => app.quit());
  });
}
