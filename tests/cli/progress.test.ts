// Progress of long commands through the real `weft`: nothing on stderr when it
// is a pipe (scripts and logs see only warnings and errors), and on a terminal
// a bar that is rubbed out when the command ends (or not drawn with --quiet / CI).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../reference.js';
import { toCsv } from '../../shared/formats/csv.js';
import { NODE22, WEFT } from './weft.js';

const DOCUMENTS = 40;
let dir: string;
let project: string;

/** weft with stdout and stderr as pipes, and CI cleared so only the pipe keeps the bar away. */
function piped(...args: string[]) {
  const r = spawnSync(NODE22, [WEFT, ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, CI: '' } });
  if (r.error) throw r.error;
  return r;
}

function quietOk(...args: string[]): string {
  const r = piped(...args);
  expect(r.stderr, `stderr of weft ${args.join(' ')}`).toBe('');
  expect(r.status, `weft ${args.join(' ')}`).toBe(0);
  return r.stdout;
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-progress-'));
  const corpus = path.join(dir, 'corpus');
  fs.mkdirSync(corpus);
  for (let i = 1; i <= DOCUMENTS; i++) {
    fs.writeFileSync(path.join(corpus, `interview-${String(i).padStart(2, '0')}.txt`), `Interviewer: What happened next?\nParticipant: She told her aunt (${i}), and the aunt went to the police station that night.\n`);
  }
  project = path.join(dir, 'study.weft');
  quietOk('init', project);
  const rows: Array<Array<string | number>> = [];
  for (let i = 1; i <= DOCUMENTS; i++) {
    const doc = `interview-${String(i).padStart(2, '0')}`;
    rows.push([doc, 'Actors > Police', 'Ana', 45, 53], [doc, 'Actors > Police', 'Ben', 45, 54], [doc, 'Actors > Family', 'Ana', 57, 61]);
  }
  fs.writeFileSync(path.join(dir, 'codings.csv'), toCsv(['document', 'code_path', 'coder', 'start', 'end'], rows));
}, 120_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('progress of long commands', () => {
  it('writes nothing to stderr when stderr is not a terminal', () => {
    expect(quietOk('import', project, path.join(dir, 'corpus'))).toContain(`imported ${path.join(dir, 'corpus', 'interview-01.txt')}`);
    quietOk('codings', 'import', project, path.join(dir, 'codings.csv'), '--create-codes');
    expect(quietOk('agreement', project)).toContain(`on ${DOCUMENTS} documents`);
    for (const out of ['segments.csv', 'segments.xlsx', 'segments.json', 'study.qdpx']) {
      const file = path.join(dir, out);
      quietOk('export', project, '--out', file, ...(out === 'segments.json' ? ['--all-coders'] : []));
      expect(fs.statSync(file).size).toBeGreaterThan(0);
    }
    const copy = path.join(dir, 'copy.weft');
    quietOk('init', copy);
    expect(quietOk('qdpx', 'import', copy, path.join(dir, 'study.qdpx'))).toMatch(new RegExp(`${DOCUMENTS} documents`));
    quietOk('assign', project, '--coder', 'Cai', '--documents', 'interview-01,interview-02');
    quietOk('package', project, '--coder', 'Cai', '--out', path.join(dir, 'cai.weft'));
    quietOk('merge', project, path.join(dir, 'cai.weft'));
    quietOk('deid', 'names', project, 'add', 'Amina');
  });

  // util-linux `script` gives the command a terminal; without it (other systems) there is no terminal to test
  const script = ['/usr/bin/script', '/bin/script'].find((p) => fs.existsSync(p));
  it.skipIf(!script)('draws a bar on a terminal and rubs it out; --quiet and CI=true draw none', () => {
    const onTerminal = (env: Record<string, string>, ...args: string[]) => {
      const command = [NODE22, WEFT, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
      // the command's stdout goes to a file: what the terminal shows is then stderr alone
      const r = spawnSync(script!, ['-qec', `${command} >/dev/null`, '/dev/null'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } });
      if (r.error) throw r.error;
      expect(r.status, r.stdout).toBe(0);
      return r.stdout;
    };
    const fresh = (name: string) => {
      const p = path.join(dir, name);
      quietOk('init', p);
      return p;
    };
    const shown = onTerminal({ CI: '' }, 'import', fresh('tty.weft'), path.join(dir, 'corpus'));
    expect(shown).toContain(`importing [....................] 0/${DOCUMENTS}`);
    expect(shown.endsWith('\r\x1b[K')).toBe(true);
    expect(onTerminal({ CI: '' }, 'import', fresh('quiet.weft'), path.join(dir, 'corpus'), '--quiet')).toBe('');
    expect(onTerminal({ CI: 'true' }, 'import', fresh('ci.weft'), path.join(dir, 'corpus'))).toBe('');
  });
});
