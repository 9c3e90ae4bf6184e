// The foundation's commands: projects, plain-text import, codebook and codings
// import, export, info, browser mode and the demo.
import path from 'node:path';
import { Project } from '../../services/project.js';
import { importFiles } from '../../services/documents.js';
import { importCodebookEntries, readCodebookFile } from '../../services/codebook.js';
import { importCodingsCsv } from '../../services/coding.js';
import { exportProject } from '../../services/exportProject.js';
import { ensureDemoProject } from '../../services/demo.js';
import { startBrowserMode } from '../../transports/browserMode.js';
import { out, parse, UsageError, withProject, type CommandTable } from '../args.js';

export const coreCommands: CommandTable = {
  init: {
    usage: 'weft init PROJECT [--name NAME]',
    run(args) {
      const { positionals, values } = parse(args, { name: { type: 'string' } }, 1, 'PROJECT');
      const file = positionals[0]!;
      const project = Project.create(file, values.name as string | undefined);
      out(`created ${file} (project "${project.info().name}")`);
      project.close();
      return 0;
    },
  },

  import: {
    usage: 'weft import PROJECT FILE... [--attr KEY=VALUE]...',
    run(args) {
      const { positionals, values } = parse(args, { attr: { type: 'string', multiple: true } }, 2, 'PROJECT and FILE');
      const attributes: Record<string, string> = {};
      for (const a of (values.attr as string[] | undefined) ?? []) {
        const eq = a.indexOf('=');
        if (eq <= 0) throw new UsageError(`--attr "${a}": expected KEY=VALUE`);
        attributes[a.slice(0, eq).trim()] = a.slice(eq + 1);
      }
      const [file, ...sources] = positionals;
      const results = withProject(file!, (p) => importFiles(p, sources, { attributes }));
      let failed = 0;
      for (const r of results) {
        if (r.status === 'imported') out(`imported ${r.file} as "${r.document}"`);
        else if (r.status === 'duplicate') out(`skipped ${r.file}: duplicate (${r.message})`);
        else {
          failed++;
          process.stderr.write(`weft: ${r.message}\n`);
        }
      }
      return failed ? 1 : 0;
    },
  },

  'codebook import': {
    usage: 'weft codebook import PROJECT FILE.{json,csv}',
    run(args) {
      const { positionals } = parse(args, {}, 2, 'PROJECT and FILE');
      const entries = readCodebookFile(positionals[1]!);
      const r = withProject(positionals[0]!, (p) => importCodebookEntries(p, entries));
      out(`codebook: ${r.added} added, ${r.updated} updated, ${r.unchanged} unchanged`);
      return 0;
    },
  },

  'codings import': {
    usage: 'weft codings import PROJECT FILE.csv [--create-codes]',
    run(args) {
      const { positionals, values } = parse(args, { 'create-codes': { type: 'boolean' } }, 2, 'PROJECT and FILE.csv');
      const r = withProject(positionals[0]!, (p) => importCodingsCsv(p, positionals[1]!, { createCodes: values['create-codes'] === true }));
      out(`codings: ${r.added} added, ${r.unchanged} already present, ${r.codesCreated} codes and ${r.codersCreated} coders created (${r.rows} rows)`);
      return 0;
    },
  },

  export: {
    usage: 'weft export PROJECT --out FILE.{csv,json}',
    run(args) {
      const { positionals, values } = parse(args, { out: { type: 'string' } }, 1, 'PROJECT');
      if (!values.out) throw new UsageError('missing --out FILE');
      const r = withProject(positionals[0]!, (p) => exportProject(p, values.out as string), true);
      out(`wrote ${values.out} (${r.format}, ${r.bytes} bytes)`);
      return 0;
    },
  },

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
    usage: 'weft serve PROJECT [--port N]',
    async run(args) {
      const { positionals, values } = parse(args, { port: { type: 'string' } }, 1, 'PROJECT');
      const port = values.port === undefined ? 0 : Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port "${values.port}": not a port number`);
      const server = await startBrowserMode({ projectFile: path.resolve(positionals[0]!), port });
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
