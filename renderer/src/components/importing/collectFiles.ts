// Files the user picked or dropped → the list to import: folders are walked
// (drag and drop gives FileSystemEntry trees; a folder picker gives
// webkitRelativePath), hidden and system files are skipped, and files of other
// types found in folders are set aside as "ignored".
import { formatOfName, isHiddenOrSystemFile } from '../../../../shared/formats/importFormats';

export interface PickedFile {
  /** the name shown and sent: a path relative to the dropped or chosen folder, or the file's name */
  name: string;
  file: File;
  /** it came from walking a folder (so a file of another type is ignored, not an error) */
  fromFolder: boolean;
}

export interface Collected {
  files: PickedFile[];
  ignored: string[];
}

function sortByName(files: PickedFile[]): PickedFile[] {
  return files.sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
}

export function split(picked: PickedFile[]): Collected {
  const files: PickedFile[] = [];
  const ignored: string[] = [];
  for (const p of picked) {
    if (isHiddenOrSystemFile(p.name)) continue;
    if (p.fromFolder && !formatOfName(p.name)) ignored.push(p.name);
    else files.push(p);
  }
  return { files: sortByName(files), ignored };
}

/** From an <input type=file> (with or without webkitdirectory). */
export function fromInput(list: FileList | null): Collected {
  const picked = [...(list ?? [])].map((file) => {
    const rel = (file as File & { webkitRelativePath?: string }).webkitRelativePath;
    return { name: rel || file.name, file, fromFolder: Boolean(rel) };
  });
  return split(picked);
}

function readAllEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  // readEntries returns at most 100 entries at a time: call until it returns none
  return new Promise((resolve, reject) => {
    const all: FileSystemEntry[] = [];
    const next = () =>
      reader.readEntries((batch) => {
        if (batch.length === 0) resolve(all);
        else {
          all.push(...batch);
          next();
        }
      }, reject);
    next();
  });
}

async function walkEntry(entry: FileSystemEntry, prefix: string, into: PickedFile[], fromFolder: boolean): Promise<void> {
  if (isHiddenOrSystemFile(entry.name)) return;
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    into.push({ name: prefix + entry.name, file, fromFolder });
  } else if (entry.isDirectory) {
    const children = await readAllEntries((entry as FileSystemDirectoryEntry).createReader());
    for (const child of children) await walkEntry(child, `${prefix}${entry.name}/`, into, true);
  }
}

/** From a drop: files and whole folders. */
export async function fromDataTransfer(dt: DataTransfer): Promise<Collected> {
  const picked: PickedFile[] = [];
  const entries = [...dt.items].filter((i) => i.kind === 'file').map((i) => ({ item: i, entry: i.webkitGetAsEntry?.() ?? null }));
  if (entries.length && entries.every((e) => e.entry)) {
    for (const { entry } of entries) await walkEntry(entry!, '', picked, false);
  } else {
    for (const file of [...dt.files]) picked.push({ name: file.name, file, fromFolder: false });
  }
  return split(picked);
}

/** A file's bytes as base64, without a data: prefix. */
export function base64Of(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsDataURL(file);
  });
}

/** Split files into calls of at most `maxBytes` (and 200 files) each. */
export function batches<T extends { file: File }>(files: T[], maxBytes: number): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const f of files) {
    if (current.length && (size + f.file.size > maxBytes || current.length >= 200)) {
      out.push(current);
      current = [];
      size = 0;
    }
    current.push(f);
    size += f.file.size;
  }
  if (current.length) out.push(current);
  return out;
}
