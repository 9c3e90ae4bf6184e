// `weft import PROJECT FILE_OR_FOLDER...`: transcripts of every supported
// format; folders are walked (files of other types in them are listed as
// ignored). Each file imports in its own transaction; one bad file never stops
// the rest. Exit 1 when any file failed.
import fs from 'node:fs';
import path from 'node:path';
import { importSources, type ImportResult, type ImportSource } from '../../services/documents.js';
import { importFlags } from '../../services/importHooks.js';
import { formatOfName, isHiddenOrSystemFile } from '../../../shared/formats/importFormats.js';
import { out, parse, UsageError, withProjectAsync, type Command } from '../args.js';
import { cliProgress } from '../progress.js';

/** Every file under a folder, in name order; symbolic links to folders are not followed. */
function walk(dir: string, into: string[]): void {
  const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (isHiddenOrSystemFile(e.name)) continue;
    if (e.isDirectory()) walk(p, into);
    else if (e.isFile() || (e.isSymbolicLink() && fs.statSync(p, { throwIfNoEntry: false })?.isFile())) into.push(p);
  }
}

/** The files named on the command line, folders walked; files in folders that are not transcripts are ignored. */
export function collectSources(args: string[]): { sources: ImportSource[]; ignored: string[] } {
  const sources: ImportSource[] = [];
  const ignored: string[] = [];
  for (const arg of args) {
    const stat = fs.statSync(arg, { throwIfNoEntry: false });
    if (stat?.isDirectory()) {
      const found: string[] = [];
      walk(arg, found);
      for (const f of found) {
        if (formatOfName(f)) sources.push({ name: f, path: f });
        else ignored.push(f);
      }
    } else sources.push({ name: arg, path: arg });
  }
  return { sources, ignored };
}

function describe(r: ImportResult): string[] {
  if (r.status === 'imported') {
    const extra = r.encodingGuessed ? ` (encoding guessed: ${r.encoding})` : '';
    return [`imported ${r.file} as "${r.document}"${extra}`, ...(r.notes ?? []).filter((n) => !n.startsWith('encoding guessed')).map((n) => `  ${n}`)];
  }
  if (r.status === 'duplicate') return [`skipped ${r.file}: duplicate (${r.message})`];
  return [];
}

export const importCommand: Command = {
  get usage() {
    const flags = importFlags().map((f) => ` [--${f.name}]`).join('');
    return `weft import PROJECT FILE_OR_FOLDER... [--attr KEY=VALUE]...${flags} [--json]   (.txt .md .docx .odt .rtf .pdf .vtt .srt; folders are walked)`;
  },
  async run(args) {
    const flagOptions = Object.fromEntries(importFlags().map((f) => [f.name, { type: 'boolean' as const }]));
    const { positionals, values } = parse(
      args,
      { attr: { type: 'string', multiple: true }, json: { type: 'boolean' }, ...flagOptions },
      2,
      'PROJECT and FILE_OR_FOLDER',
    );
    const attributes: Record<string, string> = {};
    for (const a of (values.attr as string[] | undefined) ?? []) {
      const eq = a.indexOf('=');
      if (eq <= 0) throw new UsageError(`--attr "${a}": expected KEY=VALUE`);
      attributes[a.slice(0, eq).trim()] = a.slice(eq + 1);
    }
    const flags = importFlags().filter((f) => values[f.name] === true).map((f) => f.name);
    const [file, ...args2] = positionals;
    const { sources, ignored } = collectSources(args2);
    const progress = cliProgress('importing');
    const results = await withProjectAsync(file!, (p) => {
      // drawn once the project is open: an encrypted one asks for its passphrase on this terminal first
      progress?.(0, sources.length);
      return importSources(p, sources, {
        attributes,
        flags,
        onProgress: progress && ((done, total, name) => progress(done, total, path.basename(name))),
      });
    });
    const all: ImportResult[] = [...results, ...ignored.map((f) => ({ file: f, status: 'ignored' as const, message: 'not a transcript format' }))];
    if (values.json) out(JSON.stringify(all));
    else {
      for (const r of results) for (const line of describe(r)) out(line);
      if (ignored.length) {
        const shown = ignored.slice(0, 5).map((f) => path.basename(f)).join(', ');
        out(`ignored ${ignored.length} file${ignored.length > 1 ? 's' : ''} that ${ignored.length > 1 ? 'are' : 'is'} not a transcript format: ${shown}${ignored.length > 5 ? ', …' : ''}`);
      }
    }
    const failed = results.filter((r) => r.status === 'failed');
    for (const r of failed) process.stderr.write(`weft: ${r.message}\n`);
    return failed.length ? 1 : 0;
  },
};
