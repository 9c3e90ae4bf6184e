// Speaker turns of documents (table document_turns, schema 3). A changed text
// drops its turns (a trigger); they are then detected again from the text.
import type { Statement } from 'better-sqlite3';
import type { Db } from './database.js';
import { detectTurns, type SpeakerTurn } from '../../shared/speakers.js';

/** turns stored by one statement: an import stores hundreds per document, and one row per statement takes twice as long */
const BATCH = 64;
const INSERT = 'INSERT INTO document_turns (document_id, seq, start, "end", text_start, speaker, timestamp) VALUES ';
const ROW = '(?, ?, ?, ?, ?, ?, ?)';

// prepared once per connection
const statements = new WeakMap<Db, { remove: Statement; insert: Statement; insertBatch: Statement; select: Statement }>();
function prepared(db: Db) {
  let s = statements.get(db);
  if (!s) {
    s = {
      remove: db.prepare('DELETE FROM document_turns WHERE document_id = ?'),
      insert: db.prepare(INSERT + ROW),
      insertBatch: db.prepare(INSERT + Array(BATCH).fill(ROW).join(', ')),
      select: db.prepare('SELECT start, "end", text_start AS textStart, speaker, timestamp FROM document_turns WHERE document_id = ? ORDER BY seq'),
    };
    statements.set(db, s);
  }
  return s;
}

export function replaceTurns(db: Db, documentId: number, turns: readonly SpeakerTurn[]): void {
  const s = prepared(db);
  s.remove.run(documentId);
  let i = 0;
  const values: unknown[] = new Array(BATCH * 7);
  for (; i + BATCH <= turns.length; i += BATCH) {
    for (let k = 0; k < BATCH; k++) {
      const t = turns[i + k]!;
      const o = k * 7;
      values[o] = documentId;
      values[o + 1] = i + k;
      values[o + 2] = t.start;
      values[o + 3] = t.end;
      values[o + 4] = t.textStart;
      values[o + 5] = t.speaker;
      values[o + 6] = t.timestamp;
    }
    s.insertBatch.run(values);
  }
  for (; i < turns.length; i++) {
    const t = turns[i]!;
    s.insert.run(documentId, i, t.start, t.end, t.textStart, t.speaker, t.timestamp);
  }
}

/** Stored turns of a document, in order; null when none are stored (none detected, or the text changed since). */
export function storedTurns(db: Db, documentId: number): SpeakerTurn[] | null {
  const rows = prepared(db).select.all(documentId) as SpeakerTurn[];
  return rows.length ? rows : null;
}

/** Speaker and turn counts per document, for lists. */
export function turnCounts(db: Db): Map<number, { turns: number; speakers: number }> {
  const rows = db
    .prepare('SELECT document_id AS d, COUNT(*) AS turns, COUNT(DISTINCT speaker) AS speakers FROM document_turns GROUP BY document_id')
    .all() as Array<{ d: number; turns: number; speakers: number }>;
  return new Map(rows.map((r) => [r.d, { turns: r.turns, speakers: r.speakers }]));
}

/** Used by migration 3: detect the turns of every document already in the project. */
export function backfillTurns(db: Db): void {
  const docs = db.prepare('SELECT id, text FROM documents').all() as Array<{ id: number; text: string }>;
  for (const d of docs) replaceTurns(db, d.id, detectTurns(d.text));
}
