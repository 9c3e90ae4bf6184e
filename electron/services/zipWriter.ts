// A ZIP archive writer on Node's native zlib (several times faster than a
// JavaScript deflate on a large project's transcripts). Names are UTF-8;
// entries are deflated, except where deflating doesn't make them smaller.
import zlib from 'node:zlib';

export interface ZipEntry {
  name: string;
  data: Uint8Array;
}

/** DOS date and time fields for a Date (local time, 2-second resolution). */
function dosDateTime(d: Date): { date: number; time: number } {
  const year = Math.max(1980, d.getFullYear());
  return {
    date: ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2),
  };
}

export function zipEntries(entries: readonly ZipEntry[], level = 1, when = new Date()): Uint8Array {
  if (entries.length > 0xfffe) throw new Error(`a .zip of ${entries.length} files needs ZIP64, which this writer does not write`);
  const { date, time } = dosDateTime(when);
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const deflated = zlib.deflateRawSync(e.data, { level });
    const stored = deflated.byteLength >= e.data.byteLength;
    const body = stored ? e.data : deflated;
    const crc = zlib.crc32(e.data);
    if (offset + body.byteLength > 0xffffffff) throw new Error('the archive would exceed 4 GiB, which needs ZIP64');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // names are UTF-8
    local.writeUInt16LE(stored ? 0 : 8, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.byteLength, 18);
    local.writeUInt32LE(e.data.byteLength, 22);
    local.writeUInt16LE(name.byteLength, 26);
    local.writeUInt16LE(0, 28);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(0x0800, 8);
    dir.writeUInt16LE(stored ? 0 : 8, 10);
    dir.writeUInt16LE(time, 12);
    dir.writeUInt16LE(date, 14);
    dir.writeUInt32LE(crc, 16);
    dir.writeUInt32LE(body.byteLength, 20);
    dir.writeUInt32LE(e.data.byteLength, 24);
    dir.writeUInt16LE(name.byteLength, 28);
    dir.writeUInt32LE(offset, 42);
    parts.push(local, name, body);
    central.push(dir, name);
    offset += 30 + name.byteLength + body.byteLength;
  }
  const dirSize = central.reduce((n, b) => n + b.byteLength, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dirSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, ...central, end]);
}
