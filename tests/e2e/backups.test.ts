// An encrypted project served in browser mode (passphrase from WEFT_PASSPHRASE before serving): the "encrypted"
// badge, and the Backups dialog listing the project's backups. A restore in browser mode is refused with the
// command to run instead, since the server holds the project open.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { launchBrowser, recordOutboundRequests, serve, tempDir, weft, type Served } from './harness.js';

let browser: Browser;
let served: Served;
let page: Page;
let outbound: string[];
let dir: string;
let project: string;
const saved = process.env.WEFT_PASSPHRASE;

beforeAll(async () => {
  dir = tempDir('weft-e2e-backups-');
  project = path.join(dir, 'study.weft');
  process.env.WEFT_PASSPHRASE = 'e2e river stone';
  weft('init', project, '--encrypt');
  fs.writeFileSync(path.join(dir, 'interview.txt'), 'Interviewer: What happened?\nRespondent: He wrote to her on a game chat.\n');
  weft('import', project, path.join(dir, 'interview.txt'));
  weft('backups', project, '--now');
  served = await serve(project);
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  outbound = recordOutboundRequests(page);
  await page.goto(served.url);
  await page.getByLabel('Your name').fill('Amina');
  await page.getByRole('button', { name: 'Start coding' }).click();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await served?.stop();
  if (saved === undefined) delete process.env.WEFT_PASSPHRASE;
  else process.env.WEFT_PASSPHRASE = saved;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('Backups in browser mode', () => {
  it('shows the project as encrypted and lists its backups in an accessible dialog', async () => {
    await expect.poll(() => page.getByText('encrypted', { exact: true }).count()).toBe(1);
    await page.getByRole('button', { name: 'Backups…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Backups' });
    await dialog.waitFor();
    const rows = dialog.getByRole('table', { name: 'Backups' }).getByRole('row');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(1).innerText()).toContain('taken by hand');
    const restore = dialog.getByRole('button', { name: 'Restore the chosen backup' });
    expect(await restore.isDisabled()).toBe(true);
    const axe = await new AxeBuilder({ page }).include('[role="dialog"]').analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);
    await dialog.getByRole('radio').first().check();
    await restore.click();
    await expect.poll(() => dialog.getByRole('alert').innerText()).toContain(`stop weft serve, then run: weft restore ${project}`);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog', { name: 'Backups' }).count()).toBe(0);
    expect(outbound).toEqual([]);
  }, 60_000);
});
