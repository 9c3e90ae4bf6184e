// Session undo/redo for every change made through this connection, using
// SQLite's own technique: TEMP triggers record the inverse SQL of each row
// change in a TEMP log. One user action is one step: the log rows between two
// marks. Undoing a step runs its inverse statements in reverse order, and the
// triggers record the inverse of that, which becomes the redo step.
// TEMP objects live only in this connection, so nothing reaches the file and
// changes made by other processes (the CLI) are never undone here.
import type { Db } from './database.js';

export interface UndoStep {
  label: string;
  from: number;
  to: number;
}

/** Tables whose changes can be undone, with their columns. */
function tableColumns(db: Db, table: string): string[] {
  return (db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((c) => c.name);
}

const q = (name: string) => `"${name}"`;

export class UndoLog {
  private undoStack: UndoStep[] = [];
  private redoStack: UndoStep[] = [];
  private readonly limit = 500;

  constructor(
    private readonly db: Db,
    tables: readonly string[],
  ) {
    db.exec('CREATE TEMP TABLE IF NOT EXISTS undolog (seq INTEGER PRIMARY KEY, sql TEXT NOT NULL)');
    for (const t of tables) {
      const cols = tableColumns(db, t);
      const values = cols.map((c) => `'||quote(old.${q(c)})||'`).join(',');
      const sets = cols.map((c) => `${q(c)}='||quote(old.${q(c)})||'`).join(',');
      db.exec(`
        CREATE TEMP TRIGGER IF NOT EXISTS undo_${t}_insert AFTER INSERT ON main.${t} BEGIN
          INSERT INTO undolog (sql) VALUES ('DELETE FROM ${t} WHERE rowid='||new.rowid);
        END;
        CREATE TEMP TRIGGER IF NOT EXISTS undo_${t}_update AFTER UPDATE ON main.${t} BEGIN
          INSERT INTO undolog (sql) VALUES ('UPDATE ${t} SET ${sets} WHERE rowid='||old.rowid);
        END;
        CREATE TEMP TRIGGER IF NOT EXISTS undo_${t}_delete BEFORE DELETE ON main.${t} BEGIN
          INSERT INTO undolog (sql) VALUES ('INSERT INTO ${t} (rowid,${cols.map(q).join(',')}) VALUES ('||old.rowid||',${values})');
        END;
      `);
    }
  }

  private mark(): number {
    return (this.db.prepare('SELECT IFNULL(MAX(seq), 0) AS m FROM undolog').get() as { m: number }).m;
  }

  /** Run `fn` in one transaction and record it as one undoable step (if it changed anything). */
  record<T>(label: string, fn: () => T): T {
    const from = this.mark() + 1;
    const result = this.db.transaction(fn)();
    const to = this.mark();
    if (to >= from) {
      this.undoStack.push({ label, from, to });
      if (this.undoStack.length > this.limit) {
        const dropped = this.undoStack.shift()!;
        this.db.prepare('DELETE FROM undolog WHERE seq <= ?').run(dropped.to);
      }
      this.clearRedo();
    }
    return result;
  }

  private clearRedo(): void {
    for (const s of this.redoStack) this.db.prepare('DELETE FROM undolog WHERE seq BETWEEN ? AND ?').run(s.from, s.to);
    this.redoStack = [];
  }

  /** Replay a step's inverse statements; returns the new step that reverses this one. */
  private replay(step: UndoStep): UndoStep {
    return this.db.transaction(() => {
      const rows = this.db.prepare('SELECT sql FROM undolog WHERE seq BETWEEN ? AND ? ORDER BY seq DESC').all(step.from, step.to) as Array<{ sql: string }>;
      this.db.prepare('DELETE FROM undolog WHERE seq BETWEEN ? AND ?').run(step.from, step.to);
      const from = this.mark() + 1;
      for (const r of rows) this.db.prepare(r.sql).run();
      return { label: step.label, from, to: this.mark() };
    })();
  }

  undo(): string | null {
    const step = this.undoStack.pop();
    if (!step) return null;
    this.redoStack.push(this.replay(step));
    return step.label;
  }

  redo(): string | null {
    const step = this.redoStack.pop();
    if (!step) return null;
    this.undoStack.push(this.replay(step));
    return step.label;
  }

  state(): { undo: string | null; redo: string | null } {
    return {
      undo: this.undoStack[this.undoStack.length - 1]?.label ?? null,
      redo: this.redoStack[this.redoStack.length - 1]?.label ?? null,
    };
  }
}
