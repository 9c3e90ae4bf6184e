// The audit trail (migration 8): every action that matters is recorded with
// who, what, when and on which document or code, and never with content.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { strToU8 } from 'fflate';
import { Project } from '../../electron/services/project.js';
import { createBackend, dispatch } from '../../electron/api/handlers.js';
import { importSources } from '../../electron/services/documents.js';
import { exportSegments } from '../../electron/services/segmentExport.js';
import { exportQdpx } from '../../electron/services/qdpxExport.js';
import { mergeFiles, writePackage } from '../../electron/services/team.js';
import { auditEntries, setAuditContext } from '../../electron/services/audit.js';
import { connect, migrate, openDatabase } from '../../electron/store/database.js';
import { migrations } from '../../electron/store/migrations.js';
import { parseCsv } from '../../shared/formats/csv.js';
import { auditCsv } from '../../shared/audit.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-audit-'));
  setAuditContext({ via: 'app', coder: null });
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const SECRET = 'Zanele Mokoena';
const TEXT = `Interviewer: Who contacted you first?\nRespondent: ${SECRET} wrote to me on a game chat, then phoned 0821234567.\n`;

function auditText(p: Project): string {
  return JSON.stringify(p.db.prepare('SELECT * FROM audit_log').all());
}

describe('audit trail', () => {
  it('records imports, coding, codebook changes, de-identification and exports through the API, without content', async () => {
    const p = Project.create(path.join(dir, 'p.weft'), 'Study');
    const b = createBackend(p, () => {});
    const ann = await dispatch(b, 'coders.ensure', { name: 'Ann' });
    const [imp] = (await dispatch(b, 'documents.import', { files: [{ name: 'C:\\Users\\ann\\Interview 7.txt', data: Buffer.from(TEXT).toString('base64') }] })) as Array<{ documentId: number }>;
    const docId = imp!.documentId;
    const code = (await dispatch(b, 'codes.create', { name: 'Contact' })) as { id: number; guid: string };
    await dispatch(b, 'codes.update', { id: code.id, definition: 'First contact by the offender' });
    const seg = (await dispatch(b, 'codings.apply', { documentId: docId, codeId: code.id, coderId: (ann as { id: number }).id, start: 13, end: 36 })) as { id: number };
    await dispatch(b, 'codings.remove', { id: seg.id });
    // de-identification: redact the name; the name must never reach the trail
    const start = [...TEXT].join('').indexOf(SECRET);
    await dispatch(b, 'deid.redact', { documentId: docId, start, end: start + SECRET.length, kind: 'person', reviewer: 'Ann' });
    await dispatch(b, 'deid.names.add', { kind: 'person', spellings: ['Thandi Nkosi'], addedBy: 'Ann' });
    await dispatch(b, 'exchange.export', { format: 'csv' });

    const entries = auditEntries(p);
    const actions = entries.map((e) => e.action).reverse();
    expect(actions).toEqual(['import', 'codes.create', 'codes.update', 'codings.apply', 'codings.remove', 'deid.redact', 'deid.names.add', 'export']);
    const byAction = new Map(entries.map((e) => [e.action, e]));
    expect(byAction.get('import')).toMatchObject({ coder: 'Ann', via: 'app', targetKind: 'document', targetName: 'Interview 7', details: { file: 'Interview 7.txt', format: 'text' } });
    expect(byAction.get('codings.remove')).toMatchObject({ coder: 'Ann', targetKind: 'coding', targetName: 'Interview 7 / Contact' });
    expect(byAction.get('codes.create')).toMatchObject({ targetKind: 'code', targetGuid: code.guid, targetName: 'Contact' });
    expect(byAction.get('deid.redact')).toMatchObject({ coder: 'Ann', targetKind: 'document', details: { kind: 'person' } });
    expect(byAction.get('export')).toMatchObject({ targetKind: 'file', details: { format: 'csv', rows: 0, method: 'exchange.export' } });
    for (const e of entries) expect(e.at).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    const all = auditText(p);
    for (const forbidden of [SECRET, 'Zanele', 'Mokoena', '0821234567', 'Thandi', 'Who contacted', 'First contact by', 'Users\\\\ann']) expect(all).not.toContain(forbidden);
    p.close();
  });

  it('filters by action family, coder and dates, and writes CSV', async () => {
    const p = Project.create(path.join(dir, 'f.weft'));
    const b = createBackend(p, () => {});
    await dispatch(b, 'coders.ensure', { name: 'Ann' });
    await dispatch(b, 'codes.create', { name: 'A' });
    const b2 = createBackend(p, () => {});
    await dispatch(b2, 'coders.ensure', { name: 'Bo' });
    await dispatch(b2, 'codes.create', { name: '=HYPERLINK("x")' });
    expect(auditEntries(p, { coder: 'bo' }).map((e) => e.targetName)).toEqual(['=HYPERLINK("x")']);
    expect(auditEntries(p, { action: 'codes' })).toHaveLength(2);
    expect(auditEntries(p, { action: 'code' })).toHaveLength(0);
    const today = new Date().toISOString().slice(0, 10);
    expect(auditEntries(p, { from: today, to: today })).toHaveLength(2);
    expect(auditEntries(p, { to: '2000-01-01' })).toHaveLength(0);
    const listed = (await dispatch(b, 'audit.list', { action: 'codes', coder: 'Ann' })) as unknown[];
    expect(listed).toHaveLength(1);
    const csv = auditCsv(auditEntries(p));
    const table = parseCsv(csv);
    expect(table.header).toEqual(['at', 'coder', 'account', 'via', 'action', 'target_kind', 'target_guid', 'target_name', 'details']);
    // a name that looks like a formula is neutralised
    expect(table.rows.map((r) => r.cells.target_name)).toContain(`'=HYPERLINK("x")`);
    // exporting the trail is itself recorded
    const file = (await dispatch(b, 'audit.exportCsv', {})) as { rows: number };
    expect(file.rows).toBe(2);
    expect(auditEntries(p, { action: 'export' })[0]).toMatchObject({ details: { file: 'audit-trail.csv', rows: 2 } });
    // a codebook export too: who handed the codebook out
    await dispatch(b, 'codebook.exportFile', { format: 'csv' });
    expect(auditEntries(p, { action: 'export' })[0]).toMatchObject({ coder: 'Ann', details: { method: 'codebook.exportFile', rows: 2 } });
    p.close();
  });

  it('records exports, packages and merges made outside the API, even from a project opened read-only', async () => {
    const file = path.join(dir, 'lead.weft');
    const p = Project.create(file, 'Lead');
    setAuditContext({ via: 'cli', coder: 'Lead' });
    await importSources(p, [{ name: 'one.txt', bytes: strToU8(TEXT) }]);
    const docId = p.repo.documentSummaries()[0]!.id;
    const coder = p.repo.ensureCoder('Ann');
    const code = p.repo.insertCode({ name: 'Contact', parentId: null, color: '#aa3355' });
    p.repo.insertCoding({ documentId: docId, codeId: code, coderId: coder.id, start: 0, end: 11 });
    writePackage(p, { coder: 'Ann', documents: ['one'], out: path.join(dir, 'ann.weft') });
    p.close();

    const ro = Project.open(file, { readOnly: true });
    await exportSegments(ro, path.join(dir, 'segments.csv'), 'csv', {});
    exportQdpx(ro, path.join(dir, 'all.qdpx'));
    ro.close();

    const rw = Project.open(file);
    mergeFiles(rw, [path.join(dir, 'ann.weft')]);
    const entries = auditEntries(rw).reverse();
    expect(entries.map((e) => `${e.action}:${e.targetName}`)).toEqual(['import:one', 'export:ann.weft', 'export:segments.csv', 'export:all.qdpx', 'merge:ann.weft']);
    expect(entries.every((e) => e.via === 'cli' && e.coder === 'Lead')).toBe(true);
    expect(entries[2]!.details).toMatchObject({ format: 'csv', rows: 1 });
    expect(entries[3]!.details).toMatchObject({ format: 'qdpx', rows: 1 });
    expect(entries[4]!.details).toMatchObject({ kind: 'package', fromCoder: 'Ann' });
    expect(auditText(rw)).not.toContain(SECRET);
    rw.close();
  });

  it('refuses an export it cannot record, and leaves no file', async () => {
    const file = path.join(dir, 'locked.weft');
    Project.create(file).close();
    // another connection holds the write lock: the audit record can't be written
    // (through the app's driver: two SQLite libraries in one process don't see each other's locks)
    const holder = connect(file);
    holder.exec('BEGIN IMMEDIATE');
    const ro = Project.open(file, { readOnly: true });
    ro.db.pragma('busy_timeout = 0');
    const out = path.join(dir, 'out.csv');
    try {
      await expect(exportSegments(ro, out, 'csv', {})).rejects.toThrow(/could not be recorded in the project's audit trail/);
      expect(fs.existsSync(out)).toBe(false);
    } finally {
      ro.close();
      holder.exec('ROLLBACK');
      holder.close();
    }
  }, 20_000);

  it('migration 8 adds the table to a version 7 project, keeping its data', () => {
    const file = path.join(dir, 'old.weft');
    const db = new Database(file);
    migrate(db, migrations.filter((m) => m.version <= 7));
    expect(db.pragma('user_version', { simple: true })).toBe(7);
    db.close();
    const upgraded = openDatabase(file);
    expect(upgraded.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(8);
    expect(upgraded.prepare('SELECT COUNT(*) FROM audit_log').pluck().get()).toBe(0);
    upgraded.close();
  });
});
