// One file's bytes → its text, by format. Pure readers live in shared/formats;
// the ones that need Node libraries (Word via mammoth, PDF via pdf.js, the
// legacy-encoding guesser) live beside this file.
import { decodeText, looksBinary, TextDecodeError } from '../../../shared/formats/plainText.js';
import { extensionOf, formatOfName, signatureMismatch, type FormatInfo } from '../../../shared/formats/importFormats.js';
import { odtToText } from '../../../shared/formats/odt.js';
import { rtfToText } from '../../../shared/formats/rtf.js';
import { cuesToTranscript, parseCues } from '../../../shared/formats/subtitles.js';
import type { SpeakerTurn } from '../../../shared/speakers.js';
import { guessLegacyEncoding } from './encoding.js';
import { docxToText } from './docx.js';
import { pdfToText } from './pdf.js';
import { ImportFormatError } from './errors.js';

export { ImportFormatError } from './errors.js';

export interface SourceText {
  /** the text as read, before normalisation (BOM, line ends, NFC) */
  text: string;
  info: FormatInfo;
  /** for text formats: the encoding, and whether it was guessed */
  encoding?: { name: string; guessed: boolean };
  /** turns the format itself carries (subtitles), as offsets into the normalised text */
  turns?: SpeakerTurn[];
  /** lines for the import report */
  notes: string[];
}

const UNSUPPORTED: Record<string, string> = {
  '.doc': 'old Word 97–2003 .doc files are not supported; open the file in Word or LibreOffice and save it as .docx',
  '.pages': 'Apple Pages files are not supported; export the document as .docx or .txt',
  '.html': 'HTML is not a transcript format Weft reads; save the page as .txt',
  '.htm': 'HTML is not a transcript format Weft reads; save the page as .txt',
};

/** The format of a file name, or an ImportFormatError saying what to do. */
export function formatFor(name: string): FormatInfo {
  const info = formatOfName(name);
  if (info) return info;
  const ext = extensionOf(name);
  throw new ImportFormatError(
    UNSUPPORTED[ext] ?? `unsupported file type "${ext || '(no extension)'}" (Weft imports .txt, .md, .docx, .odt, .rtf, .pdf, .vtt and .srt)`,
  );
}

function decodePlain(bytes: Uint8Array): { text: string; encoding: { name: string; guessed: boolean }; notes: string[] } {
  let decoded;
  try {
    decoded = decodeText(bytes, guessLegacyEncoding);
  } catch (e) {
    if (e instanceof TextDecodeError) throw new ImportFormatError(e.message);
    throw e;
  }
  if (looksBinary(decoded.text)) throw new ImportFormatError('contains control characters or NUL bytes; this looks like a binary file, not text');
  const notes = decoded.guessed ? [`encoding guessed: ${decoded.encoding} (the file is not UTF-8; check accented letters)`] : [];
  return { text: decoded.text, encoding: { name: decoded.encoding, guessed: decoded.guessed }, notes };
}

function readSync(info: FormatInfo, bytes: Uint8Array): SourceText | null {
  switch (info.format) {
    case 'text':
    case 'markdown': {
      const d = decodePlain(bytes);
      return { text: d.text, info, encoding: d.encoding, notes: d.notes };
    }
    case 'vtt':
    case 'srt': {
      const d = decodePlain(bytes);
      let cues;
      try {
        cues = parseCues(d.text, info.format);
      } catch (e) {
        throw new ImportFormatError((e as Error).message);
      }
      const { text, turns } = cuesToTranscript(cues);
      // consecutive cues of one speaker become one turn: say so when it happened
      const joined = cues.length > turns.length ? [`${cues.length} subtitle cues joined into ${turns.length} turns`] : [];
      return { text, info, encoding: d.encoding, turns, notes: [...d.notes, ...joined] };
    }
    case 'rtf': {
      // RTF is 7-bit text: its own escapes carry every other character
      const source = new TextDecoder('windows-1252').decode(bytes);
      try {
        return { text: rtfToText(source), info, notes: [] };
      } catch (e) {
        throw new ImportFormatError((e as Error).message);
      }
    }
    case 'odt':
      try {
        return { text: odtToText(bytes), info, notes: [] };
      } catch (e) {
        throw new ImportFormatError((e as Error).message);
      }
    case 'docx':
    case 'pdf':
      return null;
  }
}

function checkSignature(info: FormatInfo, bytes: Uint8Array): void {
  const mismatch = signatureMismatch(info, bytes);
  if (mismatch) throw new ImportFormatError(mismatch);
}

/** Read a file whose format needs no asynchronous library; null for .docx and .pdf. */
export function readSourceSync(name: string, bytes: Uint8Array): SourceText | null {
  const info = formatFor(name);
  checkSignature(info, bytes);
  return readSync(info, bytes);
}

/** Read a file of any supported format. */
export async function readSource(name: string, bytes: Uint8Array): Promise<SourceText> {
  const info = formatFor(name);
  checkSignature(info, bytes);
  const sync = readSync(info, bytes);
  if (sync) return sync;
  if (info.format === 'docx') return { text: await docxToText(bytes), info, notes: [] };
  const pdf = await pdfToText(bytes);
  const notes = [`${pdf.pages} pages`];
  if (pdf.pagesWithoutText.length) {
    notes.push(`page${pdf.pagesWithoutText.length > 1 ? 's' : ''} ${pdf.pagesWithoutText.join(', ')} had no text layer (scanned?) and are missing; run OCR on them`);
  }
  return { text: pdf.text, info, notes };
}
