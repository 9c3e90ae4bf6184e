// Exports of the whole project: the long segments CSV and the lossless JSON.
import fs from 'node:fs';
import path from 'node:path';
import type { Project } from './project.js';
import { toCsv } from '../../shared/formats/csv.js';
import { SEGMENT_COLUMNS } from '../../shared/formats/segmentsCsv.js';
import { WeftError } from '../errors.js';
import { auditExport } from './audit.js';

export function segmentsCsv(project: Project): string {
  const attrs = project.repo.attributeDefs();
  const docAttrs = project.repo.allDocumentAttributes();
  const rows = project.repo.segments().map((s) => {
    const a = docAttrs.get(s.documentId) ?? {};
    return [s.guid, s.documentGuid, s.documentName, s.codeGuid, s.codePath, s.coderName, s.start, s.end, s.text, s.memo, ...attrs.map((d) => a[d.name] ?? '')];
  });
  return toCsv([...SEGMENT_COLUMNS, ...attrs.map((a) => a.name)], rows);
}

export function projectJson(project: Project): unknown {
  const repo = project.repo;
  const docAttrs = repo.allDocumentAttributes();
  const codes = repo.codes();
  const codeGuid = new Map(codes.map((c) => [c.id, c.guid]));
  const coders = repo.coders();
  const coderGuid = new Map(coders.map((c) => [c.id, c.guid]));
  const docs = repo.allDocuments();
  const docGuid = new Map(docs.map((d) => [d.id, d.guid]));
  const info = project.info();
  const codingVersion = new Map(
    (repo.db.prepare('SELECT id, codebook_version AS v FROM codings WHERE codebook_version IS NOT NULL').all() as Array<{ id: number; v: number }>).map((r) => [r.id, r.v]),
  );
  return {
    format: 'weft-project',
    formatVersion: 1,
    offsets: 'unicode-code-points-end-exclusive',
    project: { guid: info.guid, name: info.name, createdAt: info.createdAt, schemaVersion: info.schemaVersion },
    coders: coders.map((c) => ({ guid: c.guid, name: c.name })),
    attributes: repo.attributeDefs().map((a) => ({ guid: a.guid, name: a.name, type: a.type, values: a.values })),
    codes: codes.map((c) => ({
      guid: c.guid,
      parent: c.parentId === null ? null : codeGuid.get(c.parentId),
      name: c.name,
      path: c.path,
      color: c.color,
      shortDefinition: c.shortDefinition,
      definition: c.definition,
      inclusion: c.inclusion,
      exclusion: c.exclusion,
      example: c.example,
      atypicalExample: c.atypicalExample,
      memo: c.memo,
      codable: c.codable,
      sortOrder: c.sortOrder,
      status: c.status ?? 'active',
      proposedBy: c.proposedBy ?? null,
    })),
    documents: docs.map((d) => ({
      guid: d.guid,
      name: d.name,
      text: d.text,
      length: d.length,
      contentHash: d.contentHash,
      sourceName: d.sourceName,
      sourceType: d.sourceType,
      importedAt: d.importedAt,
      status: d.status,
      attributes: docAttrs.get(d.id) ?? {},
    })),
    codings: repo.segments().map((s) => ({
      guid: s.guid,
      document: docGuid.get(s.documentId),
      code: codeGuid.get(s.codeId),
      coder: coderGuid.get(s.coderId),
      start: s.start,
      end: s.end,
      text: s.text,
      memo: s.memo,
      createdAt: s.createdAt,
      codebookVersion: codingVersion.get(s.id) ?? null,
    })),
    codebookVersions: (repo.db.prepare('SELECT guid, number, published_at, published_by, note, snapshot FROM codebook_versions ORDER BY number').all() as Array<{
      guid: string; number: number; published_at: string; published_by: string | null; note: string; snapshot: string;
    }>).map((v) => ({ guid: v.guid, number: v.number, publishedAt: v.published_at, publishedBy: v.published_by, note: v.note, snapshot: JSON.parse(v.snapshot) as unknown })),
  };
}

/** Write an export chosen by the file's extension. Written to a temp file, then renamed. */
export function exportProject(project: Project, out: string): { format: string; bytes: number } {
  const ext = path.extname(out).toLowerCase();
  let content: string;
  if (ext === '.csv') content = segmentsCsv(project);
  else if (ext === '.json') content = JSON.stringify(projectJson(project), null, 2) + '\n';
  else throw new WeftError(`${out}: unsupported export format "${ext || '(none)'}" (use .csv or .json)`);
  const tmp = `${out}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, content, 'utf8');
    fs.renameSync(tmp, out);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw new WeftError(`${out}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  auditExport(project, out, { format: ext.slice(1), bytes: Buffer.byteLength(content), rows: ext === '.csv' ? (project.db.prepare('SELECT COUNT(*) FROM codings').pluck().get() as number) : (project.db.prepare('SELECT COUNT(*) FROM documents').pluck().get() as number) });
  return { format: ext.slice(1), bytes: Buffer.byteLength(content) };
}
