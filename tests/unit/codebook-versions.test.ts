// Codebook versions, the coding-round lock, proposals and the codebook
// document, through the API dispatcher (as the UI calls them).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Project } from '../../electron/services/project.js';
import { migrate } from '../../electron/store/database.js';
import { migrations } from '../../electron/store/migrations.js';
import { createBackend, dispatch, type Backend } from '../../electron/api/handlers.js';
import { importFiles } from '../../electron/services/documents.js';
import { assignDocuments, writePackage } from '../../electron/services/team.js';
import { importCodebookEntries } from '../../electron/services/codebook.js';
import { importCodingsCsv } from '../../electron/services/coding.js';
import { projectJson } from '../../electron/services/exportProject.js';
import { exportQdpx } from '../../electron/services/qdpxExport.js';
import { importQdpx } from '../../electron/services/qdpxImport.js';
import { toCsv } from '../../shared/formats/csv.js';
import type { CodebookSnapshot } from '../../shared/codebookVersions.js';
import type { CodebookEntry } from '../../shared/formats/codebook.js';
import type { MethodName, ParamsOf, ResultOf } from '../../shared/api/contract.js';

let dir: string;
let project: Project;
let backend: Backend;
let docId: number;
let coderId: number;
const call = <M extends MethodName>(m: M, p: ParamsOf<M>) => dispatch(backend, m, p) as Promise<ResultOf<M>>;
const codeId = (p: string) => project.repo.codes().find((c) => c.path === p)!.id;
const refusal = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a refusal'); }, (e: Error) => e);
const entry = (p: string[], f: Partial<CodebookEntry> = {}): CodebookEntry => ({
  path: p, shortDefinition: '', definition: '', inclusion: '', exclusion: '', example: '', atypicalExample: '', memo: '', codable: true, origin: 'test', ...f,
});
const versionsOfCodings = () =>
  project.db.prepare('SELECT codebook_version AS v FROM codings ORDER BY id').all().map((r) => (r as { v: number | null }).v);

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-cbv-'));
  project = Project.create(path.join(dir, 'p.weft'));
  fs.writeFileSync(path.join(dir, 'doc.txt'), 'Participant: the aunt went to the police, and the police did nothing for weeks.\n');
  docId = importFiles(project, [path.join(dir, 'doc.txt')])[0]!.documentId!;
  importCodebookEntries(project, [
    entry(['Actors'], { codable: false }),
    entry(['Actors', 'Police'], { definition: 'Police officers and units.' }),
    entry(['Actors', 'Family'], { definition: 'Relatives.' }),
    entry(['Barriers']),
  ]);
  coderId = project.repo.ensureCoder('Ana').id;
  backend = createBackend(project, () => {});
});
afterEach(() => {
  project.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('codebook versions', () => {
  it('publishes numbered versions with a full snapshot, and each coding records the version in force', async () => {
    const before = await call('codings.apply', { documentId: docId, codeId: codeId('Actors > Police'), coderId, start: 34, end: 40 });
    const v1 = await call('codebook.publish', { note: 'round 1', coderId });
    expect(v1).toMatchObject({ number: 1, note: 'round 1', publishedBy: 'Ana', codes: 4, codings: 0 });
    await call('codings.apply', { documentId: docId, codeId: codeId('Actors > Family'), coderId, start: 17, end: 21 });
    const v2 = await call('codebook.publish', { note: 'after training' });
    expect(v2.number).toBe(2);
    // the CSV import path records the version too
    const csv = path.join(dir, 'c.csv');
    fs.writeFileSync(csv, toCsv(['document', 'code_path', 'coder', 'start', 'end'], [['doc', 'Barriers', 'Ben', 46, 78]]));
    importCodingsCsv(project, csv);
    expect(versionsOfCodings()).toEqual([null, 1, 2]);
    expect(before.id).toBeGreaterThan(0);
    const list = await call('codebook.versions', {});
    expect(list.map((v) => [v.number, v.codings])).toEqual([[1, 1], [2, 1]]);

    const row = project.db.prepare('SELECT snapshot FROM codebook_versions WHERE number = 1').get() as { snapshot: string };
    const snap = JSON.parse(row.snapshot) as CodebookSnapshot;
    const police = snap.codes.find((c) => c.name === 'Police')!;
    const actors = snap.codes.find((c) => c.name === 'Actors')!;
    expect(police).toMatchObject({ path: ['Actors', 'Police'], definition: 'Police officers and units.', codable: true, status: 'active', parentGuid: actors.guid });
    expect(police.guid).toBe(project.repo.codeById(codeId('Actors > Police'))!.guid);
    expect(Object.keys(police).sort()).toEqual(
      ['atypicalExample', 'codable', 'color', 'definition', 'example', 'exclusion', 'guid', 'inclusion', 'memo', 'name', 'parentGuid', 'path', 'shortDefinition', 'sortOrder', 'status'].sort(),
    );
    expect(actors.codable).toBe(false);

    // the lossless JSON export carries the versions and each coding's version
    const json = projectJson(project) as { codebookVersions: Array<{ number: number; snapshot: CodebookSnapshot }>; codings: Array<{ codebookVersion: number | null }> };
    expect(json.codebookVersions.map((v) => v.number)).toEqual([1, 2]);
    expect(json.codebookVersions[0]!.snapshot).toEqual(snap);
    expect(json.codings.map((c) => c.codebookVersion).sort()).toEqual([1, 2, null].sort());
  });

  it('records merges so that a version diff can show them', async () => {
    await call('codebook.publish', { note: 'v1' });
    await call('codes.merge', { sourceId: codeId('Actors > Family'), targetId: codeId('Actors > Police') });
    await call('codebook.publish', { note: 'v2' });
    const row = project.db.prepare('SELECT snapshot FROM codebook_versions WHERE number = 2').get() as { snapshot: string };
    const snap = JSON.parse(row.snapshot) as CodebookSnapshot;
    const police = project.repo.codeById(codeId('Actors > Police'))!;
    expect(snap.merges).toEqual([expect.objectContaining({ path: ['Actors', 'Family'], mergedInto: police.guid })]);
    const diff = await call('codebook.versionDiff', { from: 1, to: 2 });
    expect(diff.merged).toEqual([
      { from: expect.objectContaining({ path: ['Actors', 'Family'] }), into: expect.objectContaining({ guid: police.guid, path: ['Actors', 'Police'] }), evidence: 'recorded' },
    ]);
    expect(diff.deleted).toEqual([]);
    expect(diff.added).toEqual([]);
    // the same merge seen from version 2 onwards is no change
    expect((await call('codebook.versionDiff', { from: 2, to: null })).merged).toEqual([]);
    // undoing the merge removes its record too
    await call('history.undo', {});
    expect(project.db.prepare('SELECT COUNT(*) AS n FROM code_merges').get()).toEqual({ n: 0 });
  });

  it('diffs a version against the current codebook', async () => {
    await call('codebook.publish', { note: 'v1' });
    await call('codes.update', { id: codeId('Actors > Police'), definition: 'Any police officer or unit.' });
    await call('codes.create', { name: 'Courts' });
    await call('codes.move', { id: codeId('Actors > Family'), parentId: null });
    const diff = await call('codebook.versionDiff', { from: 1, to: null });
    expect(diff.added.map((c) => c.path)).toEqual([['Courts']]);
    expect(diff.definitionChanged).toEqual([
      expect.objectContaining({ path: ['Actors', 'Police'], fields: [{ field: 'definition', before: 'Police officers and units.', after: 'Any police officer or unit.' }] }),
    ]);
    expect(diff.moved).toEqual([expect.objectContaining({ name: 'Family', fromParent: ['Actors'], toParent: [] })]);
    expect([diff.deleted, diff.renamed, diff.merged]).toEqual([[], [], []]);
    expect((await refusal(call('codebook.versionDiff', { from: 7, to: null }))).message).toContain('no codebook version 7');
  });
});

describe('locking and proposals', () => {
  it('refuses codebook changes while locked, with a clear message, and changes nothing', async () => {
    await call('codebook.setLock', { locked: true, coderId });
    const police = codeId('Actors > Police');
    const before = JSON.stringify(project.repo.codes());
    const attempts: Array<Promise<unknown>> = [
      call('codes.create', { name: 'Courts' }),
      call('codes.update', { id: police, definition: 'changed' }),
      call('codes.move', { id: police, parentId: null }),
      call('codes.merge', { sourceId: codeId('Actors > Family'), targetId: police }),
      call('codes.delete', { id: police }),
    ];
    for (const a of attempts) {
      const e = await refusal(a);
      expect(e.message).toMatch(/^the codebook is locked for a coding round: .* is refused/);
    }
    expect(() => importCodebookEntries(project, [entry(['New'])])).toThrow(/locked/);
    expect(JSON.stringify(project.repo.codes())).toBe(before);
    // coding goes on
    await call('codings.apply', { documentId: docId, codeId: police, coderId, start: 34, end: 40 });
    expect((await call('codebook.overview', {})).lock).toMatchObject({ locked: true, by: 'Ana' });
    await call('codebook.setLock', { locked: false });
    await call('codes.update', { id: police, definition: 'changed' });
  });

  it('lets coders propose codes while locked; a proposal can be applied and edited', async () => {
    await call('codebook.setLock', { locked: true });
    const p = await call('codes.propose', { name: 'Shame', coderId, definition: 'Feeling ashamed.' });
    expect(p).toMatchObject({ status: 'proposed', proposedBy: 'Ana', path: 'Shame' });
    await call('codings.apply', { documentId: docId, codeId: p.id, coderId, start: 0, end: 11 });
    await call('codes.update', { id: p.id, definition: 'Feeling ashamed to tell.' });
    expect((await refusal(call('codes.propose', { name: 'shame' }))).message).toContain('already exists');
    // codings import --create-codes while locked makes proposals too
    const csv = path.join(dir, 'c.csv');
    fs.writeFileSync(csv, toCsv(['document', 'code_path', 'coder', 'start', 'end'], [['doc', 'Fear', 'Ben', 46, 78]]));
    importCodingsCsv(project, csv, { createCodes: true });
    expect(project.repo.codeById(codeId('Fear'))!.status).toBe('proposed');
  });

  it('turns the new codes of a .qdpx imported while locked into proposals', async () => {
    const other = Project.create(path.join(dir, 'other.weft'));
    const qdpx = path.join(dir, 'other.qdpx');
    try {
      importCodebookEntries(other, [entry(['Actors', 'Police']), entry(['Courts'], { definition: 'Courts and hearings.' })]);
      exportQdpx(other, qdpx);
    } finally {
      other.close();
    }
    await call('codebook.setLock', { locked: true });
    importQdpx(project, qdpx);
    const codes = project.repo.codes();
    expect(codes.find((c) => c.path === 'Courts')).toMatchObject({ status: 'proposed' });
    expect(codes.find((c) => c.path === 'Actors > Police')).toMatchObject({ status: 'active' });
  });

  it('marks the codes a coder added in a package as proposals when the package is merged', async () => {
    assignDocuments(project, 'Ben', ['doc']);
    const pkgFile = path.join(dir, 'ben.weft');
    writePackage(project, { coder: 'Ben', out: pkgFile });
    const pkg = Project.open(pkgFile);
    const csv = path.join(dir, 'ben.csv');
    fs.writeFileSync(csv, toCsv(['document', 'code_path', 'coder', 'start', 'end'], [['doc', 'Night shifts', 'Ben', 46, 78]]));
    importCodingsCsv(pkg, csv, { createCodes: true });
    pkg.close();
    await call('team.merge', { files: [{ fileName: 'ben.weft', base64: fs.readFileSync(pkgFile).toString('base64') }] });
    const added = project.repo.codes().find((c) => c.name === 'Night shifts')!;
    expect(added).toMatchObject({ status: 'proposed', proposedBy: 'Ben' });
    expect(added.path).toMatch(/^Proposed codes > /);
    await call('codes.acceptProposal', { id: added.id });
  });

  it('accepts a proposal into the codebook (undoable)', async () => {
    await call('codebook.setLock', { locked: true });
    const p = await call('codes.propose', { name: 'Shame', coderId });
    const accepted = await call('codes.acceptProposal', { id: p.id });
    expect(accepted.status).toBe('active');
    await call('history.undo', {});
    expect(project.repo.codeById(p.id)!.status).toBe('proposed');
    expect((await refusal(call('codes.acceptProposal', { id: codeId('Actors > Police') }))).message).toContain('is not a proposed code');
  });

  it('merges a proposal into an existing code: codings move, duplicates collapse, memos are kept', async () => {
    await call('codebook.setLock', { locked: true });
    const police = codeId('Actors > Police');
    const p = await call('codes.propose', { name: 'Officers', coderId });
    await call('codes.update', { id: p.id, memo: 'Coders kept seeing officers named by rank.' });
    await call('codings.apply', { documentId: docId, codeId: police, coderId, start: 34, end: 40 });
    const dup = await call('codings.apply', { documentId: docId, codeId: p.id, coderId, start: 34, end: 40 });
    await call('codings.apply', { documentId: docId, codeId: p.id, coderId, start: 46, end: 52 });
    await call('codings.setMemo', { id: dup.id, memo: 'same span' });
    const before = project.repo.counts().codings;
    const r = await call('codes.mergeProposal', { id: p.id, targetId: police });
    expect(r).toEqual({ moved: 1, duplicates: 1 });
    expect(project.repo.counts().codings).toBe(before - 1);
    expect(project.repo.segments().filter((s) => s.codeId === police).map((s) => [s.start, s.end])).toEqual([[34, 40], [46, 52]]);
    expect(project.repo.codeById(police)!.memo).toContain('Coders kept seeing officers named by rank.');
    expect(project.repo.codes().some((c) => c.name === 'Officers')).toBe(false);
    await call('history.undo', {});
    expect(project.repo.codeById(p.id)!.status).toBe('proposed');
    expect(project.repo.counts().codings).toBe(before);
  });

  it('rejects a proposal without losing its codings: it moves under "Rejected proposals" and can no longer be applied', async () => {
    await call('codebook.setLock', { locked: true });
    const p = await call('codes.propose', { name: 'Shame', parentId: codeId('Actors'), coderId });
    await call('codings.apply', { documentId: docId, codeId: p.id, coderId, start: 0, end: 11 });
    const rejected = await call('codes.rejectProposal', { id: p.id });
    expect(rejected).toMatchObject({ status: 'rejected', path: 'Rejected proposals > Shame' });
    expect(project.repo.codes().find((c) => c.path === 'Rejected proposals')!.codable).toBe(false);
    expect(project.repo.segments().filter((s) => s.codeId === p.id)).toHaveLength(1);
    expect((await refusal(call('codings.apply', { documentId: docId, codeId: p.id, coderId, start: 12, end: 15 }))).message).toContain('rejected proposal');
    await call('history.undo', {});
    expect(project.repo.codeById(p.id)).toMatchObject({ status: 'proposed', path: 'Actors > Shame' });
  });

  it('leaves proposals and rejected proposals out of diffs and the codebook document, as exports do', async () => {
    await call('codebook.publish', { note: 'v1' });
    await call('codebook.setLock', { locked: true });
    const a = await call('codes.propose', { name: 'Shame', coderId });
    const b = await call('codes.propose', { name: 'Fear', coderId });
    await call('codes.rejectProposal', { id: b.id });
    const diff = await call('codebook.versionDiff', { from: 1, to: null });
    expect([diff.added, diff.deleted, diff.moved, diff.renamed, diff.merged, diff.definitionChanged]).toEqual([[], [], [], [], [], []]);
    const html = (await call('codebook.document', {})).html;
    expect(html).not.toContain('Shame');
    expect(html).not.toContain('Rejected proposals');
    // the published snapshot still records them, with their status
    await call('codebook.publish', { note: 'v2' });
    const row = project.db.prepare('SELECT snapshot FROM codebook_versions WHERE number = 2').get() as { snapshot: string };
    const snap = JSON.parse(row.snapshot) as CodebookSnapshot;
    expect(snap.codes.filter((c) => c.status !== 'active').map((c) => [c.name, c.status]).sort()).toEqual([['Fear', 'rejected'], ['Shame', 'proposed']]);
    await call('codes.acceptProposal', { id: a.id });
    expect((await call('codebook.versionDiff', { from: 2, to: null })).added.map((c) => c.path)).toEqual([['Shame']]);
  });
});

describe('migration 7', () => {
  it('keeps the codings and codes of an older file: no version recorded, every code in the codebook', () => {
    const f = path.join(dir, 'v6.weft');
    const old = new Database(f);
    migrate(old, migrations.filter((m) => m.version <= 6));
    old.exec(`INSERT INTO project (id, guid, name, created_at) VALUES (1, 'g', 'old', '2024-01-01T00:00:00.000Z');
      INSERT INTO documents (guid, name, text, length, content_hash, imported_at) VALUES ('d', 'doc', 'hello world', 11, 'h', '2024-01-01T00:00:00.000Z');
      INSERT INTO codes (guid, name, color) VALUES ('c', 'Harm', '#000000');
      INSERT INTO coders (guid, name, created_at) VALUES ('k', 'Ana', '2024-01-01T00:00:00.000Z');
      INSERT INTO codings (guid, document_id, code_id, coder_id, start, "end", created_at) VALUES ('s', 1, 1, 1, 0, 5, '2024-01-01T00:00:00.000Z');`);
    old.close();
    const p = Project.open(f);
    try {
      expect(p.repo.codes()[0]).toMatchObject({ name: 'Harm', status: 'active', proposedBy: null });
      expect(p.db.prepare('SELECT codebook_version AS v FROM codings').get()).toEqual({ v: null });
    } finally {
      p.close();
    }
  });
});

describe('codebook document', () => {
  it('is standalone HTML with the hierarchy as nested headings and every field', async () => {
    await call('codes.update', { id: codeId('Actors > Police'), inclusion: 'Use for <any> officer.', example: '“The police came.”' });
    const doc = await call('codebook.document', {});
    expect(doc.fileName).toMatch(/-codebook\.html$/);
    expect(doc.html).toMatch(/^<!DOCTYPE html>/);
    expect(doc.html).toContain('<h2 id="code-');
    expect(doc.html).toMatch(/<h3 id="code-[^"]+-h">.*Police/);
    expect(doc.html).toContain('Use for &lt;any&gt; officer.');
    expect(doc.html).toContain('<dt>When to use</dt>');
    expect(doc.html).toContain('<dt>Typical example</dt>');
    expect(doc.html).toContain('@media print');
    expect(doc.html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(doc.html).toContain('No definition yet.');
    await call('codebook.publish', { note: 'v1' });
    expect((await call('codebook.document', { version: 1 })).html).toContain('version 1');
  });
});
