// Codebook versions, the lock for a coding round, proposals, the version diff
// and the codebook document.
import { z } from 'zod';
import type { Code } from '../../types.js';
import type { CodebookVersionSummary } from '../../codebookVersions.js';
import type { CodebookDiff } from '../../codebookDiff.js';
import { id, read, write } from '../define.js';

export interface CodebookLockState {
  locked: boolean;
  by: string | null;
  at: string | null;
}

export interface CodebookOverview {
  lock: CodebookLockState;
  codes: Array<Code & { codings: number }>;
  versions: CodebookVersionSummary[];
}

const versionNumber = z.number().int().positive();

export const codebookVersionsMethods = {
  'codebook.overview': read<CodebookOverview>()(z.object({}).strict()),
  'codebook.publish': write<CodebookVersionSummary>()(
    z.object({ note: z.string().max(5000), coderId: id.optional() }).strict(),
  ),
  'codebook.versions': read<CodebookVersionSummary[]>()(z.object({}).strict()),
  'codebook.lockState': read<CodebookLockState>()(z.object({}).strict()),
  'codebook.setLock': write<CodebookLockState>()(z.object({ locked: z.boolean(), coderId: id.optional() }).strict()),
  /** null stands for the current codebook */
  'codebook.versionDiff': read<CodebookDiff>()(z.object({ from: versionNumber.nullable(), to: versionNumber.nullable() }).strict()),
  'codebook.document': read<{ html: string; fileName: string }>()(z.object({ version: versionNumber.optional() }).strict()),

  'codes.propose': write<Code>()(
    z
      .object({
        name: z.string().trim().min(1).max(200),
        parentId: id.nullable().optional(),
        definition: z.string().max(20000).optional(),
        coderId: id.optional(),
      })
      .strict(),
  ),
  'codes.acceptProposal': write<Code>()(z.object({ id }).strict()),
  'codes.mergeProposal': write<{ moved: number; duplicates: number }>()(z.object({ id, targetId: id }).strict()),
  'codes.rejectProposal': write<Code>()(z.object({ id }).strict()),
};
