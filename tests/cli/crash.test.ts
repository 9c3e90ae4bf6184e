// Kill -9 crash safety: the real `weft` command is killed with SIGKILL at
// random moments during an import, a merge, a codings import, a
// de-identification rescan and a schema migration. Each time the project must
// pass PRAGMA integrity_check, open again, and hold exactly a committed state:
// whole files and whole merges, never half of one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { REPO_ROOT } from '../reference.js';
import { Project } from '../../electron/services/project.js';
import { importFiles } from '../../electron/services/documents.js';
import { writePackage } from '../../electron/services/team.js';
import { migrate } from '../../electron/store/database.js';
import { migrations } from '../../electron/store/migrations.js';
import { toCsv } from '../../shared/formats/csv.js';

const NODE22 = path.join(REPO_ROOT, 'node_modules', '.bin', 'node');
const BUNDLE = path.join(REPO_ROOT, 'dist', 'cli', 'weft.mjs');
/** the entry script, run with Node 22 directly so a kill reaches the process doing the work */
const WEFT = path.join(REPO_ROOT, 'electron', 'cli', 'weft.cjs');
/** total time for the random kills, shared by the five operations */
const BUDGET_MS = 12_000;

let dir: string;
let transcripts: string[];
let codingsCsv: string;
let pkg: string;
const bases: Record<string, string> = {};

/** Close a project with its WAL folded in, so one file is a complete copy. */
function seal(p: Project): void {
  p.db.pragma('wal_checkpoint(TRUNCATE)');
  p.close();
}

function counts(file: string): Record<string, number> {
  const db = new Database(file, { readonly: true });
  try {
    const n = (t: string) => db.prepare(`SELECT COUNT(*) FROM ${t}`).pluck().get() as number;
    return {
      documents: n('documents'),
      codings: n('codings'),
      codes: n('codes'),
      names: n('deid_known_names'),
      findings: n('deid_findings'),
      imports: (db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'audit_log'").pluck().get() as number)
        ? (db.prepare("SELECT COUNT(*) FROM audit_log WHERE action = 'import'").pluck().get() as number)
        : 0,
      version: db.pragma('user_version', { simple: true }) as number,
    };
  } finally {
    db.close();
  }
}

beforeAll(() => {
  if (!fs.existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing or older than the sources: run npm run build (tests/globalSetup.ts does)`);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-crash-'));
  // twelve transcripts of ~200 turns each: an import takes long enough to be killed in the middle
  transcripts = Array.from({ length: 12 }, (_, i) => {
    const f = path.join(dir, `interview-${i + 1}.txt`);
    const turns = Array.from({ length: 200 }, (_, j) => `${j % 2 ? 'Respondent' : 'Interviewer'}: turn ${j} of interview ${i + 1}, with Amara Okafor in Lagos on 0803 555 0199.`);
    fs.writeFileSync(f, turns.join('\n') + '\n');
    return f;
  });

  const lead = Project.create(path.join(dir, 'lead.weft'), 'Lead', { defaultAttributes: true });
  importFiles(lead, transcripts.slice(0, 2));
  const doc = lead.repo.documentSummaries()[0]!;
  const code = lead.repo.insertCode({ name: 'Contact', parentId: null, color: '#aa3355' });
  lead.repo.ensureCoder('Ann');
  const docs = lead.repo.documentSummaries().map((d) => d.name);
  lead.db.prepare('INSERT INTO document_assignments (document_id, coder_id, assigned_at) SELECT d.id, c.id, ? FROM documents d, coders c').run(new Date().toISOString());
  pkg = path.join(dir, 'ann.weft');
  writePackage(lead, { coder: 'Ann', documents: docs, out: pkg });
  seal(lead);
  bases.lead = path.join(dir, 'lead.weft');
  // Ann codes 2000 segments in her package: merging them is one transaction
  const ann = Project.open(pkg);
  const annCoder = ann.repo.coderByName('Ann')!;
  const annDoc = ann.repo.documentSummaries()[0]!;
  const annCode = ann.repo.codes()[0]!.id;
  ann.repo.transaction(() => {
    for (let i = 0; i < 2000; i++) ann.repo.insertCoding({ documentId: annDoc.id, codeId: annCode, coderId: annCoder.id, start: i, end: i + 5 });
  });
  seal(ann);
  // a codings CSV of 2000 rows, imported all or nothing
  codingsCsv = path.join(dir, 'codings.csv');
  const rows = Array.from({ length: 2000 }, (_, i) => ['', '', doc.name, '', 'Contact', 'Bo', i, i + 7, '', '']);
  fs.writeFileSync(codingsCsv, toCsv(['segment_id', 'document_id', 'document', 'code_id', 'code_path', 'coder', 'start', 'end', 'text', 'memo'], rows));
  void code;

  // an old project (schema 6) with data, for the migration
  const old = path.join(dir, 'old.weft');
  const db = new Database(old);
  migrate(db, migrations.filter((m) => m.version <= 6));
  db.prepare("INSERT INTO project (id, guid, name, created_at) VALUES (1, 'p-guid', 'Old', '2024-01-01T00:00:00Z')").run();
  const insertDoc = db.prepare("INSERT INTO documents (guid, name, text, length, content_hash, imported_at) VALUES (?, ?, ?, ?, ?, '2024-01-01T00:00:00Z')");
  for (let i = 0; i < 300; i++) {
    const text = fs.readFileSync(transcripts[i % transcripts.length]!, 'utf8');
    insertDoc.run(`doc-${i}`, `Old ${i}`, text, [...text].length, `h${i}`);
  }
  db.close();
  bases.old = old;
}, 120_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

interface Operation {
  name: string;
  base: () => string;
  args: (project: string) => string[];
  /** checks the killed project against its states before and after */
  check: (now: Record<string, number>, before: Record<string, number>, after: Record<string, number>) => void;
}

const between = (v: number, a: number, b: number) => v >= Math.min(a, b) && v <= Math.max(a, b);

const OPERATIONS: Operation[] = [
  {
    name: 'import',
    base: () => bases.lead!,
    args: (p) => ['import', p, ...transcripts.slice(2)],
    // each file is its own transaction, recorded in the audit trail in that same transaction
    check: (now, before, after) => {
      expect(between(now.documents!, before.documents!, after.documents!)).toBe(true);
      expect(now.imports! - before.imports!).toBe(now.documents! - before.documents!);
    },
  },
  {
    name: 'merge',
    base: () => bases.lead!,
    args: (p) => ['merge', p, pkg],
    check: (now, before, after) => expect([before.codings, after.codings]).toContain(now.codings),
  },
  {
    name: 'codings import',
    base: () => bases.lead!,
    args: (p) => ['codings', 'import', p, codingsCsv],
    check: (now, before, after) => expect([before.codings, after.codings]).toContain(now.codings),
  },
  {
    name: 'de-identification',
    base: () => bases.lead!,
    args: (p) => ['deid', 'names', p, 'add', '--kind', 'person', 'Amara Okafor'],
    check: (now, before, after) => {
      expect([before.names, after.names]).toContain(now.names);
      // the name and the findings of its rescan come together, in one transaction
      expect(now.findings).toBe(now.names === before.names ? before.findings : after.findings);
    },
  },
  {
    name: 'migration',
    base: () => bases.old!,
    // any command that writes upgrades the file first, one migration per transaction
    args: (p) => ['attributes', 'define', p, 'Region', '--type', 'text'],
    check: (now, before, after) => {
      expect(now.documents).toBe(before.documents);
      expect(between(now.version!, before.version!, after.version!)).toBe(true);
    },
  },
];

function runWeft(args: string[], killAfterMs: number | null): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number; stderr: string }> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(NODE22, [WEFT, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, WEFT_CODER: 'crash-test' } });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const timer = killAfterMs === null ? null : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, ms: performance.now() - t0, stderr });
    });
  });
}

let copyCount = 0;
function freshCopy(base: string): string {
  const f = path.join(dir, `run-${++copyCount}.weft`);
  fs.copyFileSync(base, f);
  return f;
}

describe('kill -9 crash safety', () => {
  it('leaves intact projects holding a committed state, at random kill points', async () => {
    // a full run of each gives the state after it, and how long it takes
    const plan: Array<{ op: Operation; before: Record<string, number>; after: Record<string, number>; ms: number }> = [];
    for (const op of OPERATIONS) {
      const f = freshCopy(op.base());
      const before = counts(f);
      const r = await runWeft(op.args(f), null);
      expect(r.code, `${op.name} ran to the end: ${r.stderr}`).toBe(0);
      // open through Weft, as a user would (this also checkpoints the WAL)
      Project.open(f).close();
      const after = counts(f);
      expect(after, `${op.name} changed the project`).not.toEqual(before);
      plan.push({ op, before, after, ms: r.ms });
    }
    // Node's start-up is most of a run: kill mostly after it, while the work is going on
    const startup = (await runWeft(['--help'], null)).ms;
    const deadline = performance.now() + BUDGET_MS;
    const tally: Record<string, { runs: number; killed: number; midway: number }> = {};
    let i = 0;
    // three runs at a time: most of a run is Node starting, so more kills fit in the budget
    const worker = async () => {
      while (performance.now() < deadline) {
        const { op, before, after, ms } = plan[i++ % plan.length]!;
        const f = freshCopy(op.base());
        // kill anywhere from late start-up to the end
        const from = Math.min(startup * 0.8, ms * 0.5);
        const at = from + Math.random() * (ms - from);
        const r = await runWeft(op.args(f), at);
        const t = (tally[op.name] ??= { runs: 0, killed: 0, midway: 0 });
        t.runs++;
        if (r.signal === 'SIGKILL') t.killed++;
        const raw = new Database(f);
        expect(raw.pragma('integrity_check', { simple: true }), `${op.name} killed at ${Math.round(at)} ms`).toBe('ok');
        expect(raw.pragma('foreign_key_check')).toEqual([]);
        raw.close();
        const now = counts(f);
        op.check(now, before, after);
        if (JSON.stringify(now) !== JSON.stringify(before) && JSON.stringify(now) !== JSON.stringify(after)) t.midway++;
        // and Weft opens it, finishing any migration
        const p = Project.open(f);
        expect(p.db.pragma('integrity_check', { simple: true })).toBe('ok');
        p.close();
        fs.rmSync(f, { force: true });
        fs.rmSync(`${f}-wal`, { force: true });
        fs.rmSync(`${f}-shm`, { force: true });
      }
    };
    await Promise.all([worker(), worker(), worker()]);
    console.log(`kill -9 runs: ${JSON.stringify(tally)}`);
    for (const op of OPERATIONS) expect(tally[op.name]?.runs ?? 0, `${op.name} ran`).toBeGreaterThan(0);
    const killed = Object.values(tally).reduce((n, t) => n + t.killed, 0);
    expect(killed, 'most runs were killed before they ended').toBeGreaterThanOrEqual(OPERATIONS.length);
  }, 120_000);
});
