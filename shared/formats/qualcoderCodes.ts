// QualCoder's plain-text code list: one code a line, its categories before it
// joined by ">>", then optionally a tab and a memo (`cat>>sub>>code<TAB>memo`).
// QualCoder codes with codes and groups them in categories, so a name that
// only appears before ">>" is read as a category (not codable). Weft writes
// the structured fields into the memo in the REFI Description layout, with
// line breaks, tabs and backslashes escaped (\n, \t, \\) to keep one code a line.
import { codeNameError, joinCodePath } from '../codePath.js';
import { packDescription, unpackDescription } from './refi/description.js';
import { canonicalEntry, type CodebookEntry, type CodebookRead } from './codebook.js';

const SEPARATOR = '>>';

const escapeMemo = (s: string) => s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t');
const unescapeMemo = (s: string) => s.replace(/\\(\\|n|t)/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : '\\'));

/**
 * Every code that is codable, has a description or has no children gets a
 * line; a category without a description is implied by its children's lines.
 * Colours and GUIDs have no place in this format.
 */
export function writeQualCoderCodes(entries: readonly CodebookEntry[]): string {
  const hasChildren = new Set(entries.filter((e) => e.path.length > 1).map((e) => joinCodePath(e.path.slice(0, -1)).toLowerCase()));
  const lines: string[] = [];
  for (const e of entries) {
    const bad = e.path.find((n) => n.includes(SEPARATOR) || /[\t\r\n]/.test(n));
    if (bad !== undefined) throw new Error(`code "${joinCodePath(e.path)}": the name "${bad}" contains ">>", a tab or a line break, which the QualCoder format cannot hold`);
    const memo = packDescription(e);
    if (!e.codable && !memo && hasChildren.has(joinCodePath(e.path).toLowerCase())) continue;
    lines.push(memo ? `${e.path.join(SEPARATOR)}\t${escapeMemo(memo)}` : e.path.join(SEPARATOR));
  }
  return lines.join('\n') + '\n';
}

export function readQualCoderCodes(textIn: string, source: string): CodebookRead {
  const text = textIn.charCodeAt(0) === 0xfeff ? textIn.slice(1) : textIn;
  const warnings: string[] = [];
  const entries = new Map<string, CodebookEntry>();
  const explicit = new Set<string>();
  const renamed: string[] = [];
  text.split(/\r\n|\r|\n/).forEach((raw, i) => {
    const line = i + 1;
    if (!raw.trim()) return;
    const tab = raw.indexOf('\t');
    const pathText = tab >= 0 ? raw.slice(0, tab) : raw;
    const memo = tab >= 0 ? unescapeMemo(raw.slice(tab + 1)) : '';
    const names = pathText.split(SEPARATOR).map((n) => n.trim());
    if (names.some((n) => !n)) throw new Error(`${source}: line ${line}: "${pathText}" has an empty name`);
    const fixed = names.map((n) => {
      if (!codeNameError(n)) return n;
      const f = n.replace(/>/g, '›');
      renamed.push(`line ${line}: "${n}" → "${f}"`);
      return f;
    });
    for (let d = 1; d <= fixed.length; d++) {
      const key = joinCodePath(fixed.slice(0, d)).toLowerCase();
      if (!entries.has(key)) {
        entries.set(key, {
          path: fixed.slice(0, d), shortDefinition: '', definition: '', inclusion: '', exclusion: '', example: '', atypicalExample: '', memo: '',
          codable: false, origin: `${source}: line ${line}`,
        });
      }
    }
    const key = joinCodePath(fixed).toLowerCase();
    if (explicit.has(key)) throw new Error(`${source}: line ${line}: code "${joinCodePath(fixed)}" appears twice`);
    explicit.add(key);
    const e = entries.get(key)!;
    Object.assign(e, unpackDescription(memo), { codable: true, origin: `${source}: line ${line}` });
  });
  if (renamed.length) warnings.push(`${source}: ">" separates code paths in Weft; renamed ${renamed.slice(0, 3).join(', ')}${renamed.length > 3 ? ` and ${renamed.length - 3} more` : ''}`);
  return { format: 'txt', entries: [...entries.values()].map(canonicalEntry), warnings };
}
