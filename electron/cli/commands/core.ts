// The foundation's commands: projects, plain-text import, codebook and codings
// import, export, info, browser mode and the demo.
import { newPassphrase, passphraseFor } from '../passphrase.js';
import path from 'node:path';
import { Project } from '../../services/project.js';
import { importCommand } from './importing.js';
import { importCodingsCsv } from '../../services/coding.js';
import { exportCommand } from './exchange.js';
import { ensureDemoProject } from '../../services/demo.js';
import { startBrowserMode } from '../../transports/browserMode.js';
import { out, parse, UsageError, withProject, type CommandTable } from '../args.js';

export const coreCommands: CommandTable = {
  init: {
    usage: 'weft init PROJECT [--name NAME] [--bare] [--encrypt]   (--bare: without the default document attributes; --encrypt: passphrase from WEFT_PASSPHRASE or asked)',
    run(args) {
      const { positionals, values } = parse(args, { name: { type: 'string' }, bare: { type: 'boolean' }, encrypt: { type: 'boolean' } }, 1, 'PROJECT');
      const file = positionals[0]!;
      const passphrase = values.encrypt === true ? newPassphrase(file) : undefined;
      const project = Project.create(file, values.name as string | undefined, { defaultAttributes: values.bare !== true, passphrase });
      out(`created ${file} (project "${project.info().name}"${passphrase ? ', encrypted' : ''})`);
      project.close();
      return 0;
    },
  },

  // transcripts of every format, and folders, live with the import commands
  import: importCommand,

  // codebook import (and export and diff) live with the codebook exchange commands

  'codings import': {
    usage: 'weft codings import PROJECT FILE.csv [--create-codes]',
    run(args) {
      const { positionals, values } = parse(args, { 'create-codes': { type: 'boolean' } }, 2, 'PROJECT and FILE.csv');
      const r = withProject(positionals[0]!, (p) => importCodingsCsv(p, positionals[1]!, { createCodes: values['create-codes'] === true }));
      out(`codings: ${r.added} added, ${r.unchanged} already present, ${r.codesCreated} codes and ${r.codersCreated} coders created (${r.rows} rows)`);
      return 0;
    },
  },

  // every export format lives with the exchange commands
  export: exportCommand,

  info: {
    usage: 'weft info PROJECT [--json]',
    run(args) {
      const { positionals, values } = parse(args, { json: { type: 'boolean' } }, 1, 'PROJECT');
      const s = withProject(positionals[0]!, (p) => p.summary(), true);
      if (values.json) out(JSON.stringify(s));
      else out(`${s.documents} documents, ${s.codes} codes, ${s.codings} codings; coders: ${s.coders.join(', ') || '(none)'}`);
      return 0;
    },
  },

  serve: {
    usage: 'weft serve PROJECT [--port N] [--read-only]   (an encrypted project: passphrase from WEFT_PASSPHRASE or asked before serving)',
    async run(args) {
      const { positionals, values } = parse(args, { port: { type: 'string' }, 'read-only': { type: 'boolean' } }, 1, 'PROJECT');
      const port = values.port === undefined ? 0 : Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port "${values.port}": not a port number`);
      const projectFile = path.resolve(positionals[0]!);
      const server = await startBrowserMode({ projectFile, port, readOnly: values['read-only'] === true, passphrase: passphraseFor(projectFile) });
      out(server.url);
      const stop = () => server.close().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      return new Promise<number>(() => {}); // serves until killed
    },
  },

  demo: {
    usage: 'weft demo --dir DIR              (creates the demo project in DIR if missing; prints its path)',
    run(args) {
      const { values } = parse(args, { dir: { type: 'string' } }, 0, '');
      if (!values.dir) throw new UsageError('missing --dir DIR');
      out(ensureDemoProject(path.resolve(values.dir as string)));
      return 0;
    },
  },
};
