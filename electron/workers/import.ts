// The import worker (bundled as dist/workers/import.mjs). Prep lanes take
// source texts from a shared queue and prepare them (inflating, decoding,
// normalising, hashing, the import hooks' preparers: speaker turns and the
// de-identification scan); the full-text lane builds a fresh project's
// full-text index. All of it off the thread that writes the project: see
// services/qdpxTexts.ts.
import { serveLane } from './syncPool.js';
import { decodeText, runPreparers, sha256, textFacts, type PreparedText, type PreparerCall } from '../services/textPrep.js';
import { nativeInflate } from '../services/zipInflate.js';
import { turnsPreparer } from '../services/turns.js';
import { scanPreparer } from '../services/deid.js';
import { buildFullTextRows, type FullTextSpec } from '../store/fullTextBuild.js';
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
  /** prepare entries until the queue is empty: `next` is the shared index of the next entry to take */
  | { kind: 'prepare'; archive: SharedArrayBuffer; entries: EntryRef[]; next: Int32Array; calls: PreparerCall[] }
  | { kind: 'full-text'; archive: SharedArrayBuffer; spec: Omit<FullTextSpec, 'rows'>; rows: Array<[number, EntryRef | { text: string }]> };

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

serveLane((message, reply) => {
  const m = message as ImportWorkerMessage;
  if (m.kind === 'full-text') {
    // each text's hash goes back with the index, so the importer can check it indexed exactly the stored texts
    const hashes: string[] = [];
    const rows: Array<[number, string | Uint8Array]> = m.rows.map(([id, source]) => {
      const text = 'text' in source ? source.text : storedBytes(inflate(m.archive, source));
      hashes.push(sha256(text));
      return [id, text];
    });
    reply({ ...buildFullTextRows({ ...m.spec, rows }), hashes });
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
      answer.push({ key: entry.key, error: (e as Error).message });
      continue;
    }
    const result = textFacts({ bytes: own(bytes) });
    if (!result.ok) {
      answer.push({ key: entry.key, result });
      continue;
    }
    // the strings stay here: the bytes travel without a copy
    const { raw: _raw, stored, ...facts } = result;
    const storedBytes = own(facts.storedBytes);
    const file = facts.fileBytes && own(facts.fileBytes);
    transfer.add(storedBytes.buffer as ArrayBuffer);
    if (file) transfer.add(file.buffer as ArrayBuffer);
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
