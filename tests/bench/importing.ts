// Import figures: the budget "1,000 transcripts of 10,000 words import in
// under 60 s", through the whole import path (read, hash, decode, normalise,
// detect speaker turns, store with full-text index, run the import hooks),
// against a plain better-sqlite3 insert of the same files measured in the same
// run; the same with the full-text index's secure-delete option off (a
// diagnostic: that option, set for de-identification, is most of the cost);
// the same with every capability's import hooks registered (the
// de-identification scan among them); and the per-file time of the richer
// formats on the reference corpus.
//
// Called by the bench harness:
//   emit(...(await importingFigures(dir, { documents: scale.documents, words: 10_000, runs: scale.slowRuns }, log)));
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Project } from '../../electron/services/project.js';
import { importSources, type ImportSource } from '../../electron/services/documents.js';
import { generateTranscript, Rng } from './generate.js';
import { figure, median, type Figure } from './measure.js';
import { reference } from '../reference.js';

export type Log = (line: string) => void;

function removeDatabase(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
}

function writeTranscripts(dir: string, documents: number, words: number): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const languages = ['th', 'km', 'am', 'vi'] as const;
  const files: string[] = [];
  for (let i = 0; i < documents; i++) {
    const f = path.join(dir, `T${String(i + 1).padStart(4, '0')}.txt`);
    if (!fs.existsSync(f)) fs.writeFileSync(f, generateTranscript(new Rng(7919 * (i + 1)), languages[i % 4]!, words).text);
    files.push(f);
  }
  return files;
}

async function timeImport(files: string[], dir: string, label: string, log: Log, o: { ftsSecureDelete?: boolean } = {}): Promise<number> {
  const file = path.join(dir, `${label}.weft`);
  removeDatabase(file);
  const project = Project.create(file, undefined, { defaultAttributes: true });
  // diagnostic: the full-text index's secure-delete option (set for de-identification) is most of the cost of an import
  if (o.ftsSecureDelete === false) project.db.exec("INSERT INTO documents_fts(documents_fts, rank) VALUES ('secure-delete', 0)");
  const sources: ImportSource[] = files.map((f) => ({ name: f, path: f }));
  const t0 = performance.now();
  const results = await importSources(project, sources, { attributes: { country: 'Kenya' } });
  const ms = performance.now() - t0;
  project.close();
  const bad = results.find((r) => r.status !== 'imported');
  if (bad) throw new Error(`import: ${bad.file}: ${bad.status} ${bad.message ?? ''}`);
  removeDatabase(file);
  log(`${label}: ${(ms / 1000).toFixed(2)} s for ${files.length} files`);
  return ms;
}

function timePlainInsert(files: string[], dir: string): number {
  const file = path.join(dir, 'plain.sqlite');
  removeDatabase(file);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE transcripts (id INTEGER PRIMARY KEY, name TEXT NOT NULL, text TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO transcripts (name, text) VALUES (?, ?)');
  const t0 = performance.now();
  db.transaction(() => {
    for (const f of files) insert.run(path.basename(f), fs.readFileSync(f, 'utf8'));
  })();
  const ms = performance.now() - t0;
  db.close();
  removeDatabase(file);
  return ms;
}

export async function importingFigures(dir: string, o: { documents: number; words: number; runs: number }, log: Log): Promise<Figure[]> {
  const work = fs.mkdtempSync(path.join(dir, 'importing-'));
  const figures: Figure[] = [];
  try {
    const files = writeTranscripts(path.join(work, 'txt'), o.documents, o.words);
    const mb = files.reduce((n, f) => n + fs.statSync(f).size, 0) / 2 ** 20;
    log(`import corpus: ${files.length} transcripts of ${o.words} words, ${mb.toFixed(1)} MiB`);

    // runs alternate so drift on a shared machine hits both alike
    const weft: number[] = [];
    const plain: number[] = [];
    for (let run = 0; run < o.runs; run++) {
      plain.push(timePlainInsert(files, work));
      weft.push(await timeImport(files, work, `import-run-${run + 1}`, log));
    }
    figures.push(figure(`import_path_${files.length}_docs_${o.words}_words`, median(weft) / 1000, 's', median(plain) / 1000));
    const noSecure: number[] = [];
    for (let run = 0; run < Math.min(o.runs, 2); run++) noSecure.push(await timeImport(files, work, `import-fts-secure-delete-off-${run + 1}`, log, { ftsSecureDelete: false }));
    figures.push(figure(`import_path_fts_secure_delete_off_${files.length}_docs_${o.words}_words`, median(noSecure) / 1000, 's', median(plain) / 1000));

    // every capability's import hooks (the de-identification scan among them), as the app and the CLI run them
    await import('../../electron/api/handlers.js');
    const hooked: number[] = [];
    for (let run = 0; run < Math.min(o.runs, 2); run++) hooked.push(await timeImport(files, work, `import-with-hooks-run-${run + 1}`, log));
    figures.push(figure(`import_with_all_hooks_${files.length}_docs_${o.words}_words`, median(hooked) / 1000, 's', median(plain) / 1000));

    // the richer formats, per file, on the reference corpus
    const perFile = async (label: string, paths: string[]) => {
      const times: number[] = [];
      for (let run = 0; run < o.runs; run++) times.push((await timeImport(paths, work, `${label}-${run + 1}`, () => {})) / paths.length);
      figures.push(figure(`import_${label}_per_file`, median(times), 'ms'));
      log(`${label}: ${median(times).toFixed(0)} ms per file`);
    };
    const pdfDir = reference('transcripts', 'pdpilot', 'pdf');
    const odtDir = reference('transcripts', 'serdif', 'odt');
    await perFile('pdf', fs.readdirSync(pdfDir).map((f) => path.join(pdfDir, f)));
    await perFile('odt', fs.readdirSync(odtDir).map((f) => path.join(odtDir, f)));
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return figures;
}
