// The `weft` command: finds the command in the registry, runs it, and turns
// errors into one line on stderr. Exit 0 on success, 1 on bad input, 2 on
// a usage error. Each capability adds its commands in electron/cli/commands/.
import { WeftError } from '../errors.js';
import { storageFailure } from '../store/backups.js';
import { out, UsageError, type CommandTable } from './args.js';
import { coreCommands } from './commands/core.js';
import { exchangeCommands } from './commands/exchange.js';
import { attributesCommands } from './commands/attributes.js';
import { deidCommands } from './commands/deid.js';
import { teamCommands } from './commands/team.js';
import { auditCommands } from './commands/audit.js';
import { setAuditContext } from '../services/audit.js';
import { codebookVersionsCommands } from './commands/codebookVersions.js';
import { codebookExchangeCommands } from './commands/codebookExchange.js';
import { securityCommands } from './commands/security.js';
import { clearProgress, setQuietProgress } from './progress.js';
import { fileURLToPath } from 'node:url';
import { setWorkerDir } from '../workers/syncPool.js';

// the worker bundles sit next to this one's folder (dist/cli/weft.mjs → dist/workers/)
setWorkerDir(fileURLToPath(new URL('../workers/', import.meta.url)));

export const commands: CommandTable = {
  ...coreCommands,
  ...exchangeCommands,
  ...attributesCommands,
  ...deidCommands,
  ...teamCommands,
  ...auditCommands,
  ...codebookVersionsCommands,
  ...codebookExchangeCommands,
  ...securityCommands,
};

function usage(): string {
  return [
    'weft: qualitative coding for sensitive research interviews',
    '',
    'usage:',
    ...Object.values(commands).map((c) => `  ${c.usage}`),
    '',
    'Offsets are Unicode code points, end exclusive.',
    'Long commands draw a progress bar on stderr when it is a terminal; --quiet (or CI=true) turns it off.',
  ].join('\n');
}

/** `--quiet` may stand anywhere before a `--`; every command accepts it. */
function withoutQuiet(argv: string[]): { argv: string[]; quiet: boolean } {
  const end = argv.indexOf('--');
  const head = end < 0 ? argv : argv.slice(0, end);
  const kept = head.filter((a) => a !== '--quiet');
  return { argv: end < 0 ? kept : [...kept, ...argv.slice(end)], quiet: kept.length !== head.length };
}

export async function run(fullArgv: string[]): Promise<number> {
  const { argv, quiet } = withoutQuiet(fullArgv);
  setQuietProgress(quiet);
  // the audit trail records the command line as its own channel, and the coder WEFT_CODER names
  setAuditContext({ via: 'cli', coder: process.env.WEFT_CODER?.trim() || null });
  const [first, second, ...rest] = argv;
  setAuditContext({ command: second !== undefined && commands[`${first} ${second}`] ? `${first} ${second}` : first ?? null });
  if (first === undefined || first === 'help' || first === '--help' || first === '-h') {
    out(usage());
    return 0;
  }
  const pair = second !== undefined ? commands[`${first} ${second}`] : undefined;
  if (pair) return pair.run(rest);
  const single = commands[first];
  if (single) return single.run(argv.slice(1));
  const subs = Object.keys(commands).filter((k) => k.startsWith(`${first} `));
  if (subs.length) throw new UsageError(`unknown ${first} command "${second ?? ''}" (try: ${subs.map((s) => `weft ${s}`).join(', ')})`);
  throw new UsageError(`unknown command "${first}" (run weft --help)`);
}

export async function main(argv = process.argv.slice(2)): Promise<void> {
  try {
    process.exitCode = await run(argv);
  } catch (e) {
    clearProgress();
    const storage = e instanceof WeftError ? null : storageFailure(e, argv.find((a) => /\.weft$/i.test(a)) ?? 'the project');
    const msg = e instanceof WeftError ? e.message : storage ? storage.message : `unexpected error: ${(e as Error).message ?? e}`;
    process.stderr.write(`weft: ${msg.split('\n')[0]}\n`);
    process.exitCode = e instanceof UsageError ? 2 : 1;
  }
}
