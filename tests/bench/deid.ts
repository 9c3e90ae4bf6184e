// De-identification figures: scan throughput (words per second) on the
// synthetic corpus, on real interview transcripts from the reference corpus,
// and with a 100-name known-names list; and the import of transcripts with
// the scan included, projected to the budget (1,000 transcripts of
// 10,000 words in under 60 s). Baselines, measured in the same run: splitting
// the same texts into words (for the scan), and a raw SQLite insert of the
// same files (for the import).
//
// Called by the bench harness after the corpus is written:
//   emit(...(await deidFigures(corpus, dir, scale.runs, log)));
import fs from 'node:fs';
import path from 'node:path';
import { createHmac } from 'node:crypto';
import Database from 'better-sqlite3';
import { Project } from '../../electron/services/project.js';
import { importFiles } from '../../electron/services/documents.js';
import { installDeidHooks } from '../../electron/services/deid.js';
import { loadNlp } from '../../electron/services/nlp.js';
import { scanText } from '../../shared/deid/scan.js';
import { variantOf, type KnownVariant } from '../../shared/deid/knownNames.js';
import { normalizeText } from '../../shared/offsets.js';
import { reference } from '../reference.js';
import { figure, median, medianTime, type Figure } from './measure.js';
import type { Corpus } from './generate.js';

export type Log = (line: string) => void;

const countWords = (t: string) => t.split(/\s+/).filter(Boolean).length;

/** Real interviews from the reference corpus (English), read in place. */
function referenceTexts(): string[] {
  const out: string[] = [];
  const add = (dir: string, filter: (f: string) => boolean) => {
    if (!fs.existsSync(dir)) return;
    for (const f of fs.readdirSync(dir).filter(filter).sort()) out.push(normalizeText(fs.readFileSync(path.join(dir, f), 'utf8')));
  };
  add(reference('transcripts', 'pdpilot'), (f) => /^P\d+\.txt$/.test(f));
  add(reference('transcripts', 'serdif', 'txt'), (f) => f.endsWith('.txt'));
  add(reference('transcripts', 'cs-education'), (f) => f.endsWith('.txt'));
  return out;
}

function knownList(): { variants: KnownVariant[]; seed: number; strong: (s: string) => string } {
  const strong = (s: string) => createHmac('sha256', 'bench').update(s).digest('base64url');
  const seed = 0x2545f491;
  const first = ['Wanjiru', 'Abebe', 'Somchai', 'Nguyễn Thị Lan', 'Sokha', 'Putri', 'Tendai', 'Amina', 'Juma', 'Chebet'];
  const last = ['Kamau', 'Girma', 'Wongsakul', 'Rahayu', 'Otieno', 'Mushi', 'Santos', 'Dlamini', 'Nakato', 'Haile'];
  const variants: KnownVariant[] = [];
  for (let i = 0; i < 100; i++) {
    const spelling = i % 10 === 9 ? ['สมชาย', 'ស្រីមុំ', 'ሄለን'][i % 3]! + String(i) : `${first[i % 10]} ${last[Math.floor(i / 10)]}`;
    variants.push({ placeholder: `[PERSON-${i + 1}]`, kind: 'person', ...variantOf(spelling, seed, strong) });
  }
  return { variants, seed, strong };
}

export async function deidFigures(corpus: Corpus, dir: string, runs: number, log: Log): Promise<Figure[]> {
  const figures: Figure[] = [];
  const nlp = loadNlp();
  const texts = corpus.specs.slice(0, 200).map((s) => normalizeText(fs.readFileSync(path.join(corpus.dir, s.fileName), 'utf8')));
  const words = texts.reduce((n, t) => n + countWords(t), 0);
  scanText(texts[0]!, { nlp }); // load the lexicon outside the timing

  const split = await medianTime(runs, () => texts.forEach(countWords));
  const scan = await medianTime(runs, () => texts.forEach((t) => scanText(t, { nlp })));
  figures.push(figure('deid_scan_synthetic_words_per_s', (words / scan) * 1000, 'words/s', (words / split) * 1000));
  log(`scan, synthetic: ${Math.round((words / scan) * 1000)} words/s over ${words} words (splitting into words: ${Math.round((words / split) * 1000)} words/s)`);

  const known = knownList();
  const scanKnown = await medianTime(runs, () => texts.forEach((t) => scanText(t, { nlp, known })));
  figures.push(figure('deid_scan_synthetic_100_known_names_words_per_s', (words / scanKnown) * 1000, 'words/s', (words / split) * 1000));
  log(`scan with 100 known names: ${Math.round((words / scanKnown) * 1000)} words/s`);

  const real = referenceTexts();
  if (real.length) {
    const realWords = real.reduce((n, t) => n + countWords(t), 0);
    const realSplit = await medianTime(runs, () => real.forEach(countWords));
    const realScan = await medianTime(runs, () => real.forEach((t) => scanText(t, { nlp, known })));
    figures.push(figure('deid_scan_real_interviews_words_per_s', (realWords / realScan) * 1000, 'words/s', (realWords / realSplit) * 1000));
    log(`scan, ${real.length} real interviews (${realWords} words): ${Math.round((realWords / realScan) * 1000)} words/s`);
  }

  // import with the scan (the hook runs inside each document's transaction), projected to 1,000 × 10,000 words
  installDeidHooks();
  const files = corpus.specs.slice(0, Math.min(200, corpus.specs.length)).map((s) => path.join(corpus.dir, s.fileName));
  const importWords = files.reduce((n, f) => n + countWords(fs.readFileSync(f, 'utf8')), 0);
  const times: number[] = [];
  const plain: number[] = [];
  for (let run = 0; run < Math.max(1, Math.min(runs, 3)); run++) {
    const raw = new Database(path.join(dir, `deid-plain-${run}.sqlite`));
    raw.pragma('journal_mode = WAL');
    raw.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, text TEXT)');
    const insert = raw.prepare('INSERT INTO t (name, text) VALUES (?, ?)');
    const t0 = performance.now();
    raw.transaction(() => files.forEach((f) => insert.run(path.basename(f), fs.readFileSync(f, 'utf8'))))();
    plain.push(performance.now() - t0);
    raw.close();
    const project = Project.create(path.join(dir, `deid-import-${run}.weft`));
    const t1 = performance.now();
    const results = importFiles(project, files);
    times.push(performance.now() - t1);
    if (results.some((r) => r.status !== 'imported')) throw new Error(`deid bench import: ${results.find((r) => r.status !== 'imported')!.message}`);
    project.close();
  }
  const perWord = median(times) / importWords;
  const projected = (perWord * 10_000_000) / 1000;
  figures.push(figure('deid_import_with_scan_projected_1000x10000_words', projected, 's', ((median(plain) / importWords) * 10_000_000) / 1000));
  log(`import with scan: ${files.length} files, ${importWords} words in ${(median(times) / 1000).toFixed(2)} s; projected 1,000 × 10,000 words: ${projected.toFixed(1)} s (budget 60 s)`);
  return figures;
}
