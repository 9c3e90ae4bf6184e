// The archive of a .qdpx import and the texts in it. Entries are inflated when
// they are read, not when the archive is opened. The source texts (every text
// entry but the project XML) are handed to import worker threads as soon as
// the archive is open, so that inflating, decoding, normalising and the
// hooks' preparers (speaker turns, the de-identification scan) run while the
// importing thread parses project.qde; the full-text index of a fresh project
// is then built in a worker while the importing thread writes the rest.
// Without workers (no worker bundle, a small archive, or a worker that failed)
// the same functions run in the importing thread, with the same results.
import fs from 'node:fs';
import path from 'node:path';
import { decodeEntities } from '../../shared/formats/entities.js';
import os from 'node:os';
import { checkedEntries, entryBytes, PROJECT_ZIP_LIMITS, ZipLimitError, type ZipDirectoryEntry } from '../../shared/formats/zipLimits.js';
import { nativeInflate } from './zipInflate.js';
import { WeftError } from '../errors.js';
import { textPreparers, type TextPreparer } from './importHooks.js';
import type { Project } from './project.js';
import { MessageChannel } from 'node:worker_threads';
import { prepareText, type PreparedText, type PreparerCall, type TextFacts } from './textPrep.js';
import { SyncWorkerPool, WorkerFailure, workerScript } from '../workers/syncPool.js';
import type { EntryRef, ImportWorkerMessage, PrepareAnswer, PreparedAnswer } from '../workers/import.js';
import type { FullTextRows, FullTextSpec } from '../store/fullTextBuild.js';

/** sources Weft doesn't import as text (pictures, audio, video, PDF): never unpacked */
const MEDIA = /\.(pdf|jpe?g|png|gif|bmp|tiff?|webp|mp3|m4a|wav|ogg|flac|aac|mp4|m4v|mov|avi|wmv|mkv|docx?|xlsx?|pptx?|odt|zip)$/i;

export class QdpxArchive {
  /** lower-cased path with forward slashes → stored path */
  readonly index = new Map<string, string>();
  private readonly entries = new Map<string, ZipDirectoryEntry>();
  private readonly cache = new Map<string, Uint8Array>();

  private constructor(
    readonly file: string,
    readonly bytes: Uint8Array,
  ) {}

  /** Read the file and check its directory against the limits (nothing is inflated yet). */
  static open(file: string): QdpxArchive {
    let bytes: Uint8Array;
    try {
      bytes = fs.readFileSync(file);
    } catch (e) {
      throw new WeftError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    const archive = new QdpxArchive(file, bytes);
    let entries: ZipDirectoryEntry[];
    try {
      entries = checkedEntries(bytes, (name) => !MEDIA.test(name), PROJECT_ZIP_LIMITS);
    } catch (e) {
      if (e instanceof ZipLimitError) throw new WeftError(`${file}: refused: ${e.message}`);
      throw archive.damaged(e);
    }
    for (const f of entries) {
      archive.entries.set(f.name, f);
      archive.index.set(f.name.replace(/\\/g, '/').toLowerCase(), f.name);
    }
    return archive;
  }

  damaged(e: unknown, entry?: string): WeftError {
    return new WeftError(`${this.file}: not a .qdpx archive (${entry ? `${entry}: ` : ''}${(e as Error).message})`);
  }

  /** An entry's bytes (by its stored name), inflated on first read. */
  read(name: string): Uint8Array {
    let data = this.cache.get(name);
    if (!data) {
      const f = this.entries.get(name);
      if (!f) throw new Error(`no entry "${name}"`);
      try {
        data = entryBytes(this.bytes, f, nativeInflate);
      } catch (e) {
        throw this.damaged(e, name);
      }
      this.cache.set(name, data);
    }
    return data;
  }

  entry(name: string): ZipDirectoryEntry | undefined {
    return this.entries.get(name);
  }

  names(): string[] {
    return [...this.entries.keys()];
  }

  /** The project file: project.qde, or (as ATLAS.ti names it after the project) another .qde, preferably at the top level. */
  projectFile(): string {
    const qdes = [...this.index.entries()].filter(([lower]) => lower.endsWith('.qde'));
    if (qdes.length === 0) throw new WeftError(`${this.file}: the archive has no .qde project file`);
    const named = qdes.find(([lower]) => lower === 'project.qde');
    if (named) return named[1];
    const top = qdes.filter(([lower]) => !lower.includes('/'));
    return (top[0] ?? qdes[0]!)[1];
  }

  /** Where a source's text is: internal:// paths, bare names, any case of "sources/". */
  resolve(p: string): string | null {
    let rel = p.trim();
    const scheme = /^([a-z]+):\/\//i.exec(rel);
    if (scheme) rel = rel.slice(scheme[0].length);
    rel = rel.replace(/\\/g, '/').replace(/^\/+/, '');
    const tries = [`sources/${rel}`, rel, `sources/${path.posix.basename(rel)}`];
    for (const t of tries) {
      const hit = this.index.get(t.toLowerCase());
      if (hit) return hit;
    }
    return null;
  }
}

/**
 * The plainTextPath of each TextSource of project.qde, in order, read with a
 * pattern before the XML is parsed. Null when a source has none (its text is
 * inline). A file the pattern misreads only loses the early start: the
 * parsed sources are compared with these before anything is used.
 */
export function sourcePathsAhead(xml: string): string[] | null {
  const paths: string[] = [];
  for (const m of xml.matchAll(/<(?:[\w.-]+:)?TextSource\b([^>]*)>/g)) {
    const p = /\bplainTextPath\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(m[1]!);
    if (!p) return null;
    paths.push(decodeEntities(p[1] ?? p[2] ?? ''));
  }
  return paths;
}

export interface TextOptions {
  /** 'auto' (default): worker threads when the texts are large enough to gain from them */
  threads?: 'auto' | 'always' | 'never';
}

/** Below this many bytes of text, starting workers (about 0.2 s each) costs more than it saves. */
const WORKER_MIN_BYTES = 4 * 1024 * 1024;
/** the lane that builds the full-text index; the others prepare texts */
const FULL_TEXT_LANE = 0;

export class ImportTexts {
  private readonly done = new Map<string, PreparedText>();
  /** texts whose preparers run in a worker: entry → lane */
  private readonly laneOf = new Map<string, number>();
  private readonly preparedOf = new Map<string, Record<string, unknown>>();
  private pending: number[] = [];
  private entries: string[] = [];
  private prepLanes = 0;
  private begun = false;
  /** the full-text lane has its work */
  private indexing = false;
  private pool: SyncWorkerPool | null = null;
  /** the archive's bytes, shared with the workers */
  private shared: SharedArrayBuffer | null = null;
  /** why the workers were given up, if they were */
  failure: string | null = null;
  /** how many worker threads were started */
  workers = 0;

  private constructor(
    private readonly archive: QdpxArchive,
    private readonly calls: PreparerCall[],
  ) {}

  /**
   * Start worker threads for `entries` (the archive's source texts), when
   * there are workers and enough text: prep lanes (one per core but one, up
   * to three) will take the entries from a shared queue, and one more lane
   * builds the full-text index. Nothing is sent to them until `begin`.
   */
  static start(archive: QdpxArchive, project: Project, entries: string[], options: TextOptions = {}): ImportTexts {
    const texts = new ImportTexts(
      archive,
      textPreparers().map((p) => ({ name: p.name, input: p.input(project) })),
    );
    texts.entries = entries.filter((name) => !name.endsWith('/'));
    const bytes = texts.refs(texts.entries).reduce((n, e) => n + e.originalSize, 0);
    const mode = options.threads ?? 'auto';
    const script = mode === 'never' ? null : workerScript('import');
    if (!script || texts.entries.length === 0 || (mode === 'auto' && bytes < WORKER_MIN_BYTES)) return texts;
    // the full-text lane and the importing thread share the last core
    texts.prepLanes = Math.max(1, Math.min(3, os.availableParallelism() - 1, texts.entries.length));
    try {
      texts.pool = SyncWorkerPool.start(script, 1 + texts.prepLanes, { youngGenerationMb: 64 });
      texts.workers = texts.pool.size;
    } catch (e) {
      texts.failure = (e as Error).message;
    }
    return texts;
  }

  /**
   * Send the work: every entry to the prep lanes, those of `index` (the
   * documents-to-be, in id order) first and in that order; with `index`, the
   * full-text lane builds their index from the texts the prep lanes hand on.
   */
  begin(index: { spec: FullTextSpec; rows: Array<[number, { entry: string }]> } | null): void {
    if (this.begun) return;
    this.begun = true;
    if (!this.pool) return;
    try {
      this.shared = new SharedArrayBuffer(this.archive.bytes.byteLength);
    } catch (e) {
      this.giveUp(new WorkerFailure(`no shared memory for worker threads (${(e as Error).message})`));
      return;
    }
    new Uint8Array(this.shared).set(this.archive.bytes);
    const first = new Set(index?.rows.map(([, r]) => r.entry));
    const rest = this.refs(this.entries.filter((e) => !first.has(e))).sort((a, b) => b.originalSize - a.originalSize);
    const queue = [...this.refs(index?.rows.map(([, r]) => r.entry) ?? []), ...rest];
    const next = new Int32Array(new SharedArrayBuffer(4));
    const channels = index ? Array.from({ length: this.prepLanes }, () => new MessageChannel()) : [];
    try {
      for (let lane = 1; lane <= this.prepLanes; lane++) {
        const forward = channels[lane - 1]?.port1 ?? null;
        this.pool.post(lane, { kind: 'prepare', archive: this.shared, entries: queue, next, calls: this.calls, forward } satisfies ImportWorkerMessage, forward ? [forward] : []);
        this.pending.push(lane);
      }
      if (index) {
        const from = channels.map((c) => c.port2);
        this.pool.post(FULL_TEXT_LANE, { kind: 'full-text', archive: this.shared, spec: index.spec, rows: index.rows.map(([id, r]) => [id, this.refs([r.entry])[0]!]), from } satisfies ImportWorkerMessage, from);
        this.indexing = true;
      }
    } catch (e) {
      this.giveUp(e);
    }
  }

  /** The prepared text of an archive entry (the first call waits for the workers). */
  entry(name: string): PreparedText {
    this.begin(null);
    this.collect();
    let p = this.done.get(name);
    if (!p) {
      p = prepareText({ bytes: this.archive.read(name) }, this.calls, this.preparers());
      this.done.set(name, p);
    }
    return p;
  }

  /**
   * The preparers' results for a prepared text (waits for its worker). What a
   * worker didn't give is left out, and the hooks do that work themselves.
   */
  prepared(text: TextFacts, entry: string | null): Record<string, unknown> {
    const lane = entry === null ? undefined : this.laneOf.get(entry);
    if (lane === undefined) return text.prepared;
    while (!this.preparedOf.has(entry!) && this.pool) {
      try {
        const a = this.pool.take<PreparedAnswer>(lane);
        for (const [name, packed] of Object.entries(a.prepared)) {
          const unpack = this.preparers().get(name)?.unpack;
          if (unpack) a.prepared[name] = unpack(packed);
        }
        this.preparedOf.set(a.key, a.prepared);
      } catch (e) {
        this.giveUp(e);
      }
    }
    return this.preparedOf.get(entry!) ?? {};
  }

  /** A text the project file holds inline. */
  inline(text: string): PreparedText {
    return prepareText({ text }, this.calls, this.preparers());
  }

  /**
   * Start building the full-text index of these rows (id, and the archive
   * entry of its text or the text) in the full-text lane. Returns how to wait
   * for it, or null without workers (the caller then indexes in place). The
   * result carries the SHA-256 of each text as indexed, for the caller to check.
   */
  fullText(spec: FullTextSpec, rows: Array<[number, { entry: string } | { text: string }]>): (() => FullTextRows | null) | null {
    this.begin(null);
    if (!this.pool || !this.shared || this.indexing) return this.indexed();
    const message: ImportWorkerMessage = {
      kind: 'full-text',
      archive: this.shared,
      spec,
      rows: rows.map(([id, r]) => [id, 'text' in r ? r : this.refs([r.entry])[0]!]),
      from: null,
    };
    try {
      this.pool.post(FULL_TEXT_LANE, message);
      this.indexing = true;
    } catch (e) {
      this.giveUp(e);
    }
    return this.indexed();
  }

  /** How to wait for the full-text lane's index (null: there is none coming). */
  indexed(): (() => FullTextRows | null) | null {
    if (!this.pool || !this.indexing) return null;
    return () => {
      if (!this.pool) return null;
      try {
        return this.pool.take<FullTextRows | null>(FULL_TEXT_LANE);
      } catch (e) {
        this.giveUp(e);
        return null;
      }
    };
  }

  close(): void {
    this.pool?.close();
    this.pool = null;
  }

  private refs(names: string[]): EntryRef[] {
    return names.map((key) => {
      const f = this.archive.entry(key)!;
      return { key, dataStart: f.dataStart, size: f.size, compression: f.compression, originalSize: f.originalSize };
    });
  }

  private collect(): void {
    while (this.pending.length && this.pool) {
      const lane = this.pending.shift()!;
      let answer: PrepareAnswer;
      try {
        answer = this.pool.take<PrepareAnswer>(lane);
      } catch (e) {
        // what the workers didn't give is prepared here, as it is asked for
        this.giveUp(e);
        return;
      }
      for (const a of answer) {
        if ('error' in a) throw this.archive.damaged(new Error(a.error), a.key);
        this.done.set(a.key, a.result);
        if (a.preparing) this.laneOf.set(a.key, lane);
      }
    }
  }

  private giveUp(e: unknown): void {
    if (!(e instanceof WorkerFailure)) throw e;
    this.failure = e.message;
    this.pending = [];
    this.close();
  }

  private known: Map<string, TextPreparer> | null = null;
  private preparers(): Map<string, TextPreparer> {
    this.known ??= new Map(textPreparers().map((p) => [p.name, p]));
    return this.known;
  }
}
