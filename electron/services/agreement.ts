// Inter-coder agreement on the project, the agreement report, the list of
// disagreements between two coders, and reconciliation into the Consensus layer.
import type { Project } from './project.js';
import { ExchangeStore } from '../store/exchange.js';
import { TeamStore, type ReconcileDecision } from '../store/team.js';
import { splitCodePath } from '../../shared/codePath.js';
import { rangeError } from '../../shared/offsets.js';
import { computeAgreement, documentsThatCount, type AgreementResult, type AgreementUnit } from '../../shared/agreement/compute.js';
import { agreementCsv, agreementHtml } from '../../shared/agreement/report.js';
import { compareCoders, type ComparedCoding, type Stretch } from '../../shared/agreement/disagreements.js';
import { CONSENSUS_CODER_NAME } from '../../shared/team.js';
import type { Coder } from '../../shared/types.js';
import { WeftError } from '../errors.js';

export interface AgreementOptions {
  coders?: string[];
  codes?: string[];
  where?: Array<{ attribute: string; value: string }>;
  unit?: AgreementUnit;
  overlap?: number;
}

export const DEFAULT_OVERLAP = 0.9;

function resolveCoders(project: Project, names: readonly string[] | undefined): Coder[] {
  if (names?.length) {
    const out = names.map((n) => {
      const c = project.repo.coderByName(n.trim());
      if (!c) throw new WeftError(`--coders: coder "${n.trim()}" is not in the project (coders: ${project.repo.coders().map((k) => k.name).join(', ') || 'none'})`);
      return c;
    });
    if (new Set(out.map((c) => c.id)).size !== out.length) throw new WeftError('--coders: a coder is named twice');
    if (out.length < 2) throw new WeftError('--coders: name at least 2 coders');
    return out;
  }
  const counts = new ExchangeStore(project.db).codingCountsByCoder();
  const coders = project.repo.coders().filter((c) => (counts.get(c.id) ?? 0) > 0 && c.name.toLowerCase() !== CONSENSUS_CODER_NAME.toLowerCase());
  if (coders.length < 2) throw new WeftError(`agreement needs at least 2 coders with codings (found ${coders.length}${coders.length ? `: ${coders.map((c) => c.name).join(', ')}` : ''})`);
  return coders;
}

function filterDocuments(project: Project, where: AgreementOptions['where']): Array<{ id: number; name: string; length: number }> {
  const docs = new ExchangeStore(project.db).documents();
  if (!where?.length) return docs;
  const attrs = project.repo.attributeDefs();
  const values = project.repo.allDocumentAttributes();
  const filters = new Map<string, Set<string>>();
  for (const w of where) {
    const def = attrs.find((a) => a.name.toLowerCase() === w.attribute.toLowerCase());
    if (!def) throw new WeftError(`--where ${w.attribute}=${w.value}: no attribute "${w.attribute}" (attributes: ${attrs.map((a) => a.name).join(', ') || 'none'})`);
    const set = filters.get(def.name) ?? new Set<string>();
    set.add(w.value);
    filters.set(def.name, set);
  }
  return docs.filter((d) => [...filters].every(([name, allowed]) => allowed.has(values.get(d.id)?.[name] ?? '\u0000')));
}

/** The codes compared: the named codes with their descendants, else every code the compared coders used. */
function resolveCodes(project: Project, paths: readonly string[] | undefined, used: ReadonlySet<number>): Array<{ id: number; path: string }> {
  const codes = project.repo.codes();
  if (!paths?.length) return codes.filter((c) => used.has(c.id)).map((c) => ({ id: c.id, path: c.path }));
  const byPath = new Map(codes.map((c) => [splitCodePath(c.path).join('\u0000').toLowerCase(), c]));
  const children = new Map<number, number[]>();
  for (const c of codes) if (c.parentId !== null) children.set(c.parentId, [...(children.get(c.parentId) ?? []), c.id]);
  const keep = new Set<number>();
  for (const p of paths) {
    const code = byPath.get(splitCodePath(p).join('\u0000').toLowerCase());
    if (!code) throw new WeftError(`--codes: no code "${p}" in the codebook`);
    const stack = [code.id];
    while (stack.length) {
      const id = stack.pop()!;
      keep.add(id);
      stack.push(...(children.get(id) ?? []));
    }
  }
  return codes.filter((c) => keep.has(c.id) && (c.codable || used.has(c.id))).map((c) => ({ id: c.id, path: c.path }));
}

export interface AgreementRun {
  result: AgreementResult;
  documentNames: string[];
  settings: Record<string, string>;
}

/** Agreement on the project; `onProgress` hears of each code compared. */
export function projectAgreement(project: Project, options: AgreementOptions = {}, onProgress?: (done: number, total: number, message?: string) => void): AgreementRun {
  const unit = options.unit ?? 'character';
  const overlap = options.overlap ?? DEFAULT_OVERLAP;
  if (!(overlap >= 0 && overlap <= 1)) throw new WeftError(`--overlap ${overlap}: must be between 0.0 and 1.0`);
  const coders = resolveCoders(project, options.coders);
  const docs = filterDocuments(project, options.where);
  const team = new TeamStore(project.db);
  const complete = team.completedByCoder();
  const coded = team.codedByCoder();
  const counted = documentsThatCount(
    docs,
    coders.length,
    coders.map((c) => complete.get(c.id) ?? new Set()),
    coders.map((c) => coded.get(c.id) ?? new Set()),
  );
  const docIds = new Set(counted.map((d) => d.id));
  const coderIndex = new Map(coders.map((c, i) => [c.id, i]));
  const all = new ExchangeStore(project.db).codings({ coderIds: coders.map((c) => c.id) }).filter((c) => docIds.has(c.documentId));
  const codes = resolveCodes(project, options.codes, new Set(all.map((c) => c.codeId)));
  const codeIds = new Set(codes.map((c) => c.id));
  const result = computeAgreement({
    unit,
    overlap,
    coders: coders.map((c) => c.name),
    codes,
    documents: counted,
    codings: all.filter((c) => codeIds.has(c.codeId)).map((c) => ({ documentId: c.documentId, codeId: c.codeId, coder: coderIndex.get(c.coderId)!, start: c.start, end: c.end })),
  }, onProgress);
  const names = new Map(docs.map((d) => [d.id, d.name]));
  const settings: Record<string, string> = {
    'Which documents count':
      coders.length === 2
        ? 'documents both coders marked complete (for a coder without completion marks: documents where they have at least one coding)'
        : 'documents at least two coders marked complete or coded; a coder who did not is missing there',
    Codes: options.codes?.length ? `${options.codes.join('; ')} (with their sub-codes)` : 'every code the coders used',
  };
  if (options.where?.length) settings['Document filter'] = options.where.map((w) => `${w.attribute} = ${w.value}`).join('; ');
  if (unit === 'segment') settings['Segment overlap threshold'] = String(overlap);
  return { result, documentNames: counted.map((d) => names.get(d.id)!), settings };
}

export function agreementReport(project: Project, run: AgreementRun, format: 'csv' | 'html', date = new Date()): string {
  if (format === 'csv') return agreementCsv(run.result);
  return agreementHtml(run.result, { project: project.info().name, date: date.toISOString().replace('T', ' ').slice(0, 16) + ' UTC', documents: run.documentNames, settings: run.settings });
}

// ---- disagreements and reconciliation

export interface DisagreementItem extends Stretch {
  documentName: string;
  codePath: string;
  decision: ReconcileDecision | null;
}

export interface DisagreementList {
  coderA: Coder;
  coderB: Coder;
  items: DisagreementItem[];
  /** disagreements (not agreements) and how many are decided */
  total: number;
  decided: number;
  agreements: number;
  agreementsAccepted: number;
}

function pairCoders(project: Project, a: string, b: string): [Coder, Coder] {
  const [ca, cb] = resolveCoders(project, [a, b]);
  return [ca!, cb!];
}

export function listDisagreements(project: Project, options: { coderA: string; coderB: string; codes?: string[]; where?: AgreementOptions['where'] }): DisagreementList {
  const [coderA, coderB] = pairCoders(project, options.coderA, options.coderB);
  const docs = filterDocuments(project, options.where);
  const team = new TeamStore(project.db);
  const complete = team.completedByCoder();
  const coded = team.codedByCoder();
  const counted = documentsThatCount(docs, 2, [coderA, coderB].map((c) => complete.get(c.id) ?? new Set()), [coderA, coderB].map((c) => coded.get(c.id) ?? new Set()));
  const docIds = new Set(counted.map((d) => d.id));
  const codings = new ExchangeStore(project.db).codings({ coderIds: [coderA.id, coderB.id] }).filter((c) => docIds.has(c.documentId));
  const codes = resolveCodes(project, options.codes, new Set(codings.map((c) => c.codeId)));
  const codeIds = new Set(codes.map((c) => c.id));
  const pick = (coderId: number): ComparedCoding[] =>
    codings.filter((c) => c.coderId === coderId && codeIds.has(c.codeId)).map((c) => ({ id: c.id, documentId: c.documentId, codeId: c.codeId, start: c.start, end: c.end }));
  const stretches = compareCoders(pick(coderA.id), pick(coderB.id), docs.map((d) => d.id));
  const decisions = new Map(team.reconciliations(coderA.id, coderB.id).map((r) => [`${r.documentId}:${r.codeId}:${r.start}-${r.end}`, r.decision]));
  const docNames = new Map(docs.map((d) => [d.id, d.name]));
  const codePaths = new Map(codes.map((c) => [c.id, c.path]));
  const items = stretches.map((s) => ({ ...s, documentName: docNames.get(s.documentId)!, codePath: codePaths.get(s.codeId)!, decision: decisions.get(s.key) ?? null }));
  const dis = items.filter((i) => i.kind !== 'agree');
  const agr = items.filter((i) => i.kind === 'agree');
  return {
    coderA,
    coderB,
    items,
    total: dis.length,
    decided: dis.filter((i) => i.decision !== null).length,
    agreements: agr.length,
    agreementsAccepted: agr.filter((i) => i.decision !== null).length,
  };
}

export interface DecideInput {
  coderA: string;
  coderB: string;
  documentId: number;
  codeId: number;
  start: number;
  end: number;
  decision: ReconcileDecision;
  /** the consensus span, for `adjust` */
  adjusted?: { start: number; end: number };
  decidedBy?: string | null;
}

/** Consensus codings written for one stretch: on its document and code, inside it, made from its codings. */
function consensusOfStretch(project: Project, consensusId: number, s: Stretch, sourceGuids: ReadonlySet<string>): number[] {
  const team = new TeamStore(project.db);
  return new ExchangeStore(project.db)
    .codings({ coderIds: [consensusId] })
    .filter((c) => c.documentId === s.documentId && c.codeId === s.codeId && c.start < s.end && c.end > s.start)
    .filter((c) => {
      const src = team.sourcesOf(c.guid);
      return src.length > 0 && src.every((g) => sourceGuids.has(g));
    })
    .map((c) => c.id);
}

/**
 * Record one decision on a stretch and write its consensus codings; a new
 * decision on the same stretch replaces the old one. Call inside a
 * transaction (the API runs it as one undoable step).
 */
export function decide(project: Project, input: DecideInput): { decision: ReconcileDecision; written: number } {
  project.assertWritable();
  const repo = project.repo;
  const [coderA, coderB] = pairCoders(project, input.coderA, input.coderB);
  const ex = new ExchangeStore(project.db);
  const team = new TeamStore(project.db);
  const codings = ex.codings({ coderIds: [coderA.id, coderB.id] }).filter((c) => c.documentId === input.documentId && c.codeId === input.codeId);
  const pick = (id: number): ComparedCoding[] => codings.filter((c) => c.coderId === id).map((c) => ({ id: c.id, documentId: c.documentId, codeId: c.codeId, start: c.start, end: c.end }));
  const stretch = compareCoders(pick(coderA.id), pick(coderB.id)).find((s) => s.start === input.start && s.end === input.end);
  if (!stretch) throw new WeftError(`no disagreement between ${coderA.name} and ${coderB.name} at ${input.start}–${input.end} of that document and code (the codings may have changed; reload the list)`, 'not_found');
  if (stretch.kind === 'agree' && !['agree', 'drop', 'adjust'].includes(input.decision)) {
    // accepting either side of an agreement is accepting the agreement
    input = { ...input, decision: 'agree' };
  }
  const guidOf = new Map(codings.map((c) => [c.id, c.guid]));
  const sourceGuids = new Set([...stretch.a, ...stretch.b].map((c) => guidOf.get(c.id)!));
  const consensus = repo.ensureCoder(CONSENSUS_CODER_NAME);

  // replace an earlier decision on this stretch
  const previous = team.findReconciliation({ coderAId: coderA.id, coderBId: coderB.id, documentId: input.documentId, codeId: input.codeId, start: input.start, end: input.end });
  for (const id of consensusOfStretch(project, consensus.id, stretch, sourceGuids)) repo.deleteCoding(id);
  if (previous) team.deleteReconciliation(previous.id);

  const spans = new Map<string, { start: number; end: number; sources: Set<string> }>();
  const add = (start: number, end: number, guids: string[]) => {
    const k = `${start}-${end}`;
    let s = spans.get(k);
    if (!s) spans.set(k, (s = { start, end, sources: new Set() }));
    for (const g of guids) s.sources.add(g);
  };
  switch (input.decision) {
    case 'acceptA':
      for (const c of stretch.a) add(c.start, c.end, [guidOf.get(c.id)!]);
      break;
    case 'acceptB':
      for (const c of stretch.b) add(c.start, c.end, [guidOf.get(c.id)!]);
      break;
    case 'acceptBoth':
    case 'agree':
      for (const c of [...stretch.a, ...stretch.b]) add(c.start, c.end, [guidOf.get(c.id)!]);
      break;
    case 'adjust': {
      const r = input.adjusted;
      if (!r) throw new WeftError('adjust: give the consensus start and end');
      const doc = repo.documentText(input.documentId)!;
      const err = rangeError(r.start, r.end, doc.length);
      if (err) throw new WeftError(`adjust: ${err} of document "${doc.name}"`);
      add(r.start, r.end, [...sourceGuids]);
      break;
    }
    case 'drop':
      break;
  }
  let written = 0;
  for (const s of spans.values()) {
    let target = repo.codingByIdentity(input.documentId, input.codeId, consensus.id, s.start, s.end);
    if (!target) {
      const id = repo.insertCoding({ documentId: input.documentId, codeId: input.codeId, coderId: consensus.id, start: s.start, end: s.end });
      target = repo.codingById(id)!;
      written++;
    }
    for (const g of s.sources) team.addConsensusSource(target.guid, g);
  }
  team.insertReconciliation({
    coderAId: coderA.id, coderBId: coderB.id, documentId: input.documentId, codeId: input.codeId, start: input.start, end: input.end,
    decision: input.decision, decidedBy: input.decidedBy ?? null,
  });
  return { decision: input.decision, written };
}

/** Accept every agreement (identical spans by both coders) not yet decided into the Consensus layer. */
export function acceptAgreements(project: Project, options: { coderA: string; coderB: string; codes?: string[]; where?: AgreementOptions['where']; decidedBy?: string | null }): { accepted: number } {
  const list = listDisagreements(project, options);
  let accepted = 0;
  for (const s of list.items) {
    if (s.kind !== 'agree' || s.decision !== null) continue;
    decide(project, { coderA: options.coderA, coderB: options.coderB, documentId: s.documentId, codeId: s.codeId, start: s.start, end: s.end, decision: 'agree', decidedBy: options.decidedBy });
    accepted++;
  }
  return { accepted };
}
