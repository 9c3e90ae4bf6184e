// Word (.docx) → text with mammoth: its HTML keeps paragraphs, line breaks and
// tables apart (its raw-text mode drops line breaks), and the HTML's text is
// then read by shared/formats/htmlText.ts. Images are left out.
import mammoth from 'mammoth';
import { simpleHtmlToText } from '../../../shared/formats/htmlText.js';
import { DOCUMENT_ZIP_LIMITS, repackBounded, ZipLimitError } from '../../../shared/formats/zipLimits.js';
import { ImportFormatError } from './errors.js';

const noImages = mammoth.images.imgElement(async () => ({ src: '' }));

/** Media are never read (images are left out), so only the XML parts are unpacked. */
const isMedia = (name: string) => /^word\/(media|embeddings)\//i.test(name);

export async function docxToText(bytes: Uint8Array): Promise<string> {
  let checked: Uint8Array;
  try {
    // mammoth's zip reader trusts declared sizes; it only ever sees a checked copy
    checked = repackBounded(bytes, (name) => !isMedia(name), DOCUMENT_ZIP_LIMITS);
  } catch (e) {
    if (e instanceof ZipLimitError) throw new ImportFormatError(`refused: ${e.message}`);
    throw new ImportFormatError('not a valid Word document (the file is damaged or not a .docx)');
  }
  bytes = checked;
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      { convertImage: noImages, ignoreEmptyParagraphs: false, externalFileAccess: false, includeDefaultStyleMap: true },
    );
    html = result.value;
  } catch (e) {
    const msg = (e as Error).message ?? String(e);
    if (/end of central directory|corrupted zip|zip/i.test(msg)) throw new ImportFormatError('not a valid Word document (the file is damaged or not a .docx)');
    if (/word\/document\.xml|main document part/i.test(msg)) throw new ImportFormatError('not a Word document (the archive has no word/document.xml)');
    throw new ImportFormatError(`cannot read the Word document (${msg.split('\n')[0]})`);
  }
  return simpleHtmlToText(html);
}
