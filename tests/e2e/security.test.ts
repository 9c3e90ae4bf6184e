// Browser mode in headless Chromium: the Content-Security-Policy blocks a
// script injected into the page (inline, as an event handler, or from
// elsewhere), and the Audit view shows, filters and saves the trail that the
// CLI and the app wrote. No request leaves the machine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, launchBrowser, recordOutboundRequests, serve, tempDir, WEFT, type Served } from './harness.js';

let dir: string;
let served: Served;
let browser: Browser;
let page: Page;
let outbound: string[];
const violations: string[] = [];

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  dir = tempDir('weft-e2e-security-');
  const project = path.join(dir, 'p.weft');
  fs.writeFileSync(path.join(dir, 'interview.txt'), 'Interviewer: When did it start?\nRespondent: Last year, on a game chat.\n');
  const env = { ...process.env, WEFT_CODER: 'Importer' };
  execFileSync(process.execPath, [WEFT, 'init', project], { env });
  execFileSync(process.execPath, [WEFT, 'import', project, path.join(dir, 'interview.txt')], { env });
  served = await serve(project);
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true })).newPage();
  outbound = recordOutboundRequests(page);
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await page.goto(served.url);
  await page.getByLabel('Your name').fill('Ann');
  await page.getByRole('button', { name: 'Start coding' }).click();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await served?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('browser mode security', () => {
  it('blocks injected inline scripts, inline event handlers and foreign scripts', async () => {
    const result = await page.evaluate(async () => {
      const w = window as unknown as Record<string, unknown>;
      const reported: string[] = [];
      document.addEventListener('securitypolicyviolation', (e) => reported.push(`${e.violatedDirective} ${e.blockedURI}`));
      const inline = document.createElement('script');
      inline.textContent = 'window.__weftInjected = "inline"';
      document.body.appendChild(inline);
      const holder = document.createElement('div');
      holder.innerHTML = '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" onerror="window.__weftInjected = \'handler\'" onload="window.__weftInjected = \'handler\'">';
      document.body.appendChild(holder);
      const foreign = document.createElement('script');
      foreign.src = 'data:text/javascript,window.__weftInjected="data"';
      document.body.appendChild(foreign);
      await new Promise((r) => setTimeout(r, 300));
      return { injected: w.__weftInjected ?? null, reported };
    });
    expect(result.injected).toBeNull();
    expect(result.reported.some((r) => /script-src/.test(r))).toBe(true);
    expect(violations.length).toBeGreaterThan(0);
  });

  it('shows the audit trail, filters it and saves it as CSV', async () => {
    await page.getByRole('button', { name: 'Audit', exact: true }).click();
    const table = page.getByRole('table', { name: 'Audit trail' });
    await expect.poll(() => table.getByRole('cell', { name: 'import', exact: true }).count()).toBe(1);
    await expect.poll(() => table.getByRole('cell', { name: 'Importer', exact: true }).count()).toBe(1);
    await expect.poll(() => table.getByRole('cell', { name: 'document: interview' }).count()).toBe(1);
    // the filter by action leaves only what matches
    await page.getByLabel('Filter by action').selectOption('import');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(1);
    await page.getByLabel('To date').fill('2000-01-01');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(0);
    await page.getByLabel('To date').fill('');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Save as CSV' }).click();
    const file = await download;
    const saved = path.join(dir, 'audit.csv');
    await file.saveAs(saved);
    const csv = fs.readFileSync(saved, 'utf8');
    expect(csv.split(/\r\n/)[0]).toBe('at,coder,account,via,action,target_kind,target_guid,target_name,details');
    expect(csv).toMatch(/Importer,[^,]*,cli,import,document,/);
    expect(csv).not.toMatch(/game chat/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'audit-view.png') });
    // saving the trail is itself recorded, by the coder of this session
    await page.getByLabel('Filter by action').selectOption('');
    await expect.poll(() => table.getByRole('cell', { name: 'export', exact: true }).count()).toBe(1);
    await expect.poll(() => table.getByRole('cell', { name: 'Ann', exact: true }).count()).toBeGreaterThan(0);
  });

  it('made no request outside the machine', () => {
    expect(outbound).toEqual([]);
  });
});
