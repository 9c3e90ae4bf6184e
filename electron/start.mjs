// `npm start`: build, then run the desktop app; where the Electron runtime is
// missing (or there is no display) fall back to browser mode on loopback.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'electron', 'cli', 'weft.cjs');
const require = createRequire(import.meta.url);

/** Where Electron keeps userData for an app named "weft"; WEFT_HOME overrides it in both modes. */
function weftHome() {
  if (process.env.WEFT_HOME) return path.resolve(process.env.WEFT_HOME);
  if (process.platform === 'win32') return path.join(process.env.APPDATA || path.join(os.homedir(), 'AppData', 'Roaming'), 'weft');
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', 'weft');
  return path.join(process.env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'), 'weft');
}

/**
 * The Electron executable, or the reason there is none. We do not call
 * require('electron'): when the binary is missing it starts a download.
 */
function findElectron() {
  let pkgDir;
  try {
    pkgDir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return { reason: 'the electron package is not installed' };
  }
  let relative = 'electron';
  try {
    relative = fs.readFileSync(path.join(pkgDir, 'path.txt'), 'utf8').trim();
  } catch {
    if (!process.env.ELECTRON_OVERRIDE_DIST_PATH) return { reason: 'the Electron binary was never downloaded' };
  }
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH || path.join(pkgDir, 'dist');
  const binary = path.join(dist, relative);
  if (!fs.existsSync(binary)) return { reason: `${binary} is missing` };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return { reason: 'no display' };
  return { binary };
}

/** Run a child until it exits, passing Ctrl+C and friends on to it. */
function supervise(child) {
  const forward = (signal) => () => child.kill(signal);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, forward(signal));
  child.on('error', (e) => {
    console.error(`weft: ${e.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

function lastProject(home) {
  try {
    const { projects } = JSON.parse(fs.readFileSync(path.join(home, 'recent.json'), 'utf8'));
    return (Array.isArray(projects) ? projects : []).find((p) => typeof p === 'string' && fs.existsSync(p));
  } catch {
    return undefined;
  }
}

function demoProject(home) {
  const r = spawnSync(process.execPath, [cli, 'demo', '--dir', home], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const file = r.stdout?.trim().split('\n').at(-1);
  if (r.status !== 0 || !file) {
    console.error('weft: could not create the demo project');
    process.exit(1);
  }
  return file;
}

function openInBrowser(url) {
  if (process.env.WEFT_NO_OPEN) return;
  const [command, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  try {
    const opener = spawn(command, args, { stdio: 'ignore', detached: true });
    opener.on('error', () => {}); // no opener installed: the printed URL is enough
    opener.unref();
  } catch {
    // as above
  }
}

function browserMode(reason) {
  console.log(`weft: the Electron runtime is not available here (${reason}); opening browser mode instead`);
  const home = weftHome();
  const project = lastProject(home) ?? demoProject(home);
  const server = spawn(process.execPath, [cli, 'serve', project], { stdio: ['ignore', 'pipe', 'inherit'] });
  supervise(server);
  const lines = readline.createInterface({ input: server.stdout });
  let first = true;
  lines.on('line', (line) => {
    console.log(line);
    if (first && /^http:\/\//.test(line)) openInBrowser(line.trim());
    first = false;
  });
}

// a separate process, so esbuild and Vite do not stay resident while the app runs
const built = spawnSync(process.execPath, [path.join(root, 'electron', 'build.mjs')], { stdio: 'inherit' });
if (built.status !== 0) {
  console.error('weft: the build failed; see the messages above');
  process.exit(1);
}
const electron = findElectron();
if (electron.binary) {
  // the app folder, not main.cjs: Electron then takes the app's name (and userData folder) from package.json
  supervise(spawn(electron.binary, [root, ...process.argv.slice(2)], { stdio: 'inherit' }));
} else {
  browserMode(electron.reason);
}
