// Codebook versions and the coding-round lock: publish, list, lock/unlock, and
// the codebook document for training coders.
import path from 'node:path';
import { codebookDocument, listVersions, publishVersion, setLock } from '../../services/codebookVersions.js';
import { writeAuditedExport } from '../exportFile.js';
import { out, parse, UsageError, withProject, type CommandTable } from '../args.js';

function lockCommand(locked: boolean): CommandTable[string] {
  return {
    usage: `weft codebook ${locked ? 'lock' : 'unlock'} PROJECT [--coder NAME]`,
    run(args) {
      const { positionals, values } = parse(args, { coder: { type: 'string' } }, 1, 'PROJECT');
      withProject(positionals[0]!, (p) =>
        p.repo.transaction(() => {
          const coderId = values.coder ? p.repo.ensureCoder(values.coder as string).id : undefined;
          return setLock(p, locked, coderId);
        }),
      );
      out(locked ? 'codebook locked: coders can propose new codes; other changes are refused until it is unlocked' : 'codebook unlocked');
      return 0;
    },
  };
}

export const codebookVersionsCommands: CommandTable = {
  'codebook publish': {
    usage: 'weft codebook publish PROJECT --note TEXT [--coder NAME]',
    run(args) {
      const { positionals, values } = parse(args, { note: { type: 'string' }, coder: { type: 'string' } }, 1, 'PROJECT');
      if (values.note === undefined) throw new UsageError('missing --note TEXT');
      const v = withProject(positionals[0]!, (p) =>
        p.repo.transaction(() => publishVersion(p, { note: values.note as string, publishedBy: (values.coder as string | undefined) ?? undefined })),
      );
      out(`published codebook version ${v.number} (${v.codes} codes)`);
      return 0;
    },
  },

  'codebook versions': {
    usage: 'weft codebook versions PROJECT [--json]',
    run(args) {
      const { positionals, values } = parse(args, { json: { type: 'boolean' } }, 1, 'PROJECT');
      const versions = withProject(positionals[0]!, (p) => listVersions(p), true);
      if (values.json) out(JSON.stringify(versions));
      else if (!versions.length) out('no codebook version published yet');
      else
        for (const v of versions) {
          out(`${v.number}\t${v.publishedAt.slice(0, 10)}\t${v.publishedBy ?? '-'}\t${v.codes} codes\t${v.codings} codings\t${v.note}`);
        }
      return 0;
    },
  },

  'codebook lock': lockCommand(true),
  'codebook unlock': lockCommand(false),

  'codebook document': {
    usage: 'weft codebook document PROJECT --out FILE.html [--version N]',
    run(args) {
      const { positionals, values } = parse(args, { out: { type: 'string' }, version: { type: 'string' } }, 1, 'PROJECT');
      if (!values.out) throw new UsageError('missing --out FILE.html');
      const file = values.out as string;
      if (!/^\.html?$/i.test(path.extname(file))) throw new UsageError(`--out "${file}": the codebook document is an .html file`);
      let version: number | undefined;
      if (values.version !== undefined) {
        version = Number(values.version);
        if (!Number.isInteger(version) || version < 1) throw new UsageError(`--version "${values.version}": a version number such as 3`);
      }
      const doc = withProject(positionals[0]!, (p) => codebookDocument(p, version), true);
      writeAuditedExport(positionals[0]!, file, doc.html, { of: 'codebook document' });
      out(`wrote ${file}`);
      return 0;
    },
  },
};
