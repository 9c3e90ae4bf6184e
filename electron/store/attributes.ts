// Attribute definitions and values beyond the repository's basics: edit and
// delete definitions, clear values, and read one attribute's values.
import type { Db } from './database.js';
import type { AttributeType } from '../../shared/types.js';

export function updateAttributeDef(db: Db, id: number, fields: { name?: string; type?: AttributeType; values?: readonly string[] }): void {
  if (fields.name !== undefined) db.prepare('UPDATE attribute_defs SET name = ? WHERE id = ?').run(fields.name, id);
  if (fields.type !== undefined) db.prepare('UPDATE attribute_defs SET type = ? WHERE id = ?').run(fields.type, id);
  if (fields.values !== undefined) db.prepare('UPDATE attribute_defs SET allowed_values = ? WHERE id = ?').run(JSON.stringify(fields.values), id);
}

export function deleteAttributeDef(db: Db, id: number): number {
  const values = db.prepare('DELETE FROM document_attributes WHERE attribute_id = ?').run(id).changes;
  db.prepare('DELETE FROM attribute_defs WHERE id = ?').run(id);
  return values;
}

export function clearDocumentAttribute(db: Db, documentId: number, attributeId: number): number {
  return db.prepare('DELETE FROM document_attributes WHERE document_id = ? AND attribute_id = ?').run(documentId, attributeId).changes;
}

export function attributeValues(db: Db, attributeId: number): Array<{ documentId: number; documentName: string; value: string }> {
  return db
    .prepare(
      `SELECT da.document_id AS documentId, d.name AS documentName, da.value FROM document_attributes da
       JOIN documents d ON d.id = da.document_id WHERE da.attribute_id = ? ORDER BY d.sort_order, d.id`,
    )
    .all(attributeId) as Array<{ documentId: number; documentName: string; value: string }>;
}

/** Every attribute's distinct values with the number of documents holding each. */
export function attributeValueCounts(db: Db): Array<{ attributeId: number; value: string; documents: number }> {
  return db
    .prepare('SELECT attribute_id AS attributeId, value, COUNT(*) AS documents FROM document_attributes GROUP BY attribute_id, value ORDER BY attribute_id, value')
    .all() as Array<{ attributeId: number; value: string; documents: number }>;
}

export function moveAttributeDef(db: Db, id: number, index: number): void {
  const ids = (db.prepare('SELECT id FROM attribute_defs ORDER BY sort_order, id').all() as Array<{ id: number }>).map((r) => r.id).filter((x) => x !== id);
  ids.splice(Math.max(0, Math.min(index, ids.length)), 0, id);
  const set = db.prepare('UPDATE attribute_defs SET sort_order = ? WHERE id = ?');
  ids.forEach((x, i) => set.run(i + 1, x));
}
