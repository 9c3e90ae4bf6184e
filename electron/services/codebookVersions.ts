// The team's codebook over time: published versions with snapshots, the lock
// for a coding round, the proposals coders make while it is locked, the
// version diff and the codebook document for training coders.
// Each write function runs in the caller's transaction (the API wraps it in one undo step).
import type { Project } from './project.js';
import type { Code } from '../../shared/types.js';
import { codeNameError, splitCodePath } from '../../shared/codePath.js';
import { paletteColor } from '../../shared/colors.js';
import {
  codebookProper,
  REJECTED_PROPOSALS,
  snapshotAsDiffInput,
  snapshotCodes,
  type CodebookSnapshot,
  type CodebookVersionSummary,
} from '../../shared/codebookVersions.js';
import { diffCodebooks, type CodebookDiff } from '../../shared/codebookDiff.js';
import { codebookDocumentHtml } from '../../shared/formats/codebookDocument.js';
import { newGuid, nowIso } from '../store/repository.js';
import { WeftError } from '../errors.js';
import { mergeCodes } from './codebookEdit.js';
import { codebookLock, setCodebookLock, type CodebookLockState } from './codebookLock.js';
import type { CodebookOverview } from '../../shared/api/methods/codebookVersions.js';

export { REJECTED_PROPOSALS };

function coderName(project: Project, coderId: number | undefined): string | null {
  if (coderId === undefined) return null;
  const coder = project.repo.coderById(coderId);
  if (!coder) throw new WeftError(`coderId: no coder with id ${coderId}`, 'not_found');
  return coder.name;
}

/** The current codebook as a snapshot, with every merge whose source is gone. */
export function currentSnapshot(project: Project): CodebookSnapshot {
  const codes = project.repo.codes();
  const present = new Set(codes.map((c) => c.guid));
  const merges = (project.db.prepare('SELECT source_guid, source_path, target_guid FROM code_merges ORDER BY id').all() as Array<{
    source_guid: string; source_path: string; target_guid: string;
  }>)
    .filter((m) => !present.has(m.source_guid))
    .map((m) => ({ guid: m.source_guid, path: splitCodePath(m.source_path), mergedInto: m.target_guid }));
  // a chain A → B → C reads as A merged into C when B is gone too
  const into = new Map(merges.map((m) => [m.guid, m.mergedInto]));
  for (const m of merges) {
    const seen = new Set<string>();
    while (!present.has(m.mergedInto) && into.has(m.mergedInto) && !seen.has(m.mergedInto)) {
      seen.add(m.mergedInto);
      m.mergedInto = into.get(m.mergedInto)!;
    }
  }
  const unique = new Map(merges.map((m) => [m.guid, m]));
  return { codes: snapshotCodes(codes), merges: [...unique.values()] };
}

export function publishVersion(project: Project, p: { note: string; coderId?: number; publishedBy?: string }): CodebookVersionSummary {
  const by = p.publishedBy ?? coderName(project, p.coderId);
  const number = (project.db.prepare('SELECT IFNULL(MAX(number), 0) + 1 AS n FROM codebook_versions').get() as { n: number }).n;
  const snapshot = currentSnapshot(project);
  project.db
    .prepare('INSERT INTO codebook_versions (guid, number, published_at, published_by, note, snapshot) VALUES (?, ?, ?, ?, ?, ?)')
    .run(newGuid(), number, nowIso(), by, p.note.trim(), JSON.stringify(snapshot));
  return listVersions(project).find((v) => v.number === number)!;
}

export function listVersions(project: Project): CodebookVersionSummary[] {
  const rows = project.db
    .prepare(
      `SELECT v.number, v.guid, v.published_at AS publishedAt, v.published_by AS publishedBy, v.note,
              json_array_length(v.snapshot, '$.codes') AS codes,
              (SELECT COUNT(*) FROM codings c WHERE c.codebook_version = v.number) AS codings
       FROM codebook_versions v ORDER BY v.number`,
    )
    .all() as CodebookVersionSummary[];
  return rows;
}

export function versionSnapshot(project: Project, number: number): CodebookSnapshot {
  const row = project.db.prepare('SELECT snapshot FROM codebook_versions WHERE number = ?').get(number) as { snapshot: string } | undefined;
  if (!row) throw new WeftError(`no codebook version ${number} (published: ${listVersions(project).map((v) => v.number).join(', ') || 'none'})`, 'not_found');
  return JSON.parse(row.snapshot) as CodebookSnapshot;
}

/** What changed from `from` to `to` in the codebook proper (proposals left out, as in exports); null means the current codebook. */
export function diffVersions(project: Project, from: number | null, to: number | null): CodebookDiff {
  const read = (n: number | null) => codebookProper(n === null ? currentSnapshot(project) : versionSnapshot(project, n));
  return diffCodebooks(snapshotAsDiffInput(read(from)), snapshotAsDiffInput(read(to)));
}

export function setLock(project: Project, locked: boolean, coderId?: number): CodebookLockState {
  return setCodebookLock(project, locked, coderName(project, coderId));
}


export function codebookOverview(project: Project): CodebookOverview {
  const counts = new Map(
    (project.db.prepare('SELECT code_id AS id, COUNT(*) AS n FROM codings GROUP BY code_id').all() as Array<{ id: number; n: number }>).map((r) => [r.id, r.n]),
  );
  return {
    lock: codebookLock(project),
    codes: project.repo.codes().map((c) => ({ ...c, codings: counts.get(c.id) ?? 0 })),
    versions: listVersions(project),
  };
}

// ---- proposals

/** A coder's proposal for a new code; allowed whether or not the codebook is locked. */
export function proposeCode(project: Project, p: { name: string; parentId?: number | null; definition?: string; coderId?: number }): Code {
  const err = codeNameError(p.name);
  if (err) throw new WeftError(`name: ${err}`);
  const name = p.name.trim();
  const parentId = p.parentId ?? null;
  const codes = project.repo.codes();
  if (parentId !== null) {
    const parent = codes.find((c) => c.id === parentId);
    if (!parent) throw new WeftError(`parentId: no code with id ${parentId}`, 'not_found');
    if (parent.status === 'rejected') throw new WeftError(`"${parent.path}" is a rejected proposal; propose the code elsewhere`);
  }
  const clash = codes.find((c) => (c.parentId ?? null) === parentId && c.name.toLowerCase() === name.toLowerCase());
  if (clash) throw new WeftError(`a code named "${clash.path}" already exists`, 'conflict');
  const id = project.repo.insertCode({ parentId, name, color: paletteColor(codes.length), definition: p.definition ?? '' });
  project.db.prepare("UPDATE codes SET status = 'proposed', proposed_by = ? WHERE id = ?").run(coderName(project, p.coderId), id);
  return project.repo.codeById(id)!;
}

function requireProposal(project: Project, id: number): Code {
  const code = project.repo.codeById(id);
  if (!code) throw new WeftError(`id: no code with id ${id}`, 'not_found');
  if (code.status !== 'proposed') throw new WeftError(`"${code.path}" is not a proposed code`, 'conflict');
  return code;
}

/** The proposal becomes a code of the codebook, where it is. */
export function acceptProposal(project: Project, id: number): Code {
  const code = requireProposal(project, id);
  const parent = code.parentId === null ? undefined : project.repo.codeById(code.parentId);
  if (parent?.status === 'proposed') throw new WeftError(`accept its parent "${parent.path}" first`, 'conflict');
  project.db.prepare("UPDATE codes SET status = 'active' WHERE id = ?").run(id);
  return project.repo.codeById(id)!;
}

/** The proposal's codings move to an existing code (duplicates collapse, memos are kept) and the proposal goes. */
export function mergeProposal(project: Project, id: number, targetId: number): { moved: number; duplicates: number } {
  requireProposal(project, id);
  const target = project.repo.codeById(targetId);
  if (target?.status === 'proposed') throw new WeftError(`"${target.path}" is itself a proposal; merge into a code of the codebook`);
  return mergeCodes(project, id, targetId);
}

/**
 * The proposal leaves the codebook but nothing is lost: it moves, with its
 * codings and memo, under the non-codable category "Rejected proposals" and
 * can no longer be applied. The lead can still merge it into a code later.
 */
export function rejectProposal(project: Project, id: number): Code {
  const code = requireProposal(project, id);
  let home = project.db.prepare('SELECT id FROM codes WHERE parent_id IS NULL AND name = ? COLLATE NOCASE').get(REJECTED_PROPOSALS) as { id: number } | undefined;
  if (!home) {
    const hid = project.repo.insertCode({
      parentId: null, name: REJECTED_PROPOSALS, color: '#8c8c8c', codable: false,
      definition: 'Codes that coders proposed and the lead rejected. Their codings are kept here; merge a rejected code into a code of the codebook to use them.',
    });
    home = { id: hid };
  }
  let name = code.name;
  for (let i = 2; project.db.prepare('SELECT 1 FROM codes WHERE parent_id = ? AND name = ? COLLATE NOCASE AND id != ?').get(home.id, name, id); i++) {
    name = `${code.name} (${i})`;
  }
  const order = (project.db.prepare('SELECT IFNULL(MAX(sort_order), 0) + 1 AS n FROM codes WHERE parent_id = ?').get(home.id) as { n: number }).n;
  project.db.prepare("UPDATE codes SET status = 'rejected', parent_id = ?, name = ?, sort_order = ? WHERE id = ?").run(home.id, name, order, id);
  // proposals under it go with it
  const subtree = project.db
    .prepare(
      `WITH RECURSIVE sub(id) AS (SELECT id FROM codes WHERE parent_id = ? UNION ALL SELECT c.id FROM codes c JOIN sub ON c.parent_id = sub.id)
       SELECT id FROM sub`,
    )
    .all(id) as Array<{ id: number }>;
  for (const s of subtree) project.db.prepare("UPDATE codes SET status = 'rejected' WHERE id = ? AND status = 'proposed'").run(s.id);
  return project.repo.codeById(id)!;
}

// ---- the codebook document

export function codebookDocument(project: Project, version?: number): { html: string; fileName: string } {
  const info = project.repo.project();
  let codes = codebookProper(currentSnapshot(project)).codes;
  let v: { number: number; publishedAt: string; note: string } | null = null;
  if (version !== undefined) {
    codes = codebookProper(versionSnapshot(project, version)).codes;
    const row = listVersions(project).find((x) => x.number === version)!;
    v = { number: row.number, publishedAt: row.publishedAt, note: row.note };
  }
  const html = codebookDocumentHtml({ projectName: info.name, codes, version: v, generatedAt: nowIso() });
  const safe = info.name.replace(/[^\p{L}\p{N}._ -]+/gu, '').trim().replace(/\s+/g, '-') || 'project';
  return { html, fileName: `${safe}-codebook${v ? `-v${v.number}` : ''}.html` };
}
