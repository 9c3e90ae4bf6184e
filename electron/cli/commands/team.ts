// Team coding commands: assignments, completion marks, coder packages, merge,
// agreement, reliability of any table, disagreements and reconciliation.
import { newPassphrase, passphraseFor } from '../passphrase.js';
import { isEncryptedFile } from '../../store/database.js';
import fs from 'node:fs';
import path from 'node:path';
import { assignDocuments, markComplete, mergeFiles, writePackage } from '../../services/team.js';
import { acceptAgreements, agreementReport, decide, listDisagreements, projectAgreement, type AgreementOptions } from '../../services/agreement.js';
import { writeAuditedExport } from '../exportFile.js';
import { parseWhere } from '../../services/segmentSelection.js';
import { computeReliability, readReliabilityCsv, ReliabilityInputError } from '../../../shared/agreement/reliability.js';
import type { Level } from '../../../shared/agreement/statistics.js';
import { formatMergeReport } from '../../../shared/team.js';
import { out, parse, UsageError, withProject, type CommandTable } from '../args.js';
import { WeftError } from '../../errors.js';
import { cliProgress } from '../progress.js';
import type { ReconcileDecision } from '../../store/team.js';

const list = (v: unknown): string[] | undefined =>
  typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined;

const fmt = (x: number | null) => (x === null ? '–' : x.toFixed(3));

function agreementOptions(values: Record<string, unknown>): AgreementOptions {
  const unit = (values.unit as string | undefined) ?? 'character';
  if (!['character', 'segment', 'document'].includes(unit)) throw new UsageError(`--unit "${unit}": use character, segment or document`);
  let overlap: number | undefined;
  if (values.overlap !== undefined) {
    overlap = Number(values.overlap);
    if (!Number.isFinite(overlap) || overlap < 0 || overlap > 1) throw new UsageError(`--overlap "${values.overlap}": a number from 0.0 to 1.0`);
  }
  return {
    unit: unit as AgreementOptions['unit'],
    overlap,
    coders: list(values.coders),
    codes: values.codes === undefined ? undefined : String(values.codes).split(/,(?! )/).map((s) => s.trim()).filter(Boolean),
    where: parseWhere((values.where as string[] | undefined) ?? []),
  };
}

const DECISIONS: Record<string, ReconcileDecision> = { a: 'acceptA', b: 'acceptB', both: 'acceptBoth', adjust: 'adjust', drop: 'drop' };

export const teamCommands: CommandTable = {
  assign: {
    usage: 'weft assign PROJECT --coder NAME --documents NAME,... [--remove]',
    run(args) {
      const { positionals, values } = parse(args, { coder: { type: 'string' }, documents: { type: 'string' }, remove: { type: 'boolean' } }, 1, 'PROJECT');
      if (!values.coder) throw new UsageError('missing --coder NAME');
      const docs = list(values.documents);
      if (!docs?.length) throw new UsageError('missing --documents NAME,...');
      const r = withProject(positionals[0]!, (p) => assignDocuments(p, values.coder as string, docs, values.remove !== true));
      out(`${values.remove ? 'unassigned' : 'assigned'} ${r.changed} documents ${values.remove ? 'from' : 'to'} ${r.coder}`);
      return 0;
    },
  },

  complete: {
    usage: 'weft complete PROJECT --coder NAME --documents NAME,... [--undo]',
    run(args) {
      const { positionals, values } = parse(args, { coder: { type: 'string' }, documents: { type: 'string' }, undo: { type: 'boolean' } }, 1, 'PROJECT');
      if (!values.coder) throw new UsageError('missing --coder NAME');
      const docs = list(values.documents);
      if (!docs?.length) throw new UsageError('missing --documents NAME,...');
      const r = withProject(positionals[0]!, (p) => markComplete(p, values.coder as string, docs, values.undo !== true));
      out(`${values.undo ? 'unmarked' : 'marked'} ${r.changed} documents complete for ${r.coder}`);
      return 0;
    },
  },

  package: {
    usage: 'weft package PROJECT --coder NAME [--documents NAME,...] --out FILE.weft [--encrypt]   (a package of an encrypted project is always encrypted)',
    run(args) {
      const { positionals, values } = parse(args, { coder: { type: 'string' }, documents: { type: 'string' }, out: { type: 'string' }, encrypt: { type: 'boolean' } }, 1, 'PROJECT');
      if (!values.coder) throw new UsageError('missing --coder NAME');
      if (!values.out) throw new UsageError('missing --out FILE.weft');
      if (path.extname(values.out as string).toLowerCase() !== '.weft') throw new UsageError(`--out "${values.out}": a package is a .weft file`);
      const r = withProject(
        positionals[0]!,
        (p) => {
          const passphrase = values.encrypt === true && !p.encrypted ? newPassphrase(values.out as string) : undefined;
          return writePackage(p, { coder: values.coder as string, documents: list(values.documents), out: values.out as string, passphrase });
        },
        true,
      );
      out(`wrote ${values.out}: ${r.documents.length} documents and ${r.codebook.codes} codes for ${r.coder.name} (codebook ${r.codebook.fingerprint})`);
      return 0;
    },
  },

  merge: {
    usage: 'weft merge PROJECT FILE... [--json]        (.weft packages or projects, .qdpx)',
    run(args) {
      const { positionals, values } = parse(args, { json: { type: 'boolean' } }, 2, 'PROJECT and FILE');
      const [file, ...files] = positionals;
      // encrypted packages open with the project's passphrase; for a plain project, with WEFT_PASSPHRASE or the one asked
      const sourcePassphrase = isEncryptedFile(file!) ? undefined : files.filter((f) => /\.weft$/i.test(f)).map((f) => passphraseFor(f)).find((k) => k !== undefined);
      const report = withProject(file!, (p) => {
        const progress = cliProgress('merging');
        progress?.(0, files.length);
        return mergeFiles(p, files, progress, sourcePassphrase);
      });
      if (values.json) out(JSON.stringify(report));
      else for (const line of formatMergeReport(report)) out(line);
      return 0;
    },
  },

  agreement: {
    usage: 'weft agreement PROJECT [--coders A,B,...] [--codes PATH,...] [--where ATTR=VALUE]... [--unit character|segment|document] [--overlap 0.0-1.0] [--json] [--out REPORT.{csv,html}]',
    run(args) {
      const { positionals, values } = parse(
        args,
        {
          coders: { type: 'string' }, codes: { type: 'string' }, where: { type: 'string', multiple: true },
          unit: { type: 'string' }, overlap: { type: 'string' }, json: { type: 'boolean' }, out: { type: 'string' },
        },
        1,
        'PROJECT',
      );
      const options = agreementOptions(values);
      withProject(
        positionals[0]!,
        (p) => {
          const run = projectAgreement(p, options, cliProgress('agreement'));
          if (values.out) {
            const file = values.out as string;
            const ext = path.extname(file).toLowerCase();
            if (ext !== '.csv' && ext !== '.html') throw new UsageError(`--out "${file}": use .csv or .html`);
            writeAuditedExport(positionals[0]!, file, agreementReport(p, run, ext === '.csv' ? 'csv' : 'html'), { of: 'agreement report' });
          }
          const r = run.result;
          if (values.json) {
            out(JSON.stringify(r));
            return;
          }
          out(`${r.unit} agreement of ${r.coders.join(', ')} on ${r.documents} documents`);
          out(['code', 'units', '%agree', 'cohen κ', 'fleiss κ', 'kripp α', 'gwet AC1', '|uα'].join('\t'));
          for (const c of r.codes) out([c.codePath, c.units, fmt(c.percentAgreement), fmt(c.cohenKappa), fmt(c.fleissKappa), fmt(c.krippendorffAlpha), fmt(c.gwetAC1), fmt(c.unitizingAlpha)].join('\t'));
          for (const [label, f] of [['overall (pooled)', r.overall.pooled], ['overall (mean)', r.overall.macro]] as const) {
            out([label, f.units, fmt(f.percentAgreement), fmt(f.cohenKappa), fmt(f.fleissKappa), fmt(f.krippendorffAlpha), fmt(f.gwetAC1), fmt(f.unitizingAlpha)].join('\t'));
          }
          if (values.out) out(`wrote ${values.out}`);
        },
        true,
      );
      return 0;
    },
  },

  reliability: {
    usage: 'weft reliability FILE.csv [--level nominal|ordinal|interval|ratio] [--json]',
    run(args) {
      const { positionals, values } = parse(args, { level: { type: 'string' }, json: { type: 'boolean' } }, 1, 'FILE.csv');
      const level = (values.level as string | undefined) ?? 'nominal';
      if (!['nominal', 'ordinal', 'interval', 'ratio'].includes(level)) throw new UsageError(`--level "${level}": use nominal, ordinal, interval or ratio`);
      const file = positionals[0]!;
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch (e) {
        throw new WeftError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      }
      let r;
      try {
        r = computeReliability(readReliabilityCsv(text, file), level as Level, file);
      } catch (e) {
        if (e instanceof ReliabilityInputError) throw new WeftError(e.message);
        throw e;
      }
      if (values.json) {
        out(JSON.stringify(r));
        return 0;
      }
      out(`${r.units} units, ${r.coders.length} coders (${r.coders.join(', ')}), level ${r.level}`);
      out(`percent agreement   ${fmt(r.percentAgreement)}`);
      out(`Cohen's kappa       ${fmt(r.cohenKappa)}`);
      out(`weighted kappa      linear ${fmt(r.weightedKappa.linear)}, quadratic ${fmt(r.weightedKappa.quadratic)}`);
      out(`Fleiss' kappa       ${fmt(r.fleissKappa)}`);
      out(`Krippendorff alpha  ${fmt(r.krippendorffAlpha)}${r.alphaCI95 ? ` (95% CI ${fmt(r.alphaCI95.lower)} to ${fmt(r.alphaCI95.upper)}; ${r.alphaCI95.resamples} bootstrap resamples, seed ${r.alphaCI95.seed})` : ''}`);
      out(`Gwet's AC1          ${fmt(r.gwetAC1)}`);
      for (const [k, v] of Object.entries(r.reasons ?? {})) out(`  ${k} undefined: ${v}`);
      return 0;
    },
  },

  disagreements: {
    usage: 'weft disagreements PROJECT --coders A,B [--codes PATH,...] [--where ATTR=VALUE]... [--json]',
    run(args) {
      const { positionals, values } = parse(args, { coders: { type: 'string' }, codes: { type: 'string' }, where: { type: 'string', multiple: true }, json: { type: 'boolean' } }, 1, 'PROJECT');
      const pair = list(values.coders);
      if (pair?.length !== 2) throw new UsageError('--coders A,B: name exactly 2 coders');
      const o = agreementOptions(values);
      const l = withProject(positionals[0]!, (p) => listDisagreements(p, { coderA: pair[0]!, coderB: pair[1]!, codes: o.codes, where: o.where }), true);
      if (values.json) {
        out(JSON.stringify({ coderA: l.coderA.name, coderB: l.coderB.name, total: l.total, decided: l.decided, agreements: l.agreements, items: l.items.map(({ a, b, ...rest }) => ({ ...rest, a: a.map((c) => [c.start, c.end]), b: b.map((c) => [c.start, c.end]) })) }));
        return 0;
      }
      out(`${l.total} disagreements (${l.decided} decided), ${l.agreements} agreements between ${l.coderA.name} (A) and ${l.coderB.name} (B)`);
      for (const i of l.items) {
        if (i.kind === 'agree') continue;
        out(`${i.documentName}\t${i.codePath}\t${i.start}-${i.end}\t${i.kind}\t${i.decision ?? 'open'}`);
      }
      return 0;
    },
  },

  reconcile: {
    usage: 'weft reconcile PROJECT --coders A,B (--agreements | --document NAME --code PATH --at START-END --decision a|b|both|adjust|drop [--to START-END])',
    run(args) {
      const { positionals, values } = parse(
        args,
        {
          coders: { type: 'string' }, agreements: { type: 'boolean' }, document: { type: 'string' }, code: { type: 'string' },
          at: { type: 'string' }, decision: { type: 'string' }, to: { type: 'string' },
        },
        1,
        'PROJECT',
      );
      const pair = list(values.coders);
      if (pair?.length !== 2) throw new UsageError('--coders A,B: name exactly 2 coders');
      const range = (v: unknown, name: string) => {
        const m = /^(\d+)-(\d+)$/.exec(String(v ?? ''));
        if (!m) throw new UsageError(`${name} "${v ?? ''}": expected START-END (code points)`);
        return { start: Number(m[1]), end: Number(m[2]) };
      };
      if (values.agreements) {
        const r = withProject(positionals[0]!, (p) => p.repo.transaction(() => acceptAgreements(p, { coderA: pair[0]!, coderB: pair[1]! })));
        out(`accepted ${r.accepted} agreements into the Consensus layer`);
        return 0;
      }
      const decision = DECISIONS[String(values.decision ?? '')];
      if (!decision) throw new UsageError('--decision: use a, b, both, adjust or drop');
      if (!values.document || !values.code) throw new UsageError('missing --document NAME and --code PATH');
      const at = range(values.at, '--at');
      const adjusted = decision === 'adjust' ? range(values.to, '--to') : undefined;
      const r = withProject(positionals[0]!, (p) =>
        p.repo.transaction(() => {
          const doc = p.repo.documentRef({ name: values.document as string });
          if (!doc) throw new WeftError(`--document: no document named "${values.document}"`);
          const code = p.repo.codes().find((c) => c.path.toLowerCase() === String(values.code).toLowerCase());
          if (!code) throw new WeftError(`--code: no code "${values.code}" in the codebook`);
          return decide(p, { coderA: pair[0]!, coderB: pair[1]!, documentId: doc.id, codeId: code.id, ...at, decision, adjusted });
        }),
      );
      out(`${r.decision}: ${r.written} consensus codings written`);
      return 0;
    },
  },
};
