// De-identification commands: scan files for identifiers, the project's
// known-names list, and the review status of a project's documents.
// (`weft import … --deidentify` is an import flag that the de-identification
// hook registers; see electron/services/deid.ts.)
import fs from 'node:fs';
import path from 'node:path';
import { normalizeText } from '../../../shared/offsets.js';
import { KNOWN_NAME_KINDS, type KnownNameKind } from '../../../shared/deid/types.js';
import { readSource } from '../../services/importers/index.js';
import {
  deidDocuments,
  installDeidHooks,
  scanWithProject,
} from '../../services/deid.js';
import { addKnownName, findKnownName, listKnownNames, removeKnownName, rescanAll } from '../../services/deidKnownNames.js';
import { WeftError } from '../../errors.js';
import { openProject, out, parse, UsageError, withProject, type CommandTable } from '../args.js';
import { cliProgress } from '../progress.js';

// the CLI imports transcripts too: scan them, and offer --deidentify
installDeidHooks();

async function readText(file: string): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    throw new WeftError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  try {
    return normalizeText((await readSource(file, bytes)).text);
  } catch (e) {
    const msg = (e as Error).message;
    throw new WeftError(msg.startsWith(file) ? msg : `${file}: ${msg}`);
  }
}

export const deidCommands: CommandTable = {
  'deid scan': {
    usage: 'weft deid scan FILE... [--json] [--project PROJECT]   (finds identifiers; offsets are code points of the text as Weft stores it)',
    async run(args) {
      const { positionals, values } = parse(args, { json: { type: 'boolean' }, project: { type: 'string' } }, 1, 'FILE');
      // read every file first: a bad file stops the command before any output
      const texts: Array<{ file: string; text: string }> = [];
      for (const file of positionals) texts.push({ file, text: await readText(file) });
      const project = values.project ? openProject(values.project as string, true) : null;
      try {
        const progress = cliProgress('scanning');
        const rows = texts.flatMap(({ file, text }, i) => {
          progress?.(i, texts.length, path.basename(file));
          return scanWithProject(project, text).map((f) => ({ file, kind: f.kind, start: f.start, end: f.end, text: f.text, confidence: f.confidence }));
        });
        progress?.(texts.length, texts.length);
        if (values.json) out(JSON.stringify(rows));
        else {
          for (const r of rows) out(`${r.file}:${r.start}-${r.end}\t${r.kind}\t${r.confidence}\t${r.text}`);
          out(`${rows.length} finding${rows.length === 1 ? '' : 's'} in ${texts.length} file${texts.length === 1 ? '' : 's'}`);
        }
      } finally {
        project?.close();
      }
      return 0;
    },
  },

  'deid names': {
    usage: 'weft deid names PROJECT list [--json] | add [--kind person|place|school|organisation] [--by NAME] SPELLING... | remove SPELLING|PLACEHOLDER',
    run(args) {
      const { positionals, values } = parse(args, { json: { type: 'boolean' }, kind: { type: 'string' }, by: { type: 'string' } }, 2, 'PROJECT and list, add or remove');
      const [file, action, ...rest] = positionals;
      if (action === 'list') {
        const names = withProject(file!, (p) => listKnownNames(p), true);
        if (values.json) out(JSON.stringify(names.map(({ kind, placeholder, spellings, addedBy, addedAt }) => ({ kind, placeholder, spellings, addedBy, addedAt }))));
        else {
          for (const n of names) out(`${n.placeholder}\t${n.kind}\t${n.spellings} spelling${n.spellings === 1 ? '' : 's'}\tadded ${n.addedAt.slice(0, 10)}${n.addedBy ? ` by ${n.addedBy}` : ''}`);
          out(`${names.length} known name${names.length === 1 ? '' : 's'} (the list keeps salted hashes, not the names)`);
        }
        return 0;
      }
      if (action === 'add') {
        const kind = (values.kind as string | undefined) ?? 'person';
        if (!(KNOWN_NAME_KINDS as readonly string[]).includes(kind)) throw new UsageError(`--kind "${kind}": use one of ${KNOWN_NAME_KINDS.join(', ')}`);
        if (!rest.length) throw new UsageError('missing SPELLING (give every spelling of one name, in any script)');
        return withProject(file!, (p) => {
          // one transaction: a crash can't leave a new name stored while cleared documents that hold it stay cleared
          const { entry, scan } = p.repo.transaction(() => ({ entry: addKnownName(p, kind as KnownNameKind, rest, (values.by as string | undefined) ?? null), scan: rescanAll(p, cliProgress('scanning')) }));
          out(`added ${entry.placeholder} (${entry.kind}, ${entry.spellings} spelling${entry.spellings === 1 ? '' : 's'}); ${scan.added} new finding${scan.added === 1 ? '' : 's'} in ${scan.documents} document${scan.documents === 1 ? '' : 's'}`);
          for (const name of scan.reopened) out(`reopened for review: "${name}"`);
          return 0;
        });
      }
      if (action === 'remove') {
        if (rest.length !== 1) throw new UsageError('give one SPELLING or PLACEHOLDER to remove');
        return withProject(file!, (p) => {
          const entry = findKnownName(p, rest[0]!);
          if (!entry) throw new WeftError(`"${rest[0]}" is not on the known-names list`);
          p.repo.transaction(() => {
            removeKnownName(p, entry.id);
            rescanAll(p, cliProgress('scanning'));
          });
          out(`removed ${entry.placeholder} from the known-names list (names already replaced keep it)`);
          return 0;
        });
      }
      throw new UsageError(`unknown action "${action}" (use list, add or remove)`);
    },
  },

  'deid status': {
    usage: 'weft deid status PROJECT [--json]   (each document: de-identified or not, open findings, replacements)',
    run(args) {
      const { positionals, values } = parse(args, { json: { type: 'boolean' } }, 1, 'PROJECT');
      const docs = withProject(positionals[0]!, (p) => deidDocuments(p), true);
      if (values.json) out(JSON.stringify(docs.map(({ name, status, deidentifiedBy, deidentifiedAt, open, redactions }) => ({ name, status, deidentifiedBy, deidentifiedAt, open, redactions }))));
      else {
        for (const d of docs) {
          const open = d.open.high + d.open.medium + d.open.low;
          const state = d.status === 'deidentified' ? `de-identified by ${d.deidentifiedBy ?? '?'} ${d.deidentifiedAt?.slice(0, 10) ?? ''}` : 'not de-identified';
          out(`${d.name}\t${state}\t${open} open (${d.open.high} high)\t${d.redactions} replaced`);
        }
      }
      return 0;
    },
  },
};
