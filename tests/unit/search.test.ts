// Full-text search: the trigram index (no positions kept) finds candidate
// documents; exact matches and their code-point offsets come from the text.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Project } from '../../electron/services/project.js';
import { importFiles } from '../../electron/services/documents.js';
import { searchText, trigramQuery } from '../../electron/services/search.js';
import { exportQdpx } from '../../electron/services/qdpxExport.js';
import { importQdpx } from '../../electron/services/qdpxImport.js';
import { sliceCodePoints } from '../../shared/offsets.js';

let dir: string;
let project: Project;

const DOCS: Record<string, string> = {
  'thai.txt': 'ผู้สัมภาษณ์: เล่าให้ฟังหน่อย\nผู้ตอบ: เขาไม่อยากให้เป็นเรื่องใหญ่ 😔 ครับ',
  'khmer.txt': 'Interviewer: ប្រាប់ខ្ញុំបន្តិច\nRespondent: ក្មេងស្រីនោះខ្លាចណាស់ 🙏 Police',
  'english.txt': 'Interviewer: Who did she tell?\nRespondent: She told the POLICE officer first, then the police unit.',
  // holds every trigram of "police unit" but never the phrase itself
  'decoy.txt': 'Respondent: the unit police lice unit olice e un ce u',
  'amharic.txt': 'Respondent: ፖሊስ ጣቢያ ሄድን። ፖሊስ',
};

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-search-'));
  project = Project.create(path.join(dir, 'p.weft'), 'search');
  const files = Object.entries(DOCS).map(([name, text]) => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, text);
    return f;
  });
  for (const r of importFiles(project, files)) expect(r.status, r.file).toBe('imported');
});

afterEach(() => {
  project.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function texts(query: string): Array<[string, string]> {
  return searchText(project, query).map((h) => {
    const doc = project.db.prepare('SELECT text FROM documents WHERE id = ?').get(h.documentId) as { text: string };
    // the offsets are code points into the stored text, and cover the match exactly
    expect(sliceCodePoints(doc.text, h.start, h.end)).toBe(h.match);
    return [h.documentName, h.match];
  });
}

describe('full-text search', () => {
  it('asks the index for every trigram of the phrase', () => {
    expect(trigramQuery('abcd')).toBe('"abc" AND "bcd"');
    expect(trigramQuery('a"bc')).toBe('"a""b" AND """bc"');
    expect(trigramQuery('😔 ค')).toBe('"😔 ค"');
  });

  it('finds a phrase case-insensitively and drops candidates that only hold its trigrams', () => {
    expect(texts('police unit')).toEqual([['english', 'police unit']]);
    expect(texts('police')).toEqual([
      ['khmer', 'Police'],
      ['english', 'POLICE'],
      ['english', 'police'],
      ['decoy', 'police'],
    ]);
  });

  it('finds Thai, Khmer and Amharic phrases with emoji, with code-point offsets', () => {
    expect(texts('ไม่อยากให้เป็นเรื่องใหญ่ 😔')).toEqual([['thai', 'ไม่อยากให้เป็นเรื่องใหญ่ 😔']]);
    expect(texts('ខ្លាចណាស់ 🙏')).toEqual([['khmer', 'ខ្លាចណាស់ 🙏']]);
    expect(texts('ፖሊስ')).toEqual([
      ['amharic', 'ፖሊስ'],
      ['amharic', 'ፖሊስ'],
    ]);
  });

  it('scans the text for queries shorter than a trigram', () => {
    expect(texts('😔').map(([d]) => d)).toEqual(['thai']);
    expect(texts('ፖሊ').length).toBe(2);
  });

  it('finds non-NFC input in NFC text', () => {
    const f = path.join(dir, 'viet.txt');
    fs.writeFileSync(f, 'Respondent: Tôi đã báo công an.');
    importFiles(project, [f]);
    expect(texts('báo công an'.normalize('NFD'))).toEqual([['viet', 'báo công an']]);
  });
});

describe('full-text search after a .qdpx import (its texts are indexed in one go)', () => {
  const trigger = (p: Project) => p.db.prepare("SELECT COUNT(*) FROM sqlite_schema WHERE type = 'trigger' AND name = 'documents_fts_insert'").pluck().get();
  const secureDelete = (p: Project) => p.db.prepare("SELECT v FROM documents_fts_config WHERE k = 'secure-delete'").pluck().get();

  it('finds the imported texts and the texts already there, and indexes later imports', () => {
    const qdpx = path.join(dir, 'p.qdpx');
    exportQdpx(project, qdpx);
    const other = Project.create(path.join(dir, 'other.weft'), 'other');
    try {
      const f = path.join(dir, 'before.txt');
      fs.writeFileSync(f, 'Respondent: the police came before the import.');
      importFiles(other, [f]);
      expect(importQdpx(other, qdpx).created.documents).toBe(Object.keys(DOCS).length);
      expect(trigger(other)).toBe(1);
      expect(secureDelete(other)).toBe(1);
      const g = path.join(dir, 'after.txt');
      fs.writeFileSync(g, 'Respondent: the police came after the import.');
      importFiles(other, [g]);
      const hits = searchText(other, 'police').map((h) => [h.documentName, h.match]);
      expect(hits).toEqual([['before', 'police'], ...texts('police'), ['after', 'police']]);
      expect(searchText(other, 'ไม่อยากให้เป็น').map((h) => h.documentName)).toEqual(['thai']);
      other.db.exec("INSERT INTO documents_fts(documents_fts, rank) VALUES ('integrity-check', 1)");
    } finally {
      other.close();
    }
  });

  it('keeps the index trigger after a dry run and after a refused file', () => {
    const qdpx = path.join(dir, 'p.qdpx');
    exportQdpx(project, qdpx);
    const other = Project.create(path.join(dir, 'other.weft'), 'other');
    try {
      importQdpx(other, qdpx, { dryRun: true });
      expect(trigger(other)).toBe(1);
      expect(other.repo.counts().documents).toBe(0);
      // a failure inside the import (here: in the hooks of the third document) rolls the trigger back with the rest
      const insert = other.repo.insertDocument.bind(other.repo);
      let n = 0;
      other.repo.insertDocument = (d) => {
        if (++n === 3) throw new Error('disk full');
        return insert(d);
      };
      expect(() => importQdpx(other, qdpx)).toThrow('disk full');
      other.repo.insertDocument = insert;
      expect(trigger(other)).toBe(1);
      expect(secureDelete(other)).toBe(1);
      expect(other.repo.counts().documents).toBe(0);
      const f = path.join(dir, 'after.txt');
      fs.writeFileSync(f, 'Respondent: the police came after the failure.');
      importFiles(other, [f]);
      expect(searchText(other, 'police').map((h) => h.documentName)).toEqual(['after']);
    } finally {
      other.close();
    }
  });
});
