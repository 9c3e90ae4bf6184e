// Which codings an export, the matrix or a report works on: a layer (the
// Consensus coder, one coder, or all), codes with their descendants, and
// document attribute filters. Shared by the CLI, the API and the reports.
import type { Project } from './project.js';
import { ExchangeStore } from '../store/exchange.js';
import { splitCodePath } from '../../shared/codePath.js';
import type { AttributeDef, Code, Coding, DocumentStatus } from '../../shared/types.js';
import { WeftError } from '../errors.js';

export const CONSENSUS_CODER = 'Consensus';

export interface SegmentSelection {
  /** one coder's codings, by name */
  coder?: string;
  /** the Consensus layer (an error when no coder named Consensus has codings) */
  consensus?: boolean;
  /** every coder's codings, even where a Consensus layer exists */
  allCoders?: boolean;
  /** code paths; each includes its descendants */
  codes?: string[];
  /** attribute filters: the same attribute repeated means any of its values */
  where?: Array<{ attribute: string; value: string }>;
  /** load the documents' texts (exports and reports need them; counting doesn't) */
  withText?: boolean;
}

export interface Layer {
  kind: 'consensus' | 'coder' | 'all';
  /** null for all coders */
  coderIds: number[] | null;
  label: string;
}

export interface SelectedDocument {
  id: number;
  guid: string;
  name: string;
  /** '' unless the selection asked for texts */
  text: string;
  length: number;
  status: DocumentStatus;
  attributes: Record<string, string>;
}

export interface Selection {
  layer: Layer;
  attributes: AttributeDef[];
  codes: Code[];
  /** codes the filter keeps (all codes without a filter) */
  codeIds: Set<number>;
  /** documents that pass the attribute filters, in project order */
  documents: SelectedDocument[];
  codings: Coding[];
  coderNames: Map<number, string>;
  /** a readable description of the filters, for file headers and summaries */
  description: string;
}

/** Parse repeated `--where ATTR=VALUE` options. */
export function parseWhere(items: readonly string[]): Array<{ attribute: string; value: string }> {
  return items.map((w) => {
    const eq = w.indexOf('=');
    if (eq <= 0) throw new WeftError(`--where "${w}": expected ATTRIBUTE=VALUE`);
    return { attribute: w.slice(0, eq).trim(), value: w.slice(eq + 1).trim() };
  });
}

export function resolveLayer(project: Project, sel: SegmentSelection): Layer {
  const store = new ExchangeStore(project.db);
  const counts = store.codingCountsByCoder();
  if (sel.coder !== undefined) {
    const c = project.repo.coderByName(sel.coder.trim());
    if (!c) {
      const names = project.repo.coders().map((k) => k.name);
      throw new WeftError(`coder "${sel.coder}" is not in the project (coders: ${names.join(', ') || 'none'})`);
    }
    return { kind: 'coder', coderIds: [c.id], label: `coder ${c.name}` };
  }
  const consensus = project.repo.coderByName(CONSENSUS_CODER);
  const hasConsensus = consensus !== undefined && (counts.get(consensus.id) ?? 0) > 0;
  if (sel.consensus) {
    if (!hasConsensus) throw new WeftError(`there is no Consensus layer: no coder named "${CONSENSUS_CODER}" has codings`);
    return { kind: 'consensus', coderIds: [consensus!.id], label: 'Consensus' };
  }
  if (!sel.allCoders && hasConsensus) return { kind: 'consensus', coderIds: [consensus!.id], label: 'Consensus' };
  return { kind: 'all', coderIds: null, label: 'all coders' };
}

export function selectCodings(project: Project, sel: SegmentSelection): Selection {
  const repo = project.repo;
  const layer = resolveLayer(project, sel);
  const attributes = repo.attributeDefs();
  const codes = repo.codes();

  // codes, with descendants
  let codeIds = new Set(codes.map((c) => c.id));
  if (sel.codes?.length) {
    const byPath = new Map(codes.map((c) => [splitCodePath(c.path).join('\u0000').toLowerCase(), c]));
    const childrenOf = new Map<number, number[]>();
    for (const c of codes) if (c.parentId !== null) childrenOf.set(c.parentId, [...(childrenOf.get(c.parentId) ?? []), c.id]);
    codeIds = new Set();
    for (const p of sel.codes) {
      const code = byPath.get(splitCodePath(p).join('\u0000').toLowerCase());
      if (!code) throw new WeftError(`--code "${p}": no such code in the codebook`);
      const stack = [code.id];
      while (stack.length) {
        const id = stack.pop()!;
        codeIds.add(id);
        stack.push(...(childrenOf.get(id) ?? []));
      }
    }
  }

  // documents, by attributes
  const docAttrs = repo.allDocumentAttributes();
  const filters = new Map<string, Set<string>>();
  for (const w of sel.where ?? []) {
    const def = attributes.find((a) => a.name.toLowerCase() === w.attribute.toLowerCase());
    if (!def) throw new WeftError(`--where ${w.attribute}=${w.value}: no attribute "${w.attribute}" (attributes: ${attributes.map((a) => a.name).join(', ') || 'none'})`);
    const used = new Set([...docAttrs.values()].map((r) => r[def.name]).filter((v): v is string => v !== undefined));
    if (!used.has(w.value)) {
      throw new WeftError(`--where ${def.name}=${w.value}: no document has this value (values: ${[...used].sort().join(', ') || 'none'})`);
    }
    const set = filters.get(def.name) ?? new Set<string>();
    set.add(w.value);
    filters.set(def.name, set);
  }
  const store = new ExchangeStore(project.db);
  const documents: SelectedDocument[] = store
    .documents()
    .map((d) => ({ ...d, text: '', attributes: docAttrs.get(d.id) ?? {} }))
    .filter((d) => [...filters].every(([name, values]) => values.has(d.attributes[name] ?? '')));
  if (sel.withText) {
    const texts = store.documentTexts(documents.map((d) => d.id));
    for (const d of documents) d.text = texts.get(d.id)!;
  }
  const docIds = new Set(documents.map((d) => d.id));

  const codings = store
    .codings({ coderIds: layer.coderIds ?? undefined })
    .filter((c) => docIds.has(c.documentId) && codeIds.has(c.codeId));
  const coderNames = new Map(repo.coders().map((c) => [c.id, c.name]));
  const parts = [`layer: ${layer.label}`];
  if (sel.codes?.length) parts.push(`codes: ${sel.codes.join('; ')} (with children)`);
  for (const [name, values] of filters) parts.push(`${name}: ${[...values].join(' or ')}`);
  return { layer, attributes, codes, codeIds, documents, codings, coderNames, description: parts.join('; ') };
}
