// Bytes of a plain-text transcript → a string, with the encoding found:
// a BOM (UTF-8, UTF-16 LE/BE), valid UTF-8, UTF-16 without a BOM, or else a
// legacy 8-bit encoding guessed by the caller (Windows-1252 when nothing better
// is known). A guessed encoding is reported, never silently assumed.

// TextDecoder is a global of every runtime Weft runs in (Node, Chromium, Electron)
interface Decoder {
  decode(input: Uint8Array): string;
}
declare const TextDecoder: new (label: string, options?: { fatal?: boolean; ignoreBOM?: boolean }) => Decoder;

export interface DecodedText {
  text: string;
  /** WHATWG name of the encoding: "utf-8", "utf-16le", "windows-1252"… */
  encoding: string;
  /** true when no BOM or valid UTF-8 said so and the encoding was guessed */
  guessed: boolean;
  /** how the encoding was found, for the import report */
  evidence: 'bom' | 'utf-8' | 'ascii' | 'utf-16 pattern' | 'guess' | 'fallback';
}

/** A guess of a legacy encoding from the bytes: a WHATWG label, or null. */
export type LegacyGuesser = (bytes: Uint8Array) => { encoding: string } | null;

export class TextDecodeError extends Error {}

/** Decode bytes with a WHATWG label; throws TextDecodeError when the label is unknown or the bytes are invalid for it. */
export function decodeAs(bytes: Uint8Array, encoding: string, fatal = true): string {
  let decoder: Decoder;
  try {
    decoder = new TextDecoder(encoding, { fatal, ignoreBOM: false });
  } catch {
    throw new TextDecodeError(`unknown text encoding "${encoding}"`);
  }
  try {
    return decoder.decode(bytes);
  } catch {
    throw new TextDecodeError(`not valid ${encoding} text`);
  }
}

function isAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return false;
  return true;
}

/**
 * UTF-16 without a BOM: text in Latin, Cyrillic, Thai… has one byte of each
 * pair that takes very few values (0x00 for ASCII, 0x0E for Thai), and the
 * other that varies. Returns the byte order or null.
 */
export function utf16Pattern(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, 8192) & ~1;
  if (n < 8) return null;
  const even = new Map<number, number>();
  const odd = new Map<number, number>();
  for (let i = 0; i < n; i += 2) {
    even.set(bytes[i]!, (even.get(bytes[i]!) ?? 0) + 1);
    odd.set(bytes[i + 1]!, (odd.get(bytes[i + 1]!) ?? 0) + 1);
  }
  const pairs = n / 2;
  const top = (m: Map<number, number>) => Math.max(...m.values()) / pairs;
  // the high byte of each code unit: dominated by one or two values, and never all zero on the other side
  const evenTop = top(even);
  const oddTop = top(odd);
  const zeros = (m: Map<number, number>) => (m.get(0) ?? 0) / pairs;
  // the dominant high byte of the scripts of this research (Latin, Cyrillic, Arabic, Thai, Khmer, Ethiopic, Vietnamese) is below 0x20
  const dominant = (m: Map<number, number>) => [...m].reduce((a, b) => (b[1] > a[1] ? b : a))[0];
  if (oddTop >= 0.7 && evenTop < 0.5 && zeros(even) < 0.05 && odd.size <= 4 && dominant(odd) < 0x20) return 'utf-16le';
  if (evenTop >= 0.7 && oddTop < 0.5 && zeros(odd) < 0.05 && even.size <= 4 && dominant(even) < 0x20) return 'utf-16be';
  return null;
}

function hasControlBytes(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192);
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b < 0x20 && b !== 9 && b !== 10 && b !== 13) return true;
  }
  return false;
}

/** Control characters other than tab, line feed, form feed and carriage return: a sign of a binary file. */
export function looksBinary(text: string): boolean {
  if (text.includes('\u0000')) return true;
  let controls = 0;
  const n = Math.min(text.length, 65536);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 9 && c !== 10 && c !== 12 && c !== 13) || c === 0x7f) controls++;
  }
  return controls > Math.max(2, n * 0.01);
}

export function decodeText(bytes: Uint8Array, guessLegacy?: LegacyGuesser): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: decodeAs(bytes, 'utf-8'), encoding: 'utf-8', guessed: false, evidence: 'bom' };
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe && bytes[2] === 0 && bytes[3] === 0) || (bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0xfe && bytes[3] === 0xff)) {
    throw new TextDecodeError('UTF-32 text is not supported; save the file as UTF-8');
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: decodeAs(bytes, 'utf-16le'), encoding: 'utf-16le', guessed: false, evidence: 'bom' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: decodeAs(bytes, 'utf-16be'), encoding: 'utf-16be', guessed: false, evidence: 'bom' };
  // UTF-16 without a BOM always has NULs or other control bytes (the high byte of Latin, Thai, Cyrillic…)
  const utf16 = hasControlBytes(bytes) ? utf16Pattern(bytes) : null;
  if (utf16 && bytes.length % 2 === 0) {
    try {
      return { text: decodeAs(bytes, utf16), encoding: utf16, guessed: true, evidence: 'utf-16 pattern' };
    } catch {
      // not UTF-16 after all: fall through
    }
  }
  if (isAscii(bytes)) return { text: decodeAs(bytes, 'utf-8'), encoding: 'utf-8', guessed: false, evidence: 'ascii' };
  try {
    return { text: decodeAs(bytes, 'utf-8'), encoding: 'utf-8', guessed: false, evidence: 'utf-8' };
  } catch {
    // a legacy encoding
  }
  const guess = guessLegacy?.(bytes);
  if (guess) {
    try {
      return { text: decodeAs(bytes, guess.encoding), encoding: guess.encoding, guessed: true, evidence: 'guess' };
    } catch {
      // the guess does not fit the bytes: fall back
    }
  }
  return { text: decodeAs(bytes, 'windows-1252', false), encoding: 'windows-1252', guessed: true, evidence: 'fallback' };
}
