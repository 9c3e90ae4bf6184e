// Matching typed text to codes in the quick-code palette, and in-vivo code names.
import type { Code } from '../../../shared/types';

/**
 * How well a code matches what was typed: a name prefix beats a substring of
 * the name, which beats a substring of the path, which beats the typed
 * letters appearing in order ("sextor" → "Sexual extortion"). 0 = no match.
 */
export function matchScore(code: Pick<Code, 'name' | 'path'>, query: string): number {
  const name = code.name.toLowerCase();
  const path = code.path.toLowerCase();
  if (name.startsWith(query)) return 5;
  if (name.includes(query)) return 4;
  const words = query.split(/\s+/).filter(Boolean);
  if (words.length > 1 && words.every((w) => name.includes(w))) return 3.5;
  if (path.includes(query)) return 3;
  if (words.every((w) => path.includes(w))) return 2.5;
  const compact = query.replace(/\s+/g, '');
  let i = 0;
  for (const ch of name) if (ch === compact[i]) i++;
  if (i === compact.length) return 2;
  i = 0;
  for (const ch of path) if (ch === compact[i]) i++;
  return i === compact.length ? 1 : 0;
}

/** A code name made from selected words: one line, no path separator, at most 80 characters. */
export function inVivoName(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').replace(/>/g, '›').trim();
  return oneLine.length > 80 ? oneLine.slice(0, 79) + '…' : oneLine;
}
