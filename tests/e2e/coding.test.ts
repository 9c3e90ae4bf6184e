// A new user in browser mode opens the demo project, selects a phrase, applies
// a code with Ctrl+K → type → Enter, and the coding is in the .weft file with
// the phrase's exact code-point offsets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, launchBrowser, recordOutboundRequests, serve, tempDir, weft, type Served } from './harness.js';

let browser: Browser;
let served: Served;
let project: string;
let page: Page;
let outbound: string[];

/** Select `phrase` inside the transcript the way a mouse drag would leave it: a DOM range. */
async function selectPhrase(p: Page, phrase: string): Promise<void> {
  const found = await p.evaluate((needle) => {
    const root = document.querySelector('[aria-label="Transcript"] [contenteditable]');
    if (!root) return false;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
      const i = n.data.indexOf(needle);
      if (i >= 0) {
        const r = document.createRange();
        r.setStart(n, i);
        r.setEnd(n, i + needle.length);
        const sel = document.getSelection()!;
        sel.removeAllRanges();
        sel.addRange(r);
        return true;
      }
    }
    return false;
  }, phrase);
  expect(found, `phrase "${phrase}" not found in the transcript`).toBe(true);
}

function codePointRange(text: string, phrase: string): { start: number; end: number } {
  const u16 = text.indexOf(phrase);
  expect(u16).toBeGreaterThanOrEqual(0);
  const start = Array.from(text.slice(0, u16)).length;
  return { start, end: start + Array.from(phrase).length };
}

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const dir = tempDir();
  project = weft('demo', '--dir', dir).trim();
  served = await serve(project);
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  outbound = recordOutboundRequests(page);
  await page.goto(served.url);
  await page.getByLabel('Your name').fill('Amina');
  await page.getByRole('button', { name: 'Start coding' }).click();
  await page.getByRole('list', { name: 'Documents' }).waitFor();
});

afterAll(async () => {
  await browser?.close();
  await served?.stop();
});

describe('browser mode: code a transcript end to end', () => {
  it('shows the demo project: documents, transcript and codebook', async () => {
    const docs = page.getByRole('list', { name: 'Documents' }).getByRole('listitem');
    await expect.poll(() => docs.count()).toBe(5);
    await expect.poll(() => page.getByRole('region', { name: 'Transcript' }).textContent()).toContain('Interviewer:');
    await expect.poll(() => page.getByRole('tree', { name: 'Codebook' }).getByRole('treeitem').count()).toBeGreaterThan(60);
    await page.getByRole('treeitem', { name: 'Sexual extortion', exact: true }).waitFor();
    // the run token was moved out of the address bar
    expect(page.url()).not.toContain('token=');
  });

  it('applies a code with Ctrl+K, type, Enter; highlights it and lists it', async () => {
    const phrase = 'The biggest group of cases now is sextortion';
    await selectPhrase(page, phrase);
    await page.keyboard.press('Control+k');
    const combo = page.getByRole('combobox', { name: 'Apply code' });
    await combo.waitFor();
    await combo.fill('sexual extor');
    await combo.press('Enter');
    await combo.waitFor({ state: 'detached' });

    const table = page.getByRole('table', { name: 'Coded segments' });
    await expect.poll(() => table.getByRole('row').filter({ hasText: phrase }).count()).toBe(1);
    const row = await table.getByRole('row').filter({ hasText: phrase }).textContent();
    expect(row).toContain('Forms of harm > Sexual extortion');
    expect(row).toContain('Amina');
    // one highlight range is registered for the code
    const ranges = await page.evaluate(() => {
      let n = 0;
      CSS.highlights.forEach((h) => (n += (h as unknown as Set<AbstractRange>).size));
      return n;
    });
    expect(ranges).toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'workspace-light.png') });
  });

  it('applies a code to a Thai phrase by clicking it in the codebook', async () => {
    const phrase = 'ไม่อยากให้เป็นเรื่องใหญ่';
    await selectPhrase(page, phrase);
    await page.getByRole('treeitem', { name: 'Reasons for not telling', exact: true }).click();
    const table = page.getByRole('table', { name: 'Coded segments' });
    await expect.poll(() => table.getByRole('row').filter({ hasText: phrase }).count()).toBe(1);
  });

  it('stored the codings with exact code-point offsets in the .weft file', async () => {
    const db = new Database(project, { readonly: true });
    try {
      const rows = db
        .prepare(
          `SELECT d.text, c.start, c."end", k.name AS coder, co.name AS code FROM codings c
           JOIN documents d ON d.id = c.document_id JOIN coders k ON k.id = c.coder_id JOIN codes co ON co.id = c.code_id ORDER BY c.id`,
        )
        .all() as Array<{ text: string; start: number; end: number; coder: string; code: string }>;
      expect(rows).toHaveLength(2);
      const [first, second] = rows;
      expect(first!.code).toBe('Sexual extortion');
      expect(first!.coder).toBe('Amina');
      expect({ start: first!.start, end: first!.end }).toEqual(codePointRange(first!.text, 'The biggest group of cases now is sextortion'));
      expect(second!.code).toBe('Reasons for not telling');
      expect({ start: second!.start, end: second!.end }).toEqual(codePointRange(second!.text, 'ไม่อยากให้เป็นเรื่องใหญ่'));
      expect(Array.from(second!.text).slice(second!.start, second!.end).join('')).toBe('ไม่อยากให้เป็นเรื่องใหญ่');
    } finally {
      db.close();
    }
  });

  it('shows a coding at once, and takes it back when the backend refuses it, saying why', async () => {
    const ready = () => page.evaluate(() => document.documentElement.dataset.transcriptReady ?? '');
    const before = await ready();
    const count = Number(before.split(':')[1]);
    await page.route('**/api/call', async (route) => {
      if (!(route.request().postDataBuffer()?.toString() ?? '').includes('"codings.apply"')) return route.continue();
      // answer late, so the coding is seen before the refusal comes back (with room for a slow machine)
      await new Promise((r) => setTimeout(r, 2000));
      await route.fulfill({ status: 400, contentType: 'application/json', body: JSON.stringify({ ok: false, error: { code: 'bad_request', message: 'refused for the test' } }) });
    });
    try {
      const phrase = 'Eleven officers for the whole country';
      await selectPhrase(page, phrase);
      await page.keyboard.press('Control+k');
      const combo = page.getByRole('combobox', { name: 'Apply code' });
      await combo.fill('sexual extor');
      await combo.press('Enter');
      // drawn before the answer: one more coding in the transcript
      await expect.poll(ready, { timeout: 1500 }).toBe(`${before.split(':')[0]}:${count + 1}`);
      // then taken back, with the backend's reason in the status bar
      await expect.poll(ready).toBe(before);
      await expect.poll(() => page.locator('footer.statusbar').textContent()).toContain('refused for the test');
      // the table follows the transcript (it is drawn as a deferred value), so it is waited for
      await expect.poll(() => page.getByRole('table', { name: 'Coded segments' }).getByRole('row').filter({ hasText: phrase }).count()).toBe(0);
      // the box stays open for another try; Escape closes it
      await combo.press('Escape');
      await combo.waitFor({ state: 'detached' });
    } finally {
      await page.unroute('**/api/call');
    }
  });

  it('renders the dark theme', async () => {
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.screenshot({ path: path.join(ARTIFACTS, 'workspace-dark.png') });
  });

  it('made no request to any address but the loopback server', () => {
    expect(outbound).toEqual([]);
  });
});
