// Shared pieces of the `weft` commands: argument parsing, opening a project,
// printing, and the usage error.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { Project } from '../services/project.js';
import { auditCommandIfSilent, totalChanges } from '../services/audit.js';
import { WeftError } from '../errors.js';
import { passphraseFor } from './passphrase.js';

export class UsageError extends WeftError {}

export interface Parsed {
  positionals: string[];
  values: Record<string, string | boolean | string[] | undefined>;
}

export function parse(args: string[], options: ParseArgsConfig['options'], min: number, names: string): Parsed {
  let parsed: Parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true }) as Parsed;
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]!);
  }
  if (parsed.positionals.length < min) throw new UsageError(`missing ${names}`);
  return parsed;
}

/** Open a project for a command, asking for the passphrase of an encrypted one. */
export function openProject(file: string, readOnly = false): Project {
  return Project.open(file, { readOnly, passphrase: passphraseFor(file) });
}

export function withProject<T>(file: string, fn: (p: Project) => T, readOnly = false): T {
  const project = openProject(file, readOnly);
  try {
    const changes = totalChanges(project);
    const result = fn(project);
    auditCommandIfSilent(project, changes);
    return result;
  } finally {
    project.close();
  }
}

export async function withProjectAsync<T>(file: string, fn: (p: Project) => Promise<T>, readOnly = false): Promise<T> {
  const project = openProject(file, readOnly);
  try {
    const changes = totalChanges(project);
    const result = await fn(project);
    auditCommandIfSilent(project, changes);
    return result;
  } finally {
    project.close();
  }
}

export const out = (line: string): void => {
  process.stdout.write(line + '\n');
};

/** One `weft` command: its usage line and what it does with the remaining arguments. */
export interface Command {
  usage: string;
  run: (args: string[]) => number | Promise<number>;
}

/** Commands keyed by name; two-word names ("codebook import") are subcommands. */
export type CommandTable = Record<string, Command>;
