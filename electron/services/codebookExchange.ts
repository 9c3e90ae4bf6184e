// Codebook exchange: read a codebook from any supported file (.qdc, .qdpx,
// .json, .csv, .xlsx, QualCoder .txt), write the project's codebook to any of
// them, merge a codebook into a project with a report, and read codebooks
// (files, projects, published versions) as input of the codebook diff.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Project } from './project.js';
import { zipEntries } from './zipWriter.js';
import { writeFileAtomic } from './qdpxExport.js';
import { WeftError } from '../errors.js';
import { assertCodebookUnlocked } from './codebookLock.js';
import { auditExport, recordAudit } from './audit.js';
import { importCodebookEntries, type CodebookImportResult } from './codebook.js';
import type { Code } from '../../shared/types.js';
import { joinCodePath } from '../../shared/codePath.js';
import { paletteColor } from '../../shared/colors.js';
import {
  CODEBOOK_COLUMNS, codebookFromTable, codebookTableRows, readCodebookCsv, readCodebookJson, TEXT_FIELDS, writeCodebookCsv, writeCodebookJson,
  type CodebookEntry, type CodebookFormat, type CodebookRead,
} from '../../shared/formats/codebook.js';
import { cleanGuid, entriesFromQdeCodes, qdeCodesFromEntries, readQdc, writeQdc } from '../../shared/formats/refi/codebookXml.js';
import { readQualCoderCodes, writeQualCoderCodes } from '../../shared/formats/qualcoderCodes.js';
import { emptyProject, QdeError, readProjectXml, writeProjectXml } from '../../shared/formats/refi/projectXml.js';
import { EXTENSIONS_FILE, parseExtensions } from '../../shared/formats/refi/weftExtensions.js';
import type { DiffCode } from '../../shared/codebookDiff.js';
import { DOCUMENT_ZIP_LIMITS, PROJECT_ZIP_LIMITS, repackBounded, unzipBounded, ZipLimitError } from '../../shared/formats/zipLimits.js';
import type { CodebookMergeReport } from '../../shared/api/methods/codebookExchange.js';

export type { CodebookMergeReport } from '../../shared/api/methods/codebookExchange.js';

export const CODEBOOK_EXTENSIONS: Record<string, CodebookFormat> = {
  '.qdc': 'qdc', '.qdpx': 'qdpx', '.json': 'json', '.csv': 'csv', '.xlsx': 'xlsx', '.txt': 'txt',
};
const FORMAT_LIST = '.qdc, .qdpx, .json, .csv, .xlsx or .txt';

export function codebookFormatOf(file: string): CodebookFormat {
  const ext = path.extname(file).toLowerCase();
  const f = CODEBOOK_EXTENSIONS[ext];
  if (!f) throw new WeftError(`${file}: unsupported codebook format "${ext || '(none)'}" (use ${FORMAT_LIST})`);
  return f;
}

function decodeUtf(bytes: Uint8Array, source: string): string {
  try {
    if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le', { fatal: true }).decode(bytes.subarray(2));
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be', { fatal: true }).decode(bytes.subarray(2));
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new WeftError(`${source}: not valid UTF-8 or UTF-16 text`);
  }
}

/** Text of a spreadsheet cell, whatever exceljs made of it. */
function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('result' in v) return v.result === undefined ? '' : cellText(v.result as ExcelJS.CellValue);
    if ('error' in v) return String(v.error);
  }
  return String(v);
}

async function readCodebookXlsx(bytes: Uint8Array, source: string): Promise<CodebookRead> {
  const wb = new ExcelJS.Workbook();
  try {
    // exceljs trusts the archive's sizes: it gets only checked bytes
    await wb.xlsx.load(repackBounded(bytes, () => true, DOCUMENT_ZIP_LIMITS) as unknown as ArrayBuffer);
  } catch (e) {
    if (e instanceof ZipLimitError) throw new WeftError(`${source}: refused: ${e.message}`);
    throw new WeftError(`${source}: not an .xlsx workbook (${(e as Error).message})`);
  }
  const sheet = wb.worksheets[0];
  if (!sheet) throw new WeftError(`${source}: the workbook has no sheet`);
  const width = sheet.getRow(1).cellCount;
  const header = Array.from({ length: width }, (_, i) => cellText(sheet.getRow(1).getCell(i + 1).value).trim());
  if (header.every((h) => !h)) throw new WeftError(`${source}: sheet "${sheet.name}": row 1 must be the header`);
  const rows: Array<{ line: number; cells: Record<string, string> }> = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells: Record<string, string> = {};
    header.forEach((h, i) => {
      if (h) cells[h] = cellText(row.getCell(i + 1).value);
    });
    if (Object.values(cells).every((v) => !v.trim())) continue;
    rows.push({ line: r, cells });
  }
  const read = codebookFromTable({ header: header.filter(Boolean), rows }, `${source}: sheet "${sheet.name}"`, 'xlsx');
  if (wb.worksheets.length > 1) read.warnings.push(`${source}: only the first sheet ("${sheet.name}") was read; ${wb.worksheets.length - 1} other sheet${wb.worksheets.length > 2 ? 's were' : ' was'} not`);
  return read;
}

function readCodebookQdpx(bytes: Uint8Array, source: string): CodebookRead {
  let entries: Record<string, Uint8Array>;
  try {
    // only the project file and Weft's extensions are needed for the codebook
    entries = unzipBounded(bytes, (n) => /\.qde$/i.test(n) || n.toLowerCase() === EXTENSIONS_FILE, PROJECT_ZIP_LIMITS);
  } catch (e) {
    if (e instanceof ZipLimitError) throw new WeftError(`${source}: refused: ${e.message}`);
    throw new WeftError(`${source}: not a .qdpx archive (${(e as Error).message})`);
  }
  const names = Object.keys(entries);
  const qdes = names.filter((n) => n.toLowerCase().endsWith('.qde'));
  const qde = qdes.find((n) => n.toLowerCase() === 'project.qde') ?? qdes.find((n) => !n.includes('/')) ?? qdes[0];
  if (!qde) throw new WeftError(`${source}: the archive has no .qde project file`);
  let project;
  try {
    project = readProjectXml(decodeUtf(entries[qde]!, `${source}: ${qde}`));
  } catch (e) {
    throw new WeftError(`${source}: ${qde}: ${e instanceof QdeError ? e.message : (e as Error).message}`);
  }
  const extName = names.find((n) => n.toLowerCase() === EXTENSIONS_FILE);
  const ext = extName ? parseExtensions(decodeUtf(entries[extName]!, `${source}: ${extName}`)) : null;
  const read = entriesFromQdeCodes(project.codes, source, { fields: (guid) => ext?.codeFields[guid] });
  const warnings = [...read.warnings];
  if (qde !== 'project.qde') warnings.unshift(`${source}: the project file is "${qde}" (the standard names it project.qde)`);
  if (read.entries.length === 0) warnings.push(`${source}: the project has no codes`);
  const sources = project.sources.length + project.otherSources.length;
  if (sources) warnings.push(`${source}: only the codebook was read; its ${sources} source${sources === 1 ? '' : 's'} and their codings are not part of a codebook import (use weft qdpx import for the whole project)`);
  return { format: 'qdpx', name: project.name || undefined, entries: read.entries, warnings };
}

/** Read a codebook from a file's bytes; `source` names it in messages. */
export async function readCodebookBytes(bytes: Uint8Array, fileName: string, source = fileName): Promise<CodebookRead> {
  const format = codebookFormatOf(fileName);
  try {
    switch (format) {
      case 'xlsx':
        return await readCodebookXlsx(bytes, source);
      case 'qdpx':
        return readCodebookQdpx(bytes, source);
      case 'qdc':
        return readQdc(decodeUtf(bytes, source), source);
      case 'json':
        return readCodebookJson(decodeUtf(bytes, source), source);
      case 'csv':
        return readCodebookCsv(decodeUtf(bytes, source), source);
      case 'txt':
        return readQualCoderCodes(decodeUtf(bytes, source), source);
    }
  } catch (e) {
    if (e instanceof WeftError) throw e;
    throw new WeftError((e as Error).message);
  }
}

export async function readCodebookAnyFile(file: string): Promise<CodebookRead> {
  codebookFormatOf(file);
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    throw new WeftError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return readCodebookBytes(bytes, file);
}

// ---- the project's codebook as entries

/** Codes of the codebook (not proposals or rejected ones, unless a code of the codebook sits under one), parents first, in order. */
export function projectCodebookCodes(project: Project): Code[] {
  const codes = project.repo.codes();
  const byId = new Map(codes.map((c) => [c.id, c]));
  const keep = new Set<number>();
  for (const c of codes) {
    if ((c.status ?? 'active') !== 'active') continue;
    for (let cur: Code | undefined = c; cur && !keep.has(cur.id); cur = cur.parentId === null ? undefined : byId.get(cur.parentId)) keep.add(cur.id);
  }
  const children = new Map<number | null, Code[]>();
  for (const c of codes) {
    if (!keep.has(c.id)) continue;
    const parent = c.parentId !== null && keep.has(c.parentId) ? c.parentId : null;
    const l = children.get(parent);
    if (l) l.push(c);
    else children.set(parent, [c]);
  }
  const out: Code[] = [];
  const walk = (parent: number | null) => {
    for (const c of children.get(parent) ?? []) {
      out.push(c);
      walk(c.id);
    }
  };
  walk(null);
  return out;
}

/** The project's codebook as entries, parents first, in order. */
export function projectCodebookEntries(project: Project): CodebookEntry[] {
  const byId = new Map(project.repo.codes().map((c) => [c.id, c]));
  const namesOf = (c: Code): string[] => {
    const names: string[] = [];
    for (let cur: Code | undefined = c; cur; cur = cur.parentId === null ? undefined : byId.get(cur.parentId)) names.unshift(cur.name);
    return names;
  };
  return projectCodebookCodes(project).map((c) => ({
    path: namesOf(c),
    guid: c.guid,
    color: c.color,
    shortDefinition: c.shortDefinition, definition: c.definition, inclusion: c.inclusion, exclusion: c.exclusion,
    example: c.example, atypicalExample: c.atypicalExample, memo: c.memo,
    codable: c.codable,
    origin: `code "${c.path}"`,
  }));
}

// ---- writing

export interface CodebookFile {
  fileName: string;
  mime: string;
  data: Uint8Array;
  codes: number;
}

const MIME: Record<CodebookFormat, string> = {
  qdc: 'application/xml',
  qdpx: 'application/zip',
  json: 'application/json',
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  txt: 'text/plain',
};

export async function codebookXlsxBytes(entries: readonly CodebookEntry[]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Weft';
  const ws = wb.addWorksheet('Codebook', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = CODEBOOK_COLUMNS.map((c) => ({ header: c, key: c, width: c === 'code_path' ? 40 : ['color', 'codable'].includes(c) ? 10 : c === 'guid' ? 38 : 50 }));
  ws.getRow(1).font = { bold: true };
  for (const row of codebookTableRows(entries)) {
    // every cell as text: nothing becomes a number, a date or a formula
    const r = ws.addRow(row.map((v) => ({ richText: [{ text: v }] })));
    r.alignment = { wrapText: true, vertical: 'top' };
  }
  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf as ArrayBuffer);
}

export function codebookQdpxBytes(entries: readonly CodebookEntry[], name: string): Uint8Array {
  const p = emptyProject(name);
  p.origin = 'Weft 0.1';
  p.codes = qdeCodesFromEntries(entries);
  const { xml } = writeProjectXml(p);
  return zipEntries([{ name: 'project.qde', data: new TextEncoder().encode(xml) }]);
}

/** The project's codebook in a format. */
export async function buildCodebookFile(project: Project, format: CodebookFormat): Promise<CodebookFile> {
  const entries = projectCodebookEntries(project);
  const info = project.info();
  const base = info.name.replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^-+|-+$/g, '') || 'weft';
  const enc = (s: string) => new TextEncoder().encode(s);
  let data: Uint8Array;
  try {
    switch (format) {
      case 'qdc':
        data = enc(writeQdc(entries, { origin: 'Weft 0.1' }));
        break;
      case 'qdpx':
        data = codebookQdpxBytes(entries, info.name);
        break;
      case 'json':
        data = enc(writeCodebookJson(entries, { name: `${info.name} codebook` }));
        break;
      case 'csv':
        data = enc(writeCodebookCsv(entries));
        break;
      case 'xlsx':
        data = await codebookXlsxBytes(entries);
        break;
      case 'txt':
        data = enc(writeQualCoderCodes(entries));
        break;
    }
  } catch (e) {
    throw new WeftError(`codebook export: ${(e as Error).message}`);
  }
  return { fileName: `${base}-codebook.${format}`, mime: MIME[format], data, codes: entries.length };
}

export async function exportCodebookFile(project: Project, file: string): Promise<{ format: CodebookFormat; codes: number; bytes: number }> {
  const format = codebookFormatOf(file);
  const f = await buildCodebookFile(project, format);
  writeFileAtomic(file, f.data);
  auditExport(project, file, { format: `codebook ${format}`, rows: f.codes, bytes: f.data.byteLength });
  return { format, codes: f.codes, bytes: f.data.byteLength };
}

/** The plain import (codes matched by path, fields filled in), recorded in the audit trail. */
export function importCodebookPlain(project: Project, read: CodebookRead, source: string): CodebookImportResult {
  const r = importCodebookEntries(project, read.entries);
  const name = path.basename(source);
  recordAudit(project, 'import.codebook', { kind: 'file', name }, { file: name, format: read.format, codesAdded: r.added, codesUpdated: r.updated });
  return r;
}

// ---- merge import

const keyOf = (names: readonly string[]) => names.map((n) => n.toLowerCase()).join('\u0000');

/** The entries with each one after its parent (a table may list a child first), otherwise in their order. */
function parentsFirst(entries: readonly CodebookEntry[]): CodebookEntry[] {
  const byKey = new Map<string, CodebookEntry>();
  for (const e of entries) if (!byKey.has(keyOf(e.path))) byKey.set(keyOf(e.path), e);
  const done = new Set<CodebookEntry>();
  const out: CodebookEntry[] = [];
  const emit = (e: CodebookEntry) => {
    if (done.has(e)) return;
    done.add(e);
    const parent = e.path.length > 1 ? byKey.get(keyOf(e.path.slice(0, -1))) : undefined;
    if (parent) emit(parent);
    out.push(e);
  };
  entries.forEach(emit);
  return out;
}

/**
 * Merge a codebook into the project, in one transaction: each code of the
 * file is matched by GUID, then by path; a matched code takes the file's
 * name, parent and every field the file gives a value (an empty field in the
 * file never clears one); other codes are added. Codes the file doesn't have
 * are left as they are. A file identical to the codebook changes nothing.
 */
export function mergeCodebook(project: Project, read: CodebookRead, source: string, options: { dryRun?: boolean } = {}): CodebookMergeReport {
  project.assertWritable();
  const report: CodebookMergeReport = {
    file: source, format: read.format, dryRun: options.dryRun === true,
    added: [], updated: [], renamed: [], moved: [], unchanged: 0, notInFile: 0, warnings: [...read.warnings],
  };
  class Rollback extends Error {}
  try {
    project.repo.transaction(() => {
      assertCodebookUnlocked(project, 'importing a codebook');
      const codes = project.repo.codes();
      const byGuid = new Map(codes.map((c) => [c.guid.toLowerCase(), c]));
      const byPath = new Map(codes.map((c) => [keyOf(c.path.split(' > ')), c]));
      const matched = new Set<number>();
      /** file path → code id, as the merge goes */
      const idOf = new Map<string, number>();
      const usedGuids = new Set<string>();
      const db = project.db;
      const pathOfId = (id: number) => project.repo.codeById(id)!.path;
      const nextOrder = (parentId: number | null) =>
        (db.prepare('SELECT IFNULL(MAX(sort_order), 0) + 1 AS n FROM codes WHERE IFNULL(parent_id, 0) = IFNULL(?, 0)').get(parentId) as { n: number }).n;
      const siblingClash = (parentId: number | null, name: string, self: number | null) =>
        db.prepare('SELECT id FROM codes WHERE IFNULL(parent_id, 0) = IFNULL(?, 0) AND name = ? COLLATE NOCASE AND id != IFNULL(?, 0)').get(parentId, name, self) as { id: number } | undefined;
      const isInside = (id: number, ancestor: number) => {
        for (let cur: number | null = id; cur !== null; ) {
          if (cur === ancestor) return true;
          cur = (db.prepare('SELECT parent_id AS p FROM codes WHERE id = ?').get(cur) as { p: number | null } | undefined)?.p ?? null;
        }
        return false;
      };
      let created = 0;
      const parentFor = (e: CodebookEntry): number | null => {
        if (e.path.length === 1) return null;
        let parent: number | null = null;
        // parents the file doesn't list are found by path, or created
        for (let d = 1; d < e.path.length; d++) {
          const k = keyOf(e.path.slice(0, d));
          let id = idOf.get(k);
          if (id === undefined) {
            const existing = byPath.get(k);
            if (existing) id = existing.id;
            else {
              id = project.repo.insertCode({ parentId: parent, name: e.path[d - 1]!, color: paletteColor(codes.length + created++) });
              report.added.push(joinCodePath(e.path.slice(0, d)));
            }
            idOf.set(k, id);
          }
          parent = id;
        }
        return parent;
      };
      for (const e of parentsFirst(read.entries)) {
        const guid = cleanGuid(e.guid);
        let code: Code | undefined = guid ? byGuid.get(guid) : undefined;
        if (code && matched.has(code.id)) code = undefined;
        if (!code) {
          const p = byPath.get(keyOf(e.path));
          if (p && !matched.has(p.id)) code = p;
        }
        const name = e.path[e.path.length - 1]!;
        const parentId = parentFor(e);
        if (!code) {
          const clash = siblingClash(parentId, name, null);
          if (clash) throw new WeftError(`${e.origin}: code "${joinCodePath(e.path)}" clashes with "${pathOfId(clash.id)}" (same name under the same parent)`);
          const useGuid = guid && !byGuid.has(guid) && !usedGuids.has(guid) ? guid : undefined;
          const id = project.repo.insertCode({
            guid: useGuid, parentId, name, color: e.color ?? paletteColor(codes.length + created++),
            shortDefinition: e.shortDefinition, definition: e.definition, inclusion: e.inclusion, exclusion: e.exclusion,
            example: e.example, atypicalExample: e.atypicalExample, memo: e.memo, codable: e.codable,
          });
          if (useGuid) usedGuids.add(useGuid);
          matched.add(id);
          idOf.set(keyOf(e.path), id);
          report.added.push(joinCodePath(e.path));
          continue;
        }
        matched.add(code.id);
        idOf.set(keyOf(e.path), code.id);
        let changed = false;
        const before = pathOfId(code.id);
        if ((code.parentId ?? null) !== parentId) {
          if (parentId !== null && isInside(parentId, code.id)) throw new WeftError(`${e.origin}: code "${before}" cannot move inside itself`);
          const clash = siblingClash(parentId, name, code.id);
          if (clash) throw new WeftError(`${e.origin}: cannot move "${before}" to "${joinCodePath(e.path)}": "${pathOfId(clash.id)}" is already there`);
          db.prepare('UPDATE codes SET parent_id = ?, name = ?, sort_order = ? WHERE id = ?').run(parentId, name, nextOrder(parentId), code.id);
          report.moved.push({ from: before, to: pathOfId(code.id) });
          changed = true;
        } else if (code.name !== name) {
          const clash = siblingClash(parentId, name, code.id);
          if (clash) throw new WeftError(`${e.origin}: cannot rename "${before}" to "${name}": "${pathOfId(clash.id)}" is already there`);
          db.prepare('UPDATE codes SET name = ? WHERE id = ?').run(name, code.id);
          report.renamed.push({ from: before, to: pathOfId(code.id) });
          changed = true;
        }
        const fields: string[] = [];
        const update: Record<string, string | boolean> = {};
        for (const f of TEXT_FIELDS) {
          if (e[f] && e[f] !== code[f]) {
            update[f] = e[f];
            fields.push(f);
          }
        }
        if (e.color && e.color.toLowerCase() !== code.color.toLowerCase()) {
          update.color = e.color;
          fields.push('color');
        }
        if (e.codable !== code.codable) {
          update.codable = e.codable;
          fields.push('codable');
        }
        if (fields.length) {
          project.repo.updateCodeFields(code.id, update);
          report.updated.push({ path: pathOfId(code.id), fields });
          changed = true;
        }
        if (!changed) report.unchanged++;
      }
      report.notInFile = project.repo.codes().filter((c) => !matched.has(c.id) && ![...idOf.values()].includes(c.id) && (c.status ?? 'active') === 'active').length;
      if (options.dryRun) throw new Rollback();
      const name = path.basename(source);
      recordAudit(project, 'import.codebook', { kind: 'file', name }, {
        file: name, format: read.format, merge: true, codesAdded: report.added.length, codesUpdated: report.updated.length,
        codesRenamed: report.renamed.length, codesMoved: report.moved.length, codesUnchanged: report.unchanged,
      });
    });
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
  }
  return report;
}

/** One line per kind of change, for the CLI. */
export function formatMergeReport(r: CodebookMergeReport): string[] {
  const lines = [
    `codebook${r.dryRun ? ' (dry run, nothing written)' : ''}: ${r.added.length} added, ${r.updated.length} updated, ${r.renamed.length} renamed, ${r.moved.length} moved, ${r.unchanged} unchanged${r.notInFile ? `; ${r.notInFile} codes of the project are not in the file (kept)` : ''}`,
  ];
  for (const p of r.added) lines.push(`  added: ${p}`);
  for (const u of r.updated) lines.push(`  updated: ${u.path} (${u.fields.join(', ')})`);
  for (const m of r.renamed) lines.push(`  renamed: ${m.from} → ${m.to}`);
  for (const m of r.moved) lines.push(`  moved: ${m.from} → ${m.to}`);
  return lines;
}

// ---- codebooks as diff input

export function entryAsDiffCode(e: CodebookEntry): DiffCode {
  const d: DiffCode = { path: [...e.path], name: e.path[e.path.length - 1]!, codable: e.codable };
  if (e.guid) d.guid = e.guid;
  if (e.color) d.color = e.color;
  for (const f of TEXT_FIELDS) d[f] = e[f];
  return d;
}

/** Recorded merges in a project (merged code's GUID → target's GUID), when the project has them. */
export function projectMerges(project: Project): Record<string, string> {
  const has = project.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'code_merges'").get();
  if (!has) return {};
  const rows = project.db.prepare('SELECT source_guid AS s, target_guid AS t FROM code_merges ORDER BY id').all() as Array<{ s: string; t: string }>;
  return Object.fromEntries(rows.map((r) => [r.s, r.t]));
}
