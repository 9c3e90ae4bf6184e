// The project file: pragmas, numbered migrations, refusal of files we can't
// read, and the constraints the repository relies on.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { migrate, openDatabase, type Db } from '../../electron/store/database.js';
import { LATEST_SCHEMA_VERSION, migrations } from '../../electron/store/migrations.js';
import { Repository } from '../../electron/store/repository.js';
import { Project } from '../../electron/services/project.js';

let dir: string;
const open: Db[] = [];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-store-'));
});
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const file = (name = 'p.weft') => path.join(dir, name);
const track = (db: Db): Db => {
  open.push(db);
  return db;
};
const sha = (f: string) => createHash('sha256').update(fs.readFileSync(f)).digest('hex');
/** The schema as SQLite records it, comparable across files. */
const schemaOf = (db: Db) =>
  db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all();

describe('openDatabase', () => {
  it('creates a file in WAL mode with foreign keys on, at the latest schema version', () => {
    const db = track(openDatabase(file(), { create: true }));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['project', 'settings', 'coders', 'documents', 'codes', 'codings', 'memos']));
    db.close();

    const again = track(openDatabase(file()));
    expect(again.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(again.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(again.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
  });

  it('keeps foreign keys on for a read-only connection', () => {
    Project.create(file()).close();
    const db = track(openDatabase(file(), { readOnly: true }));
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(() => db.exec("INSERT INTO settings (key, value) VALUES ('a', '1')")).toThrow(/readonly/i);
  });

  it('refuses a missing file unless asked to create it, and refuses to create over an existing file', () => {
    expect(() => openDatabase(file('missing.weft'))).toThrow(/no such project file/);
    expect(fs.existsSync(file('missing.weft'))).toBe(false);
    fs.writeFileSync(file('there.weft'), '');
    expect(() => openDatabase(file('there.weft'), { create: true })).toThrow(/already exists/);
  });

  it('refuses a file saved by a newer version, with a message saying so, and leaves it untouched', () => {
    const f = file();
    const raw = new Database(f);
    raw.exec('CREATE TABLE future (x)');
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    raw.close();
    const before = sha(f);
    expect(() => openDatabase(f)).toThrow(/newer version/);
    expect(() => openDatabase(f)).toThrow(new RegExp(`schema ${LATEST_SCHEMA_VERSION + 1}`));
    expect(() => openDatabase(f, { readOnly: true })).toThrow(/newer version/);
    expect(() => Project.open(f)).toThrow(/newer version of Weft/);
    // not even converted to WAL: an older app must not write to a newer project
    expect(sha(f)).toBe(before);
    expect(fs.readdirSync(dir)).toEqual(['p.weft']);
  });

  it('refuses a file that is not SQLite, naming the file, and leaves it untouched', () => {
    const text = file('notes.weft');
    fs.writeFileSync(text, 'Interview notes, not a database.\nSecond line.\n');
    const binary = file('random.weft');
    fs.writeFileSync(binary, randomBytes(4096));
    const tiny = file('tiny.weft');
    fs.writeFileSync(tiny, 'SQLite');
    for (const f of [text, binary, tiny]) {
      const before = sha(f);
      expect(() => openDatabase(f)).toThrow(`${f}: not a Weft project`);
      expect(() => Project.open(f)).toThrow(/not an SQLite file/);
      expect(sha(f)).toBe(before);
    }
  });

  it("refuses another program's SQLite database instead of migrating into it, and leaves it untouched", () => {
    const f = file('places.sqlite');
    const raw = new Database(f);
    raw.exec("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT); INSERT INTO moz_places (url) VALUES ('https://example.org')");
    raw.close();
    const before = sha(f);
    expect(() => openDatabase(f)).toThrow(`${f}: not a Weft project`);
    expect(() => Project.open(f)).toThrow(/not a Weft project/);
    expect(() => Project.open(f, { readOnly: true })).toThrow(/not a Weft project/);
    expect(sha(f)).toBe(before);
    const check = track(new Database(f, { readonly: true }));
    expect(check.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all()).toEqual(['moz_places']);
  });

  it('asks for a writable open when a read-only open would need a migration', () => {
    const f = file();
    new Database(f).close(); // user_version 0
    expect(() => openDatabase(f, { readOnly: true })).toThrow(/needs an upgrade/);
    const db = track(openDatabase(f));
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
  });
});

describe('migrations', () => {
  it('are numbered from 1 and only go up', () => {
    expect(migrations[0]!.version).toBe(1);
    for (let i = 1; i < migrations.length; i++) expect(migrations[i]!.version).toBeGreaterThan(migrations[i - 1]!.version);
    expect(LATEST_SCHEMA_VERSION).toBe(migrations[migrations.length - 1]!.version);
    for (const m of migrations) expect(m.description.length).toBeGreaterThan(0);
  });

  it('build the full schema from an empty database', () => {
    const db = track(new Database(file()));
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    migrate(db, migrations);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    const fresh = track(openDatabase(file('fresh.weft'), { create: true }));
    expect(schemaOf(db)).toEqual(schemaOf(fresh));
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('upgrade a file from every older version to the same schema as a new file', () => {
    const reference = track(openDatabase(file('reference.weft'), { create: true }));
    const olderVersions = [0, ...migrations.slice(0, -1).map((m) => m.version)];
    for (const v of olderVersions) {
      const f = file(`v${v}.weft`);
      const old = new Database(f);
      migrate(old, migrations.filter((m) => m.version <= v));
      expect(old.pragma('user_version', { simple: true })).toBe(v);
      old.close();

      const db = track(openDatabase(f));
      expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
      expect(schemaOf(db)).toEqual(schemaOf(reference));
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();
    }
  });

  it('applying the list twice changes nothing', () => {
    const db = track(new Database(file()));
    migrate(db, migrations);
    const schema = schemaOf(db);
    migrate(db, migrations);
    expect(schemaOf(db)).toEqual(schema);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
  });

  it('a failing migration is rolled back whole and leaves user_version where it was', () => {
    const db = track(openDatabase(file(), { create: true }));
    const broken = {
      version: LATEST_SCHEMA_VERSION + 1,
      description: 'fails half-way',
      up(d: Db) {
        d.exec('CREATE TABLE half_done (x)');
        throw new Error('disk on fire');
      },
    };
    expect(() => migrate(db, [...migrations, broken])).toThrow('disk on fire');
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'half_done'").pluck().get()).toBe(0);
  });
});

describe('Repository', () => {
  function fresh(): Repository {
    const repo = new Repository(track(openDatabase(file(), { create: true })));
    repo.createProject('test');
    return repo;
  }
  const doc = (repo: Repository, name: string, text: string) =>
    repo.insertDocument({ name, text, length: [...text].length, contentHash: name, sourceName: null, sourceType: null });

  it('gives every record a unique GUID that survives closing and reopening', () => {
    const repo = fresh();
    const d1 = doc(repo, 'one', 'hello 😀 world');
    const d2 = doc(repo, 'two', 'ภาษาไทย');
    const c1 = repo.insertCode({ parentId: null, name: 'Harm', color: '#e6194b' });
    const c2 = repo.insertCode({ parentId: c1, name: 'Online', color: '#3cb44b' });
    const k = repo.ensureCoder('Ana');
    repo.insertCoding({ documentId: d1, codeId: c2, coderId: k.id, start: 0, end: 5 });
    repo.insertCoding({ documentId: d2, codeId: c2, coderId: k.id, start: 1, end: 3 });
    const guids = () =>
      repo.db
        .prepare(
          'SELECT guid FROM project UNION ALL SELECT guid FROM documents UNION ALL SELECT guid FROM codes UNION ALL SELECT guid FROM coders UNION ALL SELECT guid FROM codings',
        )
        .pluck()
        .all() as string[];
    const before = guids();
    expect(before).toHaveLength(8);
    expect(new Set(before).size).toBe(8);
    for (const g of before) expect(g).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    repo.db.close();

    const reopened = new Repository(track(openDatabase(file())));
    expect(reopened.db.prepare('SELECT guid FROM project').pluck().get()).toBe(before[0]);
    const after = reopened.db
      .prepare(
        'SELECT guid FROM project UNION ALL SELECT guid FROM documents UNION ALL SELECT guid FROM codes UNION ALL SELECT guid FROM coders UNION ALL SELECT guid FROM codings',
      )
      .pluck()
      .all();
    expect(after).toEqual(before);
    // the same coder name is the same coder, whatever the case
    expect(reopened.ensureCoder('ANA').guid).toBe(k.guid);
  });

  it('builds code paths from the hierarchy', () => {
    const repo = fresh();
    const a = repo.insertCode({ parentId: null, name: 'Risk', color: '#e6194b' });
    const b = repo.insertCode({ parentId: a, name: 'Grooming', color: '#3cb44b' });
    const c = repo.insertCode({ parentId: b, name: 'Online, "gaming"', color: '#4363d8' });
    const byId = new Map(repo.codes().map((x) => [x.id, x]));
    expect(byId.get(a)!.path).toBe('Risk');
    expect(byId.get(b)!.path).toBe('Risk > Grooming');
    expect(byId.get(c)!.path).toBe('Risk > Grooming > Online, "gaming"');
    expect(byId.get(c)!.parentId).toBe(b);
  });

  it('refuses two sibling codes with the same name (any case), top level included, but allows cousins', () => {
    const repo = fresh();
    const a = repo.insertCode({ parentId: null, name: 'Trust', color: '#e6194b' });
    const b = repo.insertCode({ parentId: null, name: 'Safety', color: '#3cb44b' });
    expect(() => repo.insertCode({ parentId: null, name: 'Trust', color: '#000000' })).toThrow(/UNIQUE/);
    expect(() => repo.insertCode({ parentId: null, name: 'TRUST', color: '#000000' })).toThrow(/UNIQUE/);
    repo.insertCode({ parentId: a, name: 'Family', color: '#000000' });
    expect(() => repo.insertCode({ parentId: a, name: 'family', color: '#000000' })).toThrow(/UNIQUE/);
    expect(() => repo.insertCode({ parentId: b, name: 'Family', color: '#000000' })).not.toThrow();
    expect(repo.codes().map((c) => c.path).sort()).toEqual(['Safety', 'Safety > Family', 'Trust', 'Trust > Family']);
  });

  it("gives a segment's text by code points, the same whether a few are asked for by id (SQLite substr) or a document's all (offset index)", () => {
    const repo = fresh();
    const vietnamese = 'Chúng tôi đã báo cho cảnh sát'.normalize('NFD');
    const text = `Q: 😀 ok 👨‍👩‍👧\nR: ตำรวจ មកដល់ ፖሊስ ${vietnamese} 🚓 end`;
    const d = doc(repo, 'mixed', text);
    const c = repo.insertCode({ parentId: null, name: 'X', color: '#000000' });
    const k = repo.ensureCoder('Ana');
    const cps = [...text];
    const spans: Array<[number, number]> = [];
    for (let start = 0; start < cps.length; start += 3) for (const len of [1, 2, 7, 20]) if (start + len <= cps.length) spans.push([start, start + len]);
    const ids = spans.map(([start, end]) => repo.insertCoding({ documentId: d, codeId: c, coderId: k.id, start, end }));
    const all = new Map(repo.segments({ documentId: d }).map((s) => [s.id, s.text]));
    for (let i = 0; i < ids.length; i++) {
      const want = cps.slice(spans[i]![0], spans[i]![1]).join('');
      expect(all.get(ids[i]!)).toBe(want);
      expect(repo.segments({ ids: [ids[i]!] })[0]!.text).toBe(want);
    }
    // more ids than the substr path takes go through the index, with the same texts
    expect(repo.segments({ ids }).map((s) => s.text).sort()).toEqual([...all.values()].sort());
  });

  it('refuses a second coding with the same document, code, coder and span', () => {
    const repo = fresh();
    const d = doc(repo, 'one', 'abcdef');
    const c = repo.insertCode({ parentId: null, name: 'X', color: '#000000' });
    const k = repo.ensureCoder('Ana');
    const other = repo.ensureCoder('Ben');
    repo.insertCoding({ documentId: d, codeId: c, coderId: k.id, start: 1, end: 3 });
    expect(() => repo.insertCoding({ documentId: d, codeId: c, coderId: k.id, start: 1, end: 3, memo: 'again' })).toThrow(/UNIQUE/);
    // another coder, or another span, is another coding
    repo.insertCoding({ documentId: d, codeId: c, coderId: other.id, start: 1, end: 3 });
    repo.insertCoding({ documentId: d, codeId: c, coderId: k.id, start: 1, end: 4 });
    expect(repo.counts().codings).toBe(3);
    expect(repo.codingByIdentity(d, c, k.id, 1, 3)?.memo).toBe('');
  });

  it('enforces foreign keys and range checks on codings', () => {
    const repo = fresh();
    const d = doc(repo, 'one', 'abcdef');
    const c = repo.insertCode({ parentId: null, name: 'X', color: '#000000' });
    const k = repo.ensureCoder('Ana');
    expect(() => repo.insertCoding({ documentId: 999, codeId: c, coderId: k.id, start: 0, end: 1 })).toThrow(/FOREIGN KEY/);
    expect(() => repo.insertCoding({ documentId: d, codeId: 999, coderId: k.id, start: 0, end: 1 })).toThrow(/FOREIGN KEY/);
    expect(() => repo.insertCoding({ documentId: d, codeId: c, coderId: 999, start: 0, end: 1 })).toThrow(/FOREIGN KEY/);
    expect(() => repo.insertCoding({ documentId: d, codeId: c, coderId: k.id, start: 2, end: 2 })).toThrow(/CHECK/);
    expect(() => repo.insertCoding({ documentId: d, codeId: c, coderId: k.id, start: -1, end: 2 })).toThrow(/CHECK/);
    expect(() => repo.insertCode({ parentId: 999, name: 'orphan', color: '#000000' })).toThrow(/FOREIGN KEY/);
    expect(repo.counts()).toEqual({ documents: 1, codes: 1, codings: 0 });

    // a code in use can't be deleted; a deleted document takes its codings with it
    repo.insertCoding({ documentId: d, codeId: c, coderId: k.id, start: 0, end: 1 });
    expect(() => repo.db.prepare('DELETE FROM codes WHERE id = ?').run(c)).toThrow(/FOREIGN KEY/);
    repo.db.prepare('DELETE FROM documents WHERE id = ?').run(d);
    expect(repo.counts().codings).toBe(0);
  });

  it('returns segment text sliced by code points, astral characters included', () => {
    const repo = fresh();
    const text = '😀 ok ภาษา\nሰላም 👩‍👩‍👧!';
    const d = doc(repo, 'one', text);
    const c = repo.insertCode({ parentId: null, name: 'X', color: '#000000' });
    const k = repo.ensureCoder('Ana');
    const cps = Array.from(text);
    const spans: Array<[number, number]> = [[0, 1], [2, 4], [5, 9], [10, 13], [14, cps.length]];
    for (const [start, end] of spans) repo.insertCoding({ documentId: d, codeId: c, coderId: k.id, start, end });
    const segments = repo.segments({ documentId: d });
    expect(segments.map((s) => [s.start, s.end, s.text])).toEqual(spans.map(([s, e]) => [s, e, cps.slice(s, e).join('')]));
    expect(segments[0]!.text).toBe('😀');
    expect(segments[2]!.text).toBe('ภาษา');
    expect(segments[3]!.text).toBe('ሰላም');
    expect(segments[4]!.text).toBe('👩‍👩‍👧!');
    expect(segments.every((s) => s.codePath === 'X' && s.coderName === 'Ana' && s.documentName === 'one')).toBe(true);
  });
});
