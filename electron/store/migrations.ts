// Numbered schema migrations. Versions only go up; each runs in one transaction
// and sets PRAGMA user_version. A file newer than the last version here is refused.
import type Database from 'better-sqlite3';
import { backfillTurns } from './turns.js';
import { auditMigration } from './audit.js';

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
        -- detail=none keeps only which documents hold each trigram (no positions): the index is a
        -- fraction of the size, and search finds exact positions in the stored text anyway
        CREATE VIRTUAL TABLE documents_fts USING fts5(text, content='documents', content_rowid='id', tokenize='trigram', detail=none);
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
  {
    version: 3,
    description: 'speaker turns of each document (code points), detected for the documents already imported; an index on the documents\' order',
    up(db) {
      db.exec(`
        CREATE TABLE document_turns (
          document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
          seq INTEGER NOT NULL,
          start INTEGER NOT NULL CHECK (start >= 0),
          "end" INTEGER NOT NULL,
          text_start INTEGER NOT NULL,
          speaker TEXT,
          timestamp TEXT,
          PRIMARY KEY (document_id, seq),
          CHECK ("end" >= text_start AND text_start >= start)
        ) WITHOUT ROWID;
        -- turns describe one version of the text: a changed text drops them (and its speaker names) until they are detected again
        CREATE TRIGGER document_turns_text_changed AFTER UPDATE OF text ON documents BEGIN
          DELETE FROM document_turns WHERE document_id = new.id;
        END;
        -- each import asks for MAX(sort_order); without an index that reads every stored text (quadratic over a batch)
        CREATE INDEX documents_sort_order ON documents(sort_order);
      `);
      backfillTurns(db);
    },
  },
  {
    version: 4,
    description: 'de-identification: findings, placeholders, known names (hashed), redaction log, who marked a document de-identified',
    up(db) {
      db.exec(`
        ALTER TABLE documents ADD COLUMN deidentified_by TEXT;
        ALTER TABLE documents ADD COLUMN deidentified_at TEXT;
        -- a finding keeps no text: it is read from the document while the finding is open
        CREATE TABLE deid_findings (
          id INTEGER PRIMARY KEY,
          document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
          kind TEXT NOT NULL,
          start INTEGER NOT NULL CHECK (start >= 0),
          "end" INTEGER NOT NULL,
          confidence TEXT NOT NULL CHECK (confidence IN ('high','medium','low')),
          source TEXT NOT NULL DEFAULT 'detector' CHECK (source IN ('detector','known')),
          status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','rejected')),
          decided_by TEXT,
          decided_at TEXT,
          CHECK ("end" > start)
        );
        CREATE INDEX deid_findings_document ON deid_findings(document_id, start);
        CREATE TABLE deid_placeholders (
          id INTEGER PRIMARY KEY,
          prefix TEXT NOT NULL,
          number INTEGER NOT NULL,
          UNIQUE (prefix, number)
        );
        CREATE TABLE deid_known_names (
          id INTEGER PRIMARY KEY,
          guid TEXT NOT NULL UNIQUE,
          kind TEXT NOT NULL CHECK (kind IN ('person','place','school','organisation')),
          placeholder_id INTEGER NOT NULL REFERENCES deid_placeholders(id),
          added_by TEXT,
          added_at TEXT NOT NULL
        );
        -- salted hashes of names: the spellings on the known-names list (name_id set) and names already replaced
        -- (name_id NULL), each with its placeholder; never the name itself
        CREATE TABLE deid_keys (
          hash TEXT PRIMARY KEY,
          placeholder_id INTEGER NOT NULL REFERENCES deid_placeholders(id),
          name_id INTEGER REFERENCES deid_known_names(id) ON DELETE SET NULL,
          weak INTEGER,
          first INTEGER,
          length INTEGER,
          mode TEXT
        );
        CREATE INDEX deid_keys_name ON deid_keys(name_id);
        -- the redaction log: what kind, which placeholder, where it now is, who and when; never the original value
        CREATE TABLE deid_redactions (
          id INTEGER PRIMARY KEY,
          guid TEXT NOT NULL UNIQUE,
          document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
          kind TEXT NOT NULL,
          placeholder TEXT NOT NULL,
          start INTEGER NOT NULL,
          "end" INTEGER NOT NULL,
          method TEXT NOT NULL CHECK (method IN ('accept','accept-high','manual','import')),
          reviewer TEXT NOT NULL,
          at TEXT NOT NULL
        );
        CREATE INDEX deid_redactions_document ON deid_redactions(document_id, start);
        -- FTS5 removes a changed text's old index entries at once instead of leaving delete markers over them
        INSERT INTO documents_fts(documents_fts, rank) VALUES ('secure-delete', 1);
      `);
    },
  },
  {
    version: 6,
    description: 'team coding: document assignments, completion marks, consensus provenance and reconciliation decisions',
    up(db) {
      db.exec(`
        CREATE TABLE document_assignments (
          document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
          coder_id INTEGER NOT NULL REFERENCES coders(id) ON DELETE CASCADE,
          assigned_at TEXT NOT NULL,
          PRIMARY KEY (document_id, coder_id)
        ) WITHOUT ROWID;
        CREATE INDEX document_assignments_coder ON document_assignments(coder_id);
        CREATE TABLE document_completions (
          document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
          coder_id INTEGER NOT NULL REFERENCES coders(id) ON DELETE CASCADE,
          completed_at TEXT NOT NULL,
          PRIMARY KEY (document_id, coder_id)
        ) WITHOUT ROWID;
        CREATE INDEX document_completions_coder ON document_completions(coder_id);
        -- which codings a consensus coding came from; by GUID (and with a rowid) so the undo log can restore rows in any order
        CREATE TABLE consensus_sources (
          id INTEGER PRIMARY KEY,
          consensus_guid TEXT NOT NULL,
          source_guid TEXT NOT NULL,
          UNIQUE (consensus_guid, source_guid)
        );
        CREATE INDEX consensus_sources_source ON consensus_sources(source_guid);
        CREATE TRIGGER consensus_sources_cleanup AFTER DELETE ON codings BEGIN
          DELETE FROM consensus_sources WHERE consensus_guid = old.guid;
        END;
        -- one decision per disagreement between two coders: a stretch of one code in one document
        CREATE TABLE reconciliations (
          id INTEGER PRIMARY KEY,
          guid TEXT NOT NULL UNIQUE,
          coder_a_id INTEGER NOT NULL REFERENCES coders(id) ON DELETE CASCADE,
          coder_b_id INTEGER NOT NULL REFERENCES coders(id) ON DELETE CASCADE,
          document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
          code_id INTEGER NOT NULL REFERENCES codes(id) ON DELETE CASCADE,
          start INTEGER NOT NULL,
          "end" INTEGER NOT NULL,
          decision TEXT NOT NULL CHECK (decision IN ('acceptA','acceptB','acceptBoth','adjust','drop','agree')),
          decided_by TEXT,
          decided_at TEXT NOT NULL,
          UNIQUE (coder_a_id, coder_b_id, document_id, code_id, start, "end")
        );
      `);
    },
  },
  {
    version: 7,
    description: 'codebook versions (snapshots), the version each coding was made under, proposed codes, merges recorded for diffs',
    up(db) {
      db.exec(`
        CREATE TABLE codebook_versions (
          id INTEGER PRIMARY KEY,
          guid TEXT NOT NULL UNIQUE,
          number INTEGER NOT NULL UNIQUE CHECK (number > 0),
          published_at TEXT NOT NULL,
          published_by TEXT,
          note TEXT NOT NULL DEFAULT '',
          snapshot TEXT NOT NULL
        );
        ALTER TABLE codings ADD COLUMN codebook_version INTEGER;
        -- 'proposed': added by a coder while the codebook was locked; 'rejected': kept with its codings, not applicable
        ALTER TABLE codes ADD COLUMN status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','proposed','rejected'));
        ALTER TABLE codes ADD COLUMN proposed_by TEXT;
        -- the version in force when a coding was made is the last one published at or before its creation time; one
        -- trigger covers every path that writes codings (apply, CSV and .qdpx import, package merge, undo)
        CREATE TRIGGER codings_codebook_version AFTER INSERT ON codings WHEN new.codebook_version IS NULL BEGIN
          UPDATE codings SET codebook_version = (SELECT MAX(number) FROM codebook_versions WHERE published_at <= new.created_at)
          WHERE id = new.id AND EXISTS (SELECT 1 FROM codebook_versions WHERE published_at <= new.created_at);
        END;
        -- a merged code's GUID and the code it went into, so a version's snapshot can say where it went
        CREATE TABLE code_merges (
          id INTEGER PRIMARY KEY,
          source_guid TEXT NOT NULL,
          source_path TEXT NOT NULL,
          target_guid TEXT NOT NULL,
          merged_at TEXT NOT NULL
        );
        CREATE INDEX code_merges_target ON code_merges(target_guid);
      `);
    },
  },
  auditMigration,
];

export const LATEST_SCHEMA_VERSION = migrations[migrations.length - 1]!.version;
