// Reading ZIP archives (.docx, .odt, .qdpx) that may be hostile. fflate
// allocates each entry's declared size and never writes past it, so checking
// the declared sizes before anything is inflated bounds the memory an archive
// can take: a zip bomb is refused from its central directory alone. Entry
// names are never used as file paths, so `../` names can't escape anywhere;
// they are still refused, since no genuine document or project holds one.
import { unzipSync, zipSync } from 'fflate';

export interface ZipLimits {
  /** entries in the archive, read or not */
  maxEntries: number;
  /** sum of the declared (uncompressed) sizes of the entries read */
  maxTotalBytes: number;
  /** uncompressed ÷ compressed size of one entry, checked above `ratioFloorBytes` */
  maxRatio: number;
  ratioFloorBytes: number;
}

const MiB = 1024 * 1024;

/** Word and OpenDocument files: a transcript's XML is a few MB even for a long interview. */
export const DOCUMENT_ZIP_LIMITS: ZipLimits = { maxEntries: 5000, maxTotalBytes: 64 * MiB, maxRatio: 200, ratioFloorBytes: MiB };
/** REFI-QDA projects hold every transcript of a study as text, plus the project XML. */
export const PROJECT_ZIP_LIMITS: ZipLimits = { maxEntries: 50000, maxTotalBytes: 512 * MiB, maxRatio: 200, ratioFloorBytes: MiB };

export class ZipLimitError extends Error {}

const formatMiB = (n: number) => `${Math.round(n / MiB)} MB`;

/** A name that would leave the folder it was unpacked in: absolute, a drive letter, or a `..` segment. */
export function isUnsafeEntryName(name: string): boolean {
  const n = name.replace(/\\/g, '/');
  return n.startsWith('/') || /^[a-zA-Z]:/.test(n) || n.split('/').includes('..') || n.includes('\0');
}

/**
 * Unzip the entries `want` accepts, after checking every entry's name and
 * declared sizes against `limits`. Throws ZipLimitError (limits, unsafe
 * names) or the zip library's own Error (damaged archive).
 */
export function unzipBounded(bytes: Uint8Array, want: (name: string) => boolean, limits: ZipLimits): Record<string, Uint8Array> {
  let entries = 0;
  let total = 0;
  return unzipSync(bytes, {
    filter(f) {
      if (++entries > limits.maxEntries) throw new ZipLimitError(`the archive has more than ${limits.maxEntries} entries`);
      if (isUnsafeEntryName(f.name)) throw new ZipLimitError(`the archive has an entry with an unsafe path ("${f.name.slice(0, 80)}")`);
      if (!want(f.name)) return false;
      if (f.compression !== 0 && f.compression !== 8) throw new ZipLimitError(`entry "${f.name.slice(0, 80)}" uses an unsupported compression method (${f.compression})`);
      total += f.originalSize;
      if (total > limits.maxTotalBytes) throw new ZipLimitError(`the archive expands to more than ${formatMiB(limits.maxTotalBytes)} (a zip bomb, or far larger than any transcript)`);
      if (f.originalSize > limits.ratioFloorBytes && f.originalSize / Math.max(f.size, 1) > limits.maxRatio) {
        throw new ZipLimitError(`entry "${f.name.slice(0, 80)}" expands ${Math.round(f.originalSize / Math.max(f.size, 1))} times (a zip bomb?)`);
      }
      return true;
    },
  });
}

/**
 * Check an archive for a reader that can't be bounded itself (mammoth unzips
 * with JSZip, which trusts no sizes): unzip what matters within the limits and
 * pack it again, stored, so the reader sees only checked bytes. Entries left
 * out by `want` stay in the archive, empty, so references to them still resolve.
 */
export function repackBounded(bytes: Uint8Array, want: (name: string) => boolean, limits: ZipLimits): Uint8Array {
  const names: string[] = [];
  const read = unzipBounded(
    bytes,
    (name) => {
      names.push(name);
      return want(name);
    },
    limits,
  );
  const out: Record<string, [Uint8Array, { level: 0 }]> = {};
  for (const name of names) {
    if (name.endsWith('/')) continue;
    out[name] = [read[name] ?? new Uint8Array(0), { level: 0 }];
  }
  return zipSync(out);
}
