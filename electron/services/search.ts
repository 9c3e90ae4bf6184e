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
  // trigram needs at least 3 characters; shorter queries scan the text
  const rows = (
    Array.from(q).length >= 3
      ? project.db
          .prepare('SELECT d.id, d.name, d.text FROM documents_fts f JOIN documents d ON d.id = f.rowid WHERE documents_fts MATCH ? ORDER BY d.sort_order, d.id')
          .all(trigramQuery(q))
      : project.db.prepare('SELECT id, name, text FROM documents WHERE instr(lower(text), lower(?)) > 0 ORDER BY sort_order, id').all(q)
  ) as Array<{ id: number; name: string; text: string }>;
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
