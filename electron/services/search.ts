// Full-text search across all documents. FTS5's trigram tokenizer finds
// candidate documents without needing spaces between words (Thai, Khmer);
// exact match positions are then found in the stored text.
import type { Project } from './project.js';
import type { SearchHit } from '../../shared/types.js';
import { OffsetIndex } from '../../shared/offsets.js';

const CONTEXT = 60;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The index keeps no positions (detail=none), so a phrase is asked for as
 * every trigram in it; documents that hold them all are candidates, and the
 * exact matches are then found in their text.
 */
export function trigramQuery(q: string): string {
  const cps = Array.from(q);
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= cps.length; i++) grams.add(cps.slice(i, i + 3).join(''));
  return [...grams].map((g) => `"${g.replace(/"/g, '""')}"`).join(' AND ');
}

export function searchText(project: Project, query: string, limit = 1000): SearchHit[] {
  const q = query.normalize('NFC').trim();
  if (!q) return [];
  // Candidate documents in order, ids only; then each text is read as it is
  // searched, so a common word stops at `limit` hits after a few documents.
  // Trigrams need at least 3 characters; shorter queries scan every text.
  const ids = (
    Array.from(q).length >= 3
      ? project.db
          .prepare('SELECT d.id FROM documents_fts f JOIN documents d ON d.id = f.rowid WHERE documents_fts MATCH ? ORDER BY d.sort_order, d.id')
          .pluck()
          .all(trigramQuery(q))
      : project.db.prepare('SELECT id FROM documents ORDER BY sort_order, id').pluck().all()
  ) as number[];
  const read = project.db.prepare('SELECT id, name, text FROM documents WHERE id = ?');
  function* documents(): Generator<{ id: number; name: string; text: string }> {
    for (const id of ids) yield read.get(id) as { id: number; name: string; text: string };
  }
  const rows = documents();
  const pattern = new RegExp(escapeRegExp(q), 'giu');
  const hits: SearchHit[] = [];
  for (const r of rows) {
    let index: OffsetIndex | null = null;
    pattern.lastIndex = 0;
    for (let m = pattern.exec(r.text); m; m = pattern.exec(r.text)) {
      index ??= new OffsetIndex(r.text);
      const u16 = m.index;
      const u16End = u16 + m[0].length;
      hits.push({
        documentId: r.id,
        documentName: r.name,
        start: index.toCodePoint(u16),
        end: index.toCodePoint(u16End),
        before: r.text.slice(Math.max(0, u16 - CONTEXT), u16).replace(/^\S*\s/, '…'),
        match: m[0],
        after: r.text.slice(u16End, u16End + CONTEXT),
      });
      if (hits.length >= limit) return hits;
    }
  }
  return hits;
}
