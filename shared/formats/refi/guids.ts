// GUIDs as REFI-QDA files write them: with or without braces, in any case.
const GUID = /^(\{)?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(\})?$/;

/** A GUID without braces, in lower case; null when it is not a GUID. */
export function cleanGuid(g: string | undefined): string | null {
  const t = (g ?? '').trim();
  const m = GUID.exec(t);
  if (!m || Boolean(m[1]) !== Boolean(m[2])) return null;
  return t.replace(/[{}]/g, '').toLowerCase();
}

/** How references are compared: GUIDs in any case, with or without braces (a reference need not be a valid GUID). */
export function guidRef(g: string): string {
  return g.trim().toLowerCase().replace(/[{}]/g, '');
}
