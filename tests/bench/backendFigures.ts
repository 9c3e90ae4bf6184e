// Backend figures, measured in this process through the real services: import,
// full-text search, CSV export and the size of the project file. Also builds
// the projects the browser figures open.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Project } from '../../electron/services/project.js';
import { importFiles } from '../../electron/services/documents.js';
import { importCodebookEntries } from '../../electron/services/codebook.js';
import { exportProject } from '../../electron/services/exportProject.js';
import { createBackend, dispatch } from '../../electron/api/handlers.js';
import { figure, median, medianTime, type Figure } from './measure.js';
import {
  CODERS,
  LATIN_QUERY,
  Rng,
  THAI_PHRASE,
  codebookEntries,
  generateTranscript,
  planCodings,
  planDenseCodings,
  type Corpus,
  type GeneratedTranscript,
  type PlannedCoding,
} from './generate.js';

export type Log = (line: string) => void;

const documentName = (fileName: string) => fileName.replace(/\.[^.]+$/, '');

/** The transcripts grouped by their attributes, as a team would run `weft import … --attr country=… --attr participant_group=…`. */
function importBatches(corpus: Corpus): Array<{ attributes: Record<string, string>; files: string[] }> {
  const batches = new Map<string, { attributes: Record<string, string>; files: string[] }>();
  for (const s of corpus.specs) {
    const key = `${s.country}\u0000${s.group}`;
    let b = batches.get(key);
    if (!b) batches.set(key, (b = { attributes: { country: s.country, participant_group: s.group }, files: [] }));
    b.files.push(path.join(corpus.dir, s.fileName));
  }
  return [...batches.values()];
}

function removeDatabase(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
}

/**
 * `importFiles` of every transcript into a fresh project, against a raw
 * better-sqlite3 insert of the same files into a plain table in one
 * transaction. Runs alternate so drift on a shared machine hits both alike.
 * Returns the project of the last run.
 */
export function measureImport(corpus: Corpus, dir: string, runs: number, log: Log): { figure: Figure; projectFile: string } {
  const batches = importBatches(corpus);
  const files = corpus.specs.map((s) => path.join(corpus.dir, s.fileName));
  const weftTimes: number[] = [];
  const plainTimes: number[] = [];
  let projectFile = '';
  for (let run = 0; run < runs; run++) {
    const plainFile = path.join(dir, `plain-${run}.sqlite`);
    const db = new Database(plainFile);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec('CREATE TABLE transcripts (id INTEGER PRIMARY KEY, name TEXT NOT NULL, text TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO transcripts (name, text) VALUES (?, ?)');
    const t0 = performance.now();
    db.transaction(() => {
      for (const f of files) insert.run(path.basename(f), fs.readFileSync(f, 'utf8'));
    })();
    db.close();
    plainTimes.push(performance.now() - t0);
    removeDatabase(plainFile);

    const file = path.join(dir, `import-${run}.weft`);
    const project = Project.create(file);
    const t1 = performance.now();
    let imported = 0;
    for (const b of batches) {
      for (const r of importFiles(project, b.files, { attributes: b.attributes })) {
        if (r.status !== 'imported') throw new Error(`import: ${r.file}: ${r.status} ${r.message ?? ''}`);
        imported++;
      }
    }
    project.close();
    weftTimes.push(performance.now() - t1);
    if (imported !== files.length) throw new Error(`import: ${imported} of ${files.length} files imported`);
    log(`import run ${run + 1}/${runs}: weft ${(weftTimes[run]! / 1000).toFixed(2)} s, plain ${(plainTimes[run]! / 1000).toFixed(2)} s`);
    if (projectFile) removeDatabase(projectFile);
    projectFile = file;
  }
  return {
    figure: figure(`import_${files.length}_docs`, median(weftTimes) / 1000, 's', median(plainTimes) / 1000),
    projectFile,
  };
}

/** Codebook, coders and planned codings, written straight through the repository (fast; not what is measured). */
function addCodebookAndCoders(project: Project): { codeIds: number[]; coderIds: number[] } {
  if (project.repo.codes().length === 0) importCodebookEntries(project, codebookEntries());
  const codeIds = project.repo
    .codes()
    .filter((c) => c.codable)
    .map((c) => c.id);
  const coderIds = project.repo.transaction(() => CODERS.map((name) => project.repo.ensureCoder(name).id));
  return { codeIds, coderIds };
}

function insertPlanned(project: Project, documentId: number, planned: PlannedCoding[], ids: { codeIds: number[]; coderIds: number[] }): number {
  let added = 0;
  for (const c of planned) {
    const codeId = ids.codeIds[c.code % ids.codeIds.length]!;
    const coderId = ids.coderIds[c.coder]!;
    if (project.repo.codingByIdentity(documentId, codeId, coderId, c.start, c.end)) continue;
    project.repo.insertCoding({ documentId, codeId, coderId, start: c.start, end: c.end });
    added++;
  }
  return added;
}

/** Add the codebook, the 3 coders and the corpus's planned codings to an imported project. */
export function addPlannedCodings(projectFile: string, corpus: Corpus): number {
  const project = Project.open(projectFile);
  try {
    const ids = addCodebookAndCoders(project);
    return project.repo.transaction(() => {
      let n = 0;
      for (const [fileName, planned] of corpus.codings) {
        const doc = project.repo.documentRef({ name: documentName(fileName) });
        if (!doc) throw new Error(`${fileName} is not in the project`);
        n += insertPlanned(project, doc.id, planned, ids);
      }
      return n;
    });
  } finally {
    project.close();
  }
}

/** The respondent turns of a stored transcript, so more codings can be planned on it. */
function transcriptOf(text: string): GeneratedTranscript {
  const respondentTurns: Array<[number, number]> = [];
  const label = 'Respondent: ';
  let at = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith(label)) respondentTurns.push([at + label.length, at + line.length]);
    at += line.length + 1;
  }
  return { text, words: 0, respondentTurns };
}

/** Copy a project and add codings until it holds `rows`: the segments-table project. */
export function buildTableProject(fromFile: string, toFile: string, rows: number, seed: number): number {
  const src = new Database(fromFile);
  src.pragma('wal_checkpoint(TRUNCATE)');
  src.close();
  fs.copyFileSync(fromFile, toFile);
  const project = Project.open(toFile);
  try {
    const ids = addCodebookAndCoders(project);
    const docs = project.db.prepare('SELECT id FROM documents ORDER BY id').pluck().all() as number[];
    const rng = new Rng(seed ^ 0x7ab1e);
    return project.repo.transaction(() => {
      for (let pass = 0; pass < 10; pass++) {
        const missing = rows - project.repo.counts().codings;
        if (missing <= 0) break;
        const perDoc = Math.ceil(missing / docs.length);
        let left = missing;
        for (const id of docs) {
          if (left <= 0) break;
          const t = transcriptOf(project.repo.documentText(id)!.text);
          left -= insertPlanned(project, id, planCodings(rng, t, Math.min(perDoc, left), ids.codeIds.length), ids);
        }
      }
      return project.repo.counts().codings;
    });
  } finally {
    project.close();
  }
}

export interface DocRef {
  id: number;
  name: string;
  codings: number;
}

export interface TranscriptProject {
  file: string;
  small: DocRef;
  large: DocRef;
  /** the large transcript's turns, for the plain-paragraph baseline */
  largeText: string;
}

/**
 * One very long transcript with dense, partly overlapping codings, and a short
 * one to open first. Imported through `importFiles` like any other.
 */
export function buildTranscriptProject(
  dir: string,
  seed: number,
  o: { largeWords: number; largeCodings: number; largeOverlapping: number },
): TranscriptProject {
  const corpusDir = path.join(dir, 'transcript-corpus');
  fs.mkdirSync(corpusDir, { recursive: true });
  const rng = new Rng(seed ^ 0x1a29e);
  const short = generateTranscript(rng, 'km', 600);
  const long = generateTranscript(rng, 'th', o.largeWords);
  const files = { short: path.join(corpusDir, 'short-interview.txt'), long: path.join(corpusDir, 'longest-interview.txt') };
  fs.writeFileSync(files.short, short.text);
  fs.writeFileSync(files.long, long.text);
  const file = path.join(dir, 'transcript.weft');
  const project = Project.create(file, 'Largest transcript');
  try {
    const results = importFiles(project, [files.short, files.long], { attributes: { country: 'Thailand', participant_group: 'survivor' } });
    const [s, l] = results;
    if (s?.status !== 'imported' || l?.status !== 'imported') throw new Error(`transcript project: ${JSON.stringify(results)}`);
    const ids = addCodebookAndCoders(project);
    const counts = project.repo.transaction(() => ({
      short: insertPlanned(project, s.documentId!, planCodings(rng, short, 8, ids.codeIds.length), ids),
      long: insertPlanned(
        project,
        l.documentId!,
        planDenseCodings(rng, long, o.largeCodings - o.largeOverlapping, o.largeOverlapping, ids.codeIds.length),
        ids,
      ),
    }));
    if (counts.long !== o.largeCodings) throw new Error(`transcript project: ${counts.long} codings planned, ${o.largeCodings} wanted`);
    return {
      file,
      small: { id: s.documentId!, name: s.document!, codings: counts.short },
      large: { id: l.documentId!, name: l.document!, codings: counts.long },
      largeText: long.text,
    };
  } finally {
    project.close();
  }
}

/**
 * `search.text` through the API dispatcher, against the plain way without the
 * index: a SQLite scan that returns the documents containing the query, with
 * their text, in the same order.
 */
export async function measureSearch(projectFile: string, runs: number, log: Log): Promise<Figure[]> {
  const project = Project.open(projectFile);
  try {
    const backend = createBackend(project, () => {});
    const scan = project.db.prepare('SELECT id, name, text FROM documents WHERE instr(text, ?) > 0 ORDER BY sort_order, id');
    const out: Figure[] = [];
    const medians: Array<{ value: number; baseline: number }> = [];
    for (const [label, query] of [
      ['latin', LATIN_QUERY],
      ['thai', THAI_PHRASE],
    ] as const) {
      const hits = (await dispatch(backend, 'search.text', { query })) as unknown[];
      if (hits.length === 0) throw new Error(`search: no hits for "${query}"`);
      const value = await medianTime(runs, () => dispatch(backend, 'search.text', { query }));
      const baseline = await medianTime(runs, () => scan.all(query));
      log(`search "${query}": ${hits.length} hits (the API's default limit applies)`);
      out.push(figure(`fulltext_search_${label}`, value, 'ms', baseline));
      medians.push({ value, baseline });
    }
    // the budget holds for any query: the headline figure is the slower one
    const worst = medians.reduce((a, b) => (b.value > a.value ? b : a));
    return [figure('fulltext_search', worst.value, 'ms', worst.baseline), ...out];
  } finally {
    project.close();
  }
}

/** exportProject to .csv, against writing the same bytes with fs.writeFileSync. */
export async function measureExport(projectFile: string, dir: string, runs: number, log: Log): Promise<Figure> {
  const project = Project.open(projectFile);
  try {
    const out = path.join(dir, 'segments.csv');
    const value = await medianTime(runs, () => exportProject(project, out));
    const bytes = fs.readFileSync(out);
    const plain = path.join(dir, 'plain.csv');
    const baseline = await medianTime(runs, () => fs.writeFileSync(plain, bytes));
    log(`export: ${project.repo.counts().codings} codings, ${(bytes.length / 2 ** 20).toFixed(1)} MiB of CSV`);
    return figure('export_csv', value / 1000, 's', baseline / 1000);
  } finally {
    project.close();
  }
}

/** The .weft file (WAL checkpointed) against the raw UTF-8 bytes of the transcripts. */
export function measureFileSize(projectFile: string, rawBytes: number): Figure {
  const db = new Database(projectFile);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  let bytes = fs.statSync(projectFile).size;
  if (fs.existsSync(projectFile + '-wal')) bytes += fs.statSync(projectFile + '-wal').size;
  return figure('project_file_size', bytes, 'bytes', rawBytes);
}
