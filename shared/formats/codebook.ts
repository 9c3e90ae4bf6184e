// Codebook interchange on strings: the nested Weft JSON format and the
// codebook table (CSV here, XLSX in electron/) with a code_path column. Every
// codebook format flattens to CodebookEntry, parents first, in the
// codebook's order. Readers return entries in a canonical form (each text
// field trimmed, line ends LF) so that export → import is exact.
import { z } from 'zod';
import { codeNameError, joinCodePath, splitCodePath } from '../codePath.js';
import { isHexColor } from '../colors.js';
import { parseCsv, toCsv } from './csv.js';
import { unpackDescription } from './refi/description.js';

export interface CodebookEntry {
  /** names from the root down to this code */
  path: string[];
  guid?: string;
  color?: string;
  shortDefinition: string;
  definition: string;
  inclusion: string;
  exclusion: string;
  example: string;
  atypicalExample: string;
  memo: string;
  codable: boolean;
  /** where it came from, for error messages */
  origin: string;
}

const text = z.string().max(50000).optional();
interface JsonCode {
  name: string;
  guid?: string;
  color?: string;
  codable?: boolean;
  shortDefinition?: string;
  definition?: string;
  inclusion?: string;
  exclusion?: string;
  example?: string;
  atypicalExample?: string;
  memo?: string;
  children?: JsonCode[];
}
const jsonCode: z.ZodType<JsonCode> = z.lazy(() =>
  z.object({
    name: z.string().min(1),
    guid: z.string().optional(),
    color: z.string().refine(isHexColor, 'colour must look like #RRGGBB').optional(),
    codable: z.boolean().optional(),
    shortDefinition: text,
    definition: text,
    inclusion: text,
    exclusion: text,
    example: text,
    atypicalExample: text,
    memo: text,
    children: z.array(jsonCode).optional(),
  }),
);
export const codebookJsonSchema = z.object({
  format: z.literal('weft-codebook'),
  formatVersion: z.literal(1),
  name: z.string().optional(),
  description: z.string().optional(),
  codes: z.array(jsonCode),
});
export type CodebookJson = z.infer<typeof codebookJsonSchema>;

function entryFrom(c: JsonCode, path: string[], origin: string): CodebookEntry {
  return {
    path,
    guid: c.guid,
    color: c.color,
    shortDefinition: c.shortDefinition ?? '',
    definition: c.definition ?? '',
    inclusion: c.inclusion ?? '',
    exclusion: c.exclusion ?? '',
    example: c.example ?? '',
    atypicalExample: c.atypicalExample ?? '',
    memo: c.memo ?? '',
    codable: c.codable !== false,
    origin,
  };
}

export function parseCodebookJson(textIn: string, source: string): CodebookEntry[] {
  let raw: unknown;
  try {
    raw = JSON.parse(textIn);
  } catch (e) {
    throw new Error(`${source}: not valid JSON (${(e as Error).message})`);
  }
  const parsed = codebookJsonSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${source}: ${issue.path.join('.') || 'file'}: ${issue.message}`);
  }
  const out: CodebookEntry[] = [];
  const walk = (codes: JsonCode[], parent: string[], where: string) => {
    codes.forEach((c, i) => {
      const origin = `${where}[${i}]`;
      const err = codeNameError(c.name);
      if (err) throw new Error(`${source}: ${origin}: ${err}`);
      const path = [...parent, c.name.trim()];
      out.push(entryFrom(c, path, `${source}: ${origin}`));
      walk(c.children ?? [], path, `${origin}.children`);
    });
  };
  walk(parsed.data.codes, [], 'codes');
  return out;
}

export type CodebookFormat = 'json' | 'csv' | 'xlsx' | 'qdc' | 'qdpx' | 'txt';

/** A codebook read from a file: its codes, and what the reader had to change or leave out. */
export interface CodebookRead {
  format: CodebookFormat;
  name?: string;
  description?: string;
  entries: CodebookEntry[];
  /** one line each; never empty when something was changed or left out */
  warnings: string[];
}

export const TEXT_FIELDS = ['shortDefinition', 'definition', 'inclusion', 'exclusion', 'example', 'atypicalExample', 'memo'] as const;
export type TextField = (typeof TEXT_FIELDS)[number];

export const cleanText = (s: string | undefined | null): string => (s ?? '').replace(/\r\n?/g, '\n').trim();

/** The canonical form every reader returns. */
export function canonicalEntry(e: CodebookEntry): CodebookEntry {
  const out: CodebookEntry = { ...e, path: e.path.map((n) => n.trim()) };
  for (const f of TEXT_FIELDS) out[f] = cleanText(e[f]);
  if (e.guid !== undefined) out.guid = e.guid.trim() || undefined;
  if (out.guid === undefined) delete out.guid;
  if (e.color !== undefined) out.color = e.color.trim() || undefined;
  if (out.color === undefined) delete out.color;
  return out;
}

// ---- JSON

type JsonOut = Omit<JsonCode, 'children'> & { children: JsonOut[] };

/** The nested Weft JSON format; empty fields are left out. */
export function writeCodebookJson(entries: readonly CodebookEntry[], meta: { name?: string; description?: string } = {}): string {
  const roots: JsonOut[] = [];
  const byPath = new Map<string, JsonOut>();
  for (const e of entries) {
    const node: JsonOut = { name: e.path[e.path.length - 1]! } as JsonOut;
    if (e.guid) node.guid = e.guid;
    if (e.color) node.color = e.color;
    if (!e.codable) node.codable = false;
    for (const f of TEXT_FIELDS) if (e[f]) node[f] = e[f];
    node.children = [];
    const parent = e.path.length > 1 ? byPath.get(joinCodePath(e.path.slice(0, -1)).toLowerCase()) : undefined;
    if (e.path.length > 1 && !parent) throw new Error(`code "${joinCodePath(e.path)}": its parent comes after it or is missing`);
    (parent ? parent.children : roots).push(node);
    byPath.set(joinCodePath(e.path).toLowerCase(), node);
  }
  const doc = { format: 'weft-codebook', formatVersion: 1, ...(meta.name ? { name: meta.name } : {}), ...(meta.description ? { description: meta.description } : {}), codes: roots };
  return JSON.stringify(doc, null, 2) + '\n';
}

export function readCodebookJson(textIn: string, source: string): CodebookRead {
  const entries = parseCodebookJson(textIn, source).map(canonicalEntry);
  const raw = JSON.parse(textIn) as { name?: string; description?: string };
  assertUniquePaths(entries);
  return { format: 'json', name: raw.name, description: raw.description, entries, warnings: [] };
}

function assertUniquePaths(entries: CodebookEntry[]): void {
  const seen = new Set<string>();
  for (const e of entries) {
    const k = joinCodePath(e.path).toLowerCase();
    if (seen.has(k)) throw new Error(`${e.origin}: code "${joinCodePath(e.path)}" appears twice`);
    seen.add(k);
  }
}

// ---- the codebook table (CSV and XLSX)

/** Columns of Weft's codebook table, in the order they are written. */
export const CODEBOOK_COLUMNS = [
  'code_path', 'definition', 'inclusion', 'exclusion', 'example', 'color',
  'short_definition', 'atypical_example', 'memo', 'codable', 'guid',
] as const;

const COLUMN_FIELD: Record<string, TextField> = {
  definition: 'definition', inclusion: 'inclusion', exclusion: 'exclusion', example: 'example',
  short_definition: 'shortDefinition', atypical_example: 'atypicalExample', memo: 'memo',
};

export function codebookTableRows(entries: readonly CodebookEntry[]): string[][] {
  return entries.map((e) => [
    joinCodePath(e.path), e.definition, e.inclusion, e.exclusion, e.example, e.color ?? '',
    e.shortDefinition, e.atypicalExample, e.memo, e.codable ? 'true' : 'false', e.guid ?? '',
  ]);
}

export function writeCodebookCsv(entries: readonly CodebookEntry[]): string {
  return toCsv(CODEBOOK_COLUMNS, codebookTableRows(entries));
}

export interface CodebookTable {
  header: string[];
  rows: Array<{ line: number; cells: Record<string, string> }>;
}

const falsy = (v: string | undefined) => ['false', 'no', '0'].includes((v ?? '').trim().toLowerCase());

/**
 * A table as a codebook. Three layouts are read: Weft's (code_path, …); a
 * tree listing with path, name and depth in pre-order (as NVivo and qc
 * codebooks are exported to CSV); and a flat tag list (Taguette: tag,
 * description).
 */
export function codebookFromTable(table: CodebookTable, source: string, format: 'csv' | 'xlsx'): CodebookRead {
  const h = new Set(table.header);
  const where = (line: number) => `${source}: row ${line}`;
  const warnings: string[] = [];
  const out: CodebookEntry[] = [];
  const seen = new Set<string>();
  const add = (e: CodebookEntry, line: number) => {
    const key = joinCodePath(e.path).toLowerCase();
    if (seen.has(key)) throw new Error(`${where(line)}: code "${joinCodePath(e.path)}" appears twice`);
    seen.add(key);
    out.push(canonicalEntry(e));
  };
  const colorOf = (cells: Record<string, string>, line: number): string | undefined => {
    const color = (cells.color ?? '').trim();
    if (!color) return undefined;
    if (/^#[0-9a-f]{3}$/i.test(color)) return `#${[...color.slice(1)].map((x) => x + x).join('')}`;
    if (!isHexColor(color)) throw new Error(`${where(line)}: color "${color}" must look like #RRGGBB`);
    return color;
  };
  const base = (path: string[], line: number): CodebookEntry => ({
    path, shortDefinition: '', definition: '', inclusion: '', exclusion: '', example: '', atypicalExample: '', memo: '', codable: true, origin: where(line),
  });
  if (h.has('code_path')) {
    for (const { line, cells } of table.rows) {
      const path = splitCodePath(cells.code_path ?? '');
      if (path.length === 0) {
        if (Object.values(cells).every((v) => !v.trim())) continue;
        throw new Error(`${where(line)}: code_path is empty`);
      }
      const e = base(path, line);
      for (const [col, field] of Object.entries(COLUMN_FIELD)) e[field] = cells[col] ?? '';
      e.color = colorOf(cells, line);
      e.codable = !falsy(cells.codable);
      e.guid = (cells.guid ?? '').trim() || undefined;
      add(e, line);
    }
    return { format, entries: out, warnings };
  }
  if (h.has('name') && h.has('depth')) {
    const stack: string[] = [];
    for (const { line, cells } of table.rows) {
      const name = (cells.name ?? '').trim();
      const depth = Number((cells.depth ?? '').trim());
      if (!name) throw new Error(`${where(line)}: name is empty`);
      if (!Number.isInteger(depth) || depth < 1 || depth > stack.length + 1) throw new Error(`${where(line)}: depth: "${cells.depth}" does not follow the row before (rows must list parents before children)`);
      let fixed = name;
      if (codeNameError(name)) {
        fixed = name.replace(/>/g, '›');
        warnings.push(`${where(line)}: ">" separates code paths in Weft; "${name}" renamed to "${fixed}"`);
      }
      stack.length = depth - 1;
      stack.push(fixed);
      const e = base([...stack], line);
      const d = unpackDescription(cells.description ?? '');
      Object.assign(e, d);
      e.color = colorOf(cells, line);
      e.codable = !(falsy(cells.isCodable) || falsy(cells.codable));
      e.guid = (cells.guid ?? '').trim() || undefined;
      add(e, line);
    }
    return { format, entries: out, warnings };
  }
  if (h.has('tag')) {
    const counted = table.header.filter((c) => !['tag', 'description'].includes(c));
    if (counted.length) warnings.push(`${source}: column${counted.length > 1 ? 's' : ''} ${counted.map((c) => `"${c}"`).join(', ')} not imported (no place for ${counted.length > 1 ? 'them' : 'it'} in a codebook)`);
    for (const { line, cells } of table.rows) {
      const tag = (cells.tag ?? '').trim();
      if (!tag) throw new Error(`${where(line)}: tag is empty`);
      let name = tag;
      if (codeNameError(tag)) {
        name = tag.replace(/>/g, '›');
        warnings.push(`${where(line)}: ">" separates code paths in Weft; "${tag}" renamed to "${name}"`);
      }
      const e = base([name], line);
      Object.assign(e, unpackDescription(cells.description ?? ''));
      add(e, line);
    }
    return { format, entries: out, warnings };
  }
  throw new Error(`${source}: header: required column "code_path" is missing`);
}

/** CSV: code_path, definition, inclusion, exclusion, example, color (+ optional extra fields). */
export function parseCodebookCsv(textIn: string, source: string): CodebookEntry[] {
  return readCodebookCsv(textIn, source).entries;
}

export function readCodebookCsv(textIn: string, source: string): CodebookRead {
  return codebookFromTable(parseCsv(textIn, source), source, 'csv');
}
