// Encrypted projects and backups: unlocking a project that needs its passphrase, listing and restoring backups.
// The Electron database process answers project.unlock and backups.restore itself, since both replace the open
// project; browser mode takes the passphrase before serving, and restores with `weft restore`.
import { z } from 'zod';
import type { ProjectInfo } from '../../types.js';
import { none, read, write } from '../define.js';

export interface BackupInfo {
  name: string;
  takenAt: string;
  reason: string;
  bytes: number;
}

export const securityMethods = {
  /** the passphrase of the encrypted project that the last open reported as locked (a 'locked' event) */
  'project.unlock': read<ProjectInfo>()(z.object({ passphrase: z.string().min(1).max(1024) }).strict()),
  'backups.list': read<BackupInfo[]>()(none),
  'backups.restore': write<{ restored: string; savedAs: string }>()(z.object({ name: z.string().min(1).max(300) }).strict()),
};
