// A PDF's streams are compressed, and pdf.js inflates a page's content stream
// in full to read its text: a few hundred kilobytes can expand to gigabytes.
// Before pdf.js sees a file, every Flate stream that is not an image is
// inflated here once, counting bytes without keeping them, and the file is
// refused when the total passes the limit. Images are skipped: reading text
// never decodes them.
import { Unzlib } from 'fflate';

export class PdfLimitError extends Error {}

const MiB = 1024 * 1024;
/** decoded bytes of non-image streams: text of thousands of pages is a few MB */
export const MAX_PDF_DECODED_BYTES = 128 * MiB;

const enc = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const STREAM = enc('stream');
const ENDSTREAM = enc('endstream');
const OBJ = enc('obj');

function indexOf(hay: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0]!;
  outer: for (let i = hay.indexOf(first, from); i >= 0 && i <= hay.length - needle.length; i = hay.indexOf(first, i + 1)) {
    for (let j = 1; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

function lastIndexOf(hay: Uint8Array, needle: Uint8Array, before: number, limit: number): number {
  for (let i = Math.min(before, hay.length - needle.length); i >= Math.max(0, limit); i--) {
    let ok = true;
    for (let j = 0; j < needle.length && ok; j++) ok = hay[i + j] === needle[j];
    if (ok) return i;
  }
  return -1;
}

const latin1 = (b: Uint8Array) => String.fromCharCode(...b);

/** Throws PdfLimitError when the non-image Flate streams of `bytes` inflate to more than `limit` bytes. */
export function assertPdfStreamsBounded(bytes: Uint8Array, limit = MAX_PDF_DECODED_BYTES): void {
  let total = 0;
  let at = 0;
  while ((at = indexOf(bytes, STREAM, at)) >= 0) {
    // "endstream" contains "stream": skip it
    if (at >= 3 && bytes[at - 3] === 0x65 && bytes[at - 2] === 0x6e && bytes[at - 1] === 0x64) {
      at += STREAM.length;
      continue;
    }
    let start = at + STREAM.length;
    if (bytes[start] === 0x0d) start++;
    if (bytes[start] === 0x0a) start++;
    const end = indexOf(bytes, ENDSTREAM, start);
    const stop = end < 0 ? bytes.length : end;
    const objAt = lastIndexOf(bytes, OBJ, at - 1, at - 4096);
    const dict = latin1(bytes.subarray(objAt < 0 ? Math.max(0, at - 4096) : objAt, at));
    at = stop;
    if (!/\/FlateDecode|\/Fl\b/.test(dict) || /\/Subtype\s*\/Image/.test(dict)) continue;
    const inflater = new Unzlib((chunk) => {
      total += chunk.length;
      if (total > limit) throw new PdfLimitError(`its compressed text streams expand to more than ${Math.round(limit / MiB)} MB (a decompression bomb?)`);
    });
    try {
      for (let i = start; i < stop; i += 16384) inflater.push(bytes.subarray(i, Math.min(stop, i + 16384)), i + 16384 >= stop);
    } catch (e) {
      if (e instanceof PdfLimitError) throw e;
      // a damaged or differently encoded stream: pdf.js reports what it can't read
    }
  }
}
