// End-to-end harness: a fresh temp project served by the real `weft serve`,
// driven by headless Debian Chromium through playwright-core.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { chromium, type Browser, type Page } from 'playwright-core';
import { REPO_ROOT } from '../reference.js';

export const WEFT = path.join(REPO_ROOT, 'electron', 'cli', 'weft.cjs');

export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) throw new Error('Chromium not found: install Debian "chromium" or set CHROMIUM_PATH');
  return found;
}

export function weft(...args: string[]): string {
  return execFileSync(process.execPath, [WEFT, ...args], { encoding: 'utf8' });
}

export function tempDir(prefix = 'weft-e2e-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface Served {
  url: string;
  origin: string;
  child: ChildProcess;
  stop: () => Promise<void>;
}

/** Start `weft serve PROJECT` and wait for the URL on its first stdout line. */
export async function serve(project: string): Promise<Served> {
  const child = spawn(process.execPath, [WEFT, 'serve', project], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const url = await new Promise<string>((resolve, reject) => {
    const rl = readline.createInterface({ input: child.stdout! });
    rl.once('line', (line) => resolve(line.trim()));
    child.once('exit', (code) => reject(new Error(`weft serve exited with ${code}: ${stderr}`)));
  });
  return {
    url,
    origin: new URL(url).origin,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/**
 * Fail on any request that would leave the machine: everything must go to
 * the loopback server (or be a data:/blob: URL).
 */
export function recordOutboundRequests(page: Page): string[] {
  const outbound: string[] = [];
  page.on('request', (req) => {
    const u = new URL(req.url());
    if (u.protocol === 'data:' || u.protocol === 'blob:') return;
    if (u.hostname !== '127.0.0.1' && u.hostname !== 'localhost') outbound.push(req.url());
  });
  return outbound;
}

export const ARTIFACTS = path.join(REPO_ROOT, 'tests', 'artifacts');

export interface AppSession {
  served: Served;
  browser: Browser;
  page: Page;
  /** requests that would have left the machine (should stay empty) */
  outbound: string[];
  close(): Promise<void>;
}

/**
 * The usual start of an e2e file: `weft serve` on `project`, a headless
 * Chromium page on it with outbound requests recorded, and `coder` given as
 * the name asked for on first run.
 */
export async function openApp(project: string, coder: string, viewport = { width: 1400, height: 900 }): Promise<AppSession> {
  const served = await serve(project);
  const browser = await launchBrowser();
  const page = await (await browser.newContext({ viewport })).newPage();
  const outbound = recordOutboundRequests(page);
  await page.goto(served.url);
  await page.getByLabel('Your name').fill(coder);
  await page.getByRole('button', { name: 'Start coding' }).click();
  return {
    served,
    browser,
    page,
    outbound,
    async close() {
      await browser.close();
      await served.stop();
    },
  };
}
