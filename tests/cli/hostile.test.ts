// Hostile files through the real `weft` command: each bad file gets one line
// on stderr naming it, within a bounded time, with nothing half-imported and
// nothing written outside the project's folder; and `weft audit` shows who
// did what from the command line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { REPO_ROOT } from '../reference.js';
import type { AuditEntry } from '../../shared/audit.js';

const NODE22 = path.join(REPO_ROOT, 'node_modules', '.bin', 'node');
const BUNDLE = path.join(REPO_ROOT, 'dist', 'cli', 'weft.mjs');
/** the entry script, run with Node 22 directly so a kill reaches the process doing the work */
const WEFT = path.join(REPO_ROOT, 'electron', 'cli', 'weft.cjs');

let root: string;
let dir: string;
let project: string;

function weft(args: string[], env: Record<string, string> = {}) {
  const t0 = performance.now();
  const r = spawnSync(NODE22, [WEFT, ...args], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, WEFT_CODER: 'Ann', ...env }, timeout: 30_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, ms: performance.now() - t0 };
}

function tree(d: string): string[] {
  return fs.readdirSync(d, { recursive: true, encoding: 'utf8' }).filter((f) => !/-(wal|shm)$/.test(f)).sort();
}

beforeAll(() => {
  if (!fs.existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing or older than the sources: run npm run build (tests/globalSetup.ts does)`);
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-cli-hostile-'));
  dir = path.join(root, 'work');
  fs.mkdirSync(dir);
  project = path.join(dir, 'p.weft');
  expect(weft(['init', project]).status).toBe(0);
}, 120_000);

afterAll(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

describe('weft and hostile files', () => {
  it('refuses each bad transcript in one line, imports the good one, and writes nothing elsewhere', () => {
    const zeros = new Uint8Array(24 * 1024 * 1024);
    const files: Record<string, Uint8Array> = {
      'bomb.docx': zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': zeros }, { level: 1 }),
      'bomb.odt': zipSync({ mimetype: strToU8('application/vnd.oasis.opendocument.text'), 'content.xml': zeros }, { level: 1 }),
      'xxe.odt': zipSync({
        mimetype: strToU8('application/vnd.oasis.opendocument.text'),
        'content.xml': strToU8('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><office:document-content xmlns:office="o" xmlns:text="t"><office:body><office:text><text:p>&xxe;</text:p></office:text></office:body></office:document-content>'),
      }),
      'junk.txt': Uint8Array.from({ length: 5000 }, (_, i) => (i * 2654435761) >>> 24),
      'cut.pdf': strToU8('%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R'),
      'good.txt': strToU8('Interviewer: How did it start?\nRespondent: On a game chat.\n'),
    };
    const paths = Object.entries(files).map(([name, bytes]) => {
      const f = path.join(root, name);
      fs.writeFileSync(f, bytes);
      return f;
    });
    const huge = path.join(root, 'huge.txt');
    fs.writeFileSync(huge, '');
    fs.truncateSync(huge, 200 * 1024 * 1024);
    const before = tree(root);
    const r = weft(['import', project, ...paths, huge]);
    expect(r.status).toBe(1);
    expect(r.ms).toBeLessThan(20_000);
    const lines = r.stderr.trim().split('\n');
    const bad = [...paths.filter((p) => !p.endsWith('good.txt')), huge];
    expect(lines).toHaveLength(bad.length);
    for (const f of bad) expect(lines.filter((l) => l.startsWith(`weft: ${f}: `))).toHaveLength(1);
    expect(lines.find((l) => l.includes('huge.txt'))).toMatch(/larger than 100 MB/);
    expect(lines.find((l) => l.includes('bomb.docx'))).toMatch(/zip bomb/);
    expect(lines.find((l) => l.includes('xxe.odt'))).toMatch(/declares entities/);
    expect(r.stdout).toMatch(/imported .*good\.txt/);
    const info = JSON.parse(weft(['info', project, '--json']).stdout) as { documents: number };
    expect(info.documents).toBe(1);
    expect(tree(root)).toEqual(before);
  });

  it('refuses a zip-slip .qdpx and broken CSV in one line each, and changes nothing', () => {
    const qde = '<?xml version="1.0"?><Project xmlns="urn:QDA-XML:project:1.0" name="x"><Sources><TextSource guid="00000000-0000-4000-8000-000000000001" name="x" plainTextPath="../../escaped.txt"/></Sources></Project>';
    const slip = path.join(root, 'slip.qdpx');
    fs.writeFileSync(slip, zipSync({ 'project.qde': strToU8(qde), '../../escaped.txt': strToU8('Interviewer: out') }));
    const csv = path.join(root, 'codings.csv');
    fs.writeFileSync(csv, 'segment_id,document_id,document,code_id,code_path,coder,start,end,text,memo\n,,good,,A,Ann,0,"11,,\n');
    const before = fs.readFileSync(project);
    for (const args of [['qdpx', 'import', project, slip], ['merge', project, slip], ['codings', 'import', project, csv]]) {
      const r = weft(args);
      expect(r.status, args.join(' ')).toBe(1);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).toMatch(/^weft: .*(slip\.qdpx|codings\.csv)/);
    }
    expect(fs.existsSync(path.join(root, '..', 'escaped.txt'))).toBe(false);
    expect(fs.readFileSync(project).equals(before)).toBe(true);
  });
});

describe('weft audit', () => {
  it('lists, filters and exports the trail, and records command-line changes and exports', () => {
    expect(weft(['assign', project, '--coder', 'Bo', '--documents', 'good']).status).toBe(0);
    expect(weft(['info', project, '--json']).status).toBe(0);
    const attrs = path.join(root, 'attributes.csv');
    expect(weft(['attributes', 'export', project, '--out', attrs], { WEFT_CODER: 'Cy' }).status).toBe(0);
    const entries = JSON.parse(weft(['audit', project, '--json']).stdout) as AuditEntry[];
    expect(entries.map((e) => e.action).reverse()).toEqual(['import', 'assign', 'export']);
    expect(entries.every((e) => e.via === 'cli')).toBe(true);
    expect(entries.find((e) => e.action === 'import')).toMatchObject({ coder: 'Ann', targetKind: 'document', targetName: 'good', details: { file: 'good.txt', format: 'text' } });
    expect(entries.find((e) => e.action === 'export')).toMatchObject({ coder: 'Cy', targetName: 'attributes.csv', details: { format: 'csv', rows: 1 } });
    expect(JSON.parse(weft(['audit', project, '--json', '--coder', 'Cy']).stdout)).toHaveLength(1);
    expect(JSON.parse(weft(['audit', project, '--json', '--action', 'import']).stdout)).toHaveLength(1);
    expect(JSON.parse(weft(['audit', project, '--json', '--to', '2000-01-01']).stdout)).toHaveLength(0);
    const text = weft(['audit', project, '--action', 'assign']);
    expect(text.stdout).toMatch(/Ann {2}cli {2}assign project "p"/);
    const out = path.join(root, 'trail.csv');
    const r = weft(['audit', project, '--out', out]);
    expect(r.stdout).toBe(`wrote ${out} (3 entries)\n`);
    expect(fs.readFileSync(out, 'utf8').split('\r\n')[0]).toBe('at,coder,account,via,action,target_kind,target_guid,target_name,details');
    // exporting the trail is recorded too
    expect(JSON.parse(weft(['audit', project, '--json', '--action', 'export']).stdout)).toHaveLength(2);
    const bad = weft(['audit', project, '--from', 'yesterday']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--from "yesterday"/);
  });
});
