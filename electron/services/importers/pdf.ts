// PDF with a text layer → text, with pdf.js (legacy build, for Node). The
// layout rules that turn positioned runs into paragraphs are pure and live in
// shared/formats/pdfLayout.ts. A PDF without any text is a scan: it needs OCR.
import { pagesWithoutText, pdfPagesToText, type PdfPageText } from '../../../shared/formats/pdfLayout.js';
import { assertPdfStreamsBounded, PdfLimitError } from '../../../shared/formats/pdfSafety.js';
import { ImportFormatError } from './errors.js';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let loaded: Promise<PdfJs> | null = null;

/** pdf.js, with its worker run in this thread (no worker file to find in a bundle). */
function pdfjs(): Promise<PdfJs> {
  loaded ??= (async () => {
    const worker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = worker;
    return import('pdfjs-dist/legacy/build/pdf.mjs');
  })();
  return loaded;
}

export interface PdfText {
  text: string;
  pages: number;
  /** pages without any text (scanned), 1-based */
  pagesWithoutText: number[];
}

export async function pdfToText(bytes: Uint8Array): Promise<PdfText> {
  try {
    assertPdfStreamsBounded(bytes);
  } catch (e) {
    if (e instanceof PdfLimitError) throw new ImportFormatError(`refused: ${e.message}`);
    throw e;
  }
  const lib = await pdfjs();
  // pdf.js takes ownership of the buffer it is given: pass a copy
  const task = lib.getDocument({
    data: new Uint8Array(bytes),
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
    verbosity: 0,
  });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (e) {
    const name = (e as { name?: string }).name;
    if (name === 'PasswordException') throw new ImportFormatError('the PDF is password-protected; save a copy without a password first');
    throw new ImportFormatError(`not a readable PDF (${(e as Error).message})`);
  }
  try {
    const pages: PdfPageText[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const [, , width, height] = page.view as [number, number, number, number];
      const content = await page.getTextContent();
      const runs = [];
      for (const item of content.items) {
        if (!('str' in item)) continue;
        const [a, b, , , x, y] = item.transform as number[];
        runs.push({ str: item.str, x: x!, y: y!, width: item.width, height: item.height || Math.hypot(a!, b!), hasEOL: item.hasEOL });
      }
      pages.push({ width, height, runs });
      page.cleanup();
    }
    const empty = pagesWithoutText(pages);
    if (empty.length === pages.length) throw new ImportFormatError('no text layer; run OCR first');
    return { text: pdfPagesToText(pages), pages: pages.length, pagesWithoutText: empty };
  } finally {
    await task.destroy();
  }
}
