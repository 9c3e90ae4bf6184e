// Importing transcripts. This formats are plain text and Markdown;
// richer formats plug in at `decodeSource`.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { Project } from './project.js';
import { codePointLength, normalizeText } from '../../shared/offsets.js';
import { WeftError } from '../errors.js';
import { runDocumentImportedHooks } from './importHooks.js';

export interface ImportResult {
  file: string;
  status: 'imported' | 'duplicate' | 'failed';
  document?: string;
  documentId?: number;
  message?: string;
}

export interface ImportOptions {
  attributes?: Record<string, string>;
  onProgress?: (done: number, total: number, file: string) => void;
}

const TEXT_TYPES: Record<string, string> = { '.txt': 'text/plain', '.md': 'text/markdown' };

/** Decode a file's bytes to a string; a clear error when it can't be read as text. */
export function decodeSource(file: string, bytes: Uint8Array): { text: string; type: string } {
  const ext = path.extname(file).toLowerCase();
  const type = TEXT_TYPES[ext];
  if (!type) throw new WeftError(`${file}: unsupported file type "${ext || '(none)'}" (this version imports .txt and .md)`);
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) text = new TextDecoder('utf-16le', { fatal: true }).decode(bytes);
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = new TextDecoder('utf-16be', { fatal: true }).decode(bytes);
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new WeftError(`${file}: not valid UTF-8 text`);
    }
  }
  if (text.includes('\u0000')) throw new WeftError(`${file}: contains NUL bytes; this looks like a binary file, not text`);
  return { text, type };
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function uniqueName(project: Project, base: string): string {
  let name = base;
  for (let i = 2; project.repo.documentNameTaken(name); i++) name = `${base} (${i})`;
  return name;
}

/**
 * Import files one by one, each in its own transaction: one bad file never
 * stops or damages the rest. A file whose bytes are already in the project is
 * skipped as a duplicate.
 */
export function importFiles(project: Project, files: string[], options: ImportOptions = {}): ImportResult[] {
  project.assertWritable();
  const results: ImportResult[] = [];
  files.forEach((file, i) => {
    try {
      const bytes = fs.readFileSync(file);
      const hash = sha256(bytes);
      const dup = project.repo.documentByHash(hash);
      if (dup) {
        results.push({ file, status: 'duplicate', document: dup.name, documentId: dup.id, message: `same content as "${dup.name}"` });
      } else {
        const { text: raw, type } = decodeSource(file, bytes);
        const text = normalizeText(raw);
        const id = project.repo.transaction(() => {
          const name = uniqueName(project, path.basename(file).replace(/\.[^.]+$/, ''));
          const docId = project.repo.insertDocument({
            name,
            text,
            length: codePointLength(text),
            contentHash: hash,
            sourceName: path.basename(file),
            sourceType: type,
          });
          for (const [key, value] of Object.entries(options.attributes ?? {})) {
            const attr = project.repo.ensureAttribute(key);
            project.repo.setDocumentAttribute(docId, attr.id, value);
          }
          runDocumentImportedHooks(project, docId);
          return docId;
        });
        const doc = project.repo.documentRef({ id })!;
        results.push({ file, status: 'imported', document: doc.name, documentId: id });
      }
    } catch (e) {
      const msg = (e as Error).message;
      results.push({ file, status: 'failed', message: msg.startsWith(file) ? msg : `${file}: ${msg}` });
    }
    options.onProgress?.(i + 1, files.length, file);
  });
  return results;
}
