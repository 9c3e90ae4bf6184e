// The per-text work of an import that needs no database: decoding a source
// file, normalising it to the stored text, hashing it, and the import hooks'
// pure preparers (speaker turns, the de-identification scan). It runs the same
// in the importing thread and in the import worker threads (workers/import.ts).
//
// A prepared text carries its stored text as UTF-8 bytes: they move between
// threads without a copy (a string of a transcript costs about as much to
// send as to decode), SQLite stores them as they are, and the importing
// thread decodes a text only when it needs the characters.
import { createHash } from 'node:crypto';
import { codePointLength, normalizeText } from '../../shared/offsets.js';
import type { TextPreparer } from './importHooks.js';

export const sha256 = (data: Uint8Array | string): string => createHash('sha256').update(data).digest('hex');

/** Decode a source file: UTF-8 (a BOM is kept for the position check), or UTF-16 with a BOM. Null when it is neither. */
export function decodeText(bytes: Uint8Array): string | null {
  try {
    if (bytes[0] === 0xff && bytes[1] === 0xfe) return '\ufeff' + new TextDecoder('utf-16le', { fatal: true, ignoreBOM: false }).decode(bytes.subarray(2));
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return '\ufeff' + new TextDecoder('utf-16be', { fatal: true }).decode(bytes.subarray(2));
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

const utf8 = new TextDecoder('utf-8');

/** One preparer to run, with its input gathered from the project. */
export interface PreparerCall {
  name: string;
  input: unknown;
}

export interface TextFacts {
  ok: true;
  /** the stored text (see normalizeText), UTF-8 */
  storedBytes: Uint8Array;
  /** the file as it came, when it differs from storedBytes (another encoding, a BOM, CR line ends, not NFC); null for a text given inline */
  fileBytes: Uint8Array | null;
  storedLength: number;
  /** of the file's bytes (or of the stored text, for a text given inline) */
  contentHash: string;
  storedSha256: string;
  /** nothing but white space once normalised */
  empty: boolean;
  /** the decoded file is the stored text: no BOM, no CR, already NFC */
  normal: boolean;
  /** characters beyond the Basic Multilingual Plane (positions in UTF-16 units differ from code points) */
  astral: boolean;
  /** each preparer's result, by name (none for an empty text) */
  prepared: Record<string, unknown>;
  /** the decoded file and the stored text, when the thread that prepared it is the one using it */
  raw?: string;
  stored?: string;
}

export type PreparedText = { ok: false; reason: 'not-text' | 'nul' } | TextFacts;

/**
 * Prepare one source: `bytes` for a file, or `text` for a text the project
 * file holds inline. Preparers are looked up by name in `known`; a call whose
 * name isn't there is left out (its hook then does the work itself).
 */
export function prepareText(source: { bytes: Uint8Array } | { text: string }, calls: readonly PreparerCall[], known: ReadonlyMap<string, TextPreparer>): PreparedText {
  const facts = textFacts(source);
  if (facts.ok && !facts.empty) facts.prepared = runPreparers(facts.stored!, calls, known);
  return facts;
}

/** Everything about a source but its preparers' results. */
export function textFacts(source: { bytes: Uint8Array } | { text: string }): PreparedText {
  const file = 'bytes' in source ? source.bytes : null;
  const raw = file ? decodeText(file) : (source as { text: string }).text;
  if (raw === null) return { ok: false, reason: 'not-text' };
  if (raw.includes('\u0000')) return { ok: false, reason: 'nul' };
  const normal0 = normalizeText(raw);
  const normal = normal0 === raw;
  const stored = normal ? raw : normal0;
  // a normal file is UTF-8 without a BOM: its bytes are the stored text's
  const storedBytes = file && normal ? file : Buffer.from(stored, 'utf8');
  const storedSha256 = sha256(storedBytes);
  const storedLength = codePointLength(stored);
  return {
    ok: true,
    storedBytes,
    fileBytes: file && !normal ? file : null,
    storedLength,
    contentHash: file && !normal ? sha256(file) : storedSha256,
    storedSha256,
    empty: stored.trim() === '',
    normal,
    // normalising neither makes nor takes characters beyond the BMP, so the stored text's count tells
    astral: storedLength !== stored.length,
    prepared: {},
    raw,
    stored,
  };
}

/** Each preparer's result on a stored text, by name. */
export function runPreparers(stored: string, calls: readonly PreparerCall[], known: ReadonlyMap<string, TextPreparer>): Record<string, unknown> {
  const prepared: Record<string, unknown> = {};
  for (const call of calls) {
    const p = known.get(call.name);
    if (p) prepared[call.name] = p.prepare(stored, call.input);
  }
  return prepared;
}

/** The decoded file of prepared text (for positions counted in it). */
export function rawOf(t: TextFacts): string {
  if (t.raw === undefined) t.raw = t.normal || !t.fileBytes ? storedOf(t) : decodeText(t.fileBytes)!;
  return t.raw;
}

/** The stored text of a prepared text. */
export function storedOf(t: TextFacts): string {
  if (t.stored === undefined) t.stored = utf8.decode(t.storedBytes);
  return t.stored;
}
