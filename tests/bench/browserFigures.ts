// Browser figures: the real UI served by `weft serve`, driven in headless
// Chromium. Each timing is taken inside the page, from the user's input event
// (captured before the app sees it) to the frame after the app has shown the
// result, so Playwright's own round trips don't count.
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { serve, type Served } from '../e2e/harness.js';
import { figure, median, type Figure } from './measure.js';
import { APPLY_CODE_NAME, LATIN_QUERY } from './generate.js';
import type { Log, TranscriptProject } from './backendFigures.js';

const VIEWPORT = { width: 1440, height: 900 };
const CODER = 'Bench';
const TIMEOUT = 300_000;

type Condition =
  | { kind: 'ready'; value: string }
  | { kind: 'rowcount-is'; value: string }
  | { kind: 'rowcount-not'; value: string };

interface Timing {
  /** the input event */
  t0: number;
  /** the app's DOM shows the result */
  t1: number;
  /** the frame after that has been painted */
  t2: number;
}

/**
 * Arm a measurement: t0 is the first `trigger` event (capture phase, before
 * the app's handlers), t1 the first DOM change after which `cond` holds, t2
 * the end of the frame after it. Collect it with `collect`.
 */
async function arm(page: Page, trigger: 'click' | 'keydown' | 'input', cond: Condition, key?: string): Promise<void> {
  await page.evaluate(
    ({ trigger, cond, key, timeout }) => {
      const w = window as unknown as { __weftBench?: Promise<{ t0: number; t1: number; t2: number }> };
      const holds = (): boolean => {
        if (cond.kind === 'ready') return document.documentElement.dataset.transcriptReady === cond.value;
        const n = document.querySelector('table[aria-label="Coded segments"]')?.getAttribute('aria-rowcount') ?? null;
        return cond.kind === 'rowcount-is' ? n === cond.value : n !== null && n !== cond.value;
      };
      w.__weftBench = new Promise((resolve, reject) => {
        let t0 = -1;
        const onTrigger = (e: Event) => {
          if (t0 < 0 && (!key || (e as KeyboardEvent).key === key)) t0 = performance.now();
        };
        window.addEventListener(trigger, onTrigger, true);
        const timer = setTimeout(() => reject(new Error(`no ${JSON.stringify(cond)} within ${timeout} ms of ${trigger}`)), timeout);
        const observer = new MutationObserver(() => {
          if (t0 < 0 || !holds()) return;
          const t1 = performance.now();
          observer.disconnect();
          clearTimeout(timer);
          window.removeEventListener(trigger, onTrigger, true);
          requestAnimationFrame(() => setTimeout(() => resolve({ t0, t1, t2: performance.now() }), 0));
        });
        observer.observe(document.documentElement, {
          subtree: true,
          attributes: true,
          attributeFilter: ['data-transcript-ready', 'aria-rowcount'],
        });
      });
    },
    { trigger, cond, key, timeout: TIMEOUT },
  );
}

async function collect(page: Page): Promise<Timing> {
  return page.evaluate(() => (window as unknown as { __weftBench: Promise<Timing> }).__weftBench);
}

/** Wait until the transcript has stopped repainting (events from the backend cause a second refresh). */
async function settle(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const marks = () => performance.getEntriesByName('weft:highlights-applied').length;
        let last = marks();
        let quiet = 0;
        const tick = () => {
          const n = marks();
          if (n === last && ++quiet >= 3) return resolve();
          if (n !== last) quiet = 0;
          last = n;
          setTimeout(tick, 100);
        };
        setTimeout(tick, 100);
      }),
  );
}

async function waitReady(page: Page, value: string): Promise<void> {
  await page.waitForFunction((v) => document.documentElement.dataset.transcriptReady === v, value, { timeout: TIMEOUT, polling: 100 });
}

/** A fresh browser context on the served UI, with a coder already chosen. */
async function openWorkspace(browser: Browser, served: Served, initScript?: { fn: (arg: string) => void; arg: string }): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  await context.addInitScript((name) => localStorage.setItem('weft.coder', name), CODER);
  if (initScript) await context.addInitScript(initScript.fn, initScript.arg);
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  await page.goto(served.url);
  await page.getByRole('button', { name: `Current coder: ${CODER}. Change coder` }).waitFor();
  return page;
}

function documentButton(page: Page, name: string) {
  return page.getByRole('list', { name: 'Documents' }).getByRole('listitem').filter({ hasText: name }).getByRole('button');
}

/** The highest resident set size the `weft serve` process has had (Linux). */
function peakRssMiB(served: Served): number | null {
  const status = `/proc/${served.child.pid}/status`;
  if (!fs.existsSync(status)) return null;
  const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(status, 'utf8'));
  return m ? Number(m[1]) / 1024 : null;
}

/**
 * Apply a code the keyboard way, `runs` times after one warm-up: select a
 * phrase in a respondent turn (a DOM range, as a mouse drag leaves it),
 * Ctrl+K, type the code's name, Enter. Timed from Enter to the frame after the
 * transcript shows one more coding.
 */
async function applyLatencies(page: Page, runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = -1; i < runs; i++) {
    // a collapsed selection clears the app's selection, so the next one is surely new
    await page.evaluate(() => {
      const root = document.querySelector('[aria-label="Transcript"] [contenteditable]')!;
      const first = document.createTreeWalker(root, NodeFilter.SHOW_TEXT).nextNode()!;
      document.getSelection()!.collapse(first, 0);
    });
    await page.getByText('characters selected').waitFor({ state: 'hidden' });
    const phrase = await page.evaluate((k) => {
      const root = document.querySelector('[aria-label="Transcript"] [contenteditable]')!;
      const turns = Array.from(root.children).filter((p) => p.textContent?.startsWith('Respondent:'));
      // a different rendered turn each time (the view renders the turns near the viewport)
      const turn = turns[(1 + 2 * k) % turns.length]!;
      const walker = document.createTreeWalker(turn, NodeFilter.SHOW_TEXT);
      let last: Text | null = null;
      for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) last = n;
      const data = last!.data;
      const start = data.search(/\S/);
      let end = data.indexOf(' ', start + 30);
      if (end < 0) end = data.length;
      const r = document.createRange();
      r.setStart(last!, start);
      r.setEnd(last!, end);
      document.getSelection()!.removeAllRanges();
      document.getSelection()!.addRange(r);
      return data.slice(start, end);
    }, i + 1);
    await page.getByText('characters selected').waitFor();
    await page.keyboard.press('Control+k');
    const combo = page.getByRole('combobox', { name: 'Apply code' });
    await combo.fill(APPLY_CODE_NAME);
    const ready = await page.evaluate(() => document.documentElement.dataset.transcriptReady ?? '');
    const [doc, count] = ready.split(':');
    await arm(page, 'keydown', { kind: 'ready', value: `${doc}:${Number(count) + 1}` }, 'Enter');
    await combo.press('Enter');
    const t = await collect(page).catch((e: Error) => {
      throw new Error(`applying "${APPLY_CODE_NAME}" to "${phrase}": ${e.message}`);
    });
    if (i >= 0) times.push(t.t2 - t.t0);
    await combo.waitFor({ state: 'detached' });
    await settle(page);
  }
  return times;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/** The transcript as plain paragraphs, in the app's fonts and measure, for the baseline. */
function plainTranscriptHtml(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const m = /^(Interviewer|Respondent):/.exec(line);
      return m ? `<p><b>${m[0]}</b>${escapeHtml(line.slice(m[0].length))}</p>` : `<p>${escapeHtml(line)}</p>`;
    })
    .join('');
}

const PLAIN_PAGE = `<!doctype html><html><head><meta charset="utf-8"><style>
  body { margin: 0; font: 14px/1.45 system-ui, sans-serif; }
  #t { padding: 8px 28px 40px 20px; font: 16px/1.7 'Noto Serif', 'Noto Sans Thai', 'Noto Sans Khmer', 'Noto Sans Ethiopic', Georgia, serif; max-width: 860px; }
  p { margin: 0 0 0.7em; white-space: pre-wrap; }
  b { font: 650 13px system-ui, sans-serif; }
</style></head><body><div id="t"></div></body></html>`;

/** open_largest_transcript and apply_code_latency, on the project with one very long, densely coded transcript. */
export async function measureTranscript(browser: Browser, project: TranscriptProject, runs: number, log: Log): Promise<{ figures: Figure[]; peakRss: number | null }> {
  const served = await serve(project.file);
  try {
    const page = await openWorkspace(browser, served);
    const { small, large } = project;
    const open: number[] = [];
    for (let i = -1; i < runs; i++) {
      await documentButton(page, small.name).click();
      await waitReady(page, `${small.id}:${small.codings}`);
      await settle(page);
      await arm(page, 'click', { kind: 'ready', value: `${large.id}:${large.codings}` });
      await documentButton(page, large.name).click();
      const t = await collect(page);
      if (i >= 0) open.push(t.t2 - t.t0);
      log(`open ${large.name} (${large.codings} codings): ${(t.t1 - t.t0).toFixed(0)} ms to transcriptReady, ${(t.t2 - t.t0).toFixed(0)} ms to the next frame${i < 0 ? ' (warm-up)' : ''}`);
    }
    await settle(page);

    const plainPage = await browser.newPage({ viewport: VIEWPORT });
    await plainPage.setContent(PLAIN_PAGE);
    const html = plainTranscriptHtml(project.largeText);
    const plain: number[] = [];
    for (let i = -1; i < runs; i++) {
      const ms = await plainPage.evaluate(async (h) => {
        const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        const t = document.getElementById('t')!;
        t.innerHTML = '';
        void document.body.offsetHeight;
        await frame();
        const t0 = performance.now();
        t.innerHTML = h;
        void document.body.offsetHeight;
        await frame();
        return performance.now() - t0;
      }, html);
      if (i >= 0) plain.push(ms);
    }
    await plainPage.close();

    const apply = await applyLatencies(page, runs);
    log(`apply code on ${large.name}: ${apply.map((t) => t.toFixed(0)).join(', ')} ms`);
    const scroll = await scrollFrames(page);
    log(`scroll through ${large.name}: ${scroll.frames} frames, the longest ${scroll.worst.toFixed(0)} ms, ${scroll.long} over 50 ms`);
    const peakRss = peakRssMiB(served);
    await page.context().close();
    return {
      figures: [
        figure('open_largest_transcript', median(open), 'ms', median(plain)),
        figure('apply_code_latency', median(apply), 'ms'),
        figure('scroll_longest_frame', scroll.worst, 'ms'),
        figure('scroll_long_frames', scroll.long, 'frames over 50 ms'),
      ],
      peakRss,
    };
  } finally {
    await served.stop();
  }
}

/**
 * Scrolls the open transcript from top to bottom the way a wheel does (a
 * screen's third per frame) and times every frame with requestAnimationFrame:
 * the longest frame, and how many took over 50 ms (a "long frame").
 */
async function scrollFrames(page: Page): Promise<{ frames: number; worst: number; long: number }> {
  return page.evaluate(async () => {
    const box = document.querySelector('.transcript-scroll') as HTMLElement;
    box.scrollTop = 0;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const step = Math.max(100, box.clientHeight / 3);
    const times: number[] = [];
    let last = performance.now();
    while (box.scrollTop + box.clientHeight < box.scrollHeight - 1) {
      box.scrollTop += step;
      await new Promise((r) => requestAnimationFrame(r));
      const now = performance.now();
      times.push(now - last);
      last = now;
      if (times.length > 20000) break;
    }
    return { frames: times.length, worst: Math.max(0, ...times), long: times.filter((t) => t > 50).length };
  });
}

/** Records when the segments table first shows `target` rows (aria-rowcount counts the header row too). */
function watchTableLoad(target: string): void {
  const w = window as unknown as { __weftTable?: { ready: number; painted: number } };
  const observer = new MutationObserver(() => {
    const n = document.querySelector('table[aria-label="Coded segments"]')?.getAttribute('aria-rowcount');
    if (n !== target) return;
    observer.disconnect();
    const ready = performance.now();
    requestAnimationFrame(() => setTimeout(() => (w.__weftTable = { ready, painted: performance.now() }), 0));
  });
  observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-rowcount'] });
}

/** Queries typed into "Filter segments" (the first warms up): English words and phrases, Thai, Vietnamese, Amharic. */
const FILTER_QUERIES = ['court', LATIN_QUERY, 'the police', 'ตำรวจ', 'cảnh sát', 'ፖሊስ'];

/** segments_table_load and segments_table_filter (and applying a code in the same big project). */
export async function measureTable(
  browser: Browser,
  projectFile: string,
  rows: number,
  o: { loadRuns: number; runs: number },
  log: Log,
): Promise<{ figures: Figure[]; peakRss: number | null }> {
  const served = await serve(projectFile);
  try {
    const target = String(rows + 1);
    const load: number[] = [];
    let page: Page | null = null;
    for (let i = 0; i < o.loadRuns; i++) {
      if (page) await page.context().close();
      page = await openWorkspace(browser, served, { fn: watchTableLoad, arg: target });
      const t = await page.waitForFunction(() => (window as unknown as { __weftTable?: { painted: number } }).__weftTable, null, {
        timeout: TIMEOUT,
        polling: 50,
      });
      const { ready, painted } = (await t.jsonValue()) as { ready: number; painted: number };
      load.push(painted);
      log(`segments table with ${rows} rows: ${ready.toFixed(0)} ms from navigation to the rows, ${painted.toFixed(0)} ms to the next frame`);
    }
    page = page!;
    // the same rows through the transport alone: POST codings.list and parse the JSON
    const transport = await page.evaluate(async (runs) => {
      const call = async () => {
        const res = await fetch('/api/call', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-weft-token': sessionStorage.getItem('weft.token') ?? '' },
          body: JSON.stringify({ method: 'codings.list', params: {} }),
        });
        return ((await res.json()) as { result: unknown[] }).result;
      };
      const times: number[] = [];
      let data: unknown[] = [];
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        data = await call();
        times.push(performance.now() - t0);
      }
      (window as unknown as { __weftRows: unknown[] }).__weftRows = data;
      return { times, rows: data.length };
    }, o.loadRuns);
    if (transport.rows !== rows) throw new Error(`codings.list returned ${transport.rows} rows, ${rows} expected`);

    await settle(page);
    const box = page.getByRole('searchbox', { name: 'Filter segments' });
    const filter: number[] = [];
    const clear: number[] = [];
    for (const [i, q] of FILTER_QUERIES.entries()) {
      await arm(page, 'input', { kind: 'rowcount-not', value: target });
      await box.fill(q);
      const t = await collect(page);
      const shown = await page.getByRole('table', { name: 'Coded segments' }).getAttribute('aria-rowcount');
      await arm(page, 'input', { kind: 'rowcount-is', value: target });
      await box.fill('');
      const c = await collect(page);
      // the first query warms up
      if (i > 0) {
        filter.push(t.t2 - t.t0);
        clear.push(c.t2 - c.t0);
      }
      log(`filter "${q}": ${Number(shown) - 1} of ${rows} rows in ${(t.t2 - t.t0).toFixed(0)} ms; clearing it ${(c.t2 - c.t0).toFixed(0)} ms`);
    }
    // the same match (the text box searches segment text and memo) as a plain loop over the same rows in the same page
    const plain = await page.evaluate((queries) => {
      const data = (window as unknown as { __weftRows: Array<{ text: string; memo: string }> }).__weftRows;
      return queries.map((q) => {
        const t0 = performance.now();
        const needle = q.toLowerCase();
        const hits = data.filter((r) => r.text.toLowerCase().includes(needle) || r.memo.toLowerCase().includes(needle));
        return hits.length >= 0 ? performance.now() - t0 : -1;
      });
    }, FILTER_QUERIES.slice(1));

    // applying a code where the app holds every segment of a big project
    await settle(page);
    const apply = await applyLatencies(page, o.runs);
    log(`apply code with ${rows} segments loaded: ${apply.map((t) => t.toFixed(0)).join(', ')} ms`);
    const peakRss = peakRssMiB(served);
    await page.context().close();
    return {
      figures: [
        figure('segments_table_load', median(load), 'ms', median(transport.times)),
        figure('segments_table_filter', median(filter), 'ms', median(plain)),
        figure('segments_table_filter_clear', median(clear), 'ms'),
        figure('apply_code_latency_large_project', median(apply), 'ms'),
      ],
      peakRss,
    };
  } finally {
    await served.stop();
  }
}
