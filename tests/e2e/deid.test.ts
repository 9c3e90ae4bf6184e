// The De-identification view in headless Chromium: findings highlighted in
// the text, keyboard review (accept, reject), accept-all-high and undo,
// manual redaction of a selection, the known-names list, marking a document
// de-identified, and the setting that blocks coding. Screenshots in tests/artifacts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { ARTIFACTS, launchBrowser, recordOutboundRequests, serve, tempDir, weft, type Served } from './harness.js';
import { LABELLED, parseLabelled } from '../unit/deid/labelled.js';

let browser: Browser;
let served: Served;
let page: Page;
let outbound: string[];
let dir: string;

const transcript = (id: string) => parseLabelled(LABELLED.find((t) => t.id === id)!.marked).text;

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  dir = tempDir('weft-e2e-deid-');
  const project = path.join(dir, 'study.weft');
  weft('init', project, '--name', 'De-identification study');
  fs.writeFileSync(path.join(dir, 'caregiver-kenya.txt'), transcript('ke-caregiver'));
  fs.writeFileSync(path.join(dir, 'caregiver-thailand.txt'), transcript('th-caregiver-en'));
  weft('import', project, path.join(dir, 'caregiver-kenya.txt'), path.join(dir, 'caregiver-thailand.txt'));
  served = await serve(project);
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  page = await context.newPage();
  outbound = recordOutboundRequests(page);
  await page.goto(served.url);
  await page.getByLabel('Your name').fill('Amina');
  await page.getByRole('button', { name: 'Start coding' }).click();
  await page.getByRole('button', { name: 'De-identification' }).click();
  await page.getByRole('listbox', { name: 'Findings' }).waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await served?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const text = () => page.getByRole('document', { name: 'Transcript under review' }).innerText();
const findings = () => page.getByRole('listbox', { name: 'Findings' });
const highlighted = (name: string) => page.evaluate((n) => (CSS.highlights as unknown as Map<string, Set<unknown>>).get(n)?.size ?? 0, name);

describe('De-identification view', () => {
  it('lists the documents and highlights findings in the text by confidence', async () => {
    const docs = page.getByRole('listbox', { name: 'Documents' });
    await expect.poll(() => docs.getByRole('option').count()).toBe(2);
    await expect.poll(() => highlighted('deid-high')).toBeGreaterThan(5);
    await expect.poll(() => highlighted('deid-current')).toBe(1);
    const options = findings().getByRole('option');
    await expect.poll(() => options.count()).toBeGreaterThan(10);
    expect(await options.first().innerText()).toMatch(/person/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'deid-review-light.png') });
  });

  it('reviews with the keyboard: A accepts, X rejects, and the cursor moves on', async () => {
    await findings().focus();
    const first = await findings().getByRole('option', { selected: true }).innerText();
    expect(first).toMatch(/Wanjiru/);
    await page.keyboard.press('a');
    await expect.poll(text).toMatch(/My daughter is \[PERSON-1\]/);
    // the same name later in the text gets the same placeholder
    await expect.poll(() => findings().getByRole('option', { selected: true }).innerText()).toMatch(/Kiprono/);
    await page.keyboard.press('ArrowDown');
    const place = await findings().getByRole('option', { selected: true }).innerText();
    expect(place).toMatch(/Kawangware/);
    await page.keyboard.press('x');
    await expect.poll(() => page.getByText(/^Rejected \(1\)/).count()).toBe(1);
    expect(await text()).toContain('We stay in Kawangware');
    const wanjiru = findings().getByRole('option').filter({ hasText: 'Wanjiru' }).first();
    await wanjiru.click();
    await page.getByRole('button', { name: 'Accept the current finding' }).click();
    await expect.poll(() => text()).toMatch(/\[PERSON-1\] was spending a lot of time/);
  });

  it('accepts all high-confidence findings at once, and undoes that', async () => {
    const before = await text();
    const button = page.getByRole('button', { name: /^Accept all high-confidence \((\d+)\)/ });
    await button.click();
    await expect.poll(text).not.toContain('0722 456 789');
    expect(await text()).toContain('[PHONE]');
    expect(await text()).toContain('[EMAIL]');
    await page.getByRole('button', { name: 'Undo: accept all high-confidence findings' }).click();
    await expect.poll(text).toBe(before);
    await button.click();
    await expect.poll(text).not.toContain('0722 456 789');
  });

  it('redacts a selection by hand', async () => {
    // select "Kawangware" (rejected earlier) in the text, as a mouse would
    await page.evaluate(() => {
      const el = document.querySelector('[aria-label="Transcript under review"]')!;
      const node = el.firstChild as Text;
      const at = node.data.indexOf('Kawangware');
      const r = document.createRange();
      r.setStart(node, at);
      r.setEnd(node, at + 'Kawangware'.length);
      const sel = window.getSelection()!;
      sel.removeAllRanges();
      sel.addRange(r);
      el.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
    });
    await expect.poll(() => page.getByText('Selected: “Kawangware”').count()).toBe(1);
    await page.getByLabel('Redact as').selectOption('place');
    await page.getByRole('button', { name: 'Redact selection' }).click();
    await expect.poll(text).toContain('We stay in [PLACE-');
    expect(await text()).not.toContain('Kawangware');
  });

  it('keeps a known-names list that shows placeholders, not names', async () => {
    await page.getByLabel('Spellings of one name, one per line').fill('Somchai\nสมชาย');
    await page.getByRole('button', { name: 'Add name' }).click();
    const list = page.getByRole('list', { name: 'Known names' });
    await expect.poll(() => list.getByRole('listitem').count()).toBe(1);
    expect(await list.innerText()).toMatch(/\[PERSON-\d+\][\s\S]*person · 2 spellings/);
    expect(await list.innerText()).not.toMatch(/Somchai|สมชาย/);
    await page.getByRole('listbox', { name: 'Documents' }).getByRole('option', { name: /caregiver-thailand/ }).click();
    await expect.poll(() => findings().getByRole('option').filter({ hasText: 'known name' }).count()).toBeGreaterThanOrEqual(5);
    // the surname next to a known first name is still found
    await expect.poll(() => findings().getByRole('option').filter({ hasText: 'Wongsakul' }).count()).toBe(1);
    await page.getByRole('listbox', { name: 'Documents' }).getByRole('option', { name: /caregiver-kenya/ }).click();
  });

  it('marks the document de-identified once every finding is decided, and blocks coding when asked', async () => {
    const mark = page.getByRole('button', { name: 'Mark de-identified' });
    await expect.poll(() => mark.isDisabled()).toBe(true);
    await findings().focus();
    for (let i = 0; i < 60 && (await findings().getByRole('option', { selected: true }).count()) > 0; i++) {
      await page.keyboard.press('x');
      await page.waitForTimeout(60);
    }
    await expect.poll(() => mark.isDisabled()).toBe(false);
    await mark.click();
    await expect.poll(() => page.getByText(/^de-identified by Amina/).count()).toBe(1);
    await expect.poll(() => page.getByRole('listbox', { name: 'Documents' }).getByRole('option', { name: /caregiver-kenya/ }).innerText()).toMatch(/de-identified/);
    await page.getByLabel('Block coding until a document is marked de-identified').check();
    await expect.poll(() => page.getByText('Coding is now blocked until a document is marked de-identified.').count()).toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'deid-marked-light.png') });
  });

  it('is accessible, in light and dark themes, and makes no outbound request', async () => {
    const results = await new AxeBuilder({ page }).include('.deid-view').analyze();
    expect(results.violations.map((v) => `${v.id} (${v.impact}): ${v.help}: ${v.nodes.map((n) => `${n.target.join(' ')} ${n.failureSummary ?? ''}`).join('; ')}`)).toEqual([]);
    await page.getByRole('listbox', { name: 'Documents' }).getByRole('option', { name: /caregiver-thailand/ }).click();
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    await page.screenshot({ path: path.join(ARTIFACTS, 'deid-review-dark.png') });
    await page.getByRole('button', { name: 'Switch to light theme' }).click();
    expect(outbound).toEqual([]);
  });
});
