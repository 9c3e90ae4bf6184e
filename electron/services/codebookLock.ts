// The codebook lock: while a coding round is on, the lead locks the codebook so
// every coder works against the same codes; coders can still propose new ones.
import type { Project } from './project.js';
import { nowIso } from '../store/repository.js';
import { WeftError } from '../errors.js';
import type { CodebookLockState } from '../../shared/api/methods/codebookVersions.js';

export type { CodebookLockState };

const LOCK_SETTING = 'codebook.lock';

export function codebookLock(project: Project): CodebookLockState {
  const v = project.repo.getSetting(LOCK_SETTING) as Partial<CodebookLockState> | null;
  return { locked: v?.locked === true, by: v?.by ?? null, at: v?.at ?? null };
}

export function isCodebookLocked(project: Project): boolean {
  return codebookLock(project).locked;
}

/** Refuse a codebook change while the codebook is locked. `action` reads like "creating a code". */
export function assertCodebookUnlocked(project: Project, action: string): void {
  if (isCodebookLocked(project)) {
    throw new WeftError(`the codebook is locked for a coding round: ${action} is refused (propose a new code instead, or ask the lead to unlock it)`, 'conflict');
  }
}

/** Call inside a transaction. */
export function setCodebookLock(project: Project, locked: boolean, by: string | null): CodebookLockState {
  const state: CodebookLockState = { locked, by, at: nowIso() };
  project.repo.setSetting(LOCK_SETTING, state);
  return state;
}
