// `npm run bench [-- --json FILE] [--scale tiny|small|full] [--seed N] [--keep] [--only transcript|qdpx]`
// Builds a synthetic study, measures each figure against a baseline measured in
// the same run, prints one JSON line per figure, and writes them all to FILE.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { setWorkerDir } from '../../electron/workers/syncPool.js';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../e2e/harness.js';
import { RssSampler, figure, type Figure } from './measure.js';
import { codebookEntries, writeCorpus } from './generate.js';
import {
  addPlannedCodings,
  buildTableProject,
  buildTranscriptProject,
  measureExport,
  measureFileSize,
  measureImport,
  measureSearch,
  type Log,
} from './backendFigures.js';
import { measureTable, measureTranscript } from './browserFigures.js';
import { agreementFigures } from './agreement.js';
import { exchangeFigures, qdpxImportFigure } from './exchange.js';
import { deidFigures } from './deid.js';

export interface Scale {
  documents: number;
  minWords: number;
  maxWords: number;
  codings: number;
  largeWords: number;
  largeCodings: number;
  largeOverlapping: number;
  tableRows: number;
  /** runs of the slow figures (import, page loads) */
  slowRuns: number;
  /** runs of the quick ones */
  runs: number;
}

export const SCALES: Record<'tiny' | 'small' | 'full', Scale> = {
  full: { documents: 1000, minWords: 5000, maxWords: 15000, codings: 30000, largeWords: 50000, largeCodings: 2000, largeOverlapping: 300, tableRows: 100000, slowRuns: 3, runs: 5 },
  small: { documents: 100, minWords: 5000, maxWords: 15000, codings: 3000, largeWords: 50000, largeCodings: 2000, largeOverlapping: 300, tableRows: 10000, slowRuns: 3, runs: 5 },
  // only for the smoke test: every figure, quickly
  tiny: { documents: 20, minWords: 1000, maxWords: 3000, codings: 400, largeWords: 5000, largeCodings: 200, largeOverlapping: 30, tableRows: 2000, slowRuns: 3, runs: 5 },
};

export type ScaleName = keyof typeof SCALES;

export interface BenchOptions {
  scale: ScaleName;
  seed: number;
  json?: string;
  keep?: boolean;
  /** measure only one group of figures */
  only?: 'transcript' | 'qdpx';
  /** progress lines (stderr by default) */
  log?: Log;
  /** each figure as it is measured (a JSON line on stdout by default) */
  onFigure?: (f: Figure) => void;
}

export async function runBench(options: BenchOptions): Promise<Figure[]> {
  const scale = SCALES[options.scale];
  const log = options.log ?? ((line: string) => process.stderr.write(`bench: ${line}\n`));
  const onFigure = options.onFigure ?? ((f: Figure) => process.stdout.write(JSON.stringify(f) + '\n'));
  const figures: Figure[] = [];
  const emit = (...fs: Figure[]) => {
    for (const f of fs) {
      figures.push(f);
      onFigure(f);
    }
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-bench-'));
  if (options.only === 'transcript') {
    // a quick loop for work on the transcript view: only its two figures
    const browser = await launchBrowser();
    try {
      const t = await measureTranscript(browser, buildTranscriptProject(dir, options.seed, scale), scale.runs, log);
      emit(...t.figures);
      if (options.json) fs.writeFileSync(options.json, JSON.stringify(figures, null, 2) + '\n');
    } finally {
      await browser.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
    return figures;
  }
  log(`scale ${options.scale}, seed ${options.seed}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), work dir ${dir}`);
  let browser: Browser | null = null;
  try {
    const sampler = new RssSampler();
    const corpus = writeCorpus(path.join(dir, 'corpus'), options.seed, {
      documents: scale.documents,
      minWords: scale.minWords,
      maxWords: scale.maxWords,
      codings: scale.codings,
      codeCount: codebookEntries().filter((e) => e.codable).length,
    });
    log(`wrote ${corpus.specs.length} transcripts: ${corpus.words.toLocaleString('en')} words, ${(corpus.rawBytes / 2 ** 20).toFixed(1)} MiB of UTF-8`);

    if (options.only === 'qdpx') {
      // a quick loop for work on the .qdpx import: the study imported once (not a figure), then only import_qdpx
      const { projectFile } = measureImport(corpus, dir, 1, log);
      log(`added ${addPlannedCodings(projectFile, corpus)} codings by 3 coders`);
      emit(qdpxImportFigure(projectFile, dir, scale.slowRuns, log));
      if (options.json) fs.writeFileSync(options.json, JSON.stringify(figures, null, 2) + '\n');
      return figures;
    }
    const imported = measureImport(corpus, dir, scale.slowRuns, log);
    emit(imported.figure);
    const project = imported.projectFile;
    const codings = addPlannedCodings(project, corpus);
    log(`added ${codings} codings by 3 coders`);
    emit(...(await measureSearch(project, scale.runs, log)));
    emit(await measureExport(project, dir, scale.runs, log));
    emit(...(await exchangeFigures(project, dir, scale.runs, log)));
    emit(...(await agreementFigures({ projectFile: project, runs: scale.runs, log })));
    emit(...(await deidFigures(corpus, dir, scale.runs, log)));
    emit(measureFileSize(project, corpus.rawBytes));
    // this process: the generator, the corpus and every in-process measurement above
    emit(figure('peak_rss_bench_process', (await sampler.stop()) / 2 ** 20, 'MiB'));

    const transcriptProject = buildTranscriptProject(dir, options.seed, scale);
    const tableProject = path.join(dir, 'table.weft');
    const rows = buildTableProject(project, tableProject, scale.tableRows, options.seed);
    log(`built the browser projects: one ${scale.largeWords}-word transcript with ${scale.largeCodings} codings; ${rows} codings for the table`);

    browser = await launchBrowser();
    const t = await measureTranscript(browser, transcriptProject, scale.runs, log);
    emit(...t.figures);
    const table = await measureTable(browser, tableProject, rows, { loadRuns: scale.slowRuns, runs: scale.runs }, log);
    emit(...table.figures);
    const serveRss = [t.peakRss, table.peakRss].filter((x): x is number => x !== null);
    // the backend (`weft serve`) with the whole study open: every document, and every coding loaded into the segments table
    if (serveRss.length) emit(figure('peak_rss_backend', Math.max(...serveRss), 'MiB'));
  } finally {
    await browser?.close();
    if (options.keep) log(`kept ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
  if (options.json) fs.writeFileSync(options.json, JSON.stringify(figures, null, 2) + '\n');
  return figures;
}

export async function main(argv: string[]): Promise<number> {
  // the product's worker threads, as the CLI finds them (npm run bench builds dist/ first); this
  // bundle's import.meta.url is tests/reference.ts (see run.mjs)
  setWorkerDir(fileURLToPath(new URL('../dist/workers/', import.meta.url)));
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        json: { type: 'string' },
        scale: { type: 'string', default: 'full' },
        seed: { type: 'string', default: '1' },
        keep: { type: 'boolean', default: false },
        only: { type: 'string' },
      },
      strict: true,
    }));
  } catch (e) {
    process.stderr.write(`bench: ${(e as Error).message}\n`);
    return 2;
  }
  const scale = values.scale as string;
  if (!(scale in SCALES)) {
    process.stderr.write(`bench: --scale must be one of ${Object.keys(SCALES).join(', ')}\n`);
    return 2;
  }
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) {
    process.stderr.write('bench: --seed must be an integer\n');
    return 2;
  }
  if (values.only !== undefined && values.only !== 'transcript' && values.only !== 'qdpx') {
    process.stderr.write('bench: --only must be "transcript" or "qdpx"\n');
    return 2;
  }
  await runBench({ scale: scale as ScaleName, seed, only: values.only as 'transcript' | 'qdpx' | undefined, json: values.json ? path.resolve(process.env.INIT_CWD ?? process.cwd(), values.json) : undefined, keep: values.keep });
  return 0;
}
