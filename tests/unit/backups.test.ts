// Backups (before migrations, merges and qdpx imports; rotating), restore, and failures of storage:
// a full disk and a read-only location give one clear line and leave the project intact.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Project } from '../../electron/services/project.js';
import { backupProject, projectBackups, rekeyProject, restoreBackup } from '../../electron/services/security.js';
import { mergeFiles, writePackage } from '../../electron/services/team.js';
import { connect, isEncryptedFile, migrate } from '../../electron/store/database.js';
import { BACKUPS_KEPT_SETTING, backupsDir } from '../../electron/store/backups.js';
import { LATEST_SCHEMA_VERSION, migrations } from '../../electron/store/migrations.js';
import { createBackend, dispatch } from '../../electron/api/handlers.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-backups-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function addDocument(p: Project, name: string, text = 'Interviewer: Hello.\nRespondent: กรุงเทพมหานคร, a game chat.'): number {
  return p.repo.insertDocument({ name, text, length: [...text].length, contentHash: name, sourceName: `${name}.txt`, sourceType: 'text/plain' });
}

function integrity(file: string, passphrase?: string): string {
  const p = Project.open(file, { readOnly: true, passphrase });
  try {
    return p.db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    p.close();
  }
}

describe('automatic backups', () => {
  it('backs up an older project before migrating it, at its old schema version', () => {
    const f = path.join(dir, 'old.weft');
    const raw = connect(f);
    migrate(raw, migrations.filter((m) => m.version < LATEST_SCHEMA_VERSION));
    raw.prepare("INSERT INTO project (id, guid, name, created_at) VALUES (1, 'g-old', 'Old study', '2024-01-01T00:00:00Z')").run();
    raw.close();
    const p = Project.open(f);
    expect(p.info().schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    p.close();
    const list = projectBackups(f);
    expect(list).toHaveLength(1);
    expect(list[0]!.reason).toBe(`before-migration-${LATEST_SCHEMA_VERSION - 1}-to-${LATEST_SCHEMA_VERSION}`);
    expect(path.dirname(list[0]!.file)).toBe(path.join(dir, 'old.weft-backups'));
    const b = connect(list[0]!.file, { readonly: true });
    expect(b.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION - 1);
    b.close();
    // the next open needs no migration and takes no backup
    Project.open(f).close();
    expect(projectBackups(f)).toHaveLength(1);
  });

  it('backs up before every merge, and keeps only the last N (5 by default, a project setting)', () => {
    const lead = Project.create(path.join(dir, 'lead.weft'), 'Lead');
    const d = addDocument(lead, 'Interview 1');
    const ann = lead.repo.ensureCoder('Ann');
    const code = lead.repo.insertCode({ name: 'Grooming', parentId: null, color: '#aa3355' });
    lead.repo.insertCoding({ documentId: d, codeId: code, coderId: ann.id, start: 0, end: 5 });
    const pkg = path.join(dir, 'ann.weft');
    writePackage(lead, { coder: 'Ann', documents: ['Interview 1'], out: pkg });
    for (let i = 0; i < 7; i++) mergeFiles(lead, [pkg]);
    let list = projectBackups(lead.file);
    expect(list).toHaveLength(5);
    expect(list.every((b) => b.reason === 'before-merge')).toBe(true);
    expect([...list].sort((a, b) => (a.takenAt < b.takenAt ? 1 : -1)).map((b) => b.name)).toEqual(list.map((b) => b.name));
    lead.repo.setSetting(BACKUPS_KEPT_SETTING, 2);
    mergeFiles(lead, [pkg]);
    list = projectBackups(lead.file);
    expect(list).toHaveLength(2);
    for (const b of list) {
      const db = connect(b.file, { readonly: true });
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.prepare('SELECT COUNT(*) FROM codings').pluck().get()).toBe(1);
      db.close();
    }
    lead.close();
  });

  it("keeps an encrypted project's backups encrypted", () => {
    const f = path.join(dir, 'enc.weft');
    const p = Project.create(f, undefined, { passphrase: 'team secret' });
    addDocument(p, 'Interview 1', 'Respondent: Nyokabi Wanjiru, กรุงเทพมหานคร');
    const b = backupProject(p, 'manual');
    p.close();
    expect(isEncryptedFile(b.file)).toBe(true);
    const bytes = fs.readFileSync(b.file);
    for (const s of ['Nyokabi Wanjiru', 'กรุงเทพมหานคร']) expect(bytes.includes(Buffer.from(s))).toBe(false);
    const opened = Project.open(b.file, { readOnly: true, passphrase: 'team secret' });
    expect(opened.repo.counts().documents).toBe(1);
    opened.close();
  });

  it('follows a passphrase change: encrypted backups take the new passphrase', () => {
    const f = path.join(dir, 'enc.weft');
    const p = Project.create(f, undefined, { passphrase: 'old' });
    addDocument(p, 'Interview 1');
    backupProject(p, 'manual');
    p.close();
    rekeyProject(f, 'old', 'new');
    const [b] = projectBackups(f);
    expect(integrity(b!.file, 'new')).toBe('ok');
    expect(() => Project.open(b!.file, { readOnly: true, passphrase: 'old' })).toThrow(/wrong passphrase/);
  });
});

describe('restore', () => {
  it('restores a backup (the newest by default) after backing up the current state, keeping integrity', () => {
    const f = path.join(dir, 'p.weft');
    const p = Project.create(f);
    addDocument(p, 'Interview 1');
    const first = backupProject(p, 'manual');
    addDocument(p, 'Interview 2');
    addDocument(p, 'Interview 3');
    p.close();
    const r = restoreBackup(f, first.name, undefined);
    expect(r.restored.name).toBe(first.name);
    expect(r.savedAs.reason).toBe('before-restore');
    expect(integrity(f)).toBe('ok');
    const q = Project.open(f);
    expect(q.repo.counts().documents).toBe(1);
    q.close();
    // and back again, from the state saved before the restore
    restoreBackup(f, r.savedAs.name, undefined);
    const back = Project.open(f);
    expect(back.repo.counts().documents).toBe(3);
    back.close();
    expect(fs.readdirSync(dir).sort()).toEqual(['p.weft', 'p.weft-backups', 'p.weft-lock']);
  });

  it('refuses an unknown backup, and a restore while another window writes, changing nothing', () => {
    const f = path.join(dir, 'p.weft');
    const p = Project.create(f);
    addDocument(p, 'Interview 1');
    backupProject(p, 'manual');
    expect(() => restoreBackup(f, 'nope.weft', undefined)).toThrow(`nope.weft: not a backup of ${f} (see weft backups)`);
    expect(() => restoreBackup(f, undefined, undefined)).toThrow(/is open in another Weft window/);
    expect(projectBackups(f)).toHaveLength(1);
    p.close();
  });

  it('refuses a damaged backup before touching the project', () => {
    const f = path.join(dir, 'p.weft');
    const p = Project.create(f);
    addDocument(p, 'Interview 1');
    const b = backupProject(p, 'manual');
    p.close();
    const bytes = fs.readFileSync(b.file);
    bytes.fill(0x41, 4096, 8192); // scribble over the second page
    fs.writeFileSync(b.file, bytes);
    const before = fs.readFileSync(f);
    expect(() => restoreBackup(f, b.name, undefined)).toThrow(/integrity|malformed|not a database/);
    expect(fs.readFileSync(f).equals(before)).toBe(true);
  });
});

describe('disk full and read-only locations', () => {
  it('a full disk (max_page_count) gives one clear line, and the project keeps all committed work', async () => {
    const f = path.join(dir, 'p.weft');
    const p = Project.create(f);
    addDocument(p, 'Interview 1');
    const backend = createBackend(p, () => {});
    const pages = p.db.pragma('page_count', { simple: true }) as number;
    p.db.pragma(`max_page_count = ${pages + 2}`);
    const big = 'Respondent: '.concat('a long answer about the investigation. '.repeat(20_000));
    const error = await dispatch(backend, 'memos.save', { targetType: 'project', targetId: null, coderId: null, body: big, bodyText: big }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe(`${f}: the disk is full: the change was not saved, and the project is as it was before it; free some space and try again`);
    p.close();
    expect(integrity(f)).toBe('ok');
    const q = Project.open(f);
    expect(q.repo.counts().documents).toBe(1);
    q.close();
  });

  it('a backup that cannot be written (full disk) stops the merge before it changes anything', () => {
    const lead = Project.create(path.join(dir, 'lead.weft'));
    addDocument(lead, 'Interview 1');
    lead.repo.ensureCoder('Ann');
    const pkg = path.join(dir, 'ann.weft');
    writePackage(lead, { coder: 'Ann', documents: ['Interview 1'], out: pkg });
    // the backups folder can't be created: a file stands where it would go
    fs.writeFileSync(backupsDir(lead.file), 'in the way');
    expect(() => mergeFiles(lead, [pkg])).toThrow(new RegExp(`^${lead.file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: cannot write a backup to .*; nothing was changed$`));
    expect(lead.repo.counts().documents).toBe(1);
    lead.close();
  });

  it('a read-only location: writes are refused with one clear line, reading still works', async () => {
    const f = path.join(dir, 'p.weft');
    const p = Project.create(f);
    addDocument(p, 'Interview 1');
    p.close();
    // tests run as root, where chmod does not stop writes: SQLite's query_only gives the same SQLITE_READONLY
    const rw = Project.open(f);
    const backend = createBackend(rw, () => {});
    rw.db.pragma('query_only = ON');
    const error = await dispatch(backend, 'memos.save', { targetType: 'project', targetId: null, coderId: null, body: 'x', bodyText: 'x' }).catch((e: Error) => e);
    expect((error as Error).message).toBe(`${f}: the location is read-only: the change was not saved, and the project is as it was before it; open it with --read-only, or copy it somewhere writable`);
    rw.close();
    const ro = Project.open(f, { readOnly: true });
    await expect(dispatch(createBackend(ro, () => {}), 'memos.save', { targetType: 'project', targetId: null, coderId: null, body: 'x', bodyText: 'x' })).rejects.toThrow(/project is open read-only/);
    expect(ro.repo.counts().documents).toBe(1);
    ro.close();
    expect(integrity(f)).toBe('ok');
  });
});
