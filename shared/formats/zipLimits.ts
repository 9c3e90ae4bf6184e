// Reading ZIP archives (.docx, .odt, .qdpx) that may be hostile. fflate
// allocates each entry's declared size and never writes past it, so checking
// the declared sizes before anything is inflated bounds the memory an archive
// can take: a zip bomb is refused from its central directory alone. Entry
// names are never used as file paths, so `../` names can't escape anywhere;
// they are still refused, since no genuine document or project holds one.
import { inflateSync, strFromU8, zipSync } from 'fflate';

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

/** One entry of an archive's central directory. */
export interface ZipDirectoryEntry {
  name: string;
  /** 0 stored, 8 deflated */
  compression: number;
  /** compressed and uncompressed sizes, as declared */
  size: number;
  originalSize: number;
  /** where the entry's data starts in the archive */
  dataStart: number;
}

const u16 = (d: Uint8Array, b: number) => d[b]! | (d[b + 1]! << 8);
const u32 = (d: Uint8Array, b: number) => (d[b]! | (d[b + 1]! << 8) | (d[b + 2]! << 16) | (d[b + 3]! << 24)) >>> 0;
const u64 = (d: Uint8Array, b: number) => u32(d, b) + u32(d, b + 4) * 4294967296;

/**
 * The central directory, entry by entry, read as fflate's unzipSync reads it
 * (ZIP64 included), without inflating anything. Lazily: a caller's limits stop
 * an archive that claims billions of entries after the first few.
 */
export function* zipDirectory(d: Uint8Array): Generator<ZipDirectoryEntry> {
  let e = d.length - 22;
  for (; u32(d, e) !== 0x6054b50; --e) if (!e || d.length - e > 65558) throw new Error('invalid zip data');
  let count = u16(d, e + 8);
  if (!count) return;
  let o = u32(d, e + 16);
  let zip64 = u32(d, e - 20) === 0x7064b50;
  if (zip64) {
    const ze = u32(d, e - 12);
    zip64 = u32(d, ze) === 0x6064b50;
    if (zip64) {
      count = u32(d, ze + 32);
      o = u32(d, ze + 48);
    }
  }
  for (let i = 0; i < count; i++) {
    const nameLength = u16(d, o + 28);
    const extraLength = u16(d, o + 30);
    const name = strFromU8(d.subarray(o + 46, o + 46 + nameLength), !(u16(d, o + 8) & 2048));
    const extra = o + 46 + nameLength;
    let size = u32(d, o + 20);
    let originalSize = u32(d, o + 24);
    let offset = u32(d, o + 42);
    const needs = Number(size === 0xffffffff) + Number(originalSize === 0xffffffff) + Number(offset === 0xffffffff);
    if (zip64 && needs) {
      let found = false;
      for (let b = extra; b + 4 < extra + extraLength; b += 4 + u16(d, b + 2)) {
        if (u16(d, b) !== 1) continue;
        const bigOriginal = originalSize === 0xffffffff;
        const bigSize = size === 0xffffffff;
        const bigOffset = offset === 0xffffffff;
        if (bigSize) size = u64(d, b + 4 + 8 * Number(bigOriginal));
        if (bigOriginal) originalSize = u64(d, b + 4);
        if (bigOffset) offset = u64(d, b + 4 + 8 * (Number(bigOriginal) + Number(bigSize)));
        found = true;
        break;
      }
      if (!found) throw new Error('invalid zip data');
    }
    yield { name, compression: u16(d, o + 10), size, originalSize, dataStart: offset + 30 + u16(d, offset + 26) + u16(d, offset + 28) };
    o = extra + extraLength + u16(d, o + 32);
  }
}

/** Inflate one entry's raw deflate data into at most `originalSize` bytes (fflate by default; the Node side passes zlib's). */
export type RawInflate = (data: Uint8Array, originalSize: number) => Uint8Array;

const fflateInflate: RawInflate = (data, originalSize) => inflateSync(data, { out: new Uint8Array(originalSize) });

/**
 * The entries `want` accepts, after checking every entry's name and declared
 * sizes against `limits`; nothing is inflated. Throws ZipLimitError (limits,
 * unsafe names) or Error (a damaged directory).
 */
export function checkedEntries(bytes: Uint8Array, want: (name: string) => boolean, limits: ZipLimits): ZipDirectoryEntry[] {
  let entries = 0;
  let total = 0;
  const wanted: ZipDirectoryEntry[] = [];
  for (const f of zipDirectory(bytes)) {
    if (++entries > limits.maxEntries) throw new ZipLimitError(`the archive has more than ${limits.maxEntries} entries`);
    if (isUnsafeEntryName(f.name)) throw new ZipLimitError(`the archive has an entry with an unsafe path ("${f.name.slice(0, 80)}")`);
    if (!want(f.name)) continue;
    if (f.compression !== 0 && f.compression !== 8) throw new ZipLimitError(`entry "${f.name.slice(0, 80)}" uses an unsupported compression method (${f.compression})`);
    total += f.originalSize;
    if (total > limits.maxTotalBytes) throw new ZipLimitError(`the archive expands to more than ${formatMiB(limits.maxTotalBytes)} (a zip bomb, or far larger than any transcript)`);
    if (f.originalSize > limits.ratioFloorBytes && f.originalSize / Math.max(f.size, 1) > limits.maxRatio) {
      throw new ZipLimitError(`entry "${f.name.slice(0, 80)}" expands ${Math.round(f.originalSize / Math.max(f.size, 1))} times (a zip bomb?)`);
    }
    wanted.push(f);
  }
  return wanted;
}

/** The bytes of one checked entry, inflated into at most its declared size. */
export function entryBytes(bytes: Uint8Array, f: ZipDirectoryEntry, inflate: RawInflate = fflateInflate): Uint8Array {
  const data = bytes.subarray(f.dataStart, f.dataStart + f.size);
  return f.compression === 0 ? data.slice() : inflate(data, f.originalSize);
}

/**
 * Unzip the entries `want` accepts, after checking every entry's name and
 * declared sizes against `limits`. Throws ZipLimitError (limits, unsafe
 * names) or the zip library's own Error (damaged archive).
 */
export function unzipBounded(bytes: Uint8Array, want: (name: string) => boolean, limits: ZipLimits, inflate: RawInflate = fflateInflate): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  for (const f of checkedEntries(bytes, want, limits)) files[f.name] = entryBytes(bytes, f, inflate);
  return files;
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
