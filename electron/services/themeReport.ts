// Theme reports for the people who write the country reports: each chosen code
// with its definition, counts per group, and representative quotes grouped by
// one or two attributes (participant group, country), each quote labelled
// with its document's attributes. Printable HTML, and DOCX with `docx`.
import { AlignmentType, BorderStyle, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { Project } from './project.js';
import { selectCodings, type SegmentSelection } from './segmentSelection.js';
import { OffsetIndex } from '../../shared/offsets.js';
import { NO_VALUE } from '../../shared/analysis/matrix.js';
import type { Code } from '../../shared/types.js';
import { WeftError } from '../errors.js';

export interface ThemeReportOptions extends SegmentSelection {
  /** code paths of the themes; each includes its descendants */
  reportCodes: string[];
  /** one or two attributes to group quotes and counts by */
  groupBy: string[];
  quotesPerGroup?: number;
}

export interface ReportQuote {
  text: string;
  document: string;
  codePath: string;
  coder: string;
  /** "country: Kenya · participant_group: survivor …" */
  label: string;
}

export interface ReportGroup {
  values: string[];
  label: string;
  segments: number;
  documents: number;
  /** documents of this group in the selection */
  groupDocuments: number;
  quotes: ReportQuote[];
}

export interface ReportTheme {
  code: Code;
  segments: number;
  documents: number;
  groups: ReportGroup[];
}

export interface ThemeReport {
  projectName: string;
  generatedAt: string;
  layer: string;
  filters: string;
  groupBy: string[];
  themes: ReportTheme[];
}

const IDEAL_QUOTE = 220;

export function buildThemeReport(project: Project, options: ThemeReportOptions): ThemeReport {
  const sel = selectCodings(project, { ...options, codes: options.codes, withText: true });
  const groupBy = options.groupBy.map((g) => {
    const def = sel.attributes.find((a) => a.name.toLowerCase() === g.trim().toLowerCase());
    if (!def) throw new WeftError(`--group-by: no attribute "${g}" (attributes: ${sel.attributes.map((a) => a.name).join(', ') || 'none'})`);
    return def;
  });
  const perGroup = options.quotesPerGroup ?? 3;
  const byPath = new Map(sel.codes.map((c) => [c.path.toLowerCase(), c]));
  const docs = new Map(sel.documents.map((d) => [d.id, d]));
  const indexes = new Map<number, OffsetIndex>();
  const order = (name: string, values: string[]) => {
    const def = groupBy.find((g) => g.name === name)!;
    const listed = def.values.filter((v) => values.includes(v));
    return [...listed, ...values.filter((v) => !listed.includes(v) && v !== NO_VALUE).sort(), ...(values.includes(NO_VALUE) ? [NO_VALUE] : [])];
  };
  const groupOf = (attrs: Record<string, string>) => groupBy.map((g) => attrs[g.name] || NO_VALUE);
  const groupDocs = new Map<string, number>();
  for (const d of sel.documents) {
    const k = groupOf(d.attributes).join('\u001f');
    groupDocs.set(k, (groupDocs.get(k) ?? 0) + 1);
  }

  const themes = options.reportCodes.map((p): ReportTheme => {
    const code = byPath.get(p.split('>').map((s) => s.trim()).join(' > ').toLowerCase());
    if (!code) throw new WeftError(`--codes: no code "${p}" in the codebook`);
    const tree = new Set([code.id]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const c of sel.codes) if (c.parentId !== null && tree.has(c.parentId) && !tree.has(c.id)) {
        tree.add(c.id);
        grew = true;
      }
    }
    const codings = sel.codings.filter((c) => tree.has(c.codeId));
    const groups = new Map<string, { values: string[]; codings: typeof codings }>();
    for (const c of codings) {
      const values = groupOf(docs.get(c.documentId)!.attributes);
      const k = values.join('\u001f');
      let g = groups.get(k);
      if (!g) groups.set(k, (g = { values, codings: [] }));
      g.codings.push(c);
    }
    // groups in the attributes' order (first attribute, then the second)
    const sorted = [...groups.values()].sort((a, b) => {
      for (let i = 0; i < groupBy.length; i++) {
        const o = order(groupBy[i]!.name, [a.values[i]!, b.values[i]!]);
        if (a.values[i] !== b.values[i]) return o.indexOf(a.values[i]!) - o.indexOf(b.values[i]!);
      }
      return 0;
    });
    const codePaths = new Map(sel.codes.map((c) => [c.id, c.path]));
    return {
      code,
      segments: codings.length,
      documents: new Set(codings.map((c) => c.documentId)).size,
      groups: sorted.map((g): ReportGroup => {
        // representative: distinct passages near a readable length, one per document before any second
        const seen = new Set<string>();
        const candidates = g.codings
          .filter((c) => {
            const k = `${c.documentId}:${c.start}:${c.end}`;
            if (seen.has(k)) return false;
            seen.add(k);
            return true;
          })
          .map((c) => ({ c, penalty: Math.abs(c.end - c.start - IDEAL_QUOTE) + (c.end - c.start < 30 ? 1000 : 0) }))
          .sort((a, b) => a.penalty - b.penalty || a.c.documentId - b.c.documentId || a.c.start - b.c.start);
        const picked: typeof candidates = [];
        const usedDocs = new Set<number>();
        for (const x of candidates) if (picked.length < perGroup && !usedDocs.has(x.c.documentId)) {
          picked.push(x);
          usedDocs.add(x.c.documentId);
        }
        for (const x of candidates) if (picked.length < perGroup && !picked.includes(x)) picked.push(x);
        picked.sort((a, b) => a.c.documentId - b.c.documentId || a.c.start - b.c.start);
        return {
          values: g.values,
          label: g.values.join(' · '),
          segments: g.codings.length,
          documents: new Set(g.codings.map((c) => c.documentId)).size,
          groupDocuments: groupDocs.get(g.values.join('\u001f')) ?? 0,
          quotes: picked.map(({ c }) => {
            const d = docs.get(c.documentId)!;
            let idx = indexes.get(d.id);
            if (!idx) indexes.set(d.id, (idx = new OffsetIndex(d.text)));
            return {
              text: idx.slice(c.start, c.end),
              document: d.name,
              codePath: codePaths.get(c.codeId) ?? '',
              coder: sel.coderNames.get(c.coderId) ?? '',
              label: sel.attributes.filter((a) => d.attributes[a.name]).map((a) => `${a.name}: ${d.attributes[a.name]}`).join(' · '),
            };
          }),
        };
      }),
    };
  });
  return {
    projectName: project.info().name,
    generatedAt: new Date().toISOString(),
    layer: sel.layer.label,
    filters: sel.description,
    groupBy: groupBy.map((g) => g.name),
    themes,
  };
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const pct = (a: number, b: number) => (b === 0 ? '–' : `${Math.round((a / b) * 100)}%`);

function definitionParts(c: Code): Array<[string, string]> {
  return ([
    ['Short definition', c.shortDefinition],
    ['Definition', c.definition],
    ['When to use', c.inclusion],
    ['When not to use', c.exclusion],
    ['Typical example', c.example],
  ] as Array<[string, string]>).filter(([, v]) => v.trim());
}

export function themeReportHtml(r: ThemeReport): string {
  const parts: string[] = [];
  parts.push(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Theme report: ${esc(r.projectName)}</title>
<style>
body{font:11pt/1.5 Georgia,'Noto Serif',serif;color:#1b1b1b;max-width:46rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.3rem;border-bottom:1px solid #999;margin-top:2.2rem}h3{font-size:1.05rem;margin:1.4rem 0 .4rem}
.meta{color:#555;font-size:.9rem}dl{margin:.4rem 0}dt{font-weight:bold;font-size:.9rem}dd{margin:0 0 .4rem 1rem}
table{border-collapse:collapse;margin:.6rem 0;font-size:.9rem}th,td{border:1px solid #bbb;padding:.2rem .5rem;text-align:left}td.n{text-align:right}
blockquote{margin:.6rem 0 .9rem 0;padding:.3rem .8rem;border-left:3px solid #6b7fb3;background:#f5f6fa;white-space:pre-wrap}
.label{display:block;font:italic .82rem/1.3 system-ui,sans-serif;color:#555;margin-top:.3rem;white-space:normal}
@media print{body{margin:0;max-width:none}h2{break-before:page}h2:first-of-type{break-before:auto}blockquote,table{break-inside:avoid}}
</style></head><body>`);
  parts.push(`<h1>Theme report</h1><p class="meta">${esc(r.projectName)} · ${esc(r.layer)} · grouped by ${esc(r.groupBy.join(' and '))} · ${esc(r.generatedAt.slice(0, 10))}</p>`);
  parts.push(`<p class="meta">Selection: ${esc(r.filters)}</p>`);
  for (const t of r.themes) {
    parts.push(`<h2>${esc(t.code.path)}</h2>`);
    const defs = definitionParts(t.code);
    if (defs.length) parts.push(`<dl>${defs.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>`);
    parts.push(`<p>${t.segments} coded segments in ${t.documents} documents.</p>`);
    if (t.groups.length) {
      parts.push(`<table><thead><tr><th>${esc(r.groupBy.join(' · '))}</th><th>segments</th><th>documents</th><th>% of the group's documents</th></tr></thead><tbody>`);
      for (const g of t.groups) parts.push(`<tr><td>${esc(g.label)}</td><td class="n">${g.segments}</td><td class="n">${g.documents}</td><td class="n">${pct(g.documents, g.groupDocuments)}</td></tr>`);
      parts.push('</tbody></table>');
    }
    for (const g of t.groups) {
      parts.push(`<h3>${esc(g.label)}</h3>`);
      for (const q of g.quotes) {
        parts.push(`<blockquote>“${esc(q.text)}”<span class="label">${esc(q.document)}${q.label ? ` · ${esc(q.label)}` : ''}${q.codePath !== t.code.path ? ` · ${esc(q.codePath)}` : ''}</span></blockquote>`);
      }
    }
  }
  parts.push('</body></html>\n');
  return parts.join('\n');
}

export async function themeReportDocx(r: ThemeReport): Promise<Uint8Array> {
  const children: Array<Paragraph | Table> = [];
  children.push(new Paragraph({ text: 'Theme report', heading: HeadingLevel.TITLE }));
  children.push(new Paragraph({ children: [new TextRun({ text: `${r.projectName} · ${r.layer} · grouped by ${r.groupBy.join(' and ')} · ${r.generatedAt.slice(0, 10)}`, color: '555555' })] }));
  children.push(new Paragraph({ children: [new TextRun({ text: `Selection: ${r.filters}`, color: '555555', size: 18 })] }));
  const cell = (text: string, bold = false, right = false) =>
    new TableCell({ children: [new Paragraph({ alignment: right ? AlignmentType.RIGHT : AlignmentType.LEFT, children: [new TextRun({ text, bold })] })] });
  for (const t of r.themes) {
    children.push(new Paragraph({ text: t.code.path, heading: HeadingLevel.HEADING_1, pageBreakBefore: children.length > 3 }));
    for (const [k, v] of definitionParts(t.code)) {
      children.push(new Paragraph({ children: [new TextRun({ text: `${k}: `, bold: true }), new TextRun(v)] }));
    }
    children.push(new Paragraph({ text: `${t.segments} coded segments in ${t.documents} documents.` }));
    if (t.groups.length) {
      children.push(
        new Table({
          width: { size: 100, type: WidthType.PERCENTAGE },
          rows: [
            new TableRow({ tableHeader: true, children: [cell(r.groupBy.join(' · '), true), cell('segments', true), cell('documents', true), cell("% of the group's documents", true)] }),
            ...t.groups.map((g) => new TableRow({ children: [cell(g.label), cell(String(g.segments), false, true), cell(String(g.documents), false, true), cell(pct(g.documents, g.groupDocuments), false, true)] })),
          ],
        }),
      );
    }
    for (const g of t.groups) {
      children.push(new Paragraph({ text: g.label, heading: HeadingLevel.HEADING_2 }));
      for (const q of g.quotes) {
        const lines = `“${q.text}”`.split('\n');
        children.push(
          new Paragraph({
            indent: { left: 400 },
            border: { left: { style: BorderStyle.SINGLE, size: 12, color: '6B7FB3', space: 8 } },
            children: lines.map((line, i) => new TextRun({ text: line, break: i > 0 ? 1 : 0 })),
          }),
        );
        const label = `${q.document}${q.label ? ` · ${q.label}` : ''}${q.codePath !== t.code.path ? ` · ${q.codePath}` : ''}`;
        children.push(new Paragraph({ indent: { left: 400 }, spacing: { after: 200 }, children: [new TextRun({ text: label, italics: true, size: 18, color: '555555' })] }));
      }
    }
  }
  const doc = new Document({ creator: 'Weft', title: `Theme report: ${r.projectName}`, sections: [{ children }] });
  return new Uint8Array(await Packer.toBuffer(doc));
}
