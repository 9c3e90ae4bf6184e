// Handlers of the team methods: assignments, completion marks, packages,
// merge (files uploaded as bytes, so browser mode works too), agreement, its
// report, disagreements and reconciliation (undoable steps).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { teamMethods } from '../../../shared/api/methods/team.js';
import { mergeFiles, setAssignment, setCompletion, teamState, writePackage } from '../../services/team.js';
import { acceptAgreements, agreementReport, decide, listDisagreements, projectAgreement } from '../../services/agreement.js';
import { WeftError } from '../../errors.js';
import { progressEvents, step, type HandlersFor } from '../backend.js';

/** A file name safe to use inside our temp folder. */
const safeName = (name: string) => path.basename(name).replace(/[^\p{L}\p{N}._ -]/gu, '_').slice(0, 120) || 'file';

export const teamHandlers: HandlersFor<keyof typeof teamMethods> = {
  'team.state': (b) => teamState(b.project),
  'team.assign': (b, p) => {
    const changed = setAssignment(b.project, p.documentIds, p.coderId, p.assigned);
    b.emit({ type: 'changed', what: ['documents'] });
    return { changed };
  },
  'team.complete': (b, p) => {
    const changed = setCompletion(b.project, p.documentIds, p.coderId, p.complete);
    b.emit({ type: 'changed', what: ['documents'] });
    return { changed };
  },
  'team.package': (b, p) => {
    const coder = b.project.repo.coderById(p.coderId);
    if (!coder) throw new WeftError(`coderId: no coder with id ${p.coderId}`, 'not_found');
    const names = p.documentIds?.map((id) => {
      const d = b.project.repo.documentRef({ id });
      if (!d) throw new WeftError(`documentIds: no document with id ${id}`, 'not_found');
      return d.name;
    });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-package-'));
    try {
      const fileName = `${safeName(b.project.info().name)} - ${safeName(coder.name)}.weft`;
      const info = writePackage(b.project, { coder: coder.name, documents: names, out: path.join(dir, fileName) });
      return { fileName, base64: fs.readFileSync(info.file).toString('base64'), info };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
  'team.merge': (b, p) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-merge-upload-'));
    try {
      const files = p.files.map((f, i) => {
        const name = safeName(f.fileName);
        const ext = path.extname(name).toLowerCase();
        if (ext !== '.weft' && ext !== '.qdpx') throw new WeftError(`files.${i}: "${f.fileName}": can't merge "${ext || '(no extension)'}" files (use .weft or .qdpx)`);
        const file = path.join(dir, `${i}-${name}`);
        fs.writeFileSync(file, Buffer.from(f.base64, 'base64'));
        return file;
      });
      const progress = progressEvents(b, 'merge');
      progress(0, files.length);
      const report = mergeFiles(b.project, files, progress);
      // report the names the user dropped, not our temp paths
      report.files.forEach((f, i) => (f.file = p.files[i]!.fileName));
      b.emit({ type: 'changed', what: ['documents', 'codes', 'codings', 'coders', 'memos'] });
      return report;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
  'agreement.compute': (b, p) => {
    const run = projectAgreement(b.project, p, progressEvents(b, 'agreement'));
    return { ...run.result, documentNames: run.documentNames };
  },
  'agreement.report': (b, p) => {
    const { format, ...options } = p;
    const text = agreementReport(b.project, projectAgreement(b.project, options, progressEvents(b, 'agreement')), format);
    return {
      fileName: `agreement-${safeName(b.project.info().name)}.${format}`,
      mime: format === 'csv' ? 'text/csv' : 'text/html',
      base64: Buffer.from(text, 'utf8').toString('base64'),
    };
  },
  'agreement.disagreements': (b, p) => {
    const l = listDisagreements(b.project, p);
    return {
      coderA: l.coderA.name,
      coderB: l.coderB.name,
      total: l.total,
      decided: l.decided,
      agreements: l.agreements,
      agreementsAccepted: l.agreementsAccepted,
      items: l.items.map((i) => ({
        key: i.key, documentId: i.documentId, documentName: i.documentName, codeId: i.codeId, codePath: i.codePath, start: i.start, end: i.end, kind: i.kind,
        a: i.a.map((c) => ({ id: c.id, start: c.start, end: c.end })), b: i.b.map((c) => ({ id: c.id, start: c.start, end: c.end })), decision: i.decision,
      })),
    };
  },
  'agreement.decide': (b, p) => {
    const r = step(b, `reconcile: ${p.decision}`, () => decide(b.project, p));
    b.emit({ type: 'changed', what: ['codings', 'coders'] });
    return r;
  },
  'agreement.acceptAgreements': (b, p) => {
    const r = step(b, 'reconcile: accept agreements', () => acceptAgreements(b.project, p));
    b.emit({ type: 'changed', what: ['codings', 'coders'] });
    return r;
  },
};
