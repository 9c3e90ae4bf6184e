// Encryption at rest: nothing of the text in the clear (file and -wal), a wrong passphrase refused cleanly,
// encrypt → decrypt keeps every count, a passphrase change, SQLCipher 4 format, and the single-writer lock.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { Project } from '../../electron/services/project.js';
import { rekeyProject } from '../../electron/services/security.js';
import { connect, isEncryptedFile } from '../../electron/store/database.js';
import { writePackage, mergeFiles } from '../../electron/services/team.js';
import { REPO_ROOT } from '../reference.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-enc-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

// distinctive strings of the transcripts, Thai included; none may appear in the bytes of an encrypted file
const SECRETS = ['Nyokabi Wanjiru', 'groomed through a game chat', 'กรุงเทพมหานคร', 'ครูสอนพิเศษ', 'Polisi wa Kenya', 'Grooming > Online'];
const TEXT = `Interviewer: What happened?\nRespondent: Nyokabi Wanjiru was groomed through a game chat.\nRespondent: ที่กรุงเทพมหานคร ครูสอนพิเศษ คนหนึ่ง\nOfficer: Polisi wa Kenya took the report.\n`;

function fill(p: Project, docs = 3): void {
  p.repo.transaction(() => {
    const coder = p.repo.ensureCoder('Ann');
    const parent = p.repo.insertCode({ name: 'Grooming', parentId: null, color: '#aa3355' });
    const code = p.repo.insertCode({ name: 'Online', parentId: parent, color: '#3355aa' });
    for (let i = 0; i < docs; i++) {
      const text = `${TEXT}(${i})`;
      const doc = p.repo.insertDocument({ name: `Interview ${i}`, text, length: [...text].length, contentHash: `h${i}`, sourceName: `i${i}.txt`, sourceType: 'text/plain' });
      p.repo.insertCoding({ documentId: doc, codeId: code, coderId: coder.id, start: 0, end: 11 });
    }
    p.repo.setSetting('note', 'Grooming > Online');
  });
}

function bytesOf(file: string): Buffer {
  return fs.existsSync(file) ? fs.readFileSync(file) : Buffer.alloc(0);
}

function clearTextIn(file: string): string[] {
  const b = Buffer.concat([bytesOf(file), bytesOf(`${file}-wal`), bytesOf(`${file}-journal`)]);
  return SECRETS.filter((s) => b.includes(Buffer.from(s, 'utf8')) || b.includes(Buffer.from(s, 'utf16le')));
}

const counts = (p: Project) => ({ ...p.repo.counts(), coders: p.repo.coders().length });

describe('encrypted projects', () => {
  it('the control: a plain project holds its text in the clear (so the search below can find it)', () => {
    const f = path.join(dir, 'plain.weft');
    const p = Project.create(f);
    fill(p);
    expect(clearTextIn(f).length).toBeGreaterThan(3);
    p.close();
  });

  it('keeps no transcript text in the clear, in the file or its -wal, while open and after closing', () => {
    const f = path.join(dir, 'enc.weft');
    const p = Project.create(f, 'Secret study', { passphrase: 'correct horse battery staple' });
    fill(p);
    expect(fs.existsSync(`${f}-wal`)).toBe(true);
    expect(bytesOf(`${f}-wal`).length).toBeGreaterThan(0);
    expect(clearTextIn(f)).toEqual([]);
    expect(p.info().encrypted).toBe(true);
    p.close();
    expect(clearTextIn(f)).toEqual([]);
    expect(bytesOf(f).subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\u0000');
    expect(isEncryptedFile(f)).toBe(true);
    const again = Project.open(f, { passphrase: 'correct horse battery staple' });
    expect(counts(again)).toEqual({ documents: 3, codes: 2, codings: 3, coders: 1 });
    expect(again.repo.documentText(1)!.text).toContain('กรุงเทพมหานคร');
    again.close();
  });

  it('refuses a wrong or missing passphrase with one clear message, and leaves the file untouched', () => {
    const f = path.join(dir, 'enc.weft');
    const p = Project.create(f, undefined, { passphrase: 'right' });
    fill(p, 1);
    p.close();
    const before = bytesOf(f);
    expect(() => Project.open(f, { passphrase: 'wrong' })).toThrow(`wrong passphrase for ${f}`);
    expect(() => Project.open(f, { passphrase: 'wrong', readOnly: true })).toThrow(`wrong passphrase for ${f}`);
    expect(() => Project.open(f)).toThrow(/encrypted project that needs its passphrase/);
    expect(bytesOf(f).equals(before)).toBe(true);
    // no writer lock is left behind by a refused open
    Project.open(f, { passphrase: 'right' }).close();
  });

  it('is SQLCipher 4: a plain SQLCipher-format connection opens it with the key', () => {
    const f = path.join(dir, 'enc.weft');
    Project.create(f, undefined, { passphrase: 'k' }).close();
    const db = connect(f);
    db.pragma("cipher = 'sqlcipher'");
    db.pragma('legacy = 4');
    db.pragma("key = 'k'");
    expect(db.prepare('SELECT name FROM project').pluck().get()).toBe('enc');
    expect(db.pragma('cipher', { simple: true })).toBe('sqlcipher');
    db.close();
  });

  it('encrypts and decrypts in place, keeping every count, with nothing left beside the file', () => {
    const f = path.join(dir, 'study.weft');
    const p = Project.create(f);
    fill(p, 5);
    const before = counts(p);
    p.close();
    const enc = rekeyProject(f, undefined, 'pässwörd ✓');
    expect(enc.encrypted).toBe(true);
    expect(clearTextIn(f)).toEqual([]);
    const e = Project.open(f, { passphrase: 'pässwörd ✓' });
    expect(counts(e)).toEqual(before);
    expect(e.db.pragma('integrity_check', { simple: true })).toBe('ok');
    e.close();
    rekeyProject(f, 'pässwörd ✓', undefined);
    expect(isEncryptedFile(f)).toBe(false);
    const d = Project.open(f);
    expect(counts(d)).toEqual(before);
    d.close();
    expect(fs.readdirSync(dir).filter((n) => !/-(wal|shm)$/.test(n)).sort()).toEqual(['study.weft', 'study.weft-lock']);
  });

  it('changes the passphrase (rekey): the old one no longer opens it', () => {
    const f = path.join(dir, 'enc.weft');
    const p = Project.create(f, undefined, { passphrase: 'old' });
    fill(p, 2);
    p.close();
    rekeyProject(f, 'old', "new 'quoted' one");
    expect(() => Project.open(f, { passphrase: 'old' })).toThrow(/wrong passphrase/);
    const n = Project.open(f, { passphrase: "new 'quoted' one" });
    expect(n.repo.counts().documents).toBe(2);
    n.close();
    expect(clearTextIn(f)).toEqual([]);
  });

  it('refuses to convert a project that is open for writing elsewhere, and leaves it as it was', () => {
    const f = path.join(dir, 'busy.weft');
    const holder = Project.create(f);
    fill(holder, 1);
    expect(() => rekeyProject(f, undefined, 'x')).toThrow(/is open in another Weft window/);
    expect(isEncryptedFile(f)).toBe(false);
    holder.close();
  });

  it('writes an encrypted coder package from an encrypted project, which merges back with the same passphrase', () => {
    const f = path.join(dir, 'lead.weft');
    const p = Project.create(f, 'Lead', { passphrase: 'team' });
    fill(p, 2);
    const pkgFile = path.join(dir, 'ann.weft');
    writePackage(p, { coder: 'Ann', documents: ['Interview 0', 'Interview 1'], out: pkgFile });
    expect(isEncryptedFile(pkgFile)).toBe(true);
    expect(clearTextIn(pkgFile)).toEqual([]);
    expect(fs.readdirSync(dir).filter((n) => n.startsWith('.'))).toEqual([]);
    const pkg = Project.open(pkgFile, { passphrase: 'team' });
    expect(pkg.repo.counts().documents).toBe(2);
    pkg.close();
    const report = mergeFiles(p, [pkgFile]);
    expect(report.files[0]!.codings.unchanged).toBe(2);
    p.close();
  });
});

describe('one writer at a time', () => {
  it('refuses a second writer in another process, names it, and lets it open read-only; the lock dies with the process', async () => {
    const f = path.join(dir, 'shared.weft');
    const p = Project.create(f);
    fill(p, 1);
    p.close();
    // a real second process holds the project open for writing
    const holder = spawn(path.join(REPO_ROOT, 'node_modules', '.bin', 'node'), [path.join(REPO_ROOT, 'electron', 'cli', 'weft.cjs'), 'serve', f], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout.on('data', (d: Buffer) => (d.toString().includes('http://') ? resolve() : undefined));
        holder.on('exit', (code) => reject(new Error(`weft serve exited (${code})`)));
        setTimeout(() => reject(new Error('weft serve did not start')), 20_000);
      });
      expect(() => Project.open(f)).toThrow(new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is open in another Weft window \\(pid ${holder.pid}, since \\d{4}-\\d\\d-\\d\\dT[^)]+\\); open it read-only with --read-only$`));
      const ro = Project.open(f, { readOnly: true });
      expect(ro.repo.counts().documents).toBe(1);
      ro.close();
    } finally {
      holder.kill('SIGKILL');
      await new Promise((r) => holder.once('exit', r));
    }
    // killed without any cleanup: the OS released the lock
    const again = Project.open(f);
    expect(again.repo.counts().documents).toBe(1);
    again.close();
  }, 60_000);

  it('refuses a second writer in the same process too, and frees the lock on close', () => {
    const f = path.join(dir, 'one.weft');
    const a = Project.create(f);
    expect(() => Project.open(f)).toThrow(/is open in another Weft window \(pid \d+/);
    a.close();
    Project.open(f).close();
  });
});

describe('the database process with an encrypted project', () => {
  it('reports it locked, unlocks it with project.unlock (a wrong passphrase refused), and lists and restores backups', async () => {
    const { createBackendHost } = await import('../../electron/backendProcess.js');
    type Reply = { type: string; id?: number; ok?: boolean; result?: unknown; error?: { code: string; message: string }; event?: { type: string; file?: string } };
    const replies: Reply[] = [];
    const host = createBackendHost((r) => replies.push(r as Reply));
    const f = path.join(dir, 'enc.weft');
    const p = Project.create(f, 'Secret', { passphrase: 'open sesame' });
    fill(p, 2);
    p.close();
    let next = 1;
    const call = async (method: string, params: unknown) => {
      const id = next++;
      await host.handle({ type: 'call', id, method, params });
      return replies.find((r) => r.type === 'result' && r.id === id)!;
    };
    try {
      await host.handle({ type: 'open', id: 100, file: f });
      expect(replies.find((r) => r.type === 'open-failed')!.error!.code).toBe('locked');
      expect(replies.find((r) => r.type === 'event' && r.event?.type === 'locked')!.event).toMatchObject({ type: 'locked', file: f });
      const wrong = await call('project.unlock', { passphrase: 'nope' });
      expect(wrong.ok).toBe(false);
      expect(wrong.error!.message).toBe(`wrong passphrase for ${f}`);
      const right = await call('project.unlock', { passphrase: 'open sesame' });
      expect(right.ok).toBe(true);
      expect(right.result).toMatchObject({ name: 'Secret', encrypted: true, readOnly: false });
      expect((await call('project.summary', {})).result).toMatchObject({ documents: 2 });
      expect((await call('backups.list', {})).result).toEqual([]);
      // a backup (through a reader: the host holds the writer lock), more work, then the restore through the host
      const { backupDatabase } = await import('../../electron/store/backups.js');
      const reader = Project.open(f, { readOnly: true, passphrase: 'open sesame' });
      const backup = backupDatabase(reader.db, f, 'manual');
      reader.close();
      expect((await call('memos.save', { targetType: 'project', targetId: null, coderId: null, body: 'b', bodyText: 'b' })).ok).toBe(true);
      expect(((await call('memos.list', {})).result as unknown[]).length).toBe(1);
      const restored = await call('backups.restore', { name: backup.name });
      expect(restored.ok, restored.error?.message).toBe(true);
      expect(restored.result).toMatchObject({ restored: backup.name });
      expect(((await call('memos.list', {})).result as unknown[]).length).toBe(0);
      expect(((await call('backups.list', {})).result as Array<{ reason: string }>).map((b) => b.reason)).toEqual(['before-restore', 'manual']);
      expect(isEncryptedFile(f)).toBe(true);
      expect(clearTextIn(f)).toEqual([]);
    } finally {
      host.close();
    }
  }, 30_000);
});
