// Codebook interchange on strings: the nested Weft JSON format and the CSV
// with a code_path column. Both flatten to CodebookEntry, parents first.
import { z } from 'zod';
import { codeNameError, joinCodePath, splitCodePath } from '../codePath.js';
import { isHexColor } from '../colors.js';
import { parseCsv } from './csv.js';

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

/** CSV: code_path, definition, inclusion, exclusion, example, color (+ optional extra fields). */
export function parseCodebookCsv(textIn: string, source: string): CodebookEntry[] {
  const table = parseCsv(textIn, source);
  if (!table.header.includes('code_path')) throw new Error(`${source}: header: required column "code_path" is missing`);
  const out: CodebookEntry[] = [];
  const seen = new Set<string>();
  for (const { line, cells } of table.rows) {
    const path = splitCodePath(cells.code_path ?? '');
    if (path.length === 0) throw new Error(`${source}: row ${line}: code_path is empty`);
    const key = joinCodePath(path).toLowerCase();
    if (seen.has(key)) throw new Error(`${source}: row ${line}: code "${joinCodePath(path)}" appears twice`);
    seen.add(key);
    const color = (cells.color ?? '').trim();
    if (color && !isHexColor(color)) throw new Error(`${source}: row ${line}: color "${color}" must look like #RRGGBB`);
    const codable = (cells.codable ?? '').trim().toLowerCase();
    out.push({
      path,
      guid: (cells.guid ?? '').trim() || undefined,
      color: color || undefined,
      shortDefinition: cells.short_definition ?? '',
      definition: cells.definition ?? '',
      inclusion: cells.inclusion ?? '',
      exclusion: cells.exclusion ?? '',
      example: cells.example ?? '',
      atypicalExample: cells.atypical_example ?? '',
      memo: cells.memo ?? '',
      codable: !(codable === 'false' || codable === 'no' || codable === '0'),
      origin: `${source}: row ${line}`,
    });
  }
  return out;
}
