// The status bar's progress indicator in headless Chromium: merging six coder
// packages from the Team view, then exporting the project as .qdpx, send
// progress events while the backend works; the indicator names the
// operation, shows a bar and "n of total", and goes away once it is done.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS, openApp, tempDir, weft, type AppSession } from './harness.js';
import { toCsv } from '../../shared/formats/csv.js';

const DOCUMENTS = 40;
// codings per document and coder: enough for the merge and the export to take a second or more, well past the indicator's 300 ms
const PER_DOCUMENT = 200;
const CODERS = ['Ana', 'Ben', 'Cai', 'Dee', 'Eli', 'Fay'];
const CODES = ['Actors > Police', 'Actors > Family', 'Barriers > Delay', 'Barriers > Cost'];

let app: AppSession;
let page: Page;
let outbound: string[];
let dir: string;
let packages: string[];

const documentName = (i: number) => `interview-${String(i).padStart(2, '0')}`;

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  dir = tempDir('weft-e2e-progress-');
  const corpus = path.join(dir, 'corpus');
  fs.mkdirSync(corpus);
  const paragraph = 'Participant: She told her aunt, and the aunt went to the police station that night; the officers asked for screenshots of every message.\n';
  for (let i = 1; i <= DOCUMENTS; i++) fs.writeFileSync(path.join(corpus, `${documentName(i)}.txt`), `Interviewer: What happened next? (${i})\n${paragraph.repeat(30)}`);
  const lead = path.join(dir, 'lead.weft');
  weft('init', lead);
  weft('import', lead, corpus);
  // every coder codes every document in their own package, which the lead merges from the UI
  packages = CODERS.map((coder, c) => {
    const documents = Array.from({ length: DOCUMENTS }, (_, i) => documentName(i + 1));
    weft('assign', lead, '--coder', coder, '--documents', documents.join(','));
    const pkg = path.join(dir, `${coder}.weft`);
    weft('package', lead, '--coder', coder, '--out', pkg);
    const rows: Array<Array<string | number>> = [];
    for (const d of documents) for (let k = 0; k < PER_DOCUMENT; k++) rows.push([d, CODES[(k + c) % CODES.length]!, coder, 40 + k * 15 + c, 90 + k * 15 + c]);
    fs.writeFileSync(path.join(dir, `${coder}.csv`), toCsv(['document', 'code_path', 'coder', 'start', 'end'], rows));
    weft('codings', 'import', pkg, path.join(dir, `${coder}.csv`), '--create-codes');
    return pkg;
  });
  app = await openApp(lead, 'Lead');
  ({ page, outbound } = app);
}, 180_000);

afterAll(async () => {
  await app?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('the status bar progress indicator', () => {
  /** Record, in the page, how the bar of `operation` is drawn: "done/total label", each change once. */
  const recordBar = (operation: string) =>
    page.evaluate((operation) => {
      const w = window as unknown as { seen: string[] };
      w.seen = [];
      new MutationObserver(() => {
        const bar = document.querySelector(`progress[aria-label="Progress: ${operation}"]`) as HTMLProgressElement | null;
        const label = bar?.parentElement?.querySelector('.op-progress-name')?.textContent;
        const drawn = bar && `${bar.value}/${bar.max} ${label}`;
        if (drawn && w.seen.at(-1) !== drawn) w.seen.push(drawn);
      }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    }, operation);
  const seen = () => page.evaluate(() => (window as unknown as { seen: string[] }).seen);
  /** The status bar, cut to the part that holds the indicator. */
  const shootStatusBar = async (name: string) => {
    const box = (await page.locator('footer.statusbar').boundingBox())!;
    await page.screenshot({ path: path.join(ARTIFACTS, name), clip: { x: 0, y: box.y, width: 700, height: box.height } });
  };
  const barOf = (operation: string) =>
    page
      .getByRole('status')
      .filter({ has: page.getByRole('progressbar', { name: `Progress: ${operation}` }) })
      .getByRole('progressbar', { name: `Progress: ${operation}` });

  it('shows a merge of several packages while it runs, then goes away', async () => {
    await page.getByRole('button', { name: 'Team', exact: true }).click();
    await recordBar('merge');
    await page.getByLabel('Choose files to merge').setInputFiles(packages);
    const bar = barOf('merge');
    await bar.waitFor({ state: 'visible' });
    await shootStatusBar('progress-statusbar-light.png');

    const report = page.getByRole('region', { name: 'Merge report' });
    await expect.poll(() => report.getByText(`${DOCUMENTS * PER_DOCUMENT} codings added`).count()).toBe(CODERS.length);
    // the indicator leaves once the merge is done
    await bar.waitFor({ state: 'detached' });
    const drawn = await seen();
    // one step per package, drawn while the merge ran (before the last package), not only at the end
    expect(drawn.every((d) => / Merging$/.test(d) && d.includes('/6 '))).toBe(true);
    expect(drawn.some((d) => !d.startsWith('6/6'))).toBe(true);
    expect(drawn.at(-1)).toBe('6/6 Merging');
    expect(outbound).toEqual([]);
  });

  // follows the merge above: its codings make the export long enough to show
  it('shows a .qdpx export of the merged project, in the dark theme too', async () => {
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    await page.getByRole('button', { name: 'Analysis & exchange' }).click();
    await page.getByRole('tab', { name: 'Export & import' }).click();
    await page.getByLabel('Export format').selectOption('qdpx');
    await recordBar('export');
    const downloaded = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export…' }).click();
    const bar = barOf('export');
    await bar.waitFor({ state: 'visible' });
    await shootStatusBar('progress-statusbar-dark.png');
    expect((await downloaded).suggestedFilename()).toBe('lead.qdpx');
    await bar.waitFor({ state: 'detached' });
    const drawn = await seen();
    // one step per document, then writing project.qde and compressing (the steps that outlast the documents)
    const steps = DOCUMENTS + 2;
    expect(drawn.some((d) => !d.startsWith(`${steps}/`))).toBe(true);
    expect(drawn.at(-1)).toBe(`${steps}/${steps} Exporting`);
    expect(outbound).toEqual([]);
  });
});
