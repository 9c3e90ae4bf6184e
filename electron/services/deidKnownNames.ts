// The known-names list of de-identification: names (in any script) that
// must always be found, kept as salted hashes of their spellings with the
// placeholder that replaces them, never as the names. A change to the list
// scans every document again.
import { randomUUID } from 'node:crypto';
import type { Project } from './project.js';
import { hashing, scanDocument, store } from './deid.js';
import { WeftError } from '../errors.js';
import { variantOf } from '../../shared/deid/knownNames.js';
import { placeholderPrefix, type KnownNameKind } from '../../shared/deid/types.js';
import type { KnownNameView } from '../../shared/deid/views.js';

export function listKnownNames(project: Project): KnownNameView[] {
  return store(project).knownNames();
}

/**
 * Add a name with its spellings (in any script) to the list. A spelling
 * already replaced in the project keeps its placeholder; a spelling already on
 * the list is refused. Afterwards every document is scanned again.
 */
export function addKnownName(project: Project, kind: KnownNameKind, spellings: readonly string[], addedBy: string | null): KnownNameView {
  project.assertWritable();
  const clean = spellings.map((s) => s.trim()).filter(Boolean);
  if (!clean.length) throw new WeftError('spellings: give at least one spelling of the name');
  const h = hashing(project)!;
  const id = project.repo.transaction(() => {
    const st = store(project);
    const variants = clean.map((s, i) => {
      try {
        return variantOf(s, h.seed, h.strong);
      } catch (e) {
        throw new WeftError(`spellings.${i}: ${(e as Error).message}`);
      }
    });
    let placeholderId: number | null = null;
    for (const [i, v] of variants.entries()) {
      const key = st.keyByHash(v.hash);
      if (key?.nameId != null) throw new WeftError(`spellings.${i}: this spelling is already on the known-names list (${st.knownName(key.nameId)?.placeholder ?? 'another entry'})`, 'conflict');
      if (key && placeholderId === null) placeholderId = key.placeholderId;
    }
    if (placeholderId === null) placeholderId = st.newPlaceholder(placeholderPrefix(kind)).id;
    const nameId = st.insertKnownName(randomUUID(), kind, placeholderId, addedBy, new Date().toISOString());
    for (const v of variants) st.putKey({ hash: v.hash, placeholderId, nameId, weak: v.weak, first: v.first, length: v.length, mode: v.mode });
    return nameId;
  });
  return store(project).knownName(id)!;
}

export function addSpelling(project: Project, nameId: number, spelling: string): KnownNameView {
  project.assertWritable();
  const h = hashing(project)!;
  project.repo.transaction(() => {
    const st = store(project);
    const entry = st.knownName(nameId);
    if (!entry) throw new WeftError(`id: no known name with id ${nameId}`, 'not_found');
    let v: ReturnType<typeof variantOf>;
    try {
      v = variantOf(spelling, h.seed, h.strong);
    } catch (e) {
      throw new WeftError(`spelling: ${(e as Error).message}`);
    }
    const key = st.keyByHash(v.hash);
    if (key?.nameId != null) throw new WeftError(`spelling: already on the known-names list (${st.knownName(key.nameId)?.placeholder ?? 'another entry'})`, 'conflict');
    const placeholderId = knownPlaceholderId(project, nameId);
    st.putKey({ hash: v.hash, placeholderId, nameId, weak: v.weak, first: v.first, length: v.length, mode: v.mode });
  });
  return store(project).knownName(nameId)!;
}

function knownPlaceholderId(project: Project, nameId: number): number {
  return store(project).knownPlaceholderId(nameId)!;
}

/** Find an entry by one of its spellings (the list keeps no names, so this hashes the spelling) or by its placeholder. */
export function findKnownName(project: Project, spellingOrPlaceholder: string): KnownNameView | undefined {
  const st = store(project);
  const byPlaceholder = st.knownNames().find((n) => n.placeholder.toLowerCase() === spellingOrPlaceholder.trim().toLowerCase());
  if (byPlaceholder) return byPlaceholder;
  const h = hashing(project, false);
  if (!h) return undefined;
  try {
    const v = variantOf(spellingOrPlaceholder, h.seed, h.strong);
    const key = st.keyByHash(v.hash);
    return key?.nameId != null ? st.knownName(key.nameId) : undefined;
  } catch {
    return undefined;
  }
}

/** Remove an entry from the list. Names already replaced keep their placeholder. */
export function removeKnownName(project: Project, nameId: number): { removed: number } {
  project.assertWritable();
  const removed = project.repo.transaction(() => store(project).deleteKnownName(nameId));
  if (!removed) throw new WeftError(`id: no known name with id ${nameId}`, 'not_found');
  return { removed };
}

/**
 * Scan every document again (after the known-names list changed). A document
 * marked de-identified in which a scan finds something new is reopened for
 * review.
 */
export function rescanAll(project: Project, onProgress?: (done: number, total: number) => void): { documents: number; added: number; reopened: string[] } {
  project.assertWritable();
  const ids = store(project).documentIds();
  let added = 0;
  const reopened: string[] = [];
  ids.forEach((id, i) => {
    project.repo.transaction(() => {
      const r = scanDocument(project, id);
      added += r.added;
      const state = store(project).deidState(id);
      if (r.added && state?.status === 'deidentified') {
        store(project).setDeidState(id, 'imported', null, null);
        reopened.push(project.repo.documentRef({ id })!.name);
      }
    });
    onProgress?.(i + 1, ids.length);
  });
  return { documents: ids.length, added, reopened };
}
