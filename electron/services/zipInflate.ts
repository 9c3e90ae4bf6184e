// Inflating archive entries with Node's native zlib: several times faster than
// fflate's JavaScript inflate on a study's transcripts (a .qdpx import reads
// tens of megabytes). The archive's directory and limits stay in shared/.
import zlib from 'node:zlib';
import type { RawInflate } from '../../shared/formats/zipLimits.js';

/** Never more than the entry declares: a longer stream is refused, before more than that is allocated. */
export const nativeInflate: RawInflate = (data, originalSize) => {
  let out: Buffer;
  try {
    // one output chunk of the declared size: zlib then has no chunks to join (a copy of every text)
    out = zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, originalSize), chunkSize: Math.max(64, originalSize) });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new Error(`an entry inflates to more than the ${originalSize} bytes it declares`);
    throw e;
  }
  if (out.byteLength > originalSize) throw new Error(`an entry inflates to more than the ${originalSize} bytes it declares`);
  return out;
};
