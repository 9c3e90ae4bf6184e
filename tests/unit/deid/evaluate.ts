// Scores the scanner against the labelled test set: recall and precision per
// kind. A planted identifier counts as found only when every letter and digit
// of it lies inside findings of a matching kind (a half-redacted phone number
// is a miss). A finding counts as correct when it overlaps a planted
// identifier of a matching kind.
import { createHmac } from 'node:crypto';
import nlp from 'compromise/two';
import { scanText, type Nlp, type ScannedFinding } from '../../../shared/deid/scan.js';
import { variantOf, type KnownVariant } from '../../../shared/deid/knownNames.js';
import { formatPlaceholder, type FindingKind } from '../../../shared/deid/types.js';
import { LABELLED, parseLabelled, type GoldKind, type GoldSpan, type LabelledTranscript } from './labelled.js';

export const SEED = 0x5eed1234;
export const NLP = nlp as unknown as Nlp;
const SALT = 'test-salt';
export const strong = (folded: string) => createHmac('sha256', SALT).update(folded).digest('hex');

export function knownVariants(t: LabelledTranscript): KnownVariant[] {
  const out: KnownVariant[] = [];
  t.knownNames.forEach((entry, n) => {
    for (const spelling of entry.variants) {
      const v = variantOf(spelling, SEED, strong);
      out.push({ placeholder: formatPlaceholder(entry.kind, n + 1), kind: entry.kind, hash: v.hash, weak: v.weak, length: v.length, mode: v.mode, first: v.first });
    }
  });
  return out;
}

function compatible(gold: GoldKind, found: FindingKind): boolean {
  if (gold === found) return true;
  // a school or a village on the known-names list is a place
  return gold === 'place' && (found === 'school' || found === 'organisation');
}

const ALNUM = /[\p{L}\p{N}]/u;

function covered(g: GoldSpan, findings: ScannedFinding[], anyKind: boolean): boolean {
  const cps = [...g.text];
  for (let k = 0; k < cps.length; k++) {
    if (!ALNUM.test(cps[k]!)) continue;
    const at = g.start + k;
    if (!findings.some((f) => f.start <= at && at < f.end && (anyKind || compatible(g.kind, f.kind)))) return false;
  }
  return true;
}

export interface KindScore {
  kind: string;
  gold: number;
  found: number;
  /** found with any kind: the text is redacted even if the label is wrong */
  redacted: number;
  findings: number;
  correct: number;
  /** overlapping a planted identifier of another kind */
  wrongKind: number;
}

export interface Evaluation {
  perKind: KindScore[];
  englishPersons: { gold: number; found: number };
  known: { gold: number; found: number };
  misses: string[];
  falsePositives: string[];
  cleanFindings: ScannedFinding[];
}

export function evaluate(transcripts = LABELLED, cleanText?: string): Evaluation {
  const scores = new Map<string, KindScore>();
  const score = (kind: string) => {
    let s = scores.get(kind);
    if (!s) scores.set(kind, (s = { kind, gold: 0, found: 0, redacted: 0, findings: 0, correct: 0, wrongKind: 0 }));
    return s;
  };
  const englishPersons = { gold: 0, found: 0 };
  const known = { gold: 0, found: 0 };
  const misses: string[] = [];
  const falsePositives: string[] = [];
  for (const t of transcripts) {
    const { text, gold } = parseLabelled(t.marked);
    const findings = scanText(text, { nlp: NLP, known: { variants: knownVariants(t), seed: SEED, strong } });
    for (const g of gold) {
      const s = score(g.kind);
      s.gold++;
      const ok = covered(g, findings, false);
      if (ok) s.found++;
      else misses.push(`${t.id}: ${g.kind}${g.known ? ' (known)' : ''} "${g.text}"`);
      if (covered(g, findings, true)) s.redacted++;
      if (g.known) {
        known.gold++;
        if (ok) known.found++;
      } else if (g.kind === 'person' && t.language === 'en') {
        englishPersons.gold++;
        if (ok) englishPersons.found++;
      }
    }
    for (const f of findings) {
      const s = score(f.kind === 'school' || f.kind === 'organisation' ? 'place' : f.kind);
      s.findings++;
      const overlapping = gold.filter((g) => f.start < g.end && g.start < f.end);
      if (overlapping.some((g) => compatible(g.kind, f.kind))) s.correct++;
      else if (overlapping.length) {
        s.wrongKind++;
        falsePositives.push(`${t.id}: ${f.kind} "${f.text}" is labelled ${overlapping.map((g) => g.kind).join('/')}`);
      } else falsePositives.push(`${t.id}: ${f.kind} "${f.text}" (${f.confidence})`);
    }
  }
  const cleanFindings = cleanText ? scanText(cleanText, { nlp: NLP }) : [];
  return { perKind: [...scores.values()].sort((a, b) => a.kind.localeCompare(b.kind)), englishPersons, known, misses, falsePositives, cleanFindings };
}

const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)}%` : '—');

export function report(e: Evaluation): string {
  const lines = ['kind        planted  recall   redacted  findings  precision  (wrong kind)'];
  for (const s of e.perKind) {
    lines.push(
      `${s.kind.padEnd(11)} ${String(s.gold).padStart(7)}  ${pct(s.found, s.gold).padStart(6)}   ${pct(s.redacted, s.gold).padStart(8)}  ${String(s.findings).padStart(8)}  ${pct(s.correct, s.findings).padStart(9)}  ${s.wrongKind ? `(${s.wrongKind})` : ''}`,
    );
  }
  lines.push(`person names in English transcripts: ${e.englishPersons.found}/${e.englishPersons.gold} = ${pct(e.englishPersons.found, e.englishPersons.gold)}`);
  lines.push(`known names (any script): ${e.known.found}/${e.known.gold} = ${pct(e.known.found, e.known.gold)}`);
  return lines.join('\n');
}
