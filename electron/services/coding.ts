// Applying and removing codings, and importing them from the segments CSV.
import fs from 'node:fs';
import type { Project } from './project.js';
import type { Segment } from '../../shared/types.js';
import { OffsetIndex, rangeError } from '../../shared/offsets.js';
import { splitCodePath } from '../../shared/codePath.js';
import { parseCsv } from '../../shared/formats/csv.js';
import { readSegmentRow, requireSegmentColumns, type SegmentCsvRecord } from '../../shared/formats/segmentsCsv.js';
import { codesByPath, ensureCodePath } from './codebook.js';
import { WeftError } from '../errors.js';
import { MAX_IMPORT_BYTES } from './documents.js';

export function applyCoding(
  project: Project,
  p: { documentId: number; codeId: number; coderId: number; start: number; end: number; memo?: string },
): Segment {
  project.assertWritable();
  const id = project.repo.transaction(() => {
    const doc = project.repo.documentInfo(p.documentId);
    if (!doc) throw new WeftError(`documentId: no document with id ${p.documentId}`, 'not_found');
    const code = project.repo.codeById(p.codeId);
    if (!code) throw new WeftError(`codeId: no code with id ${p.codeId}`, 'not_found');
    if (!code.codable) throw new WeftError(`code "${code.path}" is a category and can't be applied to text`);
    if (code.status === 'rejected') throw new WeftError(`code "${code.path}" is a rejected proposal: its codings are kept, but it can't be applied`);
    if (!project.repo.coderById(p.coderId)) throw new WeftError(`coderId: no coder with id ${p.coderId}`, 'not_found');
    const err = rangeError(p.start, p.end, doc.length);
    if (err) throw new WeftError(`document "${doc.name}": ${err}`);
    const existing = project.repo.codingByIdentity(p.documentId, p.codeId, p.coderId, p.start, p.end);
    if (existing) return existing.id;
    return project.repo.insertCoding({ ...p });
  });
  return project.repo.segments({ ids: [id] })[0]!;
}

export function removeCoding(project: Project, id: number): number {
  project.assertWritable();
  const n = project.repo.transaction(() => project.repo.deleteCoding(id));
  if (n === 0) throw new WeftError(`id: no coding with id ${id}`, 'not_found');
  return n;
}

export function setCodingMemo(project: Project, id: number, memo: string): Segment {
  project.assertWritable();
  const n = project.repo.transaction(() => project.repo.setCodingMemo(id, memo));
  if (n === 0) throw new WeftError(`id: no coding with id ${id}`, 'not_found');
  return project.repo.segments({ ids: [id] })[0]!;
}

export interface CodingsImportResult {
  rows: number;
  added: number;
  unchanged: number;
  codesCreated: number;
  codersCreated: number;
}

/**
 * Import a segments CSV. Every row is checked before anything is written;
 * the first bad row refuses the whole file, and the project is unchanged.
 */
export function importCodingsCsv(project: Project, file: string, options: { createCodes?: boolean } = {}): CodingsImportResult {
  project.assertWritable();
  let textIn: string;
  // checked before reading: a table this large is not a codings file
  if ((fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0) > MAX_IMPORT_BYTES) throw new WeftError(`${file}: the file is larger than ${MAX_IMPORT_BYTES / 2 ** 20} MB`);
  try {
    textIn = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new WeftError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let records: SegmentCsvRecord[];
  try {
    const table = parseCsv(textIn, file);
    requireSegmentColumns(table.header, file);
    records = table.rows.map((r) => readSegmentRow(r.cells, r.line, file));
  } catch (e) {
    throw new WeftError((e as Error).message);
  }

  return project.repo.transaction(() => {
    const result: CodingsImportResult = { rows: records.length, added: 0, unchanged: 0, codesCreated: 0, codersCreated: 0 };
    const codeIndex = codesByPath(project);
    const texts = new Map<number, { name: string; index: OffsetIndex }>();
    const coderIds = new Map<string, number>();
    for (const r of records) {
      const where = `${file}: row ${r.line}`;
      const doc =
        (r.documentId ? project.repo.documentRef({ guid: r.documentId }) : undefined) ??
        (r.document ? project.repo.documentRef({ name: r.document }) : undefined);
      if (!doc) throw new WeftError(`${where}: document "${r.documentId || r.document}" is not in the project`);
      let t = texts.get(doc.id);
      if (!t) texts.set(doc.id, (t = { name: doc.name, index: new OffsetIndex(project.repo.documentText(doc.id)!.text) }));
      const err = rangeError(r.start, r.end, t.index.codePointLength);
      if (err) throw new WeftError(`${where}: ${err} of document "${doc.name}"`);
      if (r.text !== null) {
        const stored = t.index.slice(r.start, r.end);
        if (stored !== r.text.normalize('NFC').replace(/\r\n?/g, '\n')) {
          throw new WeftError(`${where}: text does not match the document "${doc.name}" between ${r.start} and ${r.end}`);
        }
      }
      const names = splitCodePath(r.codePath);
      let code = codeIndex.get(names.map((n) => n.toLowerCase()).join('\u0000'));
      if (!code) {
        if (!options.createCodes) throw new WeftError(`${where}: code "${r.codePath}" is not in the codebook (use --create-codes to add it)`);
        const before = codeIndex.size;
        ensureCodePath(project, names, codeIndex);
        result.codesCreated += codeIndex.size - before;
        code = codeIndex.get(names.map((n) => n.toLowerCase()).join('\u0000'))!;
      }
      if (!code.codable) throw new WeftError(`${where}: code "${code.path}" is a category and can't be applied to text`);
      let coderId = coderIds.get(r.coder.toLowerCase());
      if (coderId === undefined) {
        const before = project.repo.coderByName(r.coder);
        coderId = project.repo.ensureCoder(r.coder).id;
        if (!before) result.codersCreated++;
        coderIds.set(r.coder.toLowerCase(), coderId);
      }
      if (r.segmentId) {
        const byGuid = project.repo.codingByGuid(r.segmentId);
        if (byGuid) {
          if (byGuid.documentId !== doc.id || byGuid.start !== r.start || byGuid.end !== r.end || byGuid.codeId !== code.id) {
            throw new WeftError(`${where}: segment_id ${r.segmentId} already belongs to a different coding`);
          }
          result.unchanged++;
          continue;
        }
      }
      if (project.repo.codingByIdentity(doc.id, code.id, coderId, r.start, r.end)) {
        result.unchanged++;
        continue;
      }
      project.repo.insertCoding({
        guid: r.segmentId || undefined,
        documentId: doc.id,
        codeId: code.id,
        coderId,
        start: r.start,
        end: r.end,
        memo: r.memo,
      });
      result.added++;
    }
    return result;
  });
}

/** Apply one code to many ranges (for example every search hit). Existing identical codings are kept. */
export function applyCodingMany(
  project: Project,
  p: { codeId: number; coderId: number; ranges: Array<{ documentId: number; start: number; end: number }> },
): { added: number; existing: number } {
  project.assertWritable();
  const code = project.repo.codeById(p.codeId);
  if (!code) throw new WeftError(`codeId: no code with id ${p.codeId}`, 'not_found');
  if (!code.codable) throw new WeftError(`code "${code.path}" is a category and can't be applied to text`);
  if (code.status === 'rejected') throw new WeftError(`code "${code.path}" is a rejected proposal: its codings are kept, but it can't be applied`);
  if (!project.repo.coderById(p.coderId)) throw new WeftError(`coderId: no coder with id ${p.coderId}`, 'not_found');
  return project.repo.transaction(() => {
    const lengths = new Map<number, { name: string; length: number }>();
    let added = 0;
    let existing = 0;
    p.ranges.forEach((r, i) => {
      let doc = lengths.get(r.documentId);
      if (!doc) {
        const d = project.repo.documentText(r.documentId);
        if (!d) throw new WeftError(`ranges.${i}.documentId: no document with id ${r.documentId}`, 'not_found');
        lengths.set(r.documentId, (doc = { name: d.name, length: d.length }));
      }
      const err = rangeError(r.start, r.end, doc.length);
      if (err) throw new WeftError(`ranges.${i}: document "${doc.name}": ${err}`);
      if (project.repo.codingByIdentity(r.documentId, p.codeId, p.coderId, r.start, r.end)) existing++;
      else {
        project.repo.insertCoding({ documentId: r.documentId, codeId: p.codeId, coderId: p.coderId, start: r.start, end: r.end });
        added++;
      }
    });
    return { added, existing };
  });
}

/** Move a coding's boundaries. */
export function updateCodingRange(project: Project, id: number, start: number, end: number): Segment {
  project.assertWritable();
  project.repo.transaction(() => {
    const c = project.repo.codingById(id);
    if (!c) throw new WeftError(`id: no coding with id ${id}`, 'not_found');
    const doc = project.repo.documentText(c.documentId)!;
    const err = rangeError(start, end, doc.length);
    if (err) throw new WeftError(`document "${doc.name}": ${err}`);
    const clash = project.repo.codingByIdentity(c.documentId, c.codeId, c.coderId, start, end);
    if (clash && clash.id !== id) throw new WeftError('the same coder already has this code on exactly that text', 'conflict');
    project.db.prepare('UPDATE codings SET start = ?, "end" = ? WHERE id = ?').run(start, end, id);
  });
  return project.repo.segments({ ids: [id] })[0]!;
}
