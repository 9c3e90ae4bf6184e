// Importing transcripts: .txt and .md (UTF-8, UTF-16, or a guessed legacy
// encoding), .docx, .odt, .rtf, .pdf with a text layer, and .vtt/.srt
// subtitles. The readers are in ./importers and shared/formats; this file
// stores what they read, one file per transaction, so one bad file never
// stops or damages the rest.
import fs from 'node:fs';
import { createHash } from 'node:crypto';
import type { Project } from './project.js';
import { codePointLength, normalizeText } from '../../shared/offsets.js';
import { speakersOf, type SpeakerTurn } from '../../shared/speakers.js';
import type { ImportResult } from '../../shared/api/methods/importing.js';
import { WeftError } from '../errors.js';
import { runDocumentImportedHooks } from './importHooks.js';
import { formatFor, readSource, readSourceSync, type SourceText } from './importers/index.js';
import { replaceTurns } from '../store/turns.js';
import { documentTurns } from './turns.js';
import { checkAttributeAssignments } from './attributes.js';
import { documentTarget, recordAudit } from './audit.js';

export type { ImportResult, ImportStatus } from '../../shared/api/methods/importing.js';

export interface ImportOptions {
  /** attribute name → value, set on every imported document (checked against the attribute's type first) */
  attributes?: Record<string, string>;
  /** flags registered by import hooks (for example "deidentify") */
  flags?: Iterable<string>;
  onProgress?: (done: number, total: number, file: string) => void;
}

/** One file to import: its name (for messages and the document name) and its bytes, or a path to read them from. */
export interface ImportSource {
  name: string;
  bytes?: Uint8Array;
  path?: string;
}

/** Files larger than this are refused: no transcript is this large, and reading one would strain a laptop. */
export const MAX_IMPORT_BYTES = 100 * 1024 * 1024;
/** A document's text is at most this many UTF-16 units (about 3,000 pages); a long interview is a few hundred thousand. */
export const MAX_DOCUMENT_CHARS = 20_000_000;

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function uniqueName(project: Project, base: string): string {
  let name = base;
  for (let i = 2; project.repo.documentNameTaken(name); i++) name = `${base} (${i})`;
  return name;
}

function baseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

function failure(file: string, e: unknown): ImportResult {
  const msg = (e as Error).message ?? String(e);
  return { file, status: 'failed', message: msg.startsWith(file) ? msg : `${file}: ${msg}` };
}

function loadBytes(source: ImportSource): Uint8Array {
  if (source.bytes) {
    if (source.bytes.byteLength > MAX_IMPORT_BYTES) throw new WeftError(`the file is larger than ${MAX_IMPORT_BYTES / 2 ** 20} MB`);
    return source.bytes;
  }
  const file = source.path ?? source.name;
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new WeftError(code === 'ENOENT' ? 'no such file or folder (ENOENT)' : `cannot read the file (${code ?? (e as Error).message})`);
  }
  if (stat.isDirectory()) throw new WeftError('is a folder (weft import walks folders given on the command line)');
  if (stat.size > MAX_IMPORT_BYTES) throw new WeftError(`the file is larger than ${MAX_IMPORT_BYTES / 2 ** 20} MB`);
  return fs.readFileSync(file);
}

/** Store one read file as a document, in one transaction with the import hooks. */
function storeSource(project: Project, source: ImportSource, hash: string, read: SourceText, options: ImportOptions): ImportResult {
  // checked again here, without a pause since: another import may have stored the same bytes while this file was read
  const dup = project.repo.documentByHash(hash);
  if (dup) return { file: source.name, status: 'duplicate', document: dup.name, documentId: dup.id, message: `same content as "${dup.name}"` };
  if (read.text.length > MAX_DOCUMENT_CHARS) throw new WeftError(`the text is longer than ${MAX_DOCUMENT_CHARS / 1e6} million characters (about 3,000 pages); split it into several documents`);
  const text = normalizeText(read.text);
  if (text.trim() === '') throw new WeftError('the file has no text');
  // a format's own turns hold only when normalising changed nothing; otherwise they are detected again
  const formatTurns: SpeakerTurn[] | undefined = read.turns && text === read.text ? read.turns : undefined;
  const notes = [...read.notes];
  const flags = new Set(options.flags ?? []);
  const id = project.repo.transaction(() => {
    const name = uniqueName(project, baseName(source.name).replace(/\.[^.]+$/, '') || baseName(source.name));
    const docId = project.repo.insertDocument({
      name,
      text,
      length: codePointLength(text),
      contentHash: hash,
      sourceName: baseName(source.name),
      sourceType: read.info.mime,
    });
    for (const [key, value] of Object.entries(options.attributes ?? {})) {
      if (value === '') continue;
      const attr = project.repo.ensureAttribute(key);
      project.repo.setDocumentAttribute(docId, attr.id, value);
    }
    if (formatTurns) replaceTurns(project.db, docId, formatTurns);
    runDocumentImportedHooks(project, docId, { flags, note: (line) => notes.push(line), text });
    recordAudit(project, 'import', documentTarget(project, docId), { file: baseName(source.name), format: read.info.format });
    return docId;
  });
  const doc = project.repo.documentRef({ id })!;
  const turns = documentTurns(project, id);
  return {
    file: source.name,
    status: 'imported',
    document: doc.name,
    documentId: id,
    format: read.info.format,
    ...(read.encoding ? { encoding: read.encoding.name, encodingGuessed: read.encoding.guessed } : {}),
    turns: turns.length,
    speakers: speakersOf(turns),
    ...(notes.length ? { notes } : {}),
  };
}

/** Check the batch's attribute values before any file is read: a bad value refuses the whole batch. */
function normaliseOptions(project: Project, options: ImportOptions): ImportOptions {
  if (!options.attributes || Object.keys(options.attributes).length === 0) return options;
  return { ...options, attributes: checkAttributeAssignments(project, options.attributes) };
}

/**
 * Import files of the formats that read without waiting (.txt, .md, .odt,
 * .rtf, .vtt, .srt), each in its own transaction. Word and PDF files need
 * `importSources`. Attribute values are stored as given (the demo and test
 * fixtures use this); the CLI and the API import with `importSources`, which
 * checks them against their attributes' types first.
 */
export function importFiles(project: Project, files: string[], options: ImportOptions = {}): ImportResult[] {
  project.assertWritable();
  const opts = options;
  const results: ImportResult[] = [];
  files.forEach((file, i) => {
    const source = { name: file, path: file };
    try {
      const bytes = loadBytes(source);
      const hash = sha256(bytes);
      const dup = project.repo.documentByHash(hash);
      if (dup) {
        results.push({ file, status: 'duplicate', document: dup.name, documentId: dup.id, message: `same content as "${dup.name}"` });
      } else {
        const read = readSourceSync(file, bytes);
        if (!read) throw new WeftError(`${formatFor(file).label} files are read by the asynchronous importer (importSources)`);
        results.push(storeSource(project, source, hash, read, opts));
      }
    } catch (e) {
      results.push(failure(file, e));
    }
    opts.onProgress?.(i + 1, files.length, file);
  });
  return results;
}

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Import files of every supported format, one by one, each in its own
 * transaction. A file with the same bytes as a document already in the
 * project (or earlier in the batch) is skipped as a duplicate.
 */
export async function importSources(project: Project, sources: ImportSource[], options: ImportOptions = {}): Promise<ImportResult[]> {
  project.assertWritable();
  const opts = normaliseOptions(project, options);
  const results: ImportResult[] = [];
  for (let i = 0; i < sources.length; i++) {
    const source = sources[i]!;
    try {
      const bytes = loadBytes(source);
      const hash = sha256(bytes);
      const dup = project.repo.documentByHash(hash);
      if (dup) {
        results.push({ file: source.name, status: 'duplicate', document: dup.name, documentId: dup.id, message: `same content as "${dup.name}"` });
      } else {
        const read = await readSource(source.name, bytes);
        results.push(storeSource(project, source, hash, read, opts));
      }
    } catch (e) {
      results.push(failure(source.name, e));
    }
    opts.onProgress?.(i + 1, sources.length, source.name);
    // let progress events and other calls through between files
    await nextTick();
  }
  return results;
}
