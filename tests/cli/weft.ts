// Running the real `weft` command in CLI tests: under the Node 22 that npm
// installs, from the repository root, with a one-minute limit.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect } from 'vitest';
import { REPO_ROOT } from '../reference.js';

export const NODE22 = path.join(REPO_ROOT, 'node_modules', '.bin', 'node');
export const WEFT = path.join(REPO_ROOT, 'electron', 'cli', 'weft.cjs');
export const BUNDLE = path.join(REPO_ROOT, 'dist', 'cli', 'weft.mjs');

export function weft(...args: string[]) {
  const r = spawnSync(NODE22, [WEFT, ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  return r;
}

/** Runs weft, expects success with nothing on stderr, and returns stdout. */
export function ok(...args: string[]): string {
  const r = weft(...args);
  expect(r.stderr, `weft ${args.join(' ')}`).toBe('');
  expect(r.status, `weft ${args.join(' ')}`).toBe(0);
  return r.stdout;
}

/** Runs weft, expects exit status `code` and exactly one line on stderr, and returns that line. */
export function refused(args: string[], code = 1): string {
  const r = weft(...args);
  expect(r.status, `weft ${args.join(' ')}\n${r.stderr}`).toBe(code);
  const lines = r.stderr.split('\n');
  expect(lines.slice(0, -1), 'exactly one line on stderr').toHaveLength(1);
  return lines[0]!;
}
