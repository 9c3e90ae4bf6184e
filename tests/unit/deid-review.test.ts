// Review through the API: scan at import, accept and reject, manual
// redaction, consistent placeholders, codings that move with the text,
// accept-all-high with session undo, marking de-identified, the coding gate,
// the known-names list, and — byte for byte — no original value left in the
// project file or its write-ahead log.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Project } from '../../electron/services/project.js';
import { importFiles } from '../../electron/services/documents.js';
import { createBackend, dispatch, type Backend } from '../../electron/api/handlers.js';
import { importCodebookEntries } from '../../electron/services/codebook.js';
import { parseCodebookCsv } from '../../shared/formats/codebook.js';
import { sliceCodePoints } from '../../shared/offsets.js';
import { migrate } from '../../electron/store/database.js';
import { migrations } from '../../electron/store/migrations.js';
import { LABELLED, parseLabelled } from './deid/labelled.js';

let dir: string;
let project: Project;
let backend: Backend;
const events: unknown[] = [];
const call = (method: string, params: unknown = {}) => dispatch(backend, method, params) as Promise<any>;

const TEXT = `Interviewer: Tell me about your family.

Respondent: My daughter Wanjiru is fourteen. Her teacher, Mrs. Achieng, called me on 0722 456 789. Wanjiru was scared. We live in Kawangware. Write to mama.w@example.co.ke.`;

function open(text = TEXT, name = 'interview.txt'): number {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-deid-'));
  project = Project.create(path.join(dir, 'p.weft'), 'deid');
  importCodebookEntries(project, parseCodebookCsv('code_path\nFamily\nDisclosure\n', 'cb.csv'));
  project.repo.ensureCoder('Ann');
  backend = createBackend(project, (e) => events.push(e));
  return importOne(text, name);
}

function importOne(text: string, name: string, flags: string[] = []): number {
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  const [r] = importFiles(project, [f], { flags });
  expect(r!.status, r!.message).toBe('imported');
  return r!.documentId!;
}

beforeEach(() => {
  events.length = 0;
});
afterEach(() => {
  project?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const docText = (id: number) => project.repo.documentText(id)!.text;

describe('review', () => {
  it('scans every imported document and lists its findings with their text', async () => {
    const id = open();
    const r = await call('deid.findings', { documentId: id });
    const seen = r.findings.map((f: any) => `${f.kind}:${f.text}`);
    expect(seen).toEqual(expect.arrayContaining(['person:Wanjiru', 'person:Achieng', 'phone:0722 456 789', 'place:Kawangware', 'email:mama.w@example.co.ke']));
    for (const f of r.findings) expect(sliceCodePoints(r.text, f.start, f.end)).toBe(f.text);
    expect(r.document.status).toBe('imported');
    // findings keep no text in the file
    const cols = project.db.prepare('PRAGMA table_info(deid_findings)').all().map((c: any) => c.name);
    expect(cols).not.toContain('text');
  });

  it('accepts with consistent placeholders, rejects, and keeps a log without values', async () => {
    const id = open();
    const { findings } = await call('deid.findings', { documentId: id });
    const wanjiru = findings.filter((f: any) => f.text === 'Wanjiru');
    expect(wanjiru).toHaveLength(2);
    const r1 = await call('deid.accept', { ids: [wanjiru[0].id], reviewer: 'Ann' });
    expect(r1.placeholders).toEqual(['[PERSON-1]']);
    // the second Wanjiru moved with the text; accepting it gives the same placeholder
    const again = (await call('deid.findings', { documentId: id })).findings.find((f: any) => f.text === 'Wanjiru');
    const r2 = await call('deid.accept', { ids: [again.id], reviewer: 'Ann' });
    expect(r2.placeholders).toEqual(['[PERSON-1]']);
    const achieng = (await call('deid.findings', { documentId: id })).findings.find((f: any) => f.text === 'Achieng');
    expect((await call('deid.accept', { ids: [achieng.id], reviewer: 'Ann' })).placeholders).toEqual(['[PERSON-2]']);
    const place = (await call('deid.findings', { documentId: id })).findings.find((f: any) => f.kind === 'place');
    await call('deid.reject', { ids: [place.id], reviewer: 'Ann' });
    const after = await call('deid.findings', { documentId: id });
    expect(after.text).toContain('My daughter [PERSON-1] is fourteen. Her teacher, Mrs. [PERSON-2]');
    expect(after.text).toContain('[PERSON-1] was scared. We live in Kawangware.');
    const rejected = after.findings.find((f: any) => f.status === 'rejected');
    expect(rejected).toMatchObject({ kind: 'place', text: '', decidedBy: 'Ann' });
    // the log: kind, placeholder, position, reviewer, time
    expect(after.redactions).toHaveLength(3);
    for (const l of after.redactions) {
      expect(sliceCodePoints(after.text, l.start, l.end)).toBe(l.placeholder);
      expect(l.reviewer).toBe('Ann');
    }
    const logRows = JSON.stringify(project.db.prepare('SELECT * FROM deid_redactions').all());
    expect(logRows).not.toMatch(/Wanjiru|Achieng/);
    // a re-scan doesn't propose the rejected place again
    await call('deid.scan', { documentId: id });
    const rescanned = await call('deid.findings', { documentId: id });
    expect(rescanned.findings.filter((f: any) => f.kind === 'place' && f.status === 'open')).toEqual([]);
  });

  it('redacts a selected range by hand, in code points, next to astral characters', async () => {
    const id = open('Interviewer: 😀 the village was Nyamira 😀 and the school Kisii Hills.');
    const text = docText(id);
    const start = [...text].indexOf('N');
    const r = await call('deid.redact', { documentId: id, start, end: start + 'Nyamira'.length, kind: 'place', reviewer: 'Ann' });
    expect(r.placeholders).toEqual(['[PLACE-1]']);
    expect(docText(id)).toBe('Interviewer: 😀 the village was [PLACE-1] 😀 and the school Kisii Hills.');
    await expect(call('deid.redact', { documentId: id, start: 0, end: 9999, kind: 'other', reviewer: 'Ann' })).rejects.toThrow(/beyond the end/);
    await expect(call('deid.redact', { documentId: id, start: 5, end: 5, reviewer: 'Ann' })).rejects.toThrow(/end must be greater/);
    expect(docText(id)).toBe('Interviewer: 😀 the village was [PLACE-1] 😀 and the school Kisii Hills.');
  });

  it('moves codings with the text; a coding cut by a replacement is adjusted, not dropped', async () => {
    const id = open();
    const text = docText(id);
    const cps = [...text];
    const at = (s: string) => cps.join('').indexOf(s) === -1 ? -1 : [...text.slice(0, text.indexOf(s))].length;
    const scared = at('Wanjiru was scared');
    // one coding after the name, one that starts inside it, one around the whole sentence
    const after = await call('codings.apply', { documentId: id, codeId: 1, coderId: 1, start: at('We live'), end: at('We live') + 'We live in'.length });
    const cut = await call('codings.apply', { documentId: id, codeId: 2, coderId: 1, start: scared + 3, end: scared + 'Wanjiru was scared'.length });
    const around = await call('codings.apply', { documentId: id, codeId: 2, coderId: 1, start: at('My daughter'), end: at('Her teacher') });
    const { findings } = await call('deid.findings', { documentId: id });
    const names = findings.filter((f: any) => f.text === 'Wanjiru').map((f: any) => f.id);
    const r = await call('deid.accept', { ids: names, reviewer: 'Ann' });
    expect(r.codingsAdjusted).toBe(1);
    expect(r.codingsMoved).toBeGreaterThanOrEqual(1);
    const segs = (await call('codings.list', { documentId: id })) as any[];
    const byId = new Map(segs.map((s) => [s.id, s]));
    expect(byId.get(after.id).text).toBe('We live in');
    expect(byId.get(cut.id).text).toBe('[PERSON-1] was scared');
    expect(byId.get(around.id).text).toBe('My daughter [PERSON-1] is fourteen. ');
    expect(segs).toHaveLength(3);
  });

  it('accepts all high-confidence findings at once, and undoes that within the session', async () => {
    const id = open();
    const original = docText(id);
    const seg = await call('codings.apply', { documentId: id, codeId: 1, coderId: 1, start: 0, end: 11 });
    const before = await call('deid.findings', { documentId: id });
    const high = before.findings.filter((f: any) => f.confidence === 'high').length;
    const r = await call('deid.acceptHigh', { documentId: id, reviewer: 'Ann' });
    expect(r.replaced).toBe(high);
    expect(docText(id)).not.toContain('0722 456 789');
    expect((await call('deid.history')).undo).toBe('accept all high-confidence findings');
    const u = await call('deid.undo');
    expect(u.undone).toBe('accept all high-confidence findings');
    expect(docText(id)).toBe(original);
    const restored = await call('deid.findings', { documentId: id });
    expect(restored.findings.map((f: any) => [f.kind, f.start, f.end, f.status])).toEqual(before.findings.map((f: any) => [f.kind, f.start, f.end, f.status]));
    expect(restored.redactions).toEqual([]);
    expect((await call('codings.list', { documentId: id }))[0]).toMatchObject({ id: seg.id, start: 0, end: 11 });
    expect((await call('deid.undo')).undone).toBeNull();
  });

  it('refuses to undo once the document changed since, with a clear message', async () => {
    const id = open();
    await call('deid.acceptHigh', { documentId: id, reviewer: 'Ann' });
    await call('codings.apply', { documentId: id, codeId: 1, coderId: 1, start: 0, end: 11 });
    await expect(call('deid.undo')).rejects.toThrow(/can't undo "accept all high-confidence findings": the document has changed since/);
  });

  it('marks a document de-identified (who and when) only when no finding is open', async () => {
    const id = open();
    await expect(call('deid.markDeidentified', { documentId: id, reviewer: 'Ann' })).rejects.toThrow(/still has \d+ open findings/);
    const { findings } = await call('deid.findings', { documentId: id });
    await call('deid.acceptHigh', { documentId: id, reviewer: 'Ann' });
    const left = (await call('deid.findings', { documentId: id })).findings.filter((f: any) => f.status === 'open').map((f: any) => f.id);
    if (left.length) await call('deid.reject', { ids: left, reviewer: 'Ann' });
    expect(findings.length).toBeGreaterThan(0);
    const m = await call('deid.markDeidentified', { documentId: id, reviewer: 'Ann' });
    expect(m).toMatchObject({ status: 'deidentified', deidentifiedBy: 'Ann' });
    expect(Date.parse(m.deidentifiedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(m.purge.walCleared).toBe(true);
    const list = await call('documents.list');
    expect(list[0].status).toBe('deidentified');
    const reopened = await call('deid.reopen', { documentId: id });
    expect(reopened).toMatchObject({ status: 'imported', deidentifiedBy: null });
  });

  it('blocks coding of a document not marked de-identified when the project says so', async () => {
    const id = open();
    await call('codings.apply', { documentId: id, codeId: 1, coderId: 1, start: 0, end: 5 });
    await call('deid.setPolicy', { blockCoding: true });
    expect(await call('deid.policy')).toEqual({ blockCoding: true });
    await expect(call('codings.apply', { documentId: id, codeId: 1, coderId: 1, start: 6, end: 9 })).rejects.toThrow(/is not marked de-identified, and this project blocks coding/);
    await expect(call('codings.applyMany', { codeId: 1, coderId: 1, ranges: [{ documentId: id, start: 6, end: 9 }] })).rejects.toThrow(/blocks coding/);
    expect((await call('codings.list', { documentId: id })).length).toBe(1);
    await call('deid.acceptHigh', { documentId: id, reviewer: 'Ann' });
    const left = (await call('deid.findings', { documentId: id })).findings.filter((f: any) => f.status === 'open').map((f: any) => f.id);
    if (left.length) await call('deid.reject', { ids: left, reviewer: 'Ann' });
    await call('deid.markDeidentified', { documentId: id, reviewer: 'Ann' });
    await call('codings.apply', { documentId: id, codeId: 1, coderId: 1, start: 6, end: 9 });
    await call('deid.setPolicy', { blockCoding: false });
  });
});

describe('the known-names list', () => {
  it('keeps hashes only, finds the names in any script, and gives all spellings one placeholder', async () => {
    const id = open('Interviewer: Is Somchai here?\n\nRespondent: สมชาย is my son. Somchai is twelve.', 'th.txt');
    const added = await call('deid.names.add', { kind: 'person', spellings: ['Somchai', 'สมชาย'], addedBy: 'Lead' });
    expect(added).toMatchObject({ placeholder: '[PERSON-1]', spellings: 2, addedBy: 'Lead' });
    expect(added.rescan.documents).toBe(1);
    const { findings } = await call('deid.findings', { documentId: id });
    const known = findings.filter((f: any) => f.source === 'known');
    expect(known.map((f: any) => f.text)).toEqual(['Somchai', 'สมชาย', 'Somchai']);
    await call('deid.accept', { ids: known.map((f: any) => f.id), reviewer: 'Ann' });
    expect(docText(id)).toBe('Interviewer: Is [PERSON-1] here?\n\nRespondent: [PERSON-1] is my son. [PERSON-1] is twelve.');
    await expect(call('deid.names.add', { kind: 'person', spellings: ['SOMCHAI'], addedBy: 'Lead' })).rejects.toThrow(/already on the known-names list/);
    const list = await call('deid.names.list');
    expect(JSON.stringify(list)).not.toMatch(/somchai|สมชาย/i);
    const stored = JSON.stringify(project.db.prepare('SELECT * FROM deid_keys').all()) + JSON.stringify(project.db.prepare('SELECT * FROM deid_known_names').all());
    expect(stored).not.toMatch(/somchai|สมชาย/i);
    // a new document with the name is found at import
    const id2 = importOne('Respondent: somchai called again.', 'b.txt');
    const f2 = (await call('deid.findings', { documentId: id2 })).findings.find((f: any) => f.source === 'known');
    expect(f2).toMatchObject({ text: 'somchai', confidence: 'high' });
    await call('deid.names.remove', { id: list[0].id });
    expect(await call('deid.names.list')).toEqual([]);
  });

  it('reopens a document marked de-identified when a newly known name turns up in it', async () => {
    const id = open('Respondent: the village is Kibwezi and I go to market.', 'v.txt');
    const open1 = (await call('deid.findings', { documentId: id })).findings.map((f: any) => f.id);
    if (open1.length) await call('deid.reject', { ids: open1, reviewer: 'Ann' });
    await call('deid.markDeidentified', { documentId: id, reviewer: 'Ann' });
    const r = await call('deid.names.add', { kind: 'place', spellings: ['market'], addedBy: 'Lead' });
    expect(r.rescan.reopened).toEqual(['v']);
    expect((await call('deid.documents'))[0].status).toBe('imported');
  });
});

describe('no original value in the project file', () => {
  const read = (f: string) => (fs.existsSync(f) ? fs.readFileSync(f) : Buffer.alloc(0));
  /** Every way a value could sit in the bytes: UTF-8, UTF-16 (SQLite text is UTF-8 here, but check both), and folded. */
  function leaks(values: string[]): string[] {
    const bytes = Buffer.concat([read(project.file), read(project.file + '-wal')]);
    const found: string[] = [];
    for (const v of values) {
      for (const form of new Set([v, v.toLowerCase(), v.normalize('NFD')])) {
        if (bytes.includes(Buffer.from(form, 'utf8')) || bytes.includes(Buffer.from(form, 'utf16le'))) found.push(form);
      }
    }
    return found;
  }

  it('after de-identifying labelled transcripts, searches the .weft and -wal bytes for every planted value', async () => {
    const samples = LABELLED.filter((t) => ['ke-caregiver', 'th-caregiver-en', 'kh-native', 'et-native'].includes(t.id));
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-deid-bytes-'));
    project = Project.create(path.join(dir, 'p.weft'), 'bytes');
    project.repo.ensureCoder('Ann');
    importCodebookEntries(project, parseCodebookCsv('code_path\nFamily\n', 'cb.csv'));
    backend = createBackend(project, () => {});
    for (const t of samples) for (const k of t.knownNames) await call('deid.names.add', { kind: k.kind, spellings: k.variants, addedBy: 'Lead' });
    const values = new Set<string>();
    for (const t of samples) {
      const { text, gold } = parseLabelled(t.marked);
      for (const g of gold) if (g.text.length >= 4) values.add(g.text);
      const id = importOne(text, `${t.id}.txt`);
      // the check can see the values: right after import they are in the bytes
      expect(leaks(gold.map((g) => g.text).filter((v) => v.length >= 4)).length).toBeGreaterThan(0);
      // code and search first, so the undo log and the full-text index have seen the original text
      await call('codings.apply', { documentId: id, codeId: 1, coderId: 1, start: 0, end: 20 });
      await call('search.text', { query: [...values][0] });
      // accept every finding that overlaps a planted value, then mark the document de-identified
      const { findings } = await call('deid.findings', { documentId: id });
      const hit = findings.filter((f: any) => gold.some((g) => f.start < g.end && g.start < f.end)).map((f: any) => f.id);
      await call('deid.accept', { ids: hit, reviewer: 'Ann' });
      const rest = (await call('deid.findings', { documentId: id })).findings.filter((f: any) => f.status === 'open').map((f: any) => f.id);
      if (rest.length) await call('deid.reject', { ids: rest, reviewer: 'Ann' });
      const stillThere = gold.filter((g) => docText(id).includes(g.text) && g.text.length >= 4);
      expect(stillThere.map((g) => g.text)).toEqual([]);
      await call('deid.markDeidentified', { documentId: id, reviewer: 'Ann' });
    }
    // the full-text index has no trace: a search for an original finds nothing, and its shadow tables are consistent
    for (const v of values) expect((await call('search.text', { query: v })).length, v).toBe(0);
    project.db.exec("INSERT INTO documents_fts(documents_fts) VALUES ('integrity-check')");
    expect(leaks([...values])).toEqual([]);
    project.close();
    expect(leaks([...values])).toEqual([]);
  });

  it('imports with --deidentify without ever writing the high-confidence values to the file', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-deid-import-'));
    project = Project.create(path.join(dir, 'p.weft'), 'import');
    const id = importOne(TEXT, 'a.txt', ['deidentify']);
    expect(docText(id)).not.toMatch(/0722 456 789|mama\.w@example/);
    expect(project.db.prepare('SELECT method, reviewer FROM deid_redactions').all()).toEqual(expect.arrayContaining([{ method: 'import', reviewer: 'weft (automatic, high confidence)' }]));
    expect(leaks(['0722 456 789', 'mama.w@example.co.ke'])).toEqual([]);
  });

  it('keeps the full-text index in secure-delete mode after imports, even one that fails', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-deid-fts-'));
    project = Project.create(path.join(dir, 'p.weft'), 'fts');
    const secure = () => project.db.prepare("SELECT v FROM documents_fts_config WHERE k = 'secure-delete'").get();
    importOne(TEXT, 'a.txt', []);
    expect(secure()).toEqual({ v: 1 });
    // a second document under a name already taken fails inside insertDocument's transaction
    const doc = project.db.prepare('SELECT name FROM documents').get() as { name: string };
    expect(() => project.repo.insertDocument({ name: doc.name, text: 'x', length: 1, contentHash: 'h2', sourceName: null, sourceType: null })).toThrow();
    expect(secure()).toEqual({ v: 1 });
  });
});

describe('migration 4', () => {
  it('upgrades a version-3 project: documents keep their status and get no findings until scanned', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-deid-mig-'));
    const f = path.join(dir, 'old.weft');
    const db = new Database(f);
    migrate(db, migrations.filter((m) => m.version <= 3));
    db.prepare("INSERT INTO project (id, guid, name, created_at) VALUES (1, 'g', 'old', 'now')").run();
    db.prepare("INSERT INTO documents (guid, name, text, length, content_hash, imported_at, status) VALUES ('d', 'd', 'Wanjiru', 7, 'h', 'now', 'deidentified')").run();
    db.close();
    project = Project.open(f);
    expect(project.db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(4);
    expect(project.db.prepare('SELECT status, deidentified_by FROM documents').get()).toEqual({ status: 'deidentified', deidentified_by: null });
    expect(project.db.prepare("SELECT v FROM documents_fts_config WHERE k = 'secure-delete'").get()).toEqual({ v: 1 });
    expect(project.db.pragma('secure_delete', { simple: true })).toBe(1);
  });
});
