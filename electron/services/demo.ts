// The bundled demo project: fictional, de-identified transcripts and the
// starter codebook. Built once into the user's Weft folder.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Project } from './project.js';
import { importFiles } from './documents.js';
import { importCodebookEntries, readCodebookFile } from './codebook.js';
import { DEFAULT_ATTRIBUTES } from '../../shared/attributes.js';
import { WeftError } from '../errors.js';

interface DemoManifest {
  name: string;
  codebook: string;
  documents: Array<{ file: string; name: string; attributes: Record<string, string> }>;
}

/** The repository root, whether running from source or from a dist/ bundle. */
function repoRoot(): string {
  const here = typeof __dirname !== 'undefined' ? __dirname : path.dirname(fileURLToPath(import.meta.url));
  for (let dir = here, i = 0; i < 5; i++, dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'electron', 'demo', 'demo.json'))) return dir;
  }
  throw new WeftError('the demo transcripts are missing from this installation');
}

export const DEMO_FILE_NAME = 'demo.weft';

/** Create the demo project at `file` (which must not exist). */
export function createDemoProject(file: string): void {
  const root = repoRoot();
  const demoDir = path.join(root, 'electron', 'demo');
  const manifest = JSON.parse(fs.readFileSync(path.join(demoDir, 'demo.json'), 'utf8')) as DemoManifest;
  const project = Project.create(file, manifest.name);
  try {
    importCodebookEntries(project, readCodebookFile(path.join(root, 'codebooks', manifest.codebook)));
    project.repo.transaction(() => {
      for (const a of DEFAULT_ATTRIBUTES) project.repo.ensureAttribute(a.name, a.type, a.values);
    });
    for (const d of manifest.documents) {
      const [r] = importFiles(project, [path.join(demoDir, 'transcripts', d.file)], { attributes: d.attributes });
      if (!r || r.status !== 'imported') throw new WeftError(`demo: ${d.file}: ${r?.message ?? 'not imported'}`);
      project.repo.transaction(() => {
        project.repo.renameDocument(r.documentId!, d.name);
        // the demo transcripts were written already de-identified
        project.repo.setDocumentStatus(r.documentId!, 'deidentified');
      });
    }
  } finally {
    project.close();
  }
}

/** The demo project in `dir`, created on first use (built in a temp file, then moved in place). */
export function ensureDemoProject(dir: string): string {
  const file = path.join(dir, DEMO_FILE_NAME);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `.demo-${process.pid}-${Date.now()}.weft`);
  try {
    createDemoProject(tmp);
    for (const suffix of ['-wal', '-shm']) fs.rmSync(tmp + suffix, { force: true });
    fs.renameSync(tmp, file);
  } catch (e) {
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(tmp + suffix, { force: true });
    throw e;
  }
  return file;
}
