// Where the shared reference corpus lives: ../shared/reference, or $WEFT_REFERENCE.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const REFERENCE_DIR = process.env.WEFT_REFERENCE
  ? path.resolve(process.env.WEFT_REFERENCE)
  : path.resolve(REPO_ROOT, '..', 'shared', 'reference');

export const reference = (...parts: string[]): string => path.join(REFERENCE_DIR, ...parts);
