// A code is named in CSV, the CLI and exports by its path: names joined by " > ".
export const CODE_PATH_SEPARATOR = ' > ';

export function joinCodePath(names: readonly string[]): string {
  return names.join(CODE_PATH_SEPARATOR);
}

/** Split a path; tolerates missing spaces around ">" and trims each name. */
export function splitCodePath(path: string): string[] {
  return path
    .split('>')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** A code name may not contain ">" because it would be read as a path separator. */
export function codeNameError(name: string): string | null {
  if (name.trim().length === 0) return 'code name is empty';
  if (name.includes('>')) return `code name "${name}" may not contain ">"`;
  return null;
}
