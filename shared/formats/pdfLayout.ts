// The text layer of a PDF (positioned runs of text, as pdf.js gives them) →
// paragraphs of plain text. Lines are rebuilt from the runs, then:
//   - paragraph numbers in the left margin (as MAXQDA and Word print them),
//     page numbers ("3", "3/12", "Page 3 of 12") and running headers and
//     footers repeated on most pages are dropped;
//   - wrapped lines join into paragraphs; a paragraph ends at a larger gap,
//     a short last line, an indented line or a speaker label, and runs on
//     over a page break when nothing says otherwise.
import { detectSpeaker } from '../speakers.js';

export interface PdfTextRun {
  str: string;
  /** left edge and baseline, in PDF units (y grows upwards) */
  x: number;
  y: number;
  width: number;
  /** font size, roughly */
  height: number;
  /** the run ends a line */
  hasEOL: boolean;
}

export interface PdfPageText {
  width: number;
  height: number;
  runs: PdfTextRun[];
}

interface Line {
  text: string;
  x0: number;
  x1: number;
  y: number;
  size: number;
}

const median = (xs: number[]): number => {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
};

/** the most common value of rounded numbers */
function mode(xs: number[]): number | null {
  const counts = new Map<number, number>();
  for (const x of xs) counts.set(Math.round(x), (counts.get(Math.round(x)) ?? 0) + 1);
  let best: number | null = null;
  let bestCount = 0;
  for (const [v, c] of counts) if (c > bestCount || (c === bestCount && best !== null && v < best)) (best = v), (bestCount = c);
  return best;
}

function buildLines(runs: PdfTextRun[]): Line[] {
  const lines: Line[] = [];
  let cur: (Line & { lastX1: number; endsLine: boolean }) | null = null;
  for (const r of runs) {
    const size = Math.max(r.height, 1);
    if (r.str === '') {
      if (r.hasEOL && cur) cur.endsLine = true;
      continue;
    }
    if (!cur || cur.endsLine || Math.abs(r.y - cur.y) > 0.5 * Math.max(size, cur.size)) {
      cur = { text: '', x0: r.x, x1: r.x + r.width, y: r.y, size, lastX1: r.x, endsLine: false };
      lines.push(cur);
    } else {
      const gap = r.x - cur.lastX1;
      if (gap > 0.15 * size && !/\s$/.test(cur.text) && !/^\s/.test(r.str)) cur.text += ' ';
    }
    cur.text += r.str;
    cur.x0 = Math.min(cur.x0, r.x);
    cur.x1 = Math.max(cur.x1, r.x + r.width);
    cur.lastX1 = r.x + r.width;
    cur.size = Math.max(cur.size, size);
    if (r.hasEOL) cur.endsLine = true;
  }
  return lines
    .map((l) => ({ text: l.text.replace(/\s+/g, ' ').trim(), x0: l.x0, x1: l.x1, y: l.y, size: l.size }))
    .filter((l) => l.text !== '');
}

const PAGE_NUMBER = /^(?:page\s*)?#+(?:\s*(?:\/|of)\s*#+)?$|^[-–—]\s*#+\s*[-–—]$|^#+\s*\|/i;
const signature = (text: string) => text.replace(/\d+/g, '#').toLowerCase();

/** Lines of every page, without margin numbers, page numbers and running headers or footers. */
function bodyLines(pages: PdfPageText[]): Line[][] {
  // the left edge of the body: where most long runs start
  const longRuns = pages.flatMap((p) => p.runs.filter((r) => r.str.trim().length > 20));
  const bodyLeft = mode(longRuns.map((r) => r.x));
  const perPage = pages.map((p) =>
    buildLines(
      p.runs.filter((r) => !(bodyLeft !== null && /^\s*\d{1,5}\s*$/.test(r.str) && r.x + r.width < bodyLeft - 2)),
    ),
  );
  // running headers and footers: the same text (digits aside) at about the same height on most pages
  const edgeCount = new Map<string, number>();
  const edge = (p: PdfPageText, l: Line) => l.y > p.height * 0.88 || l.y < p.height * 0.12;
  const key = (l: Line) => `${signature(l.text)}@${Math.round(l.y / 4)}`;
  perPage.forEach((lines, i) => {
    const seen = new Set<string>();
    for (const l of lines) if (edge(pages[i]!, l)) seen.add(key(l));
    for (const k of seen) edgeCount.set(k, (edgeCount.get(k) ?? 0) + 1);
  });
  const repeated = (k: string) => pages.length >= 3 && (edgeCount.get(k) ?? 0) >= Math.max(2, pages.length * 0.6);
  return perPage.map((lines, i) =>
    lines.filter((l) => !(edge(pages[i]!, l) && (PAGE_NUMBER.test(signature(l.text)) || repeated(key(l))))),
  );
}

/** Plain text of a PDF's pages: paragraphs separated by a blank line. */
export function pdfPagesToText(pages: PdfPageText[]): string {
  const all = bodyLines(pages);
  const flat = all.flat();
  if (flat.length === 0) return '';
  const size = median(flat.map((l) => l.size));
  // the usual advance from one line to the next inside a paragraph
  const gaps: number[] = [];
  for (const lines of all) for (let i = 1; i < lines.length; i++) {
    const g = lines[i - 1]!.y - lines[i]!.y;
    if (g > 0.5 * size && g < 4 * size) gaps.push(Math.round(g * 2) / 2);
  }
  const counts = new Map<number, number>();
  for (const g of gaps) counts.set(g, (counts.get(g) ?? 0) + 1);
  const frequent = [...counts].filter(([, c]) => c >= Math.max(2, gaps.length * 0.05)).map(([g]) => g);
  const lineStep = frequent.length ? Math.min(...frequent) : 1.2 * size;

  const paragraphs: string[] = [];
  let current = '';
  let prev: Line | null = null;
  let prevShort = false;
  for (const lines of all) {
    const left = mode(lines.map((l) => l.x0)) ?? 0;
    const right = median(lines.filter((l) => l.text.length > 20).map((l) => l.x1)) || Math.max(...lines.map((l) => l.x1));
    const width = Math.max(right - left, 1);
    lines.forEach((line, i) => {
      const first = i === 0;
      const label = detectSpeaker(line.text) !== null;
      const indented = line.x0 > left + size;
      let breaks: boolean;
      if (!prev) breaks = false;
      else if (first) breaks = label || prevShort || indented;
      else {
        const gap = prev.y - line.y;
        breaks = gap > 1.45 * lineStep || gap < -0.5 * size || label || prevShort || (indented && !(prev.x0 > left + size));
      }
      if (breaks && current) {
        paragraphs.push(current);
        current = '';
      }
      if (!current) current = line.text;
      else if (/\p{L}-$/u.test(current) && /^\p{Ll}/u.test(line.text)) current += line.text;
      else current += ' ' + line.text;
      prev = line;
      prevShort = line.x1 < right - 0.2 * width;
    });
  }
  if (current) paragraphs.push(current);
  return paragraphs.join('\n\n');
}

/** Pages (1-based) that have no text at all: scanned pages. */
export function pagesWithoutText(pages: PdfPageText[]): number[] {
  return pages.flatMap((p, i) => (p.runs.some((r) => r.str.trim() !== '') ? [] : [i + 1]));
}
