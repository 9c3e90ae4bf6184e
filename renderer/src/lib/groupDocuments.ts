// Grouping documents by an attribute for the documents pane.
import type { DocumentSummary } from '../../../shared/types';

/** Documents grouped by one attribute's value ('' = no grouping), groups in alphabetical order. */
export function groupDocuments(documents: DocumentSummary[], attribute: string): Array<{ group: string | null; documents: DocumentSummary[] }> {
  if (!attribute) return [{ group: null, documents }];
  const groups = new Map<string, DocumentSummary[]>();
  for (const d of documents) {
    const key = d.attributes[attribute] || '(no value)';
    groups.set(key, [...(groups.get(key) ?? []), d]);
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([group, docs]) => ({ group, documents: docs }));
}
