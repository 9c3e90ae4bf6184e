// Agreement figures: 3 coders × 1,000 documents of 10,000 words (about 60,000
// code points each), 60 codes and 30,000 codings, at the character and
// segment units; the budget is under 2 s each, growing linearly. The
// study is generated from a fixed seed. Each figure's baseline is the plainest
// work any method must do on the same codings in the same run: sorting them by
// document, code and start. Linearity is shown by the same run at 1/4 and 1/2
// of the documents and codings.
//
// Called by the bench harness:   emit(...(await agreementFigures({ projectFile, runs, log })));
// (projectFile is optional: with it, the whole `weft agreement` path, SQL reads included, is timed on that project too.)
import { computeAgreement, type AgreementInput, type AgreementUnit } from '../../shared/agreement/compute.js';
import { figure, medianTime, type Figure } from './measure.js';

type Log = (line: string) => void;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A synthetic study: every document coded by all 3 coders; each coding is a
 * passage of 100–1,500 code points; two thirds of the codings of coders 2 and
 * 3 follow coder 1's with jittered boundaries (so agreement is realistic).
 */
export function agreementStudy(documents = 1000, codings = 30_000, seed = 6): Omit<AgreementInput, 'unit' | 'overlap'> {
  const rand = mulberry32(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const docs = Array.from({ length: documents }, (_, i) => ({ id: i + 1, length: int(55_000, 65_000), present: [true, true, true] }));
  const out: Array<AgreementInput['codings'][number]> = [];
  const perCoder = Math.floor(codings / 3);
  const anchors: Array<{ documentId: number; codeId: number; start: number; end: number }> = [];
  for (let i = 0; i < perCoder; i++) {
    const d = docs[int(0, documents - 1)]!;
    const len = int(100, 1500);
    const start = int(0, d.length - len - 1);
    const c = { documentId: d.id, codeId: int(1, 60), start, end: start + len };
    anchors.push(c);
    out.push({ ...c, coder: 0 });
  }
  for (const coder of [1, 2]) {
    for (let i = 0; i < perCoder; i++) {
      const a = anchors[i]!;
      if (rand() < 2 / 3) {
        const d = docs[a.documentId - 1]!;
        const start = Math.max(0, a.start + int(-40, 40));
        out.push({ documentId: a.documentId, codeId: rand() < 0.9 ? a.codeId : int(1, 60), coder, start, end: Math.min(d.length, Math.max(start + 1, a.end + int(-40, 40))) });
      } else {
        const d = docs[int(0, documents - 1)]!;
        const len = int(100, 1500);
        const start = int(0, d.length - len - 1);
        out.push({ documentId: d.id, codeId: int(1, 60), coder, start, end: start + len });
      }
    }
  }
  return { coders: ['A', 'B', 'C'], codes: Array.from({ length: 60 }, (_, k) => ({ id: k + 1, path: `Theme ${Math.floor(k / 6) + 1} > Code ${k + 1}` })), documents: docs, codings: out };
}

export async function agreementFigures(options: { projectFile?: string; runs?: number; log?: Log } = {}): Promise<Figure[]> {
  const runs = options.runs ?? 5;
  const log = options.log ?? (() => {});
  const figures: Figure[] = [];
  const full = agreementStudy();
  const baseline = await medianTime(runs, () => [...full.codings].sort((x, y) => x.documentId - y.documentId || x.codeId - y.codeId || x.start - y.start));
  for (const unit of ['character', 'segment'] as AgreementUnit[]) {
    // warm the JIT on the full study first, so the small sizes aren't measured cold
    for (let i = 0; i < 2; i++) computeAgreement({ ...full, unit, overlap: 0.5 });
    for (const share of [0.25, 0.5, 1]) {
      const study = share === 1 ? full : agreementStudy(1000 * share, 30_000 * share);
      const t = await medianTime(runs, () => computeAgreement({ ...study, unit, overlap: 0.5 }));
      log(`agreement ${unit}, ${study.documents.length} documents, ${study.codings.length} codings: ${(t / 1000).toFixed(3)} s`);
      // linear growth shows as the same ratio to the (linear) sort baseline at every size
      const base = share === 1 ? baseline : await medianTime(runs, () => [...study.codings].sort((x, y) => x.documentId - y.documentId || x.codeId - y.codeId || x.start - y.start));
      figures.push(figure(`agreement_${unit}_synthetic_${study.documents.length}docs_${study.codings.length}codings`, t / 1000, 's', base / 1000));
    }
  }
  if (options.projectFile) {
    const { Project } = await import('../../electron/services/project.js');
    const { projectAgreement } = await import('../../electron/services/agreement.js');
    const project = Project.open(options.projectFile, { readOnly: true });
    try {
      for (const unit of ['character', 'segment'] as AgreementUnit[]) {
        const t = await medianTime(Math.min(runs, 3), () => projectAgreement(project, { unit, overlap: 0.5 }));
        // baseline: reading the same codings from the project, sorted
        const read = await medianTime(Math.min(runs, 3), () => project.db.prepare('SELECT document_id, code_id, coder_id, start, "end" FROM codings ORDER BY document_id, code_id, start').all());
        figures.push(figure(`agreement_${unit}_3coders`, t / 1000, 's', read / 1000));
        log(`weft agreement --unit ${unit} on the bench project: ${(t / 1000).toFixed(3)} s`);
      }
    } finally {
      project.close();
    }
  }
  return figures;
}
