// Document attributes (case variables): typed definitions that can be added,
// renamed, retyped and given allowed values; values set one by one, in bulk or
// from a CSV. Every change is checked in full first and then written in one
// transaction, so a bad value changes nothing and is named with its document
// (or CSV row) and attribute (or column).
import type { Project } from './project.js';
import type { AttributeDef, AttributeType } from '../../shared/types.js';
import { allowedValuesError, attributeNameError, checkAttributeValue, inferAttributeType, type AttributeShape } from '../../shared/attributeValues.js';
import { readAttributesCsv, writeAttributesCsv } from '../../shared/formats/attributesCsv.js';
import { CsvError } from '../../shared/formats/csv.js';
import { attributeValueCounts, attributeValues, clearDocumentAttribute, deleteAttributeDef, moveAttributeDef, updateAttributeDef } from '../store/attributes.js';
import { WeftError } from '../errors.js';

function defById(project: Project, id: number): AttributeDef {
  const def = project.repo.attributeDefs().find((a) => a.id === id);
  if (!def) throw new WeftError(`id: no attribute with id ${id}`, 'not_found');
  return def;
}

function defByName(project: Project, name: string): AttributeDef | undefined {
  const defs = project.repo.attributeDefs();
  return defs.find((a) => a.name === name) ?? defs.find((a) => a.name.toLowerCase() === name.trim().toLowerCase());
}

/**
 * Check attribute values given for a whole import (`--attr KEY=VALUE`): a known
 * attribute's value must fit its type; an unknown name becomes a new text
 * attribute and must be a usable name. Returns the values as they will be stored.
 */
export function checkAttributeAssignments(project: Project, assignments: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  const names = project.repo.attributeDefs().map((a) => a.name);
  for (const [key, raw] of Object.entries(assignments)) {
    const def = defByName(project, key);
    if (def) {
      const check = checkAttributeValue(def, raw);
      if (!check.ok) throw new WeftError(`attribute "${def.name}": ${check.message}`);
      out[def.name] = check.value;
    } else {
      const nameError = attributeNameError(key, names);
      if (nameError) throw new WeftError(`attribute "${key}": ${nameError}`);
      const check = checkAttributeValue({ name: key, type: 'text', values: [] }, raw);
      if (!check.ok) throw new WeftError(`attribute "${key}": ${check.message}`);
      out[key.trim()] = check.value;
    }
  }
  return out;
}

export interface AttributeInput {
  name: string;
  type: AttributeType;
  values?: string[];
}

export function createAttribute(project: Project, input: AttributeInput): AttributeDef {
  project.assertWritable();
  const values = input.type === 'category' ? (input.values ?? []).map((v) => v.trim()) : [];
  const nameError = attributeNameError(input.name, project.repo.attributeDefs().map((a) => a.name));
  if (nameError) throw new WeftError(`name: ${nameError}`);
  const valuesError = allowedValuesError(values);
  if (valuesError) throw new WeftError(`values: ${valuesError}`);
  return project.repo.transaction(() => project.repo.ensureAttribute(input.name.trim(), input.type, values));
}

/**
 * Rename, retype or change the allowed values of an attribute. Every value
 * documents already hold must fit the new definition (they are rewritten in
 * its form: "yes" → "true" for a boolean); otherwise nothing changes and the
 * message names the first document that doesn't fit. Retyping to a category
 * without naming values makes the values in use the allowed ones.
 */
export function updateAttribute(project: Project, id: number, fields: { name?: string; type?: AttributeType; values?: string[] }): AttributeDef {
  project.assertWritable();
  const def = defById(project, id);
  const name = fields.name?.trim() ?? def.name;
  if (fields.name !== undefined && name !== def.name) {
    const nameError = attributeNameError(name, project.repo.attributeDefs().filter((a) => a.id !== id).map((a) => a.name));
    if (nameError) throw new WeftError(`name: ${nameError}`);
  }
  const type = fields.type ?? def.type;
  const held = attributeValues(project.db, id);
  let values: string[];
  if (type !== 'category') values = [];
  else if (fields.values !== undefined) values = fields.values.map((v) => v.trim());
  else if (def.type === 'category') values = def.values;
  else values = [...new Set(held.map((h) => h.value))].sort((a, b) => a.localeCompare(b));
  const valuesError = allowedValuesError(values);
  if (valuesError) throw new WeftError(`values: ${valuesError}`);
  const shape: AttributeShape = { name, type, values };
  const rewrites: Array<{ documentId: number; value: string }> = [];
  for (const h of held) {
    const check = checkAttributeValue(shape, h.value);
    if (!check.ok) throw new WeftError(`cannot change ${def.name}: document "${h.documentName}" has a value that doesn't fit: ${check.message}`, 'conflict');
    if (check.value !== h.value) rewrites.push({ documentId: h.documentId, value: check.value });
  }
  project.repo.transaction(() => {
    updateAttributeDef(project.db, id, { name, type, values });
    for (const r of rewrites) project.repo.setDocumentAttribute(r.documentId, id, r.value);
  });
  return defById(project, id);
}

export function deleteAttribute(project: Project, id: number): { values: number } {
  project.assertWritable();
  defById(project, id);
  return { values: project.repo.transaction(() => deleteAttributeDef(project.db, id)) };
}

export function moveAttribute(project: Project, id: number, index: number): AttributeDef[] {
  project.assertWritable();
  defById(project, id);
  project.repo.transaction(() => moveAttributeDef(project.db, id, index));
  return project.repo.attributeDefs();
}

export interface ValueChange {
  documentId: number;
  attributeId: number;
  /** '' clears the value */
  value: string;
}

/** Set many values at once (an edit, a bulk edit, a paste): all are checked first, then all are written. */
export function setAttributeValues(project: Project, changes: readonly ValueChange[]): { changed: number } {
  project.assertWritable();
  const defs = new Map(project.repo.attributeDefs().map((a) => [a.id, a]));
  const names = new Map(project.repo.documentSummaries().map((d) => [d.id, d.name]));
  const checked = changes.map((c) => {
    const def = defs.get(c.attributeId);
    if (!def) throw new WeftError(`attributeId: no attribute with id ${c.attributeId}`, 'not_found');
    const doc = names.get(c.documentId);
    if (doc === undefined) throw new WeftError(`documentId: no document with id ${c.documentId}`, 'not_found');
    const check = checkAttributeValue(def, c.value);
    if (!check.ok) throw new WeftError(`document "${doc}", ${def.name}: ${check.message}`);
    return { ...c, value: check.value };
  });
  let changed = 0;
  project.repo.transaction(() => {
    for (const c of checked) {
      if (c.value === '') changed += clearDocumentAttribute(project.db, c.documentId, c.attributeId);
      else {
        project.repo.setDocumentAttribute(c.documentId, c.attributeId, c.value);
        changed++;
      }
    }
  });
  return { changed };
}

/** Each attribute's distinct values with how many documents hold them: for filter and grouping menus. */
export function attributeValueSummary(project: Project): Array<{ attributeId: number; name: string; type: AttributeType; values: Array<{ value: string; documents: number }>; missing: number }> {
  const defs = project.repo.attributeDefs();
  const counts = attributeValueCounts(project.db);
  const total = project.repo.counts().documents;
  return defs.map((d) => {
    const values = counts.filter((c) => c.attributeId === d.id).map((c) => ({ value: c.value, documents: c.documents }));
    const held = values.reduce((n, v) => n + v.documents, 0);
    return { attributeId: d.id, name: d.name, type: d.type, values, missing: total - held };
  });
}

export function exportAttributesCsv(project: Project): string {
  const defs = project.repo.attributeDefs();
  const docs = project.repo.documentSummaries();
  return writeAttributesCsv(
    defs.map((d) => d.name),
    docs.map((d) => ({ document: d.name, values: d.attributes })),
  );
}

export interface AttributesImportReport {
  documents: number;
  set: number;
  cleared: number;
  unchanged: number;
  attributesCreated: string[];
}

/**
 * Read an attributes CSV: document names in the first column, one column per
 * attribute. Unknown documents, unknown columns (unless `createAttributes`)
 * and values that don't fit their type refuse the whole file, naming the row
 * and column; nothing changes. An empty cell clears the value.
 */
export function importAttributesCsv(project: Project, text: string, source: string, options: { createAttributes?: boolean } = {}): AttributesImportReport {
  project.assertWritable();
  let csv;
  try {
    csv = readAttributesCsv(text, source);
  } catch (e) {
    if (e instanceof CsvError) throw new WeftError(e.message);
    throw e;
  }
  const docs = project.repo.documentSummaries();
  const byName = new Map(docs.map((d) => [d.name, d]));
  const defs = project.repo.attributeDefs();
  const columnDefs = new Map<string, AttributeShape & { id?: number }>();
  const created: Array<AttributeShape> = [];
  csv.columns.forEach((column, i) => {
    const def = defs.find((d) => d.name === column) ?? defs.find((d) => d.name.toLowerCase() === column.toLowerCase());
    if (def) {
      if ([...columnDefs.values()].some((c) => c.id === def.id)) throw new WeftError(`${source}: header: columns "${column}" and "${def.name}" are the same attribute`);
      columnDefs.set(column, def);
      return;
    }
    if (!options.createAttributes) {
      throw new WeftError(`${source}: header: column ${i + 2} "${column}" is not an attribute of this project (add it first, or use --create-attributes)`);
    }
    const nameError = attributeNameError(column, [...defs.map((d) => d.name), ...created.map((c) => c.name)]);
    if (nameError) throw new WeftError(`${source}: header: column ${i + 2} "${column}": ${nameError}`);
    const shape = { name: column, type: inferAttributeType(csv.rows.map((r) => r.cells[column] ?? '')), values: [] };
    created.push(shape);
    columnDefs.set(column, shape);
  });
  const writes: Array<{ documentId: number; column: string; value: string }> = [];
  for (const row of csv.rows) {
    const doc = byName.get(row.document) ?? docs.find((d) => d.name.toLowerCase() === row.document.toLowerCase());
    if (!doc) throw new WeftError(`${source}: row ${row.line}: no document named "${row.document}" in this project`);
    for (const column of csv.columns) {
      const def = columnDefs.get(column)!;
      const check = checkAttributeValue(def, row.cells[column] ?? '');
      if (!check.ok) throw new WeftError(`${source}: row ${row.line}, column "${column}": ${check.message}`);
      writes.push({ documentId: doc.id, column, value: check.value });
    }
  }
  const report: AttributesImportReport = { documents: csv.rows.length, set: 0, cleared: 0, unchanged: 0, attributesCreated: created.map((c) => c.name) };
  const current = new Map(docs.map((d) => [d.id, d.attributes]));
  project.repo.transaction(() => {
    const ids = new Map<string, number>();
    for (const [column, def] of columnDefs) ids.set(column, def.id ?? project.repo.ensureAttribute(def.name, def.type, [...def.values]).id);
    for (const w of writes) {
      const def = columnDefs.get(w.column)!;
      const before = current.get(w.documentId)?.[def.name] ?? '';
      if (before === w.value) {
        report.unchanged++;
        continue;
      }
      if (w.value === '') {
        clearDocumentAttribute(project.db, w.documentId, ids.get(w.column)!);
        report.cleared++;
      } else {
        project.repo.setDocumentAttribute(w.documentId, ids.get(w.column)!, w.value);
        report.set++;
      }
    }
  });
  return report;
}
