// The Analysis & exchange view in headless Chromium: a study with a Consensus
// layer, the matrix with nested columns, drill-down to quotes and back into
// the workspace, co-occurrence, charts saved as SVG and PNG, exports and the
// theme report downloaded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import { ARTIFACTS, launchBrowser, recordOutboundRequests, serve, tempDir, weft, type Served } from './harness.js';
import { buildStudy } from '../unit/exchangeFixture.js';
import { reference } from '../reference.js';

let browser: Browser;
let served: Served;
let page: Page;
let outbound: string[];
let dir: string;
let projectFile: string;

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  dir = tempDir('weft-e2e-exchange-');
  projectFile = buildStudy(dir);
  served = await serve(projectFile);
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  page = await context.newPage();
  outbound = recordOutboundRequests(page);
  await page.goto(served.url);
  await page.getByLabel('Your name').fill('Amina');
  await page.getByRole('button', { name: 'Start coding' }).click();
  await page.getByRole('button', { name: 'Analysis & exchange' }).click();
  await page.getByRole('table', { name: /^Matrix: codes by participant_group/ }).waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await served?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function download(p: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [d] = await Promise.all([p.waitForEvent('download'), click()]);
  const file = await d.path();
  return { name: d.suggestedFilename(), bytes: fs.readFileSync(file!) };
}

describe('Analysis & exchange', () => {
  it('shows codes by two nested attributes on the Consensus layer, collapsible, with quotes behind a cell', async () => {
    await page.getByLabel('Nested column attribute').selectOption('country');
    const table = page.getByRole('table', { name: /^Matrix: codes by participant_group and country, / });
    await table.waitFor();
    // collapsed at first: a parent row shows its subcodes' segments
    const cell = table.getByRole('button', { name: 'Capacity, justice professional · Kenya: 3 segments. Show quotes' });
    await expect.poll(() => cell.count()).toBe(1);
    await table.getByRole('button', { name: 'Expand Capacity' }).click();
    await table.getByRole('button', { name: 'Capacity > Forensics, justice professional · Kenya: 2 segments. Show quotes' }).click();
    const quotes = page.getByRole('complementary', { name: 'Quotes' });
    await expect.poll(() => quotes.getByText('Evidence from phones is often lost.').count()).toBe(1);
    await expect.poll(() => quotes.getByText(/2 quotes/).count()).toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'matrix-light.png') });
    // measures
    await page.getByLabel('Cells show', { exact: true }).selectOption('percent');
    await expect.poll(() => table.getByRole('button', { name: 'Capacity > Forensics, justice professional · Kenya: 100% of documents. Show quotes' }).count()).toBe(1);
    await page.getByLabel('Cells show', { exact: true }).selectOption('segments');
    // back into the workspace at the quote
    await quotes.getByRole('button', { name: 'Open in workspace' }).first().click();
    await expect.poll(() => page.getByRole('region', { name: 'Transcript' }).or(page.locator('[aria-label="Transcript"]')).first().isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Analysis & exchange' }).click();
  });

  it('switches the layer to one coder and all coders', async () => {
    await page.getByLabel('Nested column attribute').selectOption('');
    await page.getByLabel('Codings of', { exact: true }).selectOption('all');
    const table = page.getByRole('table', { name: /^Matrix: codes by participant_group, / });
    await table.getByRole('button', { name: 'Expand Reporting' }).click();
    await expect.poll(() => table.getByRole('button', { name: 'Reporting > Channels, law-enforcement officer: 3 segments. Show quotes' }).count()).toBe(1);
    await page.getByLabel('Codings of', { exact: true }).selectOption('Bao');
    await expect.poll(() => table.getByRole('button', { name: 'Reporting > Channels, law-enforcement officer: 1 segment. Show quotes' }).count()).toBe(1);
    await page.getByLabel('Codings of', { exact: true }).selectOption('default');
  });

  it('exports the matrix as CSV and XLSX', async () => {
    const csv = await download(page, () => page.getByRole('button', { name: 'Export CSV' }).click());
    expect(csv.name).toBe('Exchange-study-matrix-participant_group-segments.csv');
    expect(csv.bytes.toString('utf8')).toMatch(/^code_path,law-enforcement officer,justice professional,caregiver,frontline worker\r\n/);
    const xlsx = await download(page, () => page.getByRole('button', { name: 'Export XLSX' }).click());
    expect(xlsx.name).toMatch(/\.xlsx$/);
    expect(xlsx.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
  });

  it('shows co-occurrence by overlap and by speaker turn, with the passages behind a cell', async () => {
    await page.getByRole('tab', { name: 'Co-occurrence' }).click();
    const table = page.getByRole('table', { name: /Co-occurrence of codes by overlapping segments/ });
    await table.getByRole('button', { name: 'Capacity > Training with Capacity > Forensics: 1. Show quotes' }).click();
    const quotes = page.getByRole('complementary', { name: 'Quotes' });
    await expect.poll(() => quotes.getByText('No forensic lab nearby, and no training on devices.').count()).toBe(1);
    await page.getByLabel('Count co-occurrence by').selectOption('turn');
    await expect.poll(() => page.getByRole('table', { name: /by speaker turn/ }).getByRole('button', { name: 'Reporting > Delays with Capacity > Forensics: 1. Show quotes' }).count()).toBe(1);
  });

  it('draws the charts and saves them as SVG and PNG', async () => {
    await page.getByRole('tab', { name: 'Charts' }).click();
    const frequency = page.getByRole('region', { name: /^Code frequency by participant_group/ });
    await expect.poll(() => frequency.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(0);
    // the legend lists the groups in the matrix's column order, as the bars stand
    await expect.poll(() => frequency.locator('.recharts-legend-item-text').allTextContents()).toEqual(['law-enforcement officer', 'justice professional', 'caregiver', 'frontline worker']);
    const svg = await download(page, () => frequency.getByRole('button', { name: 'Save SVG' }).click());
    expect(svg.name).toBe('code-frequency-by-participant_group.svg');
    expect(svg.bytes.toString('utf8')).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    const heat = page.getByRole('region', { name: /^Heat map/ });
    const png = await download(page, () => heat.getByRole('button', { name: 'Save PNG' }).click());
    expect(png.name).toMatch(/\.png$/);
    expect(png.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    await page.screenshot({ path: path.join(ARTIFACTS, 'charts-light.png'), fullPage: true });
  });

  it('saves a theme report as HTML and DOCX', async () => {
    await page.getByRole('tab', { name: 'Theme report' }).click();
    await page.getByRole('checkbox', { name: 'Barriers', exact: true }).check();
    const html = await download(page, () => page.getByRole('button', { name: 'Save HTML (printable)' }).click());
    expect(html.bytes.toString('utf8')).toMatch(/She was afraid of being blamed\./);
    const docx = await download(page, () => page.getByRole('button', { name: 'Save DOCX' }).click());
    expect(docx.name).toMatch(/theme-report\.docx$/);
  });

  it('exports segments and the project, and checks then imports a .qdpx with its report', async () => {
    await page.getByRole('tab', { name: 'Export & import' }).click();
    await page.getByLabel('Export format').selectOption('xlsx');
    const xlsx = await download(page, () => page.getByRole('button', { name: 'Export…' }).click());
    expect(xlsx.name).toBe('Exchange-study-segments-Consensus.xlsx');
    await page.getByLabel('Export format').selectOption('qdpx');
    const qdpx = await download(page, () => page.getByRole('button', { name: 'Export…' }).click());
    expect(qdpx.name).toBe('Exchange-study.qdpx');
    expect(qdpx.bytes.subarray(0, 2).toString('latin1')).toBe('PK');

    await page.getByLabel('.qdpx file').setInputFiles(reference('qdpx', 'nvivo-mac-12.7', 'OltasSzkepticizmus_17June.qdpx'));
    await page.getByRole('button', { name: 'Check file', exact: true }).click();
    const report = page.getByRole('region', { name: 'Import report' });
    // a dry run reads and checks the whole NVivo project: slow on a loaded machine
    await expect.poll(() => report.getByText('Would create:').count(), { timeout: 45_000 }).toBe(1);
    expect(await report.textContent()).toMatch(/2 documents, 152 codes, 297 codings/);
    expect(await report.textContent()).toMatch(/UTF-16 code units/);
    await page.getByRole('button', { name: 'Import file', exact: true }).click();
    await expect.poll(() => report.getByText('Created:').count()).toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'exchange-import-light.png') });
    expect(JSON.parse(weft('info', projectFile, '--json'))).toMatchObject({ documents: 6, codings: 15 + 297 });

    await page.getByLabel('.qdpx file').setInputFiles(reference('qdpx', 'nvivo-mac-15-lossy', 'nvivo_project.qdpx'));
    await page.getByRole('button', { name: 'Check file', exact: true }).click();
    await expect.poll(() => page.getByText(/nvivo_project\.qdpx: lossy export from NVivo for Mac 15\.0\.0/).count()).toBe(1);
  });

  it('has no serious accessibility violations and makes no outside request', async () => {
    await page.getByRole('tab', { name: 'Matrix' }).click();
    await page.getByRole('table', { name: /^Matrix/ }).waitFor();
    const results = await new AxeBuilder({ page }).include('.view-page').analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
    expect(outbound).toEqual([]);
  });
});
