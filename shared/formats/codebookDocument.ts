// The codebook as a standalone HTML document for training coders: the
// hierarchy as nested headings, every field of every code, print styles, and
// nothing loaded from anywhere else.
import type { SnapshotCode } from '../codebookVersions.js';

export interface CodebookDocumentInput {
  projectName: string;
  codes: readonly SnapshotCode[];
  /** the version the document shows, or null for the current, unpublished codebook */
  version: { number: number; publishedAt: string; note: string } | null;
  generatedAt: string;
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** Paragraphs of a field, keeping the writer's line breaks. */
const paragraphs = (s: string) =>
  s
    .trim()
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('');

const FIELDS: Array<[keyof SnapshotCode, string]> = [
  ['shortDefinition', 'Short definition'],
  ['definition', 'Definition'],
  ['inclusion', 'When to use'],
  ['exclusion', 'When not to use'],
  ['example', 'Typical example'],
  ['atypicalExample', 'Atypical example'],
  ['memo', 'Memo'],
];

const STYLE = `
  body { font: 11pt/1.5 Georgia, 'Noto Serif', serif; color: #1d1d1f; max-width: 46rem; margin: 2rem auto; padding: 0 1.5rem; }
  h1 { font-size: 1.8rem; margin-bottom: 0.2rem; }
  .meta { color: #555; margin-top: 0; }
  nav ol { padding-left: 1.2rem; } nav li { margin: 0.1rem 0; }
  section.code { margin: 1.2rem 0 0 0; }
  section.code section.code { margin-left: 1.1rem; padding-left: 0.9rem; border-left: 2px solid #ddd; }
  h2, h3, h4, h5, h6 { margin: 0.8rem 0 0.3rem; font-family: system-ui, 'Noto Sans', sans-serif; }
  .swatch { -webkit-print-color-adjust: exact; print-color-adjust: exact; display: inline-block; width: 0.8em; height: 0.8em; border-radius: 2px; margin-right: 0.4em; vertical-align: baseline; border: 1px solid #0003; }
  .path { color: #666; font: 0.85rem system-ui, 'Noto Sans', sans-serif; margin: 0; }
  .tag { font: 0.75rem system-ui, sans-serif; border: 1px solid #999; border-radius: 3px; padding: 0 0.3em; color: #444; margin-left: 0.4em; }
  dl { margin: 0.3rem 0; } dt { font: 600 0.85rem system-ui, 'Noto Sans', sans-serif; color: #333; margin-top: 0.4rem; }
  dd { margin: 0 0 0 1rem; } dd p { margin: 0.1rem 0; }
  .missing { color: #8a4b00; font-style: italic; }
  @media print {
    body { margin: 0; max-width: none; font-size: 10.5pt; }
    nav { page-break-after: always; }
    main > section.code { break-before: page; }
    h2, h3, h4, h5, h6, dt { page-break-after: avoid; }
    dd { page-break-inside: avoid; }
    a { color: inherit; text-decoration: none; }
  }
`;

export function codebookDocumentHtml(input: CodebookDocumentInput): string {
  const children = new Map<string | null, SnapshotCode[]>();
  for (const c of input.codes) {
    const list = children.get(c.parentGuid) ?? [];
    list.push(c);
    children.set(c.parentGuid, list);
  }
  for (const list of children.values()) list.sort((a, b) => a.sortOrder - b.sortOrder);
  const anchor = (c: SnapshotCode) => `code-${c.guid}`;

  const renderCode = (c: SnapshotCode, depth: number): string => {
    const level = Math.min(depth + 2, 6);
    const tags = [!c.codable ? 'category' : '', c.status !== 'active' ? c.status : ''].filter(Boolean);
    const fields = FIELDS.filter(([k]) => String(c[k]).trim())
      .map(([k, label]) => `<dt>${label}</dt><dd>${paragraphs(String(c[k]))}</dd>`)
      .join('');
    const noDefinition = c.codable && !c.definition.trim() ? '<p class="missing">No definition yet.</p>' : '';
    const kids = (children.get(c.guid) ?? []).map((k) => renderCode(k, depth + 1)).join('');
    return (
      `<section class="code" id="${anchor(c)}" aria-labelledby="${anchor(c)}-h">` +
      `<h${level} id="${anchor(c)}-h"><span class="swatch" style="background:${escapeHtml(c.color)}" aria-hidden="true"></span>${escapeHtml(c.name)}` +
      tags.map((t) => `<span class="tag">${t}</span>`).join('') +
      `</h${level}>` +
      (depth > 0 ? `<p class="path">${escapeHtml(c.path.join(' > '))}</p>` : '') +
      (fields ? `<dl>${fields}</dl>` : '') +
      noDefinition +
      kids +
      `</section>`
    );
  };

  const renderToc = (parent: string | null): string => {
    const list = children.get(parent) ?? [];
    if (!list.length) return '';
    return `<ol>${list.map((c) => `<li><a href="#${anchor(c)}">${escapeHtml(c.name)}</a>${renderToc(c.guid)}</li>`).join('')}</ol>`;
  };

  const v = input.version;
  const title = `${input.projectName}: codebook${v ? ` version ${v.number}` : ''}`;
  const codable = input.codes.filter((c) => c.codable).length;
  const meta = [
    v ? `Version ${v.number}, published ${v.publishedAt.slice(0, 10)}` : 'Current codebook (not a published version)',
    `${input.codes.length} codes, ${codable} codable`,
    `generated ${input.generatedAt.slice(0, 10)}`,
  ].join(' · ');
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style></head><body>`,
    `<header><h1>${escapeHtml(title)}</h1><p class="meta">${escapeHtml(meta)}</p>`,
    v?.note ? `<p>${escapeHtml(v.note)}</p>` : '',
    '</header>',
    `<nav aria-label="Contents"><h2>Contents</h2>${renderToc(null)}</nav>`,
    `<main>${(children.get(null) ?? []).map((c) => renderCode(c, 0)).join('')}</main>`,
    '</body></html>',
    '',
  ].join('\n');
}
