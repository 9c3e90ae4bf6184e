// Runs once, in vitest's main process, before any test file: builds dist/ when
// it is missing or older than the sources, so that the CLI and end-to-end
// tests never rebuild it themselves (a build inside a test worker blocks it
// for a minute, and two at once would overwrite each other's output).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './reference.js';

function newest(dir: string): number {
  let m = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'dist') continue;
    const p = path.join(dir, e.name);
    m = Math.max(m, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return m;
}

export default function setup(): void {
  const bundles = ['dist/cli/weft.mjs', 'dist/renderer/index.html'].map((f) => path.join(REPO_ROOT, f));
  const built = Math.min(...bundles.map((b) => (fs.existsSync(b) ? fs.statSync(b).mtimeMs : 0)));
  const sources = Math.max(...['electron', 'shared', 'renderer'].map((d) => newest(path.join(REPO_ROOT, d))));
  if (built >= sources) return;
  const node = path.join(REPO_ROOT, 'node_modules', '.bin', 'node');
  execFileSync(fs.existsSync(node) ? node : process.execPath, [path.join(REPO_ROOT, 'electron', 'build.mjs')], { cwd: REPO_ROOT, stdio: 'pipe', timeout: 300_000 });
}
