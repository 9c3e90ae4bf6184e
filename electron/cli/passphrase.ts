// Passphrases on the command line: WEFT_PASSPHRASE (and WEFT_NEW_PASSPHRASE for a change), or a prompt on the
// terminal with echo off. Never taken from an argument (it would sit in the shell history and the process list).
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import { isEncryptedFile } from '../store/database.js';
import { WeftError } from '../errors.js';

function readLineNoEcho(prompt: string): string {
  process.stderr.write(prompt);
  try {
    execFileSync('stty', ['-echo'], { stdio: ['inherit', 'ignore', 'ignore'] });
  } catch {
    throw new WeftError('cannot turn off echo on this terminal to ask for the passphrase; set WEFT_PASSPHRASE instead');
  }
  const bytes: number[] = [];
  const one = Buffer.alloc(1);
  try {
    for (;;) {
      let n: number;
      try {
        n = fs.readSync(0, one, 0, 1, null);
      } catch (e) {
        if ((e as { code?: string }).code === 'EAGAIN') continue;
        throw e;
      }
      if (n === 0 || one[0] === 0x0a || one[0] === 0x0d) break;
      bytes.push(one[0]!);
    }
  } finally {
    execFileSync('stty', ['echo'], { stdio: ['inherit', 'ignore', 'ignore'] });
    process.stderr.write('\n');
  }
  return Buffer.from(bytes).toString('utf8');
}

function fromEnvOrPrompt(variable: string, prompt: string, why: string): string {
  const env = process.env[variable];
  if (env !== undefined && env !== '') return env;
  if (!process.stdin.isTTY) throw new WeftError(`${why}: set ${variable}, or run weft in a terminal to be asked`);
  const typed = readLineNoEcho(prompt);
  if (typed === '') throw new WeftError(`${why}: no passphrase given`);
  return typed;
}

/** The passphrase of an existing encrypted file, or undefined for a plain one. */
export function passphraseFor(file: string): string | undefined {
  if (!isEncryptedFile(file)) return undefined;
  return fromEnvOrPrompt('WEFT_PASSPHRASE', `Passphrase for ${file}: `, `${file} is encrypted`);
}

/** A new passphrase, typed twice on a terminal. `variable` names the environment variable that can give it instead. */
export function newPassphrase(file: string, variable = 'WEFT_PASSPHRASE'): string {
  const env = process.env[variable];
  if (env !== undefined && env !== '') return env;
  const first = fromEnvOrPrompt(variable, `New passphrase for ${file}: `, `${file} needs a new passphrase`);
  const again = readLineNoEcho('Type it again: ');
  if (again !== first) throw new WeftError(`${file}: the two passphrases differ; nothing was changed`);
  return first;
}
