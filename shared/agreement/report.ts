// The agreement report: a CSV of the per-code figures, and a readable HTML page
// with the settings, a per-code table (lowest agreement first) and
// interpretation bands.
import { toCsv } from '../formats/csv.js';
import type { AgreementFigures, AgreementResult, CodeAgreement } from './compute.js';

export interface ReportMeta {
  project: string;
  /** ISO date and time the report was made */
  date: string;
  documents: string[];
  settings: Record<string, string>;
}

/** Landis & Koch (1977) bands for κ-type coefficients. */
export function landisKoch(x: number | null): string {
  if (x === null) return 'undefined';
  if (x < 0) return 'poor';
  if (x <= 0.2) return 'slight';
  if (x <= 0.4) return 'fair';
  if (x <= 0.6) return 'moderate';
  if (x <= 0.8) return 'substantial';
  return 'almost perfect';
}

/** Krippendorff's (2004, 2019) thresholds for α: ≥ .800 reliable, ≥ .667 tentative, below that unreliable. */
export function krippendorffBand(x: number | null): string {
  if (x === null) return 'undefined';
  if (x >= 0.8) return 'reliable (α ≥ 0.800)';
  if (x >= 0.667) return 'tentative only (0.667 ≤ α < 0.800)';
  return 'unreliable (α < 0.667)';
}

/** The figure a code is ranked by: α, else κ, else percent agreement. */
const rankValue = (c: AgreementFigures) => c.krippendorffAlpha ?? c.cohenKappa ?? c.fleissKappa ?? c.percentAgreement;

/** Codes with the lowest agreement first; codes whose figures are undefined come last. */
export function lowestFirst(codes: readonly CodeAgreement[]): CodeAgreement[] {
  return [...codes].sort((a, b) => {
    const x = rankValue(a);
    const y = rankValue(b);
    if (x === null && y === null) return a.codePath.localeCompare(b.codePath);
    if (x === null) return 1;
    if (y === null) return -1;
    return x - y || a.codePath.localeCompare(b.codePath);
  });
}

const fmt = (x: number | null, digits = 3) => (x === null ? '' : x.toFixed(digits));

export const REPORT_COLUMNS = [
  'code_path', 'units', 'percent_agreement', 'cohen_kappa', 'fleiss_kappa', 'krippendorff_alpha', 'gwet_ac1', 'unitizing_alpha',
  'alpha_band', 'kappa_band', 'segment_agreement', 'undefined_reasons',
] as const;

function row(label: string, f: AgreementFigures, segmentAgreement: number | null) {
  return [
    label, f.units, fmt(f.percentAgreement, 6), fmt(f.cohenKappa, 6), fmt(f.fleissKappa, 6), fmt(f.krippendorffAlpha, 6), fmt(f.gwetAC1, 6),
    fmt(f.unitizingAlpha, 6), krippendorffBand(f.krippendorffAlpha), landisKoch(f.cohenKappa ?? f.fleissKappa), fmt(segmentAgreement, 6),
    Object.entries(f.reasons ?? {}).map(([k, v]) => `${k}: ${v}`).join('; '),
  ];
}

const meanSegmentAgreement = (c: CodeAgreement): number | null => {
  const xs = (c.segments ?? []).map((p) => p.agreement).filter((x): x is number => x !== null);
  return xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null;
};

export function agreementCsv(r: AgreementResult): string {
  const rows = lowestFirst(r.codes).map((c) => row(c.codePath, c, meanSegmentAgreement(c)));
  rows.push(row('(overall, pooled)', r.overall.pooled, null));
  rows.push(row('(overall, mean of codes)', r.overall.macro, null));
  return toCsv(REPORT_COLUMNS, rows);
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function agreementHtml(r: AgreementResult, meta: ReportMeta): string {
  const cell = (x: number | null) => (x === null ? '<td class="na">–</td>' : `<td>${x.toFixed(3)}</td>`);
  const bandClass = (x: number | null) => (x === null ? 'na' : x >= 0.8 ? 'good' : x >= 0.667 ? 'tentative' : 'low');
  const codeRows = lowestFirst(r.codes)
    .map((c) => {
      const seg = meanSegmentAgreement(c);
      const reasons = Object.entries(c.reasons ?? {}).map(([k, v]) => `${k}: ${v}`).join('; ');
      return `<tr><th scope="row">${esc(c.codePath)}</th><td>${c.units.toLocaleString('en')}</td>${cell(c.percentAgreement)}${cell(c.cohenKappa)}${cell(c.fleissKappa)}${cell(c.krippendorffAlpha)}${cell(c.gwetAC1)}${cell(c.unitizingAlpha)}${r.unit === 'segment' ? cell(seg) : ''}<td class="${bandClass(c.krippendorffAlpha)}">${esc(krippendorffBand(c.krippendorffAlpha))}</td><td>${esc(landisKoch(c.cohenKappa ?? c.fleissKappa))}</td><td class="why">${esc(reasons)}</td></tr>`;
    })
    .join('\n');
  const overall = (label: string, f: AgreementFigures) =>
    `<tr><th scope="row">${label}</th><td>${f.units.toLocaleString('en')}</td>${cell(f.percentAgreement)}${cell(f.cohenKappa)}${cell(f.fleissKappa)}${cell(f.krippendorffAlpha)}${cell(f.gwetAC1)}${cell(f.unitizingAlpha)}${r.unit === 'segment' ? '<td></td>' : ''}<td class="${bandClass(f.krippendorffAlpha)}">${esc(krippendorffBand(f.krippendorffAlpha))}</td><td>${esc(landisKoch(f.cohenKappa ?? f.fleissKappa))}</td><td></td></tr>`;
  const settings = Object.entries(meta.settings)
    .map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td>${esc(v)}</td></tr>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Inter-coder agreement: ${esc(meta.project)}</title>
<style>
body{font-family:system-ui,'Segoe UI','Noto Sans',sans-serif;margin:2rem auto;max-width:75rem;padding:0 1rem;color:#1f2328;line-height:1.45}
table{border-collapse:collapse;margin:1rem 0;font-size:.92rem}th,td{border:1px solid #d8d4cc;padding:.3rem .55rem;text-align:right;vertical-align:top}
th[scope=row]{text-align:left;font-weight:500}thead th{background:#f1efe9;text-align:center}
td.na{color:#767676;text-align:center}td.good{background:#e2f1e6}td.tentative{background:#fbf0d9}td.low{background:#fbe4e1}td.why{text-align:left;font-size:.82rem;color:#5c6168}
.meta td{text-align:left}.small{font-size:.85rem;color:#5c6168}
</style></head><body>
<h1>Inter-coder agreement</h1>
<p>Project <strong>${esc(meta.project)}</strong>, report made ${esc(meta.date)}.</p>
<h2>Coders and settings</h2>
<table class="meta"><tbody>
<tr><th scope="row">Coders</th><td>${esc(r.coders.join(', '))}</td></tr>
<tr><th scope="row">Unit</th><td>${esc(r.unit)}</td></tr>
${settings}
<tr><th scope="row">Documents compared (${r.documents})</th><td>${esc(meta.documents.join('; ') || 'none')}</td></tr>
</tbody></table>
<h2>Per code, lowest agreement first</h2>
<table><thead><tr><th scope="col">Code</th><th scope="col">Units</th><th scope="col">% agreement</th><th scope="col">Cohen’s κ</th><th scope="col">Fleiss’ κ</th><th scope="col">Krippendorff’s α</th><th scope="col">Gwet’s AC1</th><th scope="col">|uα</th>${r.unit === 'segment' ? '<th scope="col">Segment agreement</th>' : ''}<th scope="col">α band</th><th scope="col">κ band</th><th scope="col">Undefined because</th></tr></thead>
<tbody>
${codeRows}
${overall('Overall (pooled)', r.overall.pooled)}
${overall('Overall (mean of codes)', r.overall.macro)}
</tbody></table>
<h2>How to read it</h2>
<p>α bands follow Krippendorff (2004; 2019): α ≥ 0.800 is reliable; 0.667 ≤ α &lt; 0.800 allows tentative conclusions only; below 0.667 the code is not reliable enough. κ bands follow Landis &amp; Koch (1977): below 0 poor, up to 0.20 slight, 0.21–0.40 fair, 0.41–0.60 moderate, 0.61–0.80 substantial, above 0.80 almost perfect. The pooled row treats every (code, unit) pair as one unit; the mean row averages the codes’ defined values. A dash marks a value that is undefined (for example, no variation: expected disagreement is 0); the last column says why.</p>
<p class="small">${r.unit === 'character' ? 'Unit: every character (code point) of each compared document; a coder’s value is 1 where any of their codings with the code covers it.' : r.unit === 'segment' ? 'Unit: segments matched one to one, best overlap first, when |A∩B| / |A∪B| reaches the overlap threshold; segment agreement = 2·matched / (segments of A + segments of B).' : 'Unit: each compared document; a coder’s value is 1 where they applied the code at least once.'} |uα is Krippendorff’s unitizing α (Krippendorff, Mathet, Bouvry &amp; Milliat 2016) on the text as a continuum; the pooled row gives uα across codes.</p>
</body></html>
`;
}
