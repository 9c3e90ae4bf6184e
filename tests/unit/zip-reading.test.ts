// Reading archives: Weft reads the central directory itself (so the .qdpx
// import can inflate with Node's zlib) and must read exactly what fflate's
// unzipSync reads, damaged archives included.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { unzipBounded, ZipLimitError, type ZipLimits } from '../../shared/formats/zipLimits.js';
import { nativeInflate } from '../../electron/services/zipInflate.js';

const NO_LIMITS: ZipLimits = { maxEntries: Infinity, maxTotalBytes: Infinity, maxRatio: Infinity, ratioFloorBytes: Infinity };

const archives = fc
  .array(
    fc.tuple(
      fc.constantFrom('project.qde', 'sources/a.txt', 'Sources/B.TXT', 'sources/ä é.txt', 'sources/😀.txt', 'dir/', 'notes/n.txt'),
      fc.oneof(fc.string({ maxLength: 300 }), fc.constant('Interviewer: hello\n'.repeat(200))),
      fc.constantFrom(0, 1, 9),
    ),
    { maxLength: 5 },
  )
  .map((files) => zipSync(Object.fromEntries(files.map(([name, text, level]) => [name, [strToU8(text), { level }]])) as never));

/** What fflate reads, or the fact that it refuses. */
function fflateReads(bytes: Uint8Array): Record<string, Uint8Array> | 'error' {
  try {
    return unzipSync(bytes);
  } catch {
    return 'error';
  }
}

function weftReads(bytes: Uint8Array, inflate?: typeof nativeInflate): Record<string, Uint8Array> | 'error' | 'refused' {
  try {
    return unzipBounded(bytes, () => true, NO_LIMITS, inflate);
  } catch (e) {
    // Weft's own checks (unsafe names, compression methods) refuse what fflate may still read
    return e instanceof ZipLimitError ? 'refused' : 'error';
  }
}

const damaged = (valid: Uint8Array) =>
  fc.oneof(
    fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 10 }).map((flips) => {
      const b = new Uint8Array(valid);
      for (const [i, v] of flips) b[i] = v;
      return b;
    }),
    fc.nat(valid.length - 1).map((n) => valid.subarray(0, n)),
  );

describe('reading archives', () => {
  it('reads what fflate reads, with fflate and with Node zlib inflating (property)', () => {
    fc.assert(
      fc.property(archives, (zip) => {
        const expected = unzipSync(zip);
        expect(weftReads(zip)).toEqual(expected);
        const native = weftReads(zip, nativeInflate);
        expect(native).not.toBe('error');
        expect(Object.keys(native)).toEqual(Object.keys(expected));
        for (const [name, data] of Object.entries(native)) expect(new Uint8Array(data)).toEqual(expected[name]);
      }),
      { numRuns: 300 },
    );
  });

  it('reads a damaged archive as fflate does: the same entries, or an error (property)', () => {
    const valid = zipSync({ 'project.qde': strToU8('<Project name="x"/>'.repeat(20)), 'sources/a.txt': [strToU8('Interviewer: hi\n'.repeat(50)), { level: 0 }] });
    fc.assert(
      fc.property(damaged(valid), (bytes) => {
        const ours = weftReads(bytes);
        if (ours !== 'refused') expect(ours).toEqual(fflateReads(bytes));
        // zlib never returns more than an entry declares
        const native = weftReads(bytes, nativeInflate);
        if (typeof native === 'object') {
          const declared = unzipBounded(bytes, () => true, NO_LIMITS, (_data, size) => new Uint8Array(size));
          for (const [name, data] of Object.entries(native)) expect(data.byteLength).toBeLessThanOrEqual(declared[name]!.byteLength);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('reads ZIP64 sizes and offsets as fflate does', () => {
    // one stored entry whose sizes and offset are in a ZIP64 extra field, with a ZIP64 end record
    const name = strToU8('sources/a.txt');
    const data = strToU8('Interviewer: hello');
    const local = new Uint8Array(30 + name.length + data.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    local.set(data, 30 + name.length);
    const central = new Uint8Array(46 + name.length + 28);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(8, 2048, true);
    cv.setUint32(20, 0xffffffff, true);
    cv.setUint32(24, 0xffffffff, true);
    cv.setUint16(28, name.length, true);
    cv.setUint16(30, 28, true);
    cv.setUint32(42, 0xffffffff, true);
    central.set(name, 46);
    const x = 46 + name.length;
    cv.setUint16(x, 1, true);
    cv.setUint16(x + 2, 24, true);
    cv.setBigUint64(x + 4, BigInt(data.length), true); // uncompressed
    cv.setBigUint64(x + 12, BigInt(data.length), true); // compressed
    cv.setBigUint64(x + 20, 0n, true); // local header offset
    const dirAt = local.length;
    const end64At = dirAt + central.length;
    const end64 = new Uint8Array(56);
    const ev = new DataView(end64.buffer);
    ev.setUint32(0, 0x06064b50, true);
    ev.setBigUint64(32, 1n, true);
    ev.setBigUint64(40, 1n, true);
    ev.setBigUint64(48, BigInt(dirAt), true);
    const locator = new Uint8Array(20);
    const lo = new DataView(locator.buffer);
    lo.setUint32(0, 0x07064b50, true);
    lo.setUint32(8, end64At, true);
    const end = new Uint8Array(22);
    const dv = new DataView(end.buffer);
    dv.setUint32(0, 0x06054b50, true);
    dv.setUint16(8, 0xffff, true);
    dv.setUint16(10, 0xffff, true);
    dv.setUint32(16, 0xffffffff, true);
    const zip = new Uint8Array([...local, ...central, ...end64, ...locator, ...end]);
    const expected = unzipSync(zip);
    expect(new TextDecoder().decode(expected['sources/a.txt'])).toBe('Interviewer: hello');
    expect(unzipBounded(zip, () => true, NO_LIMITS)).toEqual(expected);
  });

  it('stops at the entry limit, reading no further into an archive that claims more entries than it has', () => {
    const zip = zipSync({ 'a.txt': strToU8('a'), 'b.txt': strToU8('b') });
    const claims = new Uint8Array(zip);
    // the end record's entry count: 0xffff, far more than there are
    new DataView(claims.buffer).setUint16(claims.length - 22 + 8, 0xffff, true);
    expect(() => unzipBounded(claims, () => true, { ...NO_LIMITS, maxEntries: 2 })).toThrow(/more than 2 entries/);
  });
});
