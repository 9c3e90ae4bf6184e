// Codebook changes: creating codes and importing a codebook file.
import fs from 'node:fs';
import path from 'node:path';
import type { Project } from './project.js';
import type { Code } from '../../shared/types.js';
import { codeNameError, splitCodePath } from '../../shared/codePath.js';
import { paletteColor } from '../../shared/colors.js';
import { parseCodebookCsv, parseCodebookJson, type CodebookEntry } from '../../shared/formats/codebook.js';
import { WeftError } from '../errors.js';
import { assertCodebookUnlocked, isCodebookLocked } from './codebookLock.js';
import { MAX_IMPORT_BYTES } from './documents.js';

const key = (names: readonly string[]) => names.map((n) => n.toLowerCase()).join('\u0000');

/** Index of the current codebook by lower-cased path. */
export function codesByPath(project: Project): Map<string, Code> {
  return new Map(project.repo.codes().map((c) => [key(splitCodePath(c.path)), c]));
}

export function findCodeByPath(project: Project, codePath: string): Code | undefined {
  return codesByPath(project).get(key(splitCodePath(codePath)));
}

/**
 * Make sure every code on `names` exists, creating missing ones (and their
 * parents). Call inside a transaction. Returns the deepest code's id.
 */
export function ensureCodePath(project: Project, names: string[], index = codesByPath(project)): number {
  let parentId: number | null = null;
  // while the codebook is locked, codes created on the way (codings import --create-codes) are proposals
  const propose = isCodebookLocked(project);
  for (let i = 0; i < names.length; i++) {
    const sub = names.slice(0, i + 1);
    const existing = index.get(key(sub));
    if (existing) {
      parentId = existing.id;
      continue;
    }
    const err = codeNameError(names[i]!);
    if (err) throw new WeftError(err);
    const id = project.repo.insertCode({ parentId, name: names[i]!, color: paletteColor(index.size) });
    if (propose) project.db.prepare("UPDATE codes SET status = 'proposed' WHERE id = ?").run(id);
    index.set(key(sub), project.repo.codeById(id)!);
    parentId = id;
  }
  return parentId!;
}

export function createCode(project: Project, p: { name: string; parentId?: number | null; color?: string; definition?: string }): Code {
  project.assertWritable();
  const err = codeNameError(p.name);
  if (err) throw new WeftError(err);
  const id = project.repo.transaction(() => {
    assertCodebookUnlocked(project, 'creating a code');
    const codes = project.repo.codes();
    if (p.parentId != null && !codes.some((c) => c.id === p.parentId)) throw new WeftError(`parentId: no code with id ${p.parentId}`, 'not_found');
    const clash = codes.find((c) => (c.parentId ?? null) === (p.parentId ?? null) && c.name.toLowerCase() === p.name.trim().toLowerCase());
    if (clash) throw new WeftError(`a code named "${clash.path}" already exists`, 'conflict');
    return project.repo.insertCode({
      parentId: p.parentId ?? null,
      name: p.name.trim(),
      color: p.color ?? paletteColor(codes.length),
      definition: p.definition ?? '',
    });
  });
  return project.repo.codes().find((c) => c.id === id)!;
}

export interface CodebookImportResult {
  added: number;
  updated: number;
  unchanged: number;
}

export function readCodebookFile(file: string): CodebookEntry[] {
  let textIn: string;
  if ((fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0) > MAX_IMPORT_BYTES) throw new WeftError(`${file}: the file is larger than ${MAX_IMPORT_BYTES / 2 ** 20} MB`);
  try {
    textIn = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new WeftError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const ext = path.extname(file).toLowerCase();
  try {
    if (ext === '.json') return parseCodebookJson(textIn, file);
    if (ext === '.csv') return parseCodebookCsv(textIn, file);
  } catch (e) {
    throw new WeftError((e as Error).message);
  }
  throw new WeftError(`${file}: unsupported codebook format "${ext}" (use .json or .csv)`);
}

const FIELDS = ['shortDefinition', 'definition', 'inclusion', 'exclusion', 'example', 'atypicalExample', 'memo'] as const;

/** Add or update codes from a codebook, in one transaction. Matched by path. */
export function importCodebookEntries(project: Project, entries: CodebookEntry[]): CodebookImportResult {
  project.assertWritable();
  return project.repo.transaction(() => {
    assertCodebookUnlocked(project, 'importing a codebook');
    const index = codesByPath(project);
    const result: CodebookImportResult = { added: 0, updated: 0, unchanged: 0 };
    for (const e of entries) {
      const existing = index.get(key(e.path));
      if (existing) {
        const changes: Record<string, string | boolean> = {};
        for (const f of FIELDS) if (e[f] && e[f] !== existing[f]) changes[f] = e[f];
        if (e.color && e.color.toLowerCase() !== existing.color.toLowerCase()) changes.color = e.color;
        if (e.codable !== existing.codable) changes.codable = e.codable;
        if (Object.keys(changes).length) {
          project.repo.updateCodeFields(existing.id, changes);
          result.updated++;
        } else result.unchanged++;
        continue;
      }
      const parentId = e.path.length > 1 ? ensureCodePath(project, e.path.slice(0, -1), index) : null;
      const id = project.repo.insertCode({
        guid: e.guid,
        parentId,
        name: e.path[e.path.length - 1]!,
        color: e.color ?? paletteColor(index.size),
        shortDefinition: e.shortDefinition,
        definition: e.definition,
        inclusion: e.inclusion,
        exclusion: e.exclusion,
        example: e.example,
        atypicalExample: e.atypicalExample,
        memo: e.memo,
        codable: e.codable,
      });
      index.set(key(e.path), project.repo.codeById(id)!);
      result.added++;
    }
    return result;
  });
}
