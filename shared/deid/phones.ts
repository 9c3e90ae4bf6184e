// Phone numbers, with libphonenumber-js (full metadata): international
// numbers in any country, and national numbers as written in the study's
// thirteen countries. A cheap pattern finds digit runs first; only those go
// to libphonenumber, once per country.
import { findNumbers, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { hasDigit, type Candidate } from './patterns.js';

/** Ethiopia, Kenya, Mozambique, Namibia, South Africa, Tanzania, Uganda, Cambodia, Indonesia, Malaysia, Philippines, Thailand, Viet Nam */
export const STUDY_COUNTRIES: readonly CountryCode[] = ['ET', 'KE', 'MZ', 'NA', 'ZA', 'TZ', 'UG', 'KH', 'ID', 'MY', 'PH', 'TH', 'VN'];

// a run of 7+ digits with the separators people type between groups
const DIGIT_RUN = /(?<![\p{L}\p{N}@/.:-])(?:\+|00)?\(?\d[\d \t\u00a0().-]{5,22}\d(?![\p{L}\p{N}@]|[/.-]\d)/gu;
// words about phones (not just "number", which IDs share)
const PHONE_CONTEXT = /(phone|call|called|calls|mobile|cell|\btel\b|whatsapp|\bsms\b|\btext|simu|โทร|ទូរស័ព្ទ|ስልክ|điện thoại|telepon|telefon)/i;

function digitCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

export function findPhones(text: string, out: Candidate[], countries: readonly CountryCode[] = STUDY_COUNTRIES, digits = hasDigit(text)): void {
  if (!digits) return;
  for (const m of text.matchAll(DIGIT_RUN)) {
    // a run may end in spaces or brackets that belong to the sentence
    const run = m[0].replace(/[ \t\u00a0(.-]+$/, '');
    if (digitCount(run) < 7 || isCounting(run)) continue;
    for (const f of phonesIn(run, countries)) {
      const start = m.index + f.start;
      const context = run.startsWith('+') || phoneContext(text, start);
      out.push({ kind: 'phone', start, end: m.index + f.end, confidence: f.valid || context ? 'high' : 'medium', context });
    }
  }
}

/** "118 119 120 121": line or page numbers, a count, not a phone number */
function isCounting(run: string): boolean {
  const groups = run.split(/[ \t\u00a0]+/);
  if (groups.length < 3 || groups.some((g) => !/^\d{1,4}$/.test(g))) return false;
  return groups.every((g, k) => k === 0 || Number(g) === Number(groups[k - 1]) + 1);
}

interface Hit {
  start: number;
  end: number;
  valid: boolean;
}

/** Phone numbers inside one digit run: valid for some country (high), else possible (medium). */
function phonesIn(run: string, countries: readonly CountryCode[]): Hit[] {
  let best: Hit[] = [];
  let bestCover = 0;
  const consider = (hits: Hit[]) => {
    const cover = hits.reduce((n, h) => n + (h.end - h.start), 0);
    if (cover > bestCover) {
      best = hits;
      bestCover = cover;
    }
  };
  const international = run.startsWith('+') || run.startsWith('00');
  const tries: Array<CountryCode | undefined> = international ? [undefined, ...countries] : [...countries];
  for (const country of tries) {
    const hits = findNumbers(run, { defaultCountry: country, v2: true }).map((n) => ({ start: n.startsAt, end: n.endsAt, valid: true }));
    if (hits.length) consider(hits);
    if (international && bestCover === run.length) break;
  }
  if (best.length) return best;
  if (digitCount(run) > 15) return [];
  // not valid anywhere: a number that is at least possible somewhere is still worth a look
  for (const country of tries) {
    const p = parsePhoneNumberFromString(run, country);
    if (p && p.isPossible() && digitCount(run) >= 8) return [{ start: 0, end: run.length, valid: false }];
  }
  return [];
}

/** Whether the words before a possible (not valid) number talk about phones. */
function phoneContext(text: string, start: number): boolean {
  return PHONE_CONTEXT.test(text.slice(Math.max(0, start - 40), start));
}
