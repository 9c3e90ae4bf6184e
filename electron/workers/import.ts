// The import worker (bundled as dist/workers/import.mjs). Prep lanes take
// source texts from a shared queue and prepare them (inflating, decoding,
// normalising, hashing, the import hooks' preparers: speaker turns and the
// de-identification scan); the full-text lane builds a fresh project's
// full-text index. All of it off the thread that writes the project: see
// services/qdpxTexts.ts.
import { serveLane, type Reply } from './syncPool.js';
import type { MessagePort } from 'node:worker_threads';
import { decodeText, runPreparers, sha256, textFacts, type PreparedText, type PreparerCall } from '../services/textPrep.js';
import { nativeInflate } from '../services/zipInflate.js';
import { turnsPreparer } from '../services/turns.js';
import { scanPreparer } from '../services/deid.js';
import { FullTextBuilder, type FullTextSpec } from '../store/fullTextBuild.js';
import { normalizeText } from '../../shared/offsets.js';
import type { TextPreparer } from '../services/importHooks.js';

/** Where one source file is in the archive. */
export interface EntryRef {
  key: string;
  dataStart: number;
  size: number;
  /** 0 stored, 8 deflated */
  compression: number;
  originalSize: number;
}

export type ImportWorkerMessage =
  /**
   * prepare entries until the queue is empty: `next` is the shared index of the next entry to take; each
   * stored text (or null, for an entry that has none) is also sent on `forward`, to the full-text lane
   */
  | { kind: 'prepare'; archive: SharedArrayBuffer; entries: EntryRef[]; next: Int32Array; calls: PreparerCall[]; forward: MessagePort | null }
  /** build the full-text index of `rows`; the texts of entries come from the prep lanes on `from`, or are read here without it */
  | { kind: 'full-text'; archive: SharedArrayBuffer; spec: FullTextSpec; rows: Array<[number, EntryRef | { text: string }]>; from: MessagePort[] | null };

/** A stored text a prep lane hands to the full-text lane. */
interface Forwarded {
  key: string;
  bytes: Uint8Array | null;
}

/** A prep lane's first answer: each text it took, and whether its preparers' results follow (one PreparedAnswer each). */
export type PrepareAnswer = Array<{ key: string; result: PreparedText; preparing?: boolean } | { key: string; error: string }>;
export interface PreparedAnswer {
  key: string;
  prepared: Record<string, unknown>;
}

const preparers = new Map<string, TextPreparer>([turnsPreparer, scanPreparer].map((p) => [p.name, p as TextPreparer]));

/** A buffer that can be moved to another thread alone: not a view into a larger (perhaps pooled) one. */
function own(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes);
}

function inflate(archive: SharedArrayBuffer, e: EntryRef): Uint8Array {
  const data = new Uint8Array(archive, e.dataStart, e.size);
  return e.compression === 0 ? new Uint8Array(data) : nativeInflate(data, e.originalSize);
}

/** The stored text of a source file as UTF-8, as prepareText would store it (the file itself when it has no BOM and no CR). */
function storedBytes(file: Uint8Array): Uint8Array {
  const bom = (file[0] === 0xef && file[1] === 0xbb && file[2] === 0xbf) || (file[0] === 0xff && file[1] === 0xfe) || (file[0] === 0xfe && file[1] === 0xff);
  if (!bom && file.indexOf(0x0d) < 0) return file;
  const raw = decodeText(file);
  return Buffer.from(raw === null ? '' : normalizeText(raw), 'utf8');
}

/**
 * Build the full-text index of the rows, in id order. Texts handed on by the
 * prep lanes are the stored texts as the importer stores them; a text read
 * here is normalised here, and its hash goes back for the importer to check.
 * Answers null when a text isn't there (the importer then indexes in place).
 */
function buildIndex(m: Extract<ImportWorkerMessage, { kind: 'full-text' }>, reply: Reply): void {
  const builder = new FullTextBuilder(m.spec);
  const hashes: Array<string | null> = [];
  const arrived = new Map<string, Uint8Array | null>();
  let next = 0;
  let done = false;
  const end = (value: unknown) => {
    done = true;
    for (const p of m.from ?? []) p.close();
    reply(value);
  };
  const drain = () => {
    try {
      for (; next < m.rows.length; next++) {
        const [id, source] = m.rows[next]!;
        if ('text' in source) {
          builder.add(id, source.text);
          hashes.push(sha256(source.text));
        } else if (!m.from) {
          const text = storedBytes(inflate(m.archive, source));
          builder.add(id, text);
          hashes.push(sha256(text));
        } else {
          if (!arrived.has(source.key)) return;
          const bytes = arrived.get(source.key)!;
          arrived.delete(source.key);
          if (!bytes) {
            builder.close();
            end(null);
            return;
          }
          builder.add(id, bytes);
          hashes.push(null);
        }
      }
      end({ ...builder.finish(), hashes });
    } catch (e) {
      builder.close();
      done = true;
      throw e;
    }
  };
  for (const port of m.from ?? []) {
    port.on('message', (f: Forwarded) => {
      if (done) return;
      arrived.set(f.key, f.bytes);
      try {
        drain();
      } catch {
        // no index from here: the importer indexes in place
        end(null);
      }
    });
  }
  drain();
}

serveLane((message, reply) => {
  const m = message as ImportWorkerMessage;
  if (m.kind === 'full-text') {
    buildIndex(m, reply);
    return;
  }
  // first what the importer needs before it writes anything (decoded, normalised, hashed), for every text this
  // lane takes from the queue; then the preparers' results, one answer per text, for the importer to wait on
  const transfer = new Set<ArrayBuffer>();
  const answer: PrepareAnswer = [];
  const mine: Array<{ key: string; stored: string }> = [];
  for (let i = Atomics.add(m.next, 0, 1); i < m.entries.length; i = Atomics.add(m.next, 0, 1)) {
    const entry = m.entries[i]!;
    let bytes: Uint8Array;
    try {
      bytes = inflate(m.archive, entry);
    } catch (e) {
      m.forward?.postMessage({ key: entry.key, bytes: null } satisfies Forwarded);
      answer.push({ key: entry.key, error: (e as Error).message });
      continue;
    }
    const result = textFacts({ bytes: own(bytes) });
    if (!result.ok) {
      m.forward?.postMessage({ key: entry.key, bytes: null } satisfies Forwarded);
      answer.push({ key: entry.key, result });
      continue;
    }
    // the strings stay here: the bytes travel without a copy
    const { raw: _raw, stored, ...facts } = result;
    const storedBytes = own(facts.storedBytes);
    const file = facts.fileBytes && own(facts.fileBytes);
    transfer.add(storedBytes.buffer as ArrayBuffer);
    if (file) transfer.add(file.buffer as ArrayBuffer);
    if (m.forward) {
      const copy = facts.empty ? null : new Uint8Array(storedBytes);
      m.forward.postMessage({ key: entry.key, bytes: copy } satisfies Forwarded, copy ? [copy.buffer as ArrayBuffer] : []);
    }
    const later = !facts.empty && m.calls.length > 0;
    if (later) mine.push({ key: entry.key, stored: stored! });
    answer.push({ key: entry.key, result: { ...facts, storedBytes, fileBytes: file }, preparing: later });
  }
  reply(answer, [...transfer]);
  for (const { key, stored } of mine) {
    const prepared = runPreparers(stored, m.calls, preparers);
    const moved = new Set<ArrayBuffer>();
    for (const [name, value] of Object.entries(prepared)) {
      const pack = preparers.get(name)?.pack;
      if (!pack) continue;
      const packed = pack(value);
      prepared[name] = packed;
      // typed arrays of a packed result move with it
      if (packed && typeof packed === 'object') for (const v of Object.values(packed)) if (ArrayBuffer.isView(v)) moved.add(own(v as Uint8Array).buffer as ArrayBuffer);
    }
    reply({ key, prepared } satisfies PreparedAnswer, [...moved]);
  }
});
