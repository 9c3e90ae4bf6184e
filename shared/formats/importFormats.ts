// The transcript formats Weft imports, by file extension, and a look at a
// file's first bytes so a file whose name lies gets a clear message.

export type ImportFormat = 'text' | 'markdown' | 'docx' | 'odt' | 'rtf' | 'pdf' | 'vtt' | 'srt';

export interface FormatInfo {
  format: ImportFormat;
  /** the MIME type stored as the document's source type */
  mime: string;
  /** what a researcher calls it */
  label: string;
}

export const IMPORT_FORMATS: Readonly<Record<string, FormatInfo>> = {
  '.txt': { format: 'text', mime: 'text/plain', label: 'plain text' },
  '.text': { format: 'text', mime: 'text/plain', label: 'plain text' },
  '.md': { format: 'markdown', mime: 'text/markdown', label: 'Markdown' },
  '.markdown': { format: 'markdown', mime: 'text/markdown', label: 'Markdown' },
  '.docx': { format: 'docx', mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', label: 'Word document' },
  '.odt': { format: 'odt', mime: 'application/vnd.oasis.opendocument.text', label: 'OpenDocument text' },
  '.rtf': { format: 'rtf', mime: 'application/rtf', label: 'rich text' },
  '.pdf': { format: 'pdf', mime: 'application/pdf', label: 'PDF' },
  '.vtt': { format: 'vtt', mime: 'text/vtt', label: 'WebVTT subtitles' },
  '.srt': { format: 'srt', mime: 'application/x-subrip', label: 'SubRip subtitles' },
};

/** Extensions a file picker should offer, as in `accept=".txt,.md,…"`. */
export const IMPORT_ACCEPT = Object.keys(IMPORT_FORMATS).join(',');

/** ".TXT" → ".txt"; "" when the name has no extension. */
export function extensionOf(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? name;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot).toLowerCase() : '';
}

export function formatOfName(name: string): FormatInfo | null {
  return IMPORT_FORMATS[extensionOf(name)] ?? null;
}

/** Files a folder walk leaves out without a word: hidden files and the litter of operating systems and editors. */
export function isHiddenOrSystemFile(name: string): boolean {
  const base = name.split(/[\\/]/).pop() ?? name;
  return base.startsWith('.') || base.startsWith('~$') || base === 'Thumbs.db' || base === 'desktop.ini';
}

export type Signature = 'zip' | 'pdf' | 'rtf' | 'ole' | null;

/** What a file's first bytes say it is. */
export function signatureOf(bytes: Uint8Array): Signature {
  const b = bytes;
  if (b[0] === 0x50 && b[1] === 0x4b && (b[2] === 0x03 || b[2] === 0x05) && (b[3] === 0x04 || b[3] === 0x06)) return 'zip';
  if (b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0) return 'ole';
  const head = String.fromCharCode(...b.subarray(0, 1024));
  if (head.includes('%PDF-')) return 'pdf';
  if (/^\s*\{\\rtf/.test(head)) return 'rtf';
  return null;
}

const SIGNATURE_NAMES: Record<Exclude<Signature, null>, string> = {
  zip: 'a ZIP archive (such as .docx or .odt)',
  pdf: 'a PDF',
  rtf: 'an RTF document',
  ole: 'an old Word 97–2003 (.doc) or other Office file',
};

/** A message when the bytes don't fit the format the name claims; null when they fit. */
export function signatureMismatch(info: FormatInfo, bytes: Uint8Array): string | null {
  const sig = signatureOf(bytes);
  const expected: Partial<Record<ImportFormat, Exclude<Signature, null>>> = { docx: 'zip', odt: 'zip', pdf: 'pdf', rtf: 'rtf' };
  const want = expected[info.format];
  if (sig === 'ole' && info.format === 'docx') return 'this is an old Word 97–2003 file with a .docx name; open it in Word and save it as .docx';
  if (sig === 'ole') return `this is ${SIGNATURE_NAMES.ole}, not ${info.label}; save it as .docx, .odt or .txt`;
  if (want && sig !== want) return `not a valid ${info.label} (the file does not start like one${sig ? `; it looks like ${SIGNATURE_NAMES[sig]}` : ''})`;
  if (!want && (sig === 'zip' || sig === 'pdf')) return `this is ${SIGNATURE_NAMES[sig]}, not ${info.label}; give it its real extension`;
  return null;
}
