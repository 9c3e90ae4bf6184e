// Exchange figures on the benchmark project (1,000 transcripts, 30,000
// codings at the full scale): segment CSV and XLSX exports, .qdpx export and
// import, and the matrix with two nested attributes. Each has a baseline
// measured in the same run: the same data written or read the plainest way.
//
// Called by the bench harness after the codings are added:
//   emit(...(await exchangeFigures(project, dir, scale.runs, log)));
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { strToU8, zipSync } from 'fflate';
import { Project } from '../../electron/services/project.js';
import { exportSegments } from '../../electron/services/segmentExport.js';
import { exportQdpx } from '../../electron/services/qdpxExport.js';
import { importQdpx } from '../../electron/services/qdpxImport.js';
import { computeMatrix } from '../../electron/services/matrix.js';
import { figure, median, medianTime, type Figure } from './measure.js';

export type Log = (line: string) => void;

function removeDatabase(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
}

/**
 * `importQdpx` of the archive into a fresh project, against a raw insert of
 * the same texts into a plain table. The import must bring back every coding
 * and report nothing left out.
 */
export function measureQdpxImport(texts: string[], qdpxFile: string, codings: number, work: string, runs: number, log: Log): Figure {
  const importTimes: number[] = [];
  const rawTimes: number[] = [];
  for (let run = 0; run < runs; run++) {
    const raw = path.join(work, `raw-${run}.sqlite`);
    const db = new Database(raw);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, text TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO t (text) VALUES (?)');
    const t0 = performance.now();
    db.transaction(() => texts.forEach((t) => insert.run(t)))();
    rawTimes.push(performance.now() - t0);
    db.close();
    removeDatabase(raw);

    const target = path.join(work, `import-${run}.weft`);
    const fresh = Project.create(target);
    const t1 = performance.now();
    const report = importQdpx(fresh, qdpxFile);
    importTimes.push(performance.now() - t1);
    fresh.close();
    if (report.created.codings !== codings || report.notImported.length) throw new Error(`qdpx import: ${report.created.codings} of ${codings} codings, ${report.notImported.length} items not imported`);
    removeDatabase(target);
    log(`QDPX import run ${run + 1}: ${(importTimes[run]! / 1000).toFixed(2)} s (raw insert ${(rawTimes[run]! / 1000).toFixed(2)} s)`);
  }
  return figure('import_qdpx', median(importTimes) / 1000, 's', median(rawTimes) / 1000);
}

/** Only the .qdpx import figure (`npm run bench -- --only qdpx`): the project exported once, then imported `runs` times. */
export function qdpxImportFigure(projectFile: string, dir: string, runs: number, log: Log): Figure {
  const work = fs.mkdtempSync(path.join(dir, 'exchange-'));
  const project = Project.open(projectFile, { readOnly: true });
  try {
    const { codings } = project.repo.counts();
    const texts = project.repo.allDocuments().map((d) => d.text);
    const qdpxFile = path.join(work, 'project.qdpx');
    exportQdpx(project, qdpxFile);
    log(`${codings} codings; QDPX export: ${(fs.statSync(qdpxFile).size / 2 ** 20).toFixed(1)} MiB`);
    return measureQdpxImport(texts, qdpxFile, codings, work, runs, log);
  } finally {
    project.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

export async function exchangeFigures(projectFile: string, dir: string, runs: number, log: Log): Promise<Figure[]> {
  const figures: Figure[] = [];
  const work = fs.mkdtempSync(path.join(dir, 'exchange-'));
  const project = Project.open(projectFile, { readOnly: true });
  try {
    const { codings } = project.repo.counts();
    const segmentsJson = path.join(work, 'plain.json');
    // the plainest export: every segment with its text, as one JSON file
    const plain = await medianTime(runs, () => fs.writeFileSync(segmentsJson, JSON.stringify(project.repo.segments())));

    log(`${codings} codings; every segment as plain JSON: ${(plain / 1000).toFixed(2)} s`);
    // each export's baseline is fs.writeFileSync of the very bytes it produced
    const rewrite = async (file: string) => {
      const bytes = fs.readFileSync(file);
      return medianTime(runs, () => fs.writeFileSync(file + '.copy', bytes));
    };

    const xlsxFile = path.join(work, 'segments.xlsx');
    const xlsx = await medianTime(Math.min(runs, 3), () => exportSegments(project, xlsxFile, 'xlsx', { allCoders: true }));
    figures.push(figure('export_xlsx', xlsx / 1000, 's', (await rewrite(xlsxFile)) / 1000));
    log(`segments XLSX: ${(xlsx / 1000).toFixed(2)} s`);

    const qdpxFile = path.join(work, 'project.qdpx');
    const texts = project.repo.allDocuments().map((d) => d.text);
    // the plainest archive: the transcripts alone, zipped at the same level
    const zipPlain = await medianTime(runs, () => fs.writeFileSync(path.join(work, 'texts.zip'), zipSync(Object.fromEntries(texts.map((t, i) => [`${i}.txt`, strToU8(t)])), { level: 1 })));
    const qdpx = await medianTime(runs, () => exportQdpx(project, qdpxFile));
    figures.push(figure('export_qdpx', qdpx / 1000, 's', (await rewrite(qdpxFile)) / 1000));
    log(`QDPX export: ${(qdpx / 1000).toFixed(2)} s (zip of the texts ${(zipPlain / 1000).toFixed(2)} s); ${(fs.statSync(qdpxFile).size / 2 ** 20).toFixed(1)} MiB`);

    figures.push(measureQdpxImport(texts, qdpxFile, codings, work, Math.min(runs, 3), log));

    // the matrix: country × participant group, against one GROUP BY over the same join
    const attrs = project.repo.attributeDefs().map((a) => a.name);
    const columns = ['country', 'participant_group'].filter((a) => attrs.includes(a));
    const sql = project.db.prepare(
      `SELECT c.code_id, a1.value AS v1, a2.value AS v2, COUNT(*) AS n, COUNT(DISTINCT c.document_id) AS d
       FROM codings c
       LEFT JOIN document_attributes a1 ON a1.document_id = c.document_id AND a1.attribute_id = (SELECT id FROM attribute_defs WHERE name = ?)
       LEFT JOIN document_attributes a2 ON a2.document_id = c.document_id AND a2.attribute_id = (SELECT id FROM attribute_defs WHERE name = ?)
       GROUP BY c.code_id, v1, v2`,
    );
    const groupBy = await medianTime(runs, () => sql.all(columns[0] ?? '', columns[1] ?? ''));
    const matrix = await medianTime(runs, () => computeMatrix(project, { allCoders: true, columns }));
    figures.push(figure('matrix_country_x_group', matrix / 1000, 's', groupBy / 1000));
    log(`matrix ${columns.join(' × ')}: ${matrix.toFixed(0)} ms (GROUP BY ${groupBy.toFixed(0)} ms)`);
  } finally {
    project.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
  return figures;
}
