// The `weft` command: parses argv, calls services, prints. Exit 0 on success;
// on bad input one line on stderr naming the file, row or field, exit 1.
import { parseArgs, type ParseArgsConfig } from 'node:util';

import path from 'node:path';
import { Project } from '../services/project.js';
import { importFiles } from '../services/documents.js';
import { importCodebookEntries, readCodebookFile } from '../services/codebook.js';
import { importCodingsCsv } from '../services/coding.js';
import { exportProject } from '../services/exportProject.js';
import { startBrowserMode } from '../transports/browserMode.js';
import { ensureDemoProject } from '../services/demo.js';
import { WeftError } from '../errors.js';

const USAGE = `weft: qualitative coding for sensitive research interviews

usage:
  weft init PROJECT [--name NAME]
  weft import PROJECT FILE... [--attr KEY=VALUE]...
  weft codebook import PROJECT FILE.{json,csv}
  weft codings import PROJECT FILE.csv [--create-codes]
  weft export PROJECT --out FILE.{csv,json}
  weft info PROJECT [--json]
  weft serve PROJECT [--port N]
  weft demo --dir DIR              (creates the demo project in DIR if missing; prints its path)

Offsets are Unicode code points, end exclusive.`;

class UsageError extends WeftError {}

interface Parsed {
  positionals: string[];
  values: Record<string, string | boolean | string[] | undefined>;
}

function parse(args: string[], options: ParseArgsConfig['options'], min: number, names: string): Parsed {
  let parsed: Parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true }) as Parsed;
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]!);
  }
  if (parsed.positionals.length < min) throw new UsageError(`missing ${names}`);
  return parsed;
}

function withProject<T>(file: string, fn: (p: Project) => T, readOnly = false): T {
  const project = Project.open(file, { readOnly });
  try {
    return fn(project);
  } finally {
    project.close();
  }
}

const out = (line: string) => process.stdout.write(line + '\n');

export async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      out(USAGE);
      return 0;

    case 'init': {
      const { positionals, values } = parse(rest, { name: { type: 'string' } }, 1, 'PROJECT');
      const file = positionals[0]!;
      const project = Project.create(file, values.name as string | undefined);
      out(`created ${file} (project "${project.info().name}")`);
      project.close();
      return 0;
    }

    case 'import': {
      const { positionals, values } = parse(rest, { attr: { type: 'string', multiple: true } }, 2, 'PROJECT and FILE');
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
    }

    case 'codebook': {
      const [sub, ...args] = rest;
      if (sub !== 'import') throw new UsageError(`unknown codebook command "${sub ?? ''}" (try: weft codebook import)`);
      const { positionals } = parse(args, {}, 2, 'PROJECT and FILE');
      const entries = readCodebookFile(positionals[1]!);
      const r = withProject(positionals[0]!, (p) => importCodebookEntries(p, entries));
      out(`codebook: ${r.added} added, ${r.updated} updated, ${r.unchanged} unchanged`);
      return 0;
    }

    case 'codings': {
      const [sub, ...args] = rest;
      if (sub !== 'import') throw new UsageError(`unknown codings command "${sub ?? ''}" (try: weft codings import)`);
      const { positionals, values } = parse(args, { 'create-codes': { type: 'boolean' } }, 2, 'PROJECT and FILE.csv');
      const r = withProject(positionals[0]!, (p) => importCodingsCsv(p, positionals[1]!, { createCodes: values['create-codes'] === true }));
      out(`codings: ${r.added} added, ${r.unchanged} already present, ${r.codesCreated} codes and ${r.codersCreated} coders created (${r.rows} rows)`);
      return 0;
    }

    case 'export': {
      const { positionals, values } = parse(rest, { out: { type: 'string' } }, 1, 'PROJECT');
      if (!values.out) throw new UsageError('missing --out FILE');
      const r = withProject(positionals[0]!, (p) => exportProject(p, values.out as string), true);
      out(`wrote ${values.out} (${r.format}, ${r.bytes} bytes)`);
      return 0;
    }

    case 'info': {
      const { positionals, values } = parse(rest, { json: { type: 'boolean' } }, 1, 'PROJECT');
      const s = withProject(positionals[0]!, (p) => p.summary(), true);
      if (values.json) out(JSON.stringify(s));
      else out(`${s.documents} documents, ${s.codes} codes, ${s.codings} codings; coders: ${s.coders.join(', ') || '(none)'}`);
      return 0;
    }

    case 'serve': {
      const { positionals, values } = parse(rest, { port: { type: 'string' } }, 1, 'PROJECT');
      const port = values.port === undefined ? 0 : Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port "${values.port}": not a port number`);
      const server = await startBrowserMode({ projectFile: path.resolve(positionals[0]!), port });
      out(server.url);
      const stop = () => server.close().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      return new Promise<number>(() => {}); // serves until killed
    }

    case 'demo': {
      const { values } = parse(rest, { dir: { type: 'string' } }, 0, '');
      if (!values.dir) throw new UsageError('missing --dir DIR');
      out(ensureDemoProject(path.resolve(values.dir as string)));
      return 0;
    }

    default:
      throw new UsageError(`unknown command "${command}" (run weft --help)`);
  }
}

export async function main(argv = process.argv.slice(2)): Promise<void> {
  try {
    process.exitCode = await run(argv);
  } catch (e) {
    const msg = e instanceof WeftError ? e.message : `unexpected error: ${(e as Error).message ?? e}`;
    process.stderr.write(`weft: ${msg.split('\n')[0]}\n`);
    process.exitCode = e instanceof UsageError ? 2 : 1;
  }
}

