// The layering is a build error: the lint rules that `npm test` runs reject
// wrong-way imports. This lints in-memory files at the paths they would have.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { ESLint } from 'eslint';
import { REPO_ROOT } from '../reference.js';

const eslint = new ESLint({ cwd: REPO_ROOT, overrideConfigFile: path.join(REPO_ROOT, 'tests/eslint.config.mjs') });

async function lint(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(REPO_ROOT, file) });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('layering', () => {
  it.each([
    ['shared/bad.ts', "import fs from 'node:fs'; export const a = fs;"],
    ['shared/bad.ts', "import fs from 'fs'; export const a = fs;"],
    ['shared/bad.ts', "import Database from 'better-sqlite3'; export const a = Database;"],
    ['shared/bad.ts', "import { app } from 'electron'; export const a = app;"],
    ['shared/bad.ts', "import React from 'react'; export const a = React;"],
    ['shared/bad.ts', "import { Project } from '../electron/services/project.js'; export const a = Project;"],
    ['renderer/src/bad.tsx', "import fs from 'node:fs'; export const a = fs;"],
    ['renderer/src/bad.tsx', "import { Project } from '../../electron/services/project.js'; export const a = Project;"],
    ['renderer/src/bad.tsx', "import Database from 'better-sqlite3'; export const a = Database;"],
    ['electron/bad.ts', "import { App } from '../renderer/src/App'; export const a = App;"],
  ])('%s refuses: %s', async (file, code) => {
    const messages = await lint(file, code);
    expect(messages.some((m) => m.startsWith('no-restricted-imports'))).toBe(true);
  });

  it.each([
    ['shared/ok.ts', "import { z } from 'zod'; export const a = z;"],
    ['renderer/src/ok.tsx', "import { apiContract } from '../../shared/api/contract'; export const a = apiContract;"],
    ['electron/ok.ts', "import fs from 'node:fs'; import { apiContract } from '../shared/api/contract.js'; export const a = [fs, apiContract];"],
  ])('%s allows: %s', async (file, code) => {
    expect(await lint(file, code)).toEqual([]);
  });
});
