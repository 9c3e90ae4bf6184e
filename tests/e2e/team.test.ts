// The Team and Agreement views in headless Chromium: merging a coder package
// through the file picker (bytes uploaded over the API, as in browser mode),
// the merge report, agreement per code, stepping through disagreements with
// the keyboard, reconciling one, and undoing it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS, openApp, tempDir, weft, type AppSession } from './harness.js';
import { REPO_ROOT } from '../reference.js';
import { toCsv } from '../../shared/formats/csv.js';

let app: AppSession;
let page: Page;
let outbound: string[];
let dir: string;
let ben: string;

const TEXT = 'Interviewer: What happened next?\nParticipant: She told her aunt, and the aunt went to the police station that night.\nInterviewer: And then?\nParticipant: The officers asked for screenshots of every message.\n';
const CODE = 'Actors > Formal actors';
const codingsCsv = (file: string, coder: string, rows: Array<[number, number]>) =>
  fs.writeFileSync(file, toCsv(['document', 'code_path', 'coder', 'start', 'end'], rows.map(([s, e]) => ['interview', CODE, coder, s, e])));

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  dir = tempDir('weft-e2e-team-');
  const lead = path.join(dir, 'lead.weft');
  fs.writeFileSync(path.join(dir, 'interview.txt'), TEXT);
  weft('init', lead);
  weft('import', lead, path.join(dir, 'interview.txt'));
  weft('codebook', 'import', lead, path.join(REPO_ROOT, 'codebooks', 'generic-template.json'));
  // Ana's codings are in the project; Ben's come in a package merged from the UI
  codingsCsv(path.join(dir, 'ana.csv'), 'Ana', [[77, 97], [150, 163]]);
  weft('codings', 'import', lead, path.join(dir, 'ana.csv'));
  weft('assign', lead, '--coder', 'Ben', '--documents', 'interview');
  ben = path.join(dir, 'ben.weft');
  weft('package', lead, '--coder', 'Ben', '--out', ben);
  codingsCsv(path.join(dir, 'ben.csv'), 'Ben', [[77, 97], [145, 163]]);
  weft('codings', 'import', ben, path.join(dir, 'ben.csv'));
  app = await openApp(lead, 'Lead');
  ({ page, outbound } = app);
}, 120_000);

afterAll(async () => {
  await app?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('Team and Agreement views', () => {
  it('merges a package chosen in the Team view and shows the merge report', async () => {
    await page.getByRole('button', { name: 'Team', exact: true }).click();
    await page.getByLabel('Choose files to merge').setInputFiles(ben);
    const report = page.getByRole('region', { name: 'Merge report' });
    await expect.poll(() => report.getByText(/2 codings added/).count()).toBe(1);
    await expect.poll(() => page.getByRole('checkbox', { name: 'interview assigned to Ben' }).isChecked()).toBe(true);
    // the box follows the stored mark, so it changes once the backend answers
    const complete = page.getByRole('checkbox', { name: 'interview complete by Ben' });
    await complete.click();
    await expect.poll(() => complete.isChecked()).toBe(true);
    await complete.click();
    await expect.poll(() => complete.isChecked()).toBe(false);
  });

  it('shows agreement per code, steps through disagreements with the keyboard, reconciles and undoes', async () => {
    await page.getByRole('button', { name: 'Agreement', exact: true }).click();
    const table = page.getByRole('table', { name: 'Agreement per code' });
    await expect.poll(() => table.getByRole('rowheader', { name: CODE }).count()).toBe(1);
    const list = page.getByRole('listbox', { name: 'Disagreements' });
    await expect.poll(() => list.getByRole('option').count()).toBe(1);
    await expect.poll(() => page.getByText('0 of 1 reconciled', { exact: false }).count()).toBe(1);
    await list.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('a');
    await expect.poll(() => page.getByText('1 of 1 reconciled', { exact: false }).count()).toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'agreement-view.png') });
    await page.getByRole('button', { name: 'Undo last decision' }).click();
    await expect.poll(() => page.getByText('0 of 1 reconciled', { exact: false }).count()).toBe(1);
    expect(outbound).toEqual([]);
  });
});
