// The de-identification scan: every detector over one text, overlaps
// resolved, offsets turned into code points. Pure: the known-names list comes
// in as hashes, with the hash function.
import { OffsetIndex } from '../offsets.js';
import { matchKnownNames, type KnownVariant, type StrongHash } from './knownNames.js';
import { findNames, type Nlp } from './names.js';
import { findAddresses, findDates, findEmails, findGps, findHandles, findIds, findIps, findUrls, hasDigit, type Candidate } from './patterns.js';
import { findPhones, STUDY_COUNTRIES } from './phones.js';
import { CONFIDENCE_RANK, PLACEHOLDER_RE, type Finding, type FindingKind } from './types.js';
import type { CountryCode } from 'libphonenumber-js/max';

export type { Nlp } from './names.js';

export interface ScanOptions {
  known?: { variants: readonly KnownVariant[]; seed: number; strong: StrongHash };
  /** countries whose national phone formats are recognised (default: the 13 study countries) */
  countries?: readonly CountryCode[];
  /** the English name detector needs compromise; without it, names come from the known-names list only */
  nlp?: Nlp | null;
}

export interface ScannedFinding extends Finding {
  /** for known names: the entry's placeholder */
  placeholder?: string;
}

// when spans overlap, the surer finding wins, then the longer, then the kind listed first
const KIND_ORDER: FindingKind[] = ['email', 'url', 'handle', 'ip', 'gps', 'address', 'date', 'phone', 'id', 'school', 'organisation', 'place', 'person', 'other'];

export function scanText(text: string, options: ScanOptions = {}): ScannedFinding[] {
  const candidates: Candidate[] = [];
  // most patterns need a digit: asked once here, not by each detector
  const digits = hasDigit(text);
  findEmails(text, candidates);
  findUrls(text, candidates);
  findHandles(text, candidates);
  findIps(text, candidates, digits);
  findGps(text, candidates, digits);
  findAddresses(text, candidates, digits);
  findDates(text, candidates, digits);
  findPhones(text, candidates, options.countries ?? STUDY_COUNTRIES, digits);
  findIds(text, candidates, digits);
  if (options.nlp) findNames(text, candidates, { nlp: options.nlp });
  if (options.known && options.known.variants.length) {
    for (const m of matchKnownNames(text, options.known.variants, options.known.seed, options.known.strong)) {
      candidates.push({ kind: m.variant.kind, start: m.start, end: m.end, confidence: 'high', source: 'known', placeholder: m.variant.placeholder });
    }
  }

  // a number in national format after "ID number" or "passport" is the ID, unless the words before also talk about phones
  const strongIds = candidates.filter((c) => c.kind === 'id' && c.context);
  const dropped = new Set<Candidate>();
  for (const c of candidates) {
    if (c.kind === 'phone' && !c.context && strongIds.some((d) => c.start < d.end && d.start < c.end)) dropped.add(c);
  }
  if (dropped.size) candidates.splice(0, candidates.length, ...candidates.filter((c) => !dropped.has(c)));

  // placeholders already in the text are never findings
  const blocked: Array<[number, number]> = [];
  // (each starts with "[", which most texts don't have)
  if (text.includes('[')) for (const m of text.matchAll(PLACEHOLDER_RE)) blocked.push([m.index, m.index + m[0].length]);

  const order = (c: Candidate) => KIND_ORDER.indexOf(c.kind);
  // e-mail addresses, handles and URLs first (they may contain a name), then the known names, then the rest
  const tier = (c: Candidate) => (c.kind === 'email' || c.kind === 'handle' || (c.kind === 'url' && c.confidence === 'high') ? 0 : c.source === 'known' ? 1 : 2);
  candidates.sort(
    (a, b) =>
      tier(a) - tier(b) ||
      CONFIDENCE_RANK[b.confidence] - CONFIDENCE_RANK[a.confidence] ||
      b.end - b.start - (a.end - a.start) ||
      order(a) - order(b) ||
      a.start - b.start,
  );
  // spans taken so far: disjoint, in order (the placeholders come in order), so a binary search finds the overlaps
  const taken: Array<[number, number]> = [...blocked];
  const kept: Candidate[] = [];
  const queue = [...candidates];
  for (let q = 0; q < queue.length; q++) {
    const c = queue[q]!;
    if (c.end <= c.start) continue;
    const overlapping = overlaps(taken, c.start, c.end);
    if (!overlapping.length) {
      taken.splice(firstEndingAfter(taken, c.start), 0, [c.start, c.end]);
      kept.push(c);
      continue;
    }
    // a detected name longer than the known name inside it ("Somchai Wongsakul" around a known "Somchai"):
    // the rest of it is still a name
    if (c.source !== 'known' && (c.kind === 'person' || c.kind === 'place')) {
      for (const [s, e] of restOf(text, c.start, c.end, overlapping)) queue.splice(q + 1, 0, { ...c, start: s, end: e });
    }
  }
  kept.sort((a, b) => a.start - b.start);
  const index = new OffsetIndex(text);
  return kept.map((c) => ({
    kind: c.kind,
    start: index.toCodePoint(c.start),
    end: index.toCodePoint(c.end),
    text: text.slice(c.start, c.end),
    confidence: c.confidence,
    source: c.source ?? 'detector',
    ...(c.placeholder ? { placeholder: c.placeholder } : {}),
  }));
}

/** Index of the first of the disjoint, ordered spans that ends after `at` (spans.length if none does). */
function firstEndingAfter(spans: Array<[number, number]>, at: number): number {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid]![1] > at) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The disjoint, ordered spans that overlap [start, end). */
function overlaps(spans: Array<[number, number]>, start: number, end: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let k = firstEndingAfter(spans, start); k < spans.length && spans[k]![0] < end; k++) out.push(spans[k]!);
  return out;
}

/** The parts of [start, end) outside the given spans, trimmed to letters and digits. */
function restOf(text: string, start: number, end: number, spans: Array<[number, number]>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let at = start;
  for (const [s, e] of [...spans].sort((a, b) => a[0] - b[0])) {
    if (s > at) out.push([at, Math.min(s, end)]);
    at = Math.max(at, e);
  }
  if (at < end) out.push([at, end]);
  return out
    .map(([s, e]) => {
      const part = text.slice(s, e);
      const lead = part.length - part.replace(/^[^\p{L}\p{N}]+/u, '').length;
      const trail = part.length - part.replace(/[^\p{L}\p{N}]+$/u, '').length;
      return [s + lead, e - trail] as [number, number];
    })
    .filter(([s, e]) => e - s >= 2);
}
