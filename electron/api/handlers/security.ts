// Handlers of the encryption and backup methods. Where a project is already open, unlocking has nothing left to do;
// a restore replaces the open project, so only the Electron database process (which can reopen it) performs it.
import type { HandlersFor } from '../backend.js';
import { projectBackups } from '../../services/security.js';
import { WeftError } from '../../errors.js';

export const securityHandlers: HandlersFor<'project.unlock' | 'backups.list' | 'backups.restore'> = {
  'project.unlock': (b) => b.project.info(),
  'backups.list': (b) => projectBackups(b.project.file).map(({ name, takenAt, reason, bytes }) => ({ name, takenAt, reason, bytes })),
  'backups.restore': (b, p) => {
    throw new WeftError(`${b.project.file}: stop weft serve, then run: weft restore ${b.project.file} ${p.name}`);
  },
};
