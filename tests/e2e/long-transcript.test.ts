// A long interview (3,000 speaker turns in five scripts, with emoji) in the
// coding workspace: only the turns near the viewport are in the DOM, and
// everything a coder does still lands on the right code points: jumping to a
// segment at the far end, scrolling to the bottom, keyboard coding of the last
// turn, and a selection that survives scrolling away and back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS, openApp, tempDir, weft, type AppSession } from './harness.js';
import { parseCsv } from '../../shared/formats/csv.js';

const TURNS = 3000;
const NAME = 'long-interview';
// Thai, Khmer, Amharic, Vietnamese written decomposed (not NFC), and emoji outside the BMP
const LINES = [
  'Interviewer: ตำรวจได้รับแจ้งเรื่องนี้เมื่อไหร่ และมีการเก็บหลักฐานอย่างไร',
  'Respondent: ប៉ូលីសបានមកដល់នៅថ្ងៃបន្ទាប់ ហើយសួរសំណួរជាច្រើនអំពីសារ 📱 ដែលគាត់បានទទួល',
  'Interviewer: የፖሊስ ጣቢያው ምን ያህል ርቀት ላይ ነው? 🚓',
  'Respondent: '.concat('Chúng tôi đã báo cho cảnh sát'.normalize('NFD'), ' and the family waited two weeks for an answer 😔 before anyone called back.'),
];
const TARGET = 'the family waited for the hearing 👨‍👩‍👧 in the provincial court';

let app: AppSession;
let page: Page;
let outbound: string[];
let dir: string;
let project: string;
let stored: string;

function cpOf(text: string, u16: number): number {
  return Array.from(text.slice(0, u16)).length;
}

function storedCodings(): Array<Record<string, string>> {
  const out = path.join(dir, `codings-${Date.now()}.csv`);
  weft('export', project, '--out', out);
  return parseCsv(fs.readFileSync(out, 'utf8'), out).rows.map((r) => r.cells);
}

const rendered = () => page.evaluate(() => document.querySelector('[aria-label="Transcript"] [contenteditable]')!.children.length);
const frames = (n = 3) => page.evaluate((k) => new Promise<void>((r) => { const f = (i: number) => (i ? requestAnimationFrame(() => f(i - 1)) : r()); f(k); }), n);

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  dir = tempDir('weft-e2e-long-');
  project = path.join(dir, 'long.weft');
  const turns = Array.from({ length: TURNS }, (_, i) => `${LINES[i % LINES.length]} (${i + 1})`);
  turns[TURNS - 10] = `Respondent: At the end ${TARGET}, and nobody explained the delay.`;
  fs.writeFileSync(path.join(dir, `${NAME}.txt`), turns.join('\n'));
  weft('init', project);
  weft('import', project, path.join(dir, `${NAME}.txt`));
  const json = path.join(dir, 'p.json');
  weft('export', project, '--out', json);
  stored = JSON.parse(fs.readFileSync(json, 'utf8')).documents[0].text;
  const u16 = stored.indexOf(TARGET);
  expect(u16).toBeGreaterThan(0);
  const start = cpOf(stored, u16);
  fs.writeFileSync(path.join(dir, 'c.csv'), `document,code_path,coder,start,end\n${NAME},Court > Delays,Nomvula,${start},${start + Array.from(TARGET).length}\n`);
  weft('codings', 'import', project, path.join(dir, 'c.csv'), '--create-codes');
  app = await openApp(project, 'Amina');
  ({ page, outbound } = app);
  await page.getByRole('list', { name: 'Documents' }).getByRole('button', { name: new RegExp(NAME) }).first().click();
  await page.waitForFunction(() => /:1$/.test(document.documentElement.dataset.transcriptReady ?? ''));
}, 120_000);

afterAll(async () => {
  await app?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('a 3,000-turn transcript', () => {
  it('renders only the turns near the viewport', async () => {
    const n = await rendered();
    expect(n).toBeGreaterThan(10);
    expect(n).toBeLessThan(300);
    await expect.poll(() => page.getByRole('textbox', { name: `Text of ${NAME}` }).textContent()).toContain('ตำรวจได้รับแจ้ง');
  });

  it('jumps to a segment near the end from the segments table, and selects exactly its text', async () => {
    await page.getByRole('table', { name: 'Coded segments' }).getByRole('row').filter({ hasText: 'provincial court' }).first().click();
    await expect.poll(() => page.evaluate(() => document.getSelection()?.toString() ?? '')).toBe(TARGET);
    // the coded text is highlighted, and its stripe sits beside it
    const highlighted = await page.evaluate(() => {
      const texts: string[] = [];
      (CSS.highlights as unknown as Map<string, Set<AbstractRange>>).forEach((ranges) =>
        ranges.forEach((r) => {
          const range = document.createRange();
          range.setStart(r.startContainer, r.startOffset);
          range.setEnd(r.endContainer, r.endOffset);
          texts.push(range.toString());
        }),
      );
      return texts;
    });
    expect(highlighted).toContain(TARGET);
    await expect.poll(() => page.locator('.stripe[title="Court > Delays · Nomvula"]').count()).toBe(1);
    expect(await rendered()).toBeLessThan(300);
    await page.screenshot({ path: path.join(ARTIFACTS, 'long-transcript-jump.png') });
  });

  it('scrolls to the bottom and shows the last turn', async () => {
    await page.evaluate(() => {
      const box = document.querySelector('.transcript-scroll') as HTMLElement;
      box.scrollTop = box.scrollHeight;
    });
    await frames(4);
    await page.evaluate(() => {
      const box = document.querySelector('.transcript-scroll') as HTMLElement;
      box.scrollTop = box.scrollHeight;
    });
    await frames(4);
    const text = (await page.getByRole('textbox', { name: `Text of ${NAME}` }).textContent()) ?? '';
    expect(text).toContain(`(${TURNS})`);
    // the last turn's bottom is within the viewport: the padding below it is not left over
    const gap = await page.evaluate(() => {
      const box = document.querySelector('.transcript-scroll') as HTMLElement;
      const root = box.querySelector('[contenteditable]')!;
      return box.getBoundingClientRect().bottom - root.lastElementChild!.getBoundingClientRect().bottom;
    });
    expect(gap).toBeGreaterThanOrEqual(0);
    expect(gap).toBeLessThan(120);
  });

  it('codes the last turn with the keyboard at the right code points', async () => {
    // a click in the text (a collapsed selection) clears the selection; ↑ with none selects the last turn
    const text = page.getByRole('textbox', { name: `Text of ${NAME}` });
    await text.focus();
    await page.evaluate(() => {
      const root = document.querySelector('[aria-label="Transcript"] [contenteditable]')!;
      document.getSelection()!.collapse(document.createTreeWalker(root, NodeFilter.SHOW_TEXT).nextNode()!, 0);
    });
    await page.getByText('characters selected').waitFor({ state: 'hidden' });
    await page.keyboard.press('ArrowUp');
    await page.getByText('characters selected').waitFor();
    await page.keyboard.press('Control+k');
    const combo = page.getByRole('combobox', { name: 'Apply code' });
    await combo.fill('Last word');
    await page.getByRole('option', { name: /create code/i }).first().click();
    await expect.poll(() => storedCodings().filter((r) => r.code_path?.endsWith('Last word')).length).toBe(1);
    const row = storedCodings().find((r) => r.code_path?.endsWith('Last word'))!;
    const last = stored.slice(stored.lastIndexOf('\n') + 1);
    const label = /^\w+: /.exec(last)![0];
    const body = last.slice(label.length);
    expect(Number(row.end)).toBe(Array.from(stored).length);
    expect(Number(row.start)).toBe(Array.from(stored).length - Array.from(body).length);
    expect(row.text).toBe(body);
  });

  it('keeps the same turn in view when the window is resized (every turn re-wraps)', async () => {
    const visibleTurn = () =>
      page.evaluate(() => {
        const box = (document.querySelector('.transcript-scroll') as HTMLElement).getBoundingClientRect();
        const turns = Array.from(document.querySelector('[aria-label="Transcript"] [contenteditable]')!.children);
        const seen = turns.find((t) => {
          const r = t.getBoundingClientRect();
          return r.bottom > box.top + 40 && r.top < box.bottom;
        });
        return seen ? /\((\d+)\)$/.exec(seen.textContent ?? '')?.[1] ?? 'turn without a number' : null;
      });
    await page.evaluate(() => {
      const box = document.querySelector('.transcript-scroll') as HTMLElement;
      box.scrollTop = box.scrollHeight / 2;
    });
    await frames(4);
    const before = Number(await visibleTurn());
    expect(before).toBeGreaterThan(TURNS / 4);
    await page.setViewportSize({ width: 1000, height: 800 });
    await frames(6);
    // text is on screen (not padding), and it is where the reader was, give or take a few turns
    const after = Number(await visibleTurn());
    expect(Math.abs(after - before)).toBeLessThanOrEqual(4);
    await page.setViewportSize({ width: 1400, height: 900 });
    await frames(6);
    expect(Math.abs(Number(await visibleTurn()) - before)).toBeLessThanOrEqual(4);
  });

  it('keeps a selection made at the top while scrolling far away and back', async () => {
    await page.evaluate(() => {
      (document.querySelector('.transcript-scroll') as HTMLElement).scrollTop = 0;
    });
    await frames(4);
    const phrase = await page.evaluate(() => {
      const root = document.querySelector('[aria-label="Transcript"] [contenteditable]')!;
      const turn = root.children[1]!;
      const node = turn.lastChild!.firstChild as Text;
      const r = document.createRange();
      r.setStart(node, 1);
      r.setEnd(node, 20);
      (root as HTMLElement).focus();
      document.getSelection()!.removeAllRanges();
      document.getSelection()!.addRange(r);
      return r.toString().trim();
    });
    await page.getByText('characters selected').waitFor();
    const status = await page.getByText('characters selected').textContent();
    for (const y of [1e9, 0]) {
      await page.evaluate((top) => {
        (document.querySelector('.transcript-scroll') as HTMLElement).scrollTop = top;
      }, y);
      await frames(4);
    }
    expect(await page.getByText('characters selected').textContent()).toBe(status);
    // the selection is back in the DOM: the words the app will code (snapped to whole words), around the phrase dragged
    const count = Number(/(\d+) characters selected/.exec(status ?? '')![1]);
    await expect.poll(() => page.evaluate(() => Array.from(document.getSelection()?.toString() ?? '').length)).toBe(count);
    expect(await page.evaluate(() => document.getSelection()?.toString())).toContain(phrase);
    expect(outbound).toEqual([]);
  });
});
