// Encrypted projects, the single-writer lock, backups and restore through the real `weft` command
// (run `node electron/build.mjs` first).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../reference.js';

const NODE22 = path.join(REPO_ROOT, 'node_modules', '.bin', 'node');
const WEFT = path.join(REPO_ROOT, 'electron', 'cli', 'weft.cjs');

function weft(env: Record<string, string>, ...args: string[]) {
  const clean = { ...process.env };
  delete clean.WEFT_PASSPHRASE;
  delete clean.WEFT_NEW_PASSPHRASE;
  // stdin is not a terminal: without WEFT_PASSPHRASE weft must refuse rather than wait for input
  const r = spawnSync(NODE22, [WEFT, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000, env: { ...clean, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.error) throw r.error;
  return r;
}
function ok(env: Record<string, string>, ...args: string[]): string {
  const r = weft(env, ...args);
  expect(r.stderr, `weft ${args.join(' ')}`).toBe('');
  expect(r.status, `weft ${args.join(' ')}`).toBe(0);
  return r.stdout;
}
function refused(env: Record<string, string>, ...args: string[]): string {
  const r = weft(env, ...args);
  expect(r.status, r.stdout).toBe(1);
  const lines = r.stderr.split('\n');
  expect(lines.slice(0, -1)).toHaveLength(1);
  return lines[0]!;
}

const SECRETS = ['Wanjiru', 'game chat', 'กรุงเทพมหานคร', 'ครูสอนพิเศษ'];
function clearText(file: string): string[] {
  const b = Buffer.concat(['', '-wal'].map((s) => (fs.existsSync(file + s) ? fs.readFileSync(file + s) : Buffer.alloc(0))));
  return SECRETS.filter((s) => b.includes(Buffer.from(s)));
}
const P = { WEFT_PASSPHRASE: 'river stone 7' };

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-cli-security-'));
  fs.writeFileSync(path.join(dir, 'i1.txt'), 'Interviewer: What happened?\nRespondent: Wanjiru met him in a game chat.\n');
  fs.writeFileSync(path.join(dir, 'i2.txt'), 'Interviewer: เกิดอะไรขึ้น\nRespondent: ที่กรุงเทพมหานคร ครูสอนพิเศษ คนหนึ่ง\n');
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('weft with encrypted projects', () => {
  it('init --encrypt, import, info; nothing in the clear; wrong and missing passphrases refused in one line', () => {
    expect(ok(P, 'init', 'enc.weft', '--encrypt')).toBe('created enc.weft (project "enc", encrypted)\n');
    ok(P, 'import', 'enc.weft', 'i1.txt', 'i2.txt');
    expect(ok(P, 'info', 'enc.weft', '--json')).toContain('"documents":2');
    expect(clearText(path.join(dir, 'enc.weft'))).toEqual([]);
    expect(refused({ WEFT_PASSPHRASE: 'wrong' }, 'info', 'enc.weft')).toBe('weft: wrong passphrase for enc.weft');
    expect(refused({}, 'info', 'enc.weft')).toBe('weft: enc.weft is encrypted: set WEFT_PASSPHRASE, or run weft in a terminal to be asked');
  }, 120_000);

  it('decrypt and encrypt in place keep every count; passphrase changes the key', () => {
    ok({}, 'init', 'study.weft');
    ok({}, 'import', 'study.weft', 'i1.txt', 'i2.txt');
    const before = ok({}, 'info', 'study.weft', '--json');
    expect(clearText(path.join(dir, 'study.weft')).length).toBeGreaterThan(0);
    expect(ok(P, 'encrypt', 'study.weft')).toMatch(/^encrypted study\.weft \(2 documents, 0 codes, 0 codings; checked\)\n$/);
    expect(clearText(path.join(dir, 'study.weft'))).toEqual([]);
    expect(ok(P, 'info', 'study.weft', '--json')).toBe(before);
    expect(refused(P, 'encrypt', 'study.weft')).toBe('weft: study.weft: already encrypted (use weft passphrase to change the passphrase)');
    ok({ ...P, WEFT_NEW_PASSPHRASE: 'new words' }, 'passphrase', 'study.weft');
    expect(refused(P, 'info', 'study.weft')).toBe('weft: wrong passphrase for study.weft');
    expect(ok({ WEFT_PASSPHRASE: 'new words' }, 'info', 'study.weft', '--json')).toBe(before);
    ok({ WEFT_PASSPHRASE: 'new words' }, 'decrypt', 'study.weft');
    expect(ok({}, 'info', 'study.weft', '--json')).toBe(before);
    expect(fs.readdirSync(dir).filter((n) => n.startsWith('.'))).toEqual([]);
  }, 120_000);

  it('package --encrypt writes an encrypted coder package', () => {
    ok({}, 'init', 'lead.weft');
    ok({}, 'import', 'lead.weft', 'i1.txt', 'i2.txt');
    ok({}, 'assign', 'lead.weft', '--coder', 'Ann', '--documents', 'i1,i2');
    ok(P, 'package', 'lead.weft', '--coder', 'Ann', '--out', 'ann.weft', '--encrypt');
    expect(clearText(path.join(dir, 'ann.weft'))).toEqual([]);
    expect(ok(P, 'info', 'ann.weft', '--json')).toContain('"documents":2');
    // merged back into the plain lead project with the package's passphrase; a merge is backed up first
    expect(refused({}, 'merge', 'lead.weft', 'ann.weft')).toBe('weft: ann.weft is encrypted: set WEFT_PASSPHRASE, or run weft in a terminal to be asked');
    ok(P, 'merge', 'lead.weft', 'ann.weft');
    expect(JSON.parse(ok({}, 'backups', 'lead.weft', '--json'))).toMatchObject([{ reason: 'before-merge' }]);
  }, 120_000);
});

// a real terminal for weft, through util-linux `script`: the passphrase is asked with echo off.
// Skipped only where `script` is missing (it is part of util-linux on Debian); the
// WEFT_PASSPHRASE path is tested above either way.
const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
describe.skipIf(!hasScript)('weft asking on a terminal', () => {
  function onTerminal(typed: string[], ...args: string[]): string {
    const command = [NODE22, WEFT, ...args].map((a) => `'${a}'`).join(' ');
    const clean = { ...process.env };
    delete clean.WEFT_PASSPHRASE;
    // the lines are typed after a pause, as a person would, once weft has turned echo off
    const feeder = `sleep 2; ${typed.map((t) => `printf '%s\\n' '${t}'; sleep 0.5;`).join(' ')}`;
    const r = spawnSync('sh', ['-c', `(${feeder}) | script -qec "${command.replace(/"/g, '\\"')}" /dev/null`], { cwd: dir, encoding: 'utf8', env: clean, timeout: 60_000 });
    return r.stdout;
  }

  it('asks for the passphrase without echoing it, and a new one twice', () => {
    const created = onTerminal(['tty words', 'tty words'], 'init', 'tty.weft', '--encrypt');
    expect(created).toContain('New passphrase for tty.weft:');
    expect(created).toContain('Type it again:');
    expect(created).toContain('created tty.weft (project "tty", encrypted)');
    expect(created).not.toContain('tty words');
    const info = onTerminal(['tty words'], 'info', 'tty.weft');
    expect(info).toContain('Passphrase for tty.weft:');
    expect(info).toContain('0 documents');
    expect(info).not.toContain('tty words');
    const differ = onTerminal(['one', 'two'], 'init', 'tty2.weft', '--encrypt');
    expect(differ).toContain('weft: tty2.weft: the two passphrases differ; nothing was changed');
    expect(fs.existsSync(path.join(dir, 'tty2.weft'))).toBe(false);
  }, 120_000);
});

describe('weft with two processes', () => {
  it('a second writer is refused while weft serve holds the project; --read-only serves it alongside', async () => {
    ok({}, 'init', 'shared.weft');
    const holder = spawn(NODE22, [WEFT, 'serve', 'shared.weft'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout.on('data', (d: Buffer) => (d.toString().includes('http://') ? resolve() : undefined));
        holder.on('exit', (code) => reject(new Error(`weft serve exited (${code})`)));
      });
      const line = refused({}, 'import', 'shared.weft', 'i1.txt');
      expect(line).toMatch(new RegExp(`^weft: shared\\.weft is open in another Weft window \\(pid ${holder.pid}, since [0-9T:.Z-]+\\); open it read-only with --read-only$`));
      expect(ok({}, 'info', 'shared.weft')).toContain('0 documents');
      const reader = spawn(NODE22, [WEFT, 'serve', 'shared.weft', '--read-only'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      const url = await new Promise<string>((resolve, reject) => {
        reader.stdout.on('data', (d: Buffer) => resolve(d.toString().trim()));
        reader.on('exit', (code) => reject(new Error(`weft serve --read-only exited (${code})`)));
      });
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
      reader.kill('SIGKILL');
    } finally {
      holder.kill('SIGKILL');
      await new Promise((r) => holder.once('exit', r));
    }
    // the lock died with the killed process
    ok({}, 'import', 'shared.weft', 'i1.txt');
  }, 60_000);
});

describe('weft backups and restore', () => {
  it('lists, takes and restores backups; the current state is backed up first', () => {
    ok({}, 'init', 'b.weft');
    ok({}, 'import', 'b.weft', 'i1.txt');
    expect(ok({}, 'backups', 'b.weft')).toBe('b.weft: no backups yet\n');
    const list = ok({}, 'backups', 'b.weft', '--now', '--keep', '3');
    expect(list).toMatch(/^\d{4}-\d\d-\d\dT[\d-]+Z_manual\.weft\t[\d:T.Z-]+\tmanual\t\d+ bytes\n$/);
    ok({}, 'import', 'b.weft', 'i2.txt');
    const name = list.split('\t')[0]!;
    expect(ok({}, 'restore', 'b.weft', name)).toMatch(new RegExp(`^restored b\\.weft from ${name}; the state before is kept as .*_before-restore\\.weft\\n$`));
    expect(ok({}, 'info', 'b.weft')).toContain('1 documents');
    const json = JSON.parse(ok({}, 'backups', 'b.weft', '--json')) as Array<{ reason: string }>;
    expect(json.map((b) => b.reason)).toEqual(['before-restore', 'manual']);
    ok({}, 'restore', 'b.weft'); // the newest: the state before the first restore
    expect(ok({}, 'info', 'b.weft')).toContain('2 documents');
    expect(refused({}, 'restore', 'b.weft', 'missing.weft')).toBe('weft: missing.weft: not a backup of b.weft (see weft backups)');
  }, 120_000);
});
