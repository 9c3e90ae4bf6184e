// The coding workspace as a coder uses it all day: overlapping codes from two
// coders, undo/redo, keyboard-only coding, accessibility, light and dark themes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, launchBrowser, recordOutboundRequests, serve, tempDir, weft, type Served } from './harness.js';
import { parseCsv } from '../../shared/formats/csv.js';
import { plural } from '../../shared/plural.js';

let browser: Browser;
let served: Served;
let project: string;
let dir: string;
let page: Page;
let outbound: string[];

const OFFICER = 'Officer, specialised unit';

function cpRange(text: string, phrase: string): { start: number; end: number } {
  const u16 = text.indexOf(phrase);
  if (u16 < 0) throw new Error(`phrase not in text: ${phrase}`);
  const start = Array.from(text.slice(0, u16)).length;
  return { start, end: start + Array.from(phrase).length };
}

function exportCsv(): Array<Record<string, string>> {
  const out = path.join(dir, `export-${Date.now()}.csv`);
  weft('export', project, '--out', out);
  return parseCsv(fs.readFileSync(out, 'utf8'), out).rows.map((r) => r.cells);
}

/** Click (with no selection) on the fourth character of a phrase in the transcript, as a mouse would on coded text. */
async function clickInside(p: Page, phrase: string): Promise<void> {
  const box = await p.evaluate((needle) => {
    const root = document.querySelector('[aria-label="Transcript"] [contenteditable]')!;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
      const i = n.data.indexOf(needle);
      if (i >= 0) {
        const r = document.createRange();
        r.setStart(n, i + 3);
        r.setEnd(n, i + 4);
        const b = r.getBoundingClientRect();
        return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
      }
    }
    return null;
  }, phrase);
  if (!box) throw new Error(`phrase not rendered in the transcript: ${phrase}`);
  await p.evaluate(() => document.getSelection()!.removeAllRanges());
  await p.mouse.click(box.x, box.y);
}

async function rowsMatching(p: Page, text: string): Promise<number> {
  return p.getByRole('table', { name: 'Coded segments' }).getByRole('row').filter({ hasText: text }).count();
}

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  dir = tempDir();
  project = weft('demo', '--dir', dir).trim();
  // a second coder's work arrives through the CLI: two codings that overlap the first coder's
  const json = JSON.parse((weft('export', project, '--out', path.join(dir, 'p.json')), fs.readFileSync(path.join(dir, 'p.json'), 'utf8')));
  const officer = json.documents.find((d: { name: string }) => d.name === OFFICER);
  const a = cpRange(officer.text, 'The biggest group of cases now is sextortion: a boy or a girl');
  const b = cpRange(officer.text, 'Eleven officers for the whole country');
  fs.writeFileSync(
    path.join(dir, 'bongani.csv'),
    'document,code_path,coder,start,end\n' +
      `"${OFFICER}",Forms of harm > Sexual extortion,Bongani,${a.start},${a.end}\n` +
      `"${OFFICER}",Law-enforcement capacity > Specialised units,Bongani,${b.start},${b.end}\n`,
  );
  weft('codings', 'import', project, path.join(dir, 'bongani.csv'));
  served = await serve(project);
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  page = await context.newPage();
  outbound = recordOutboundRequests(page);
  await page.goto(served.url);
  await page.getByLabel('Your name').fill('Amina');
  await page.getByRole('button', { name: 'Start coding' }).click();
  await page.getByRole('list', { name: 'Documents' }).waitFor();
  await page.waitForFunction(() => /:2$/.test(document.documentElement.dataset.transcriptReady ?? ''));
});

afterAll(async () => {
  await browser?.close();
  await served?.stop();
});

describe('coding workspace', () => {
  it('keyboard only: select a speaker turn, shrink it by words, code it with Ctrl+K', async () => {
    // Tab into the transcript, like a keyboard user
    const text = page.getByRole('textbox', { name: `Text of ${OFFICER}` });
    await text.focus();
    await page.keyboard.press('ArrowDown'); // first turn
    await page.keyboard.press('ArrowDown'); // second turn (the respondent's answer)
    const chip = page.locator('.selection-chip');
    await chip.waitFor();
    // shrink the end by three words
    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowLeft');
    await page.keyboard.press('Control+k');
    const combo = page.getByRole('combobox', { name: 'Apply code' });
    await combo.fill('special');
    await combo.press('Enter');
    await combo.waitFor({ state: 'detached' });
    await expect.poll(() => rowsMatching(page, 'Of course. I have been with the unit')).toBe(1);
    const row = exportCsv().find((r) => r.coder === 'Amina' && r.code_path === 'Law-enforcement capacity > Specialised units');
    expect(row).toBeDefined();
    expect(row!.text!.startsWith('Of course. I have been with the unit')).toBe(true);
    // the end moved back over three words: "but not the technical side." lost "the technical side"
    // the first press drops the full stop, the next two drop "side" and "technical"
    expect(row!.text!.slice(-40)).toBe('I knew sexual offence cases, but not the');
  });

  it('shows overlapping codes from two coders, told apart, with a legend', async () => {
    const phrase = 'now is sextortion';
    // Amina codes a phrase inside Bongani's longer segment with a different code
    await page.evaluate((needle) => {
      const root = document.querySelector('[aria-label="Transcript"] [contenteditable]')!;
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
        const i = n.data.indexOf(needle);
        if (i >= 0) {
          const r = document.createRange();
          r.setStart(n, i);
          r.setEnd(n, i + needle.length);
          document.getSelection()!.removeAllRanges();
          document.getSelection()!.addRange(r);
          return;
        }
      }
    }, phrase);
    await page.keyboard.press('Control+k');
    await page.getByRole('combobox', { name: 'Apply code' }).fill('grooming');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.transcriptReady)).toMatch(/:4$/);
    const legend = page.getByLabel('Legend');
    await expect.poll(() => legend.textContent()).toContain('Bongani');
    expect(await legend.textContent()).toContain('Amina (you)');
    // Amina's codings are filled, Bongani's are underlined: separate highlight groups
    const names = await page.evaluate(() => {
      const out: string[] = [];
      CSS.highlights.forEach((_h, name) => out.push(name as unknown as string));
      return out.sort();
    });
    expect(names.some((n) => n.endsWith('-fill'))).toBe(true);
    expect(names.some((n) => n.endsWith('-solid'))).toBe(true);
    // clicking the overlapped text lists both coders' segments there
    await clickInside(page, phrase);
    const pop = page.getByRole('dialog', { name: 'Coded segments here' });
    await pop.waitFor();
    const popText = await pop.textContent();
    expect(popText).toContain('Bongani');
    expect(popText).toContain('Amina');
    await page.screenshot({ path: path.join(ARTIFACTS, 'overlap-two-coders-light.png') });
    // at 1,440 px every view tab shows whole in the Coding view
    const tabs = page.getByRole('navigation', { name: 'Views' });
    expect(await tabs.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
    expect(await tabs.getByRole('button').count()).toBe(9);
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    await page.screenshot({ path: path.join(ARTIFACTS, 'overlap-two-coders-dark.png') });
    await page.getByRole('button', { name: 'Switch to light theme' }).click();
  });

  it('shows only one coder when asked', async () => {
    const view = page.getByLabel('Show codings of');
    await view.selectOption('Bongani');
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.transcriptReady)).toMatch(/:2$/);
    await view.selectOption('all');
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.transcriptReady)).toMatch(/:4$/);
  });

  it('undoes and redoes with the keyboard', async () => {
    await page.getByRole('textbox', { name: `Text of ${OFFICER}` }).focus();
    const before = exportCsv().length;
    await page.keyboard.press('Control+z');
    await expect.poll(() => exportCsv().length).toBe(before - 1);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => exportCsv().length).toBe(before);
    await expect.poll(() => rowsMatching(page, 'now is sextortion')).toBe(2);
  });

  it('applies a pinned favourite with its number key', async () => {
    await page.getByRole('treeitem', { name: 'Grooming', exact: true }).click();
    await page.getByLabel('Pin to a number key (1–9)').check();
    await page.getByRole('tree', { name: 'Codebook' }).locator('kbd.fav').first().waitFor();
    const text = page.getByRole('textbox', { name: `Text of ${OFFICER}` });
    await text.focus();
    await page.keyboard.press('ArrowDown');
    await page.locator('.selection-chip').waitFor();
    await page.keyboard.press('1');
    await expect.poll(() => exportCsv().filter((r) => r.code_path === 'Forms of harm > Grooming').length).toBe(2);
  });

  it('finds text in every document and codes all hits', async () => {
    await page.getByRole('tab', { name: 'Search' }).click();
    await page.getByLabel('Search all documents').fill('magistrate');
    await page.keyboard.press('Enter');
    const results = page.getByRole('list', { name: 'Search results' }).getByRole('listitem');
    await expect.poll(() => results.count()).toBeGreaterThan(0);
    const hits = await results.count();
    await page.getByRole('button', { name: 'Code all hits…' }).click();
    await page.getByRole('combobox', { name: 'Apply code' }).fill('court experience');
    await page.keyboard.press('Enter');
    await expect.poll(() => exportCsv().filter((r) => (r.text ?? '').toLowerCase() === 'magistrate').length).toBe(hits);
    await page.getByRole('tab', { name: 'Coded segments' }).click();
  });

  it('adjusts and removes a coding from its popover, and merges and deletes codes after asking; each is undoable', async () => {
    const status = page.locator('footer.statusbar').getByRole('status').first();
    const aminaGrooming = () => exportCsv().filter((r) => r.coder === 'Amina' && r.code_path === 'Forms of harm > Grooming' && (r.text ?? '').startsWith('now is sextortion'));
    expect(aminaGrooming().map((r) => r.text)).toEqual(['now is sextortion']);
    // open the popover on Amina's coding inside Bongani's
    await clickInside(page, 'now is sextortion');
    const pop = page.getByRole('dialog', { name: 'Coded segments here' });
    const mine = pop.getByRole('region', { name: 'Forms of harm > Grooming by Amina' });
    await mine.getByRole('button', { name: 'End one word later' }).click();
    // the end moves over the colon to the next word
    await expect.poll(() => aminaGrooming().map((r) => r.text)).toEqual(['now is sextortion: a']);
    await mine.getByRole('button', { name: 'Remove coding Forms of harm > Grooming' }).click();
    await pop.waitFor({ state: 'detached' });
    await expect.poll(() => status.textContent()).toMatch(/^Removed Forms of harm > Grooming from “now is sextortion: a”\. Ctrl\+Z undoes\.$/);
    expect(aminaGrooming()).toEqual([]);
    await page.getByRole('textbox', { name: `Text of ${OFFICER}` }).focus();
    await page.keyboard.press('Control+z');
    await expect.poll(() => aminaGrooming().map((r) => r.text)).toEqual(['now is sextortion: a']);

    // merge Grooming into Sexual extortion: the confirmation says what moves, and Ctrl+Z brings it back
    await page.evaluate(() => document.getSelection()!.removeAllRanges());
    await page.getByRole('treeitem', { name: 'Grooming', exact: true }).click();
    const details = page.getByRole('region', { name: 'Code details: Grooming' });
    await details.getByLabel('Merge into').selectOption({ label: 'Forms of harm > Sexual extortion' });
    await details.getByRole('button', { name: 'Merge', exact: true }).click();
    const ask = page.getByRole('alertdialog', { name: 'Merge “Grooming” into “Sexual extortion”?' });
    expect(await ask.textContent()).toContain('move to “Forms of harm > Sexual extortion”');
    const groomingBefore = exportCsv().filter((r) => r.code_path === 'Forms of harm > Grooming').length;
    expect(groomingBefore).toBeGreaterThan(0);
    await ask.getByRole('button', { name: 'Merge' }).click();
    await expect.poll(() => status.textContent()).toMatch(/^Merged: \d+ codings? moved/);
    expect(exportCsv().filter((r) => r.code_path === 'Forms of harm > Grooming')).toEqual([]);
    await expect.poll(() => page.getByRole('treeitem', { name: 'Grooming', exact: true }).count()).toBe(0);
    await page.getByRole('textbox', { name: `Text of ${OFFICER}` }).focus();
    await page.keyboard.press('Control+z');
    await expect.poll(() => exportCsv().filter((r) => r.code_path === 'Forms of harm > Grooming').length).toBe(groomingBefore);

    // delete Grooming: the confirmation counts its codings; cancel keeps it, Delete code removes it, Ctrl+Z restores it
    await page.getByRole('treeitem', { name: 'Grooming', exact: true }).click();
    await page.getByRole('region', { name: 'Code details: Grooming' }).getByRole('button', { name: 'Delete…' }).click();
    const del = page.getByRole('alertdialog', { name: 'Delete “Grooming”?' });
    expect(await del.textContent()).toContain(`and ${plural(groomingBefore, 'coding')} in `);
    await del.getByRole('button', { name: 'Cancel' }).click();
    await del.waitFor({ state: 'detached' });
    expect(exportCsv().filter((r) => r.code_path === 'Forms of harm > Grooming').length).toBe(groomingBefore);
    await page.getByRole('region', { name: 'Code details: Grooming' }).getByRole('button', { name: 'Delete…' }).click();
    await page.getByRole('alertdialog', { name: 'Delete “Grooming”?' }).getByRole('button', { name: 'Delete code' }).click();
    await expect.poll(() => status.textContent()).toBe(`Deleted 1 code and ${plural(groomingBefore, 'coding')}. Ctrl+Z undoes.`);
    expect(exportCsv().filter((r) => r.code_path === 'Forms of harm > Grooming')).toEqual([]);
    await page.getByRole('textbox', { name: `Text of ${OFFICER}` }).focus();
    await page.keyboard.press('Control+z');
    await expect.poll(() => exportCsv().filter((r) => r.code_path === 'Forms of harm > Grooming').length).toBe(groomingBefore);
  });

  it('has no serious or critical accessibility violations', async () => {
    const results = await new AxeBuilder({ page }).analyze();
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${v.id}: ${v.help}: ${v.nodes.map((n) => `${n.target.join(' ')} ${n.failureSummary ?? ''}`).join('; ')}`)).toEqual([]);
  });

  it('made no request to any address but the loopback server', () => {
    expect(outbound).toEqual([]);
  });
});
