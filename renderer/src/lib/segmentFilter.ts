// Filtering coded segments by code (with children), coder, document, attribute and text.
import type { Code, DocumentSummary, Segment } from '../../../shared/types';

export interface SegmentFilter {
  codeId: number | null;
  withChildren: boolean;
  coder: string;
  documentId: number | null;
  attribute: string;
  attributeValue: string;
  text: string;
}

export const EMPTY_FILTER: SegmentFilter = { codeId: null, withChildren: true, coder: '', documentId: null, attribute: '', attributeValue: '', text: '' };

/** Filter segments; pure so the benchmark and tests can time and check it. */
export function filterSegments(segments: Segment[], f: SegmentFilter, codes: Code[], documents: DocumentSummary[]): Segment[] {
  let codeIds: Set<number> | null = null;
  if (f.codeId !== null) {
    codeIds = new Set([f.codeId]);
    if (f.withChildren) {
      for (let grew = true; grew; ) {
        grew = false;
        for (const c of codes) if (c.parentId !== null && codeIds.has(c.parentId) && !codeIds.has(c.id)) (codeIds.add(c.id), (grew = true));
      }
    }
  }
  let docIds: Set<number> | null = null;
  if (f.attribute && f.attributeValue) {
    docIds = new Set(documents.filter((d) => (d.attributes[f.attribute] ?? '') === f.attributeValue).map((d) => d.id));
  }
  const text = f.text.trim().toLowerCase();
  return segments.filter(
    (s) =>
      (codeIds === null || codeIds.has(s.codeId)) &&
      (!f.coder || s.coderName === f.coder) &&
      (f.documentId === null || s.documentId === f.documentId) &&
      (docIds === null || docIds.has(s.documentId)) &&
      (!text || s.text.toLowerCase().includes(text) || s.memo.toLowerCase().includes(text)),
  );
}
