// The codebook exchange commands: import (plain or --merge), export in every
// codebook format, and diff between codebook files, projects and published versions.
import fs from 'node:fs';
import { diffCodebooks, isEmptyDiff, type CodebookDiff, type DiffCode } from '../../../shared/codebookDiff.js';
import { snapshotAsDiffInput } from '../../../shared/codebookVersions.js';
import { joinCodePath } from '../../../shared/codePath.js';
import {
  entryAsDiffCode, exportCodebookFile, formatMergeReport, importCodebookPlain, mergeCodebook, projectCodebookEntries, projectMerges, readCodebookAnyFile,
} from '../../services/codebookExchange.js';
import { versionSnapshot } from '../../services/codebookVersions.js';
import { out, parse, UsageError, withProject, withProjectAsync, type CommandTable } from '../args.js';
import { WeftError } from '../../errors.js';

const warn = (lines: string[]) => {
  for (const w of lines) process.stderr.write(`weft: warning: ${w}\n`);
};

/** A side of a diff: a codebook file, a project, or `PROJECT.weft@N` (published version N). */
async function diffSide(spec: string): Promise<{ codes: DiffCode[]; merges: Record<string, string>; warnings: string[] }> {
  const at = /^(.*\.weft)@(\d+)$/i.exec(spec);
  if (at) {
    const n = Number(at[2]);
    return withProject(at[1]!, (p) => {
      // as in exports: the codes of the codebook, not proposals
      const snap = versionSnapshot(p, n);
      const codes = snapshotAsDiffInput({ ...snap, codes: snap.codes.filter((c) => (c.status ?? 'active') === 'active') }) as DiffCode[];
      return { codes, merges: {}, warnings: [] };
    }, true);
  }
  if (/\.weft$/i.test(spec)) {
    if (!fs.existsSync(spec)) throw new WeftError(`${spec}: no such project`);
    return withProject(spec, (p) => ({ codes: projectCodebookEntries(p).map(entryAsDiffCode), merges: projectMerges(p), warnings: [] }), true);
  }
  const read = await readCodebookAnyFile(spec);
  return { codes: read.entries.map(entryAsDiffCode), merges: {}, warnings: read.warnings };
}

function diffLines(d: CodebookDiff): string[] {
  const p = (path: string[]) => joinCodePath(path);
  const lines = [
    `${d.added.length} added, ${d.deleted.length} deleted, ${d.renamed.length} renamed, ${d.moved.length} moved, ${d.merged.length} merged, ${d.definitionChanged.length} changed, ${d.unchanged} unchanged`,
  ];
  for (const c of d.added) lines.push(`+ added: ${p(c.path)}`);
  for (const c of d.deleted) lines.push(`- deleted: ${p(c.path)}`);
  for (const c of d.renamed) lines.push(`~ renamed: ${p(c.from)} → ${p(c.to)}`);
  for (const c of d.moved) lines.push(`~ moved: ${p(c.from)} → ${p(c.to)}`);
  for (const c of d.merged) lines.push(`~ merged: ${p(c.from.path)} → into ${p(c.into.path)}${c.evidence === 'memo' ? ' (from its memo)' : ''}`);
  for (const c of d.definitionChanged) lines.push(`~ changed: ${p(c.path)} (${c.fields.map((f) => f.field).join(', ')})`);
  return lines;
}

export const codebookExchangeCommands: CommandTable = {
  'codebook import': {
    usage: 'weft codebook import PROJECT FILE.{qdc,qdpx,json,csv,xlsx,txt} [--merge [--dry-run] [--json]]',
    async run(args) {
      const { positionals, values } = parse(args, { merge: { type: 'boolean' }, json: { type: 'boolean' }, 'dry-run': { type: 'boolean' } }, 2, 'PROJECT and FILE');
      const [projectFile, file] = [positionals[0]!, positionals[1]!];
      if (!values.merge && (values.json || values['dry-run'])) throw new UsageError('--json and --dry-run go with --merge');
      const read = await readCodebookAnyFile(file);
      if (!values.merge) {
        warn(read.warnings);
        const r = withProject(projectFile, (p) => importCodebookPlain(p, read, file));
        out(`codebook: ${r.added} added, ${r.updated} updated, ${r.unchanged} unchanged`);
        return 0;
      }
      const report = withProject(projectFile, (p) => mergeCodebook(p, read, file, { dryRun: values['dry-run'] === true }));
      if (values.json) out(JSON.stringify(report));
      else {
        warn(report.warnings);
        for (const l of formatMergeReport(report)) out(l);
      }
      return 0;
    },
  },

  'codebook export': {
    usage: 'weft codebook export PROJECT --out FILE.{qdc,qdpx,json,csv,xlsx,txt}',
    async run(args) {
      const { positionals, values } = parse(args, { out: { type: 'string' } }, 1, 'PROJECT');
      const file = values.out as string | undefined;
      if (!file) throw new UsageError('missing --out FILE');
      const r = await withProjectAsync(positionals[0]!, (p) => exportCodebookFile(p, file), true);
      out(`wrote ${file} (${r.format}, ${r.codes} codes, ${r.bytes} bytes)`);
      return 0;
    },
  },

  'codebook diff': {
    usage: 'weft codebook diff A B [--json]   (A, B: codebook files, PROJECT.weft, or PROJECT.weft@N for published version N)',
    async run(args) {
      const { positionals, values } = parse(args, { json: { type: 'boolean' } }, 2, 'A and B');
      const a = await diffSide(positionals[0]!);
      const b = await diffSide(positionals[1]!);
      const d = diffCodebooks(a.codes, b.codes, { merges: { ...a.merges, ...b.merges } });
      if (values.json) out(JSON.stringify(d));
      else {
        warn([...a.warnings, ...b.warnings]);
        for (const l of diffLines(d)) out(l);
        if (isEmptyDiff(d)) out('no differences');
      }
      return 0;
    },
  },
};
