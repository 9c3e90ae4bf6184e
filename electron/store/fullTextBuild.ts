// Building the full-text index of a fresh project's documents somewhere else
// (an in-memory database in a worker thread) while the importing thread writes
// everything else, and then putting it in place.
//
// FTS5 keeps an index in ordinary "shadow" tables (%_data, %_idx, %_docsize),
// and the same SQLite library writes the same rows for the same inserts
// wherever it runs. So an index built elsewhere, from the same table
// definition, the same options and the same (rowid, text) rows in the same
// order, can be copied in row by row. Only into an empty index: the copy
// replaces it. tests/unit/full-text-build.test.ts checks that the copied rows
// are the ones an in-place build writes, and that searching and later edits
// work on them.
import type { Statement } from 'better-sqlite3';
import type { Db } from './database.js';
import { connect } from './database.js';

const SHADOW_TABLES = ['documents_fts_data', 'documents_fts_idx', 'documents_fts_docsize'] as const;
/** options that change how rows are written; secure-delete only changes deletes */
const LAYOUT_OPTIONS = new Set(['pgsz', 'hashsize', 'automerge', 'crisismerge', 'usermerge', 'deletemerge']);

export interface FullTextSpec {
  /** CREATE VIRTUAL TABLE documents_fts … as the project has it */
  createSql: string;
  /** the project's FTS5 options that change how rows are written */
  options: Array<[string, number]>;
}

export interface FullTextRows {
  sqliteVersion: string;
  ids: number[];
  /** SHA-256 of each row's text as indexed, for the rows whose stored text the builder made itself (null for the others) */
  hashes?: Array<string | null>;
  tables: Record<string, { columns: string[]; rows: unknown[][] }>;
}

const columnsOf = (db: Db, table: string): string[] => (db.prepare(`SELECT name FROM pragma_table_info(?) ORDER BY cid`).pluck().all(table) as string[]);

/** What a build elsewhere needs to match this project's index. */
export function fullTextSpec(db: Db): FullTextSpec {
  const createSql = db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'documents_fts'").pluck().get() as string;
  const options = (db.prepare('SELECT k, v FROM documents_fts_config').raw().all() as Array<[string, number]>).filter(([k]) => LAYOUT_OPTIONS.has(k));
  return { createSql, options };
}

/**
 * An index built row by row in a private in-memory database (in a worker
 * thread), in one transaction; `finish` returns its rows.
 */
export class FullTextBuilder {
  private readonly db: Db;
  private readonly insert: Statement;
  private readonly ids: number[] = [];

  constructor(spec: FullTextSpec) {
    this.db = connect(':memory:');
    this.db.exec('CREATE TABLE documents (id INTEGER PRIMARY KEY, text TEXT NOT NULL)');
    this.db.exec(spec.createSql);
    // (a bound JavaScript number is a REAL, which FTS5 refuses for its options: written as integers)
    const option = (k: string, v: number) => this.db.prepare(`INSERT INTO documents_fts(documents_fts, rank) VALUES (?, ${Math.trunc(v)})`).run(k);
    // a 16 MB in-memory hash for the bulk build (FTS5's default is 1 MB): fewer segments to write and merge,
    // about 15% faster here; the option stays in this database, the project keeps its own
    for (const [k, v] of [['hashsize', 16 * 1024 * 1024] as [string, number], ...spec.options]) option(k, v);
    // UTF-8 bytes are stored as the text they are (the database's encoding is UTF-8)
    this.insert = this.db.prepare('INSERT INTO documents_fts(rowid, text) VALUES (?, CAST(? AS TEXT))');
    this.db.exec('BEGIN');
  }

  /** Add a row; rows in ascending id order keep FTS5 from flushing its in-memory hash early. */
  add(id: number, text: string | Uint8Array): void {
    this.insert.run(id, text);
    this.ids.push(id);
  }

  finish(): FullTextRows {
    try {
      this.db.exec('COMMIT');
      const tables: FullTextRows['tables'] = {};
      for (const t of SHADOW_TABLES) tables[t] = { columns: columnsOf(this.db, t), rows: this.db.prepare(`SELECT * FROM ${t}`).raw().all() as unknown[][] };
      return { sqliteVersion: this.db.prepare('SELECT sqlite_version()').pluck().get() as string, ids: this.ids, tables };
    } finally {
      this.close();
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/**
 * Put an index built by a FullTextBuilder in place of the project's, which
 * must index nothing: `documents` must hold exactly the documents it was
 * built for. Returns false (and changes nothing) when the rows don't fit this
 * project; the caller then indexes in place.
 */
export function installFullTextRows(db: Db, built: FullTextRows): boolean {
  if (!db.inTransaction) throw new Error('installFullTextRows needs a transaction');
  if (built.sqliteVersion !== (db.prepare('SELECT sqlite_version()').pluck().get() as string)) return false;
  const ids = db.prepare('SELECT id FROM documents ORDER BY id').pluck().all() as number[];
  if (ids.length !== built.ids.length || ids.some((id, i) => id !== built.ids[i])) return false;
  for (const t of SHADOW_TABLES) {
    const have = columnsOf(db, t);
    const got = built.tables[t]?.columns ?? [];
    if (have.length !== got.length || have.some((c, i) => c !== got[i])) return false;
  }
  // 'delete-all' empties the index through FTS5 itself (and makes the table part of this transaction)
  db.exec("INSERT INTO documents_fts(documents_fts) VALUES ('delete-all')");
  // SQLite's defensive mode (better-sqlite3 turns it on) refuses writes to shadow tables; off for the copy alone
  db.unsafeMode(true);
  try {
    for (const t of SHADOW_TABLES) {
      const { columns, rows } = built.tables[t]!;
      db.exec(`DELETE FROM ${t}`);
      const insert = db.prepare(`INSERT INTO ${t} VALUES (${columns.map(() => '?').join(', ')})`);
      for (const r of rows) insert.run(...r);
    }
  } finally {
    db.unsafeMode(false);
  }
  // FTS5 keeps the index's structure record in memory per connection, and re-reads it only when another
  // connection has written: rolling back to an empty savepoint tells it to drop what it holds (and undoes nothing)
  db.exec('SAVEPOINT fts_copied; ROLLBACK TO fts_copied; RELEASE fts_copied');
  return true;
}
