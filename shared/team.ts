// Team coding types shared by the backend, the CLI and the UI: packages,
// merge reports, assignments and completion marks.

export const PROPOSED_CODES = 'Proposed codes';
export const CONSENSUS_CODER_NAME = 'Consensus';
/** settings key of a coder package: who it is for and what it holds */
export const PACKAGE_SETTING = 'team.package';

export interface PackageInfo {
  /** the lead's project the package was made from */
  leadProjectGuid: string;
  leadProjectName: string;
  coder: { guid: string; name: string };
  documents: string[];
  /** the codebook it carries: a version id where the project versions its codebook, else a fingerprint of the codes */
  codebook: { version: string | null; fingerprint: string; codes: number };
  createdAt: string;
}

export interface MergeConflict {
  kind: 'document' | 'code' | 'coding' | 'memo' | 'attribute' | 'coder' | 'file';
  item: string;
  message: string;
}

export interface MergeFileReport {
  file: string;
  kind: 'package' | 'project' | 'qdpx';
  /** the coder a package was made for */
  coder: string | null;
  documents: { added: number; matchedByGuid: number; matchedByHash: number };
  codes: { added: number; matchedByGuid: number; matchedByPath: number; proposed: number };
  codings: { added: number; unchanged: number; memosUpdated: number };
  memos: { added: number; updated: number; unchanged: number };
  coders: { added: number; matched: number };
  completions: { added: number; unchanged: number };
  assignments: { added: number; unchanged: number };
  consensus: { sourcesAdded: number; decisionsAdded: number };
  conflicts: MergeConflict[];
  notes: string[];
}

export interface MergeReport {
  project: string;
  files: MergeFileReport[];
}

export interface TeamState {
  coders: Array<{ id: number; guid: string; name: string; codings: number }>;
  assignments: Array<{ documentId: number; coderId: number; at: string }>;
  completions: Array<{ documentId: number; coderId: number; at: string }>;
  /** set when this project is a coder package */
  package: PackageInfo | null;
}

export function emptyFileReport(file: string, kind: MergeFileReport['kind']): MergeFileReport {
  return {
    file,
    kind,
    coder: null,
    documents: { added: 0, matchedByGuid: 0, matchedByHash: 0 },
    codes: { added: 0, matchedByGuid: 0, matchedByPath: 0, proposed: 0 },
    codings: { added: 0, unchanged: 0, memosUpdated: 0 },
    memos: { added: 0, updated: 0, unchanged: 0 },
    coders: { added: 0, matched: 0 },
    completions: { added: 0, unchanged: 0 },
    assignments: { added: 0, unchanged: 0 },
    consensus: { sourcesAdded: 0, decisionsAdded: 0 },
    conflicts: [],
    notes: [],
  };
}

/** The merge report as lines for the terminal. */
export function formatMergeReport(r: MergeReport): string[] {
  const lines: string[] = [];
  for (const f of r.files) {
    lines.push(`${f.file} (${f.kind}${f.coder ? ` for ${f.coder}` : ''}):`);
    lines.push(`  documents: ${f.documents.added} added, ${f.documents.matchedByGuid} matched by GUID, ${f.documents.matchedByHash} by content hash`);
    lines.push(`  codes: ${f.codes.added} added (${f.codes.proposed} under "${PROPOSED_CODES}"), ${f.codes.matchedByGuid} matched by GUID, ${f.codes.matchedByPath} by path`);
    lines.push(`  codings: ${f.codings.added} added, ${f.codings.unchanged} already present${f.codings.memosUpdated ? `, ${f.codings.memosUpdated} memos filled in` : ''}`);
    lines.push(`  memos: ${f.memos.added} added, ${f.memos.updated} updated, ${f.memos.unchanged} unchanged`);
    lines.push(`  coders: ${f.coders.added} added, ${f.coders.matched} matched; completion marks: ${f.completions.added} added, ${f.completions.unchanged} already present; assignments: ${f.assignments.added} added`);
    if (f.consensus.sourcesAdded || f.consensus.decisionsAdded) lines.push(`  consensus: ${f.consensus.sourcesAdded} provenance links, ${f.consensus.decisionsAdded} reconciliation decisions added`);
    for (const n of f.notes) lines.push(`  note: ${n}`);
    if (f.conflicts.length) {
      lines.push(`  conflicts (${f.conflicts.length}):`);
      for (const c of f.conflicts) lines.push(`    ${c.kind} ${c.item}: ${c.message}`);
    } else lines.push('  no conflicts');
  }
  return lines;
}
