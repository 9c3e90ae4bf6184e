// Numbered schema migrations. Versions only go up; each runs in one transaction
// and sets PRAGMA user_version. A file newer than the last version here is refused.
import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  description: string;
  up: (db: Database.Database) => void;
}

export const migrations: Migration[] = [
  {
    version: 1,
    description: 'project, coders, attributes, documents, codes, codings, memos, settings',
    up(db) {
      db.exec(`
        CREATE TABLE project (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          guid TEXT NOT NULL UNIQUE,
          name TEXT NOT NULL,
          created_at TEXT NOT NULL
        );
        CREATE TABLE settings (
          key TEXT PRIMARY KEY,
          value TEXT NOT NULL
        );
        CREATE TABLE coders (
          id INTEGER PRIMARY KEY,
          guid TEXT NOT NULL UNIQUE,
          name TEXT NOT NULL UNIQUE COLLATE NOCASE,
          created_at TEXT NOT NULL
        );
        CREATE TABLE attribute_defs (
          id INTEGER PRIMARY KEY,
          guid TEXT NOT NULL UNIQUE,
          name TEXT NOT NULL UNIQUE COLLATE NOCASE,
          type TEXT NOT NULL CHECK (type IN ('text','number','date','category','boolean')),
          allowed_values TEXT NOT NULL DEFAULT '[]',
          sort_order INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE documents (
          id INTEGER PRIMARY KEY,
          guid TEXT NOT NULL UNIQUE,
          name TEXT NOT NULL UNIQUE,
          text TEXT NOT NULL,
          length INTEGER NOT NULL,
          content_hash TEXT NOT NULL,
          source_name TEXT,
          source_type TEXT,
          imported_at TEXT NOT NULL,
          status TEXT NOT NULL DEFAULT 'imported' CHECK (status IN ('imported','deidentified')),
          sort_order INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX documents_hash ON documents(content_hash);
        CREATE TABLE document_attributes (
          document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
          attribute_id INTEGER NOT NULL REFERENCES attribute_defs(id) ON DELETE CASCADE,
          value TEXT NOT NULL,
          PRIMARY KEY (document_id, attribute_id)
        ) WITHOUT ROWID;
        CREATE TABLE codes (
          id INTEGER PRIMARY KEY,
          guid TEXT NOT NULL UNIQUE,
          parent_id INTEGER REFERENCES codes(id) ON DELETE RESTRICT,
          name TEXT NOT NULL,
          color TEXT NOT NULL,
          short_definition TEXT NOT NULL DEFAULT '',
          definition TEXT NOT NULL DEFAULT '',
          inclusion TEXT NOT NULL DEFAULT '',
          exclusion TEXT NOT NULL DEFAULT '',
          example TEXT NOT NULL DEFAULT '',
          atypical_example TEXT NOT NULL DEFAULT '',
          memo TEXT NOT NULL DEFAULT '',
          codable INTEGER NOT NULL DEFAULT 1,
          sort_order INTEGER NOT NULL DEFAULT 0
        );
        -- sibling names are unique; top-level codes have parent 0 in the key
        CREATE UNIQUE INDEX codes_sibling_name ON codes(IFNULL(parent_id, 0), name COLLATE NOCASE);
        CREATE TABLE codings (
          id INTEGER PRIMARY KEY,
          guid TEXT NOT NULL UNIQUE,
          document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
          code_id INTEGER NOT NULL REFERENCES codes(id) ON DELETE RESTRICT,
          coder_id INTEGER NOT NULL REFERENCES coders(id) ON DELETE RESTRICT,
          start INTEGER NOT NULL CHECK (start >= 0),
          "end" INTEGER NOT NULL,
          memo TEXT NOT NULL DEFAULT '',
          created_at TEXT NOT NULL,
          CHECK ("end" > start)
        );
        CREATE INDEX codings_document ON codings(document_id, start);
        CREATE INDEX codings_code ON codings(code_id);
        CREATE INDEX codings_coder ON codings(coder_id);
        -- the same coder applying the same code to the same span is one coding
        CREATE UNIQUE INDEX codings_identity ON codings(document_id, code_id, coder_id, start, "end");
        CREATE TABLE memos (
          id INTEGER PRIMARY KEY,
          guid TEXT NOT NULL UNIQUE,
          target_type TEXT NOT NULL CHECK (target_type IN ('project','document','code','coding')),
          target_id INTEGER,
          coder_id INTEGER REFERENCES coders(id) ON DELETE SET NULL,
          title TEXT NOT NULL DEFAULT '',
          body TEXT NOT NULL DEFAULT '',
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
        CREATE INDEX memos_target ON memos(target_type, target_id);
      `);
    },
  },
  {
    version: 2,
    description: 'full-text search (FTS5 trigram, works for scripts without spaces) and plain text of memos',
    up(db) {
      db.exec(`
        CREATE VIRTUAL TABLE documents_fts USING fts5(text, content='documents', content_rowid='id', tokenize='trigram');
        INSERT INTO documents_fts(documents_fts) VALUES ('rebuild');
        CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
          INSERT INTO documents_fts(rowid, text) VALUES (new.id, new.text);
        END;
        CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
          INSERT INTO documents_fts(documents_fts, rowid, text) VALUES ('delete', old.id, old.text);
        END;
        CREATE TRIGGER documents_fts_update AFTER UPDATE OF text ON documents BEGIN
          INSERT INTO documents_fts(documents_fts, rowid, text) VALUES ('delete', old.id, old.text);
          INSERT INTO documents_fts(rowid, text) VALUES (new.id, new.text);
        END;
        CREATE TRIGGER codings_memo_cleanup AFTER DELETE ON codings BEGIN
          DELETE FROM memos WHERE target_type = 'coding' AND target_id = old.id;
        END;
        ALTER TABLE memos ADD COLUMN body_text TEXT NOT NULL DEFAULT '';
        CREATE UNIQUE INDEX memos_one_per_target ON memos(target_type, IFNULL(target_id, 0), IFNULL(coder_id, 0));
      `);
    },
  },
];

export const LATEST_SCHEMA_VERSION = migrations[migrations.length - 1]!.version;
