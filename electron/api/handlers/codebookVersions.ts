// Handlers of the codebook-versions methods. Proposals and their decisions are
// undoable steps; publishing and the lock are not: a published version is a
// record the team relies on, and the lock is a switch of the coding round.
import type { codebookVersionsMethods } from '../../../shared/api/methods/codebookVersions.js';
import {
  acceptProposal,
  codebookDocument,
  codebookOverview,
  diffVersions,
  listVersions,
  mergeProposal,
  proposeCode,
  publishVersion,
  rejectProposal,
  setLock,
} from '../../services/codebookVersions.js';
import { codebookLock } from '../../services/codebookLock.js';
import { step, type HandlersFor } from '../backend.js';

export const codebookVersionsHandlers: HandlersFor<keyof typeof codebookVersionsMethods> = {
  'codebook.overview': (b) => codebookOverview(b.project),
  'codebook.publish': (b, p) => {
    const v = b.project.repo.transaction(() => publishVersion(b.project, p));
    b.emit({ type: 'changed', what: ['codes'] });
    return v;
  },
  'codebook.versions': (b) => listVersions(b.project),
  'codebook.lockState': (b) => codebookLock(b.project),
  'codebook.setLock': (b, p) => {
    const state = b.project.repo.transaction(() => setLock(b.project, p.locked, p.coderId));
    b.emit({ type: 'changed', what: ['codes'] });
    return state;
  },
  'codebook.versionDiff': (b, p) => diffVersions(b.project, p.from, p.to),
  'codebook.document': (b, p) => codebookDocument(b.project, p.version),
  'codes.propose': (b, p) => {
    const code = step(b, `propose code “${p.name}”`, () => proposeCode(b.project, p));
    b.emit({ type: 'changed', what: ['codes'] });
    return code;
  },
  'codes.acceptProposal': (b, p) => {
    const code = step(b, 'accept proposed code', () => acceptProposal(b.project, p.id));
    b.emit({ type: 'changed', what: ['codes'] });
    return code;
  },
  'codes.mergeProposal': (b, p) => {
    const r = step(b, 'merge proposed code', () => mergeProposal(b.project, p.id, p.targetId));
    b.emit({ type: 'changed', what: ['codes', 'codings'] });
    return r;
  },
  'codes.rejectProposal': (b, p) => {
    const code = step(b, 'reject proposed code', () => rejectProposal(b.project, p.id));
    b.emit({ type: 'changed', what: ['codes'] });
    return code;
  },
};
