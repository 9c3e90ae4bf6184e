// Team methods through the API dispatcher: merge of uploaded bytes (as in
// browser mode), undoable reconciliation, assignments and completion marks.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Project } from '../../electron/services/project.js';
import { createBackend, dispatch, type Backend } from '../../electron/api/handlers.js';
import { importFiles } from '../../electron/services/documents.js';
import { assignDocuments, writePackage } from '../../electron/services/team.js';
import { importCodingsCsv } from '../../electron/services/coding.js';
import { toCsv } from '../../shared/formats/csv.js';
import type { MethodName, ParamsOf, ResultOf } from '../../shared/api/contract.js';

let dir: string;
let project: Project;
let backend: Backend;
const call = <M extends MethodName>(m: M, p: ParamsOf<M>) => dispatch(backend, m, p) as Promise<ResultOf<M>>;

function codings(file: string, coder: string, rows: Array<[string, number, number]>) {
  fs.writeFileSync(file, toCsv(['document', 'code_path', 'coder', 'start', 'end'], rows.map(([c, s, e]) => ['doc', c, coder, s, e])));
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-team-api-'));
  project = Project.create(path.join(dir, 'lead.weft'));
  fs.writeFileSync(path.join(dir, 'doc.txt'), 'Participant: the aunt went to the police, and the police did nothing for weeks.\n');
  importFiles(project, [path.join(dir, 'doc.txt')]);
  backend = createBackend(project, () => {});
});
afterEach(() => {
  project.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('team API', () => {
  it('merges uploaded package bytes, and reconciliation is undoable', async () => {
    for (const [coder, rows] of [
      ['Ana', [['Actors > Police', 34, 40], ['Barriers > Delay', 46, 78]]],
      ['Ben', [['Actors > Police', 34, 40], ['Barriers > Delay', 50, 78]]],
    ] as const) {
      assignDocuments(project, coder, ['doc']);
      const pkgFile = path.join(dir, `${coder}.weft`);
      writePackage(project, { coder, out: pkgFile });
      const pkg = Project.open(pkgFile);
      const csv = path.join(dir, `${coder}.csv`);
      codings(csv, coder, rows.map((r) => [...r]) as Array<[string, number, number]>);
      importCodingsCsv(pkg, csv, { createCodes: true });
      pkg.close();
      const r = await call('team.merge', { files: [{ fileName: `${coder}.weft`, base64: fs.readFileSync(pkgFile).toString('base64') }] });
      expect(r.files[0]!.file).toBe(`${coder}.weft`);
      expect(r.files[0]!.codings.added).toBe(2);
    }
    // Ana's package created the codes, so Ben's codes came in matched by path or proposed; compare on codes Ana created
    const state = await call('team.state', {});
    expect(state.coders.map((c: { name: string }) => c.name).sort()).toEqual(['Ana', 'Ben']);
    const list = await call('agreement.disagreements', { coderA: 'Ana', coderB: 'Ben' });
    expect(list.agreements + list.total).toBeGreaterThan(0);
    const target = (list.items.find((i) => i.kind !== 'agree') ?? list.items[0])!;
    const before = project.repo.counts().codings;
    const d = await call('agreement.decide', { coderA: 'Ana', coderB: 'Ben', documentId: target.documentId, codeId: target.codeId, start: target.start, end: target.end, decision: 'acceptA' });
    expect(d.written).toBeGreaterThan(0);
    expect(project.repo.counts().codings).toBe(before + d.written);
    const sources = project.db.prepare('SELECT COUNT(*) FROM consensus_sources').pluck().get() as number;
    expect(sources).toBeGreaterThan(0);
    const after = await call('agreement.disagreements', { coderA: 'Ana', coderB: 'Ben' });
    expect(after.decided + after.agreementsAccepted).toBe(1);
    await call('history.undo', {});
    expect(project.repo.counts().codings).toBe(before);
    expect(project.db.prepare('SELECT COUNT(*) FROM consensus_sources').pluck().get()).toBe(0);
    expect(project.db.prepare('SELECT COUNT(*) FROM reconciliations').pluck().get()).toBe(0);
    await call('history.redo', {});
    expect(project.repo.counts().codings).toBe(before + d.written);
    expect(project.db.prepare('SELECT COUNT(*) FROM reconciliations').pluck().get()).toBe(1);
  });

  it('assignments and completion marks; bad ids change nothing', async () => {
    const coder = await call('coders.ensure', { name: 'Ana' });
    const doc = project.repo.documentSummaries()[0]!;
    expect((await call('team.assign', { documentIds: [doc.id], coderId: coder.id, assigned: true })).changed).toBe(1);
    expect((await call('team.complete', { documentIds: [doc.id], coderId: coder.id, complete: true })).changed).toBe(1);
    const s = await call('team.state', {});
    expect(s.assignments).toHaveLength(1);
    expect(s.completions).toHaveLength(1);
    await expect(call('team.complete', { documentIds: [doc.id, 999], coderId: coder.id, complete: false })).rejects.toThrow(/no document with id 999/);
    expect((await call('team.state', {})).completions).toHaveLength(1);
    await expect(call('team.merge', { files: [{ fileName: 'x.txt', base64: 'eA==' }] })).rejects.toThrow(/can't merge/);
  });

  it('the agreement report comes back as a file', async () => {
    for (const [coder, s] of [['Ana', 0], ['Ben', 2]] as const) {
      const c = await call('coders.ensure', { name: coder });
      const code = project.repo.codes()[0] ?? (await call('codes.create', { name: 'Police' }));
      await call('codings.apply', { documentId: project.repo.documentSummaries()[0]!.id, codeId: code.id, coderId: c.id, start: s, end: 20 });
    }
    const r = await call('agreement.report', { format: 'html' });
    expect(r.mime).toBe('text/html');
    expect(Buffer.from(r.base64, 'base64').toString('utf8')).toMatch(/Krippendorff/);
  });
});
