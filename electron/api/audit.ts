// The API's part of the audit trail: every write method, and every method
// that hands out an export, is recorded after it succeeds. The target (which
// document, code or coding) is looked up before the call, since a removal
// takes it away. Only ids, names, offsets, kinds and counts are kept: never
// parameters that carry text (memos, spellings, attribute values, file bytes).
import { apiContract, type MethodName } from '../../shared/api/contract.js';
import { codeTarget, coderName, codingTarget, documentTarget, recordAudit, setAuditContext, type AuditTarget } from '../services/audit.js';
import { documentOfFinding } from '../services/deid.js';
import { segmentTable } from '../services/segmentExport.js';
import type { Backend } from './backend.js';

/** The coder the app named with coders.ensure, per backend (the session's user). */
const sessionCoders = new WeakMap<Backend, string>();

/** Not recorded: UI settings and coder sign-in; and the methods whose services record themselves. */
const NOT_RECORDED = new Set<string>(['settings.set', 'coders.ensure', 'documents.import', 'exchange.importQdpx', 'team.merge', 'team.package', 'codebook.importFile', 'backups.restore']);
/** Read methods that hand a file out. */
const EXPORTS = new Set<string>(['exchange.export', 'analysis.matrixExport', 'analysis.report', 'agreement.report', 'attributes.exportCsv', 'audit.exportCsv', 'codebook.exportFile']);
/** Parameters safe to keep: no text in them. */
const SAFE_PARAMS = ['kind', 'decision', 'type', 'format', 'start', 'end', 'index', 'assigned', 'complete', 'blockCoding', 'unit', 'targetType', 'consensus'] as const;

type Params = Record<string, unknown>;

export interface PendingAudit {
  target: AuditTarget | null;
  details: Record<string, unknown>;
  coder: string | null;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) ? v : null);

function attributeTarget(b: Backend, id: number): AuditTarget | null {
  const a = b.project.db.prepare('SELECT guid, name FROM attribute_defs WHERE id = ?').get(id) as { guid: string; name: string } | undefined;
  return a ? { kind: 'attribute', guid: a.guid, name: a.name } : null;
}

function targetOf(b: Backend, method: string, p: Params, details: Record<string, unknown>): AuditTarget | null {
  const project = b.project;
  const family = method.split('.')[0];
  const id = num(p.id);
  if (family === 'codings' && id !== null) return codingTarget(project, id);
  if (family === 'codes' && id !== null) return codeTarget(project, id);
  if (method === 'codes.merge') {
    const into = num(p.targetId) !== null ? codeTarget(project, num(p.targetId)!) : null;
    if (into) Object.assign(details, { intoCode: into.name, intoGuid: into.guid });
    return num(p.sourceId) !== null ? codeTarget(project, num(p.sourceId)!) : null;
  }
  if (family === 'attributes' && id !== null) return attributeTarget(b, id);
  if (method === 'attributes.create' && typeof p.name === 'string') return { kind: 'attribute', name: p.name };
  if (family === 'memos') return id !== null ? { kind: 'memo', name: `memo ${id}` } : { kind: 'memo', name: String(p.targetType ?? '') };
  if (Array.isArray(p.ids) && p.ids.length && method.startsWith('deid.')) {
    details.findings = p.ids.length;
    try {
      return documentTarget(project, documentOfFinding(project, p.ids[0] as number));
    } catch {
      return null;
    }
  }
  if (Array.isArray(p.documentIds)) {
    details.documents = p.documentIds.length;
    if (p.documentIds.length === 1) return documentTarget(project, p.documentIds[0] as number);
  }
  if (Array.isArray(p.changes)) details.changes = p.changes.length;
  const codeId = num(p.codeId);
  const documentId = num(p.documentId);
  if (documentId !== null) {
    if (codeId !== null) {
      const code = codeTarget(project, codeId);
      if (code) Object.assign(details, { code: code.name, codeGuid: code.guid });
    }
    return documentTarget(project, documentId);
  }
  if (codeId !== null) return codeTarget(project, codeId);
  return null;
}

function coderOf(b: Backend, p: Params): string | null {
  for (const key of ['reviewer', 'addedBy', 'decidedBy'] as const) if (typeof p[key] === 'string') return p[key] as string;
  const coderId = num(p.coderId);
  if (coderId !== null) {
    // the coder whose codings these are; the session's user is who acted
    return sessionCoders.get(b) ?? coderName(b.project, coderId);
  }
  return sessionCoders.get(b) ?? null;
}

/** Look up what a call will touch, before it runs; null when the call isn't recorded. */
export function auditBefore(b: Backend, method: MethodName, params: unknown): PendingAudit | null {
  setAuditContext({ via: 'app', coder: sessionCoders.get(b) ?? null });
  if (NOT_RECORDED.has(method)) return null;
  if (!apiContract[method].writes && !EXPORTS.has(method)) return null;
  const p = (params ?? {}) as Params;
  const details: Record<string, unknown> = {};
  for (const key of SAFE_PARAMS) if (p[key] !== undefined && typeof p[key] !== 'object') details[key] = p[key];
  let target: AuditTarget | null = null;
  try {
    target = targetOf(b, method, p, details);
  } catch {
    target = null;
  }
  return { target, details, coder: coderOf(b, p) };
}

/** Record a call that succeeded. */
export function auditAfter(b: Backend, method: MethodName, params: unknown, result: unknown, pending: PendingAudit | null): void {
  if (method === 'coders.ensure') {
    const name = (params as Params).name;
    if (typeof name === 'string') sessionCoders.set(b, name.trim());
    return;
  }
  if (!pending) return;
  const details = { ...pending.details };
  const r = result as Record<string, unknown> | null;
  if (r && typeof r === 'object' && !Array.isArray(r)) {
    for (const [k, v] of Object.entries(r)) if (typeof v === 'number') details[k] = v;
  }
  if (EXPORTS.has(method)) {
    const fileName = typeof r?.fileName === 'string' ? r.fileName : method === 'attributes.exportCsv' ? 'attributes.csv' : '';
    const text = typeof r?.base64 === 'string' ? r.base64 : typeof r?.csv === 'string' ? r.csv : typeof r?.html === 'string' ? r.html : '';
    details.file = fileName;
    details.format = fileName.split('.').pop() ?? '';
    details.bytes = typeof r?.base64 === 'string' ? Math.floor((text.length * 3) / 4) : text.length;
    if (typeof r?.rows === 'number') details.rows = r.rows;
    else if (typeof r?.codes === 'number') details.rows = r.codes;
    else if (method === 'exchange.export' || method === 'attributes.exportCsv') details.rows = exportRows(b, method, params as Params);
    details.method = method;
    recordAudit(b.project, 'export', { kind: 'file', name: fileName }, details, pending.coder);
    return;
  }
  let target = pending.target;
  // what a call creates is known only from its result
  if (!target && r && typeof r.guid === 'string' && typeof r.name === 'string') {
    const kind = CREATED_KINDS[method.split('.')[0]!];
    if (kind) target = { kind, guid: r.guid, name: r.name };
  }
  recordAudit(b.project, method, target, details, pending.coder);
}

const CREATED_KINDS: Record<string, AuditTarget['kind']> = { codes: 'code', attributes: 'attribute', documents: 'document', coders: 'coder' };

function exportRows(b: Backend, method: string, p: Params): number {
  if (method === 'attributes.exportCsv') return b.project.db.prepare('SELECT COUNT(*) FROM documents').pluck().get() as number;
  if (p.format === 'qdpx') return b.project.db.prepare('SELECT COUNT(*) FROM codings').pluck().get() as number;
  const { format: _f, safe: _s, context: _c, crlf: _x, ...selection } = p;
  void [_f, _s, _c, _x];
  return segmentTable(b.project, selection as Parameters<typeof segmentTable>[1]).segments.length;
}
