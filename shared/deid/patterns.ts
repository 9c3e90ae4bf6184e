// Detectors for structured identifiers: e-mail addresses, URLs, handles, IP
// addresses, GPS coordinates, exact dates, street addresses and ID, passport
// or case numbers. Each works on the whole text with regular expressions and
// returns UTF-16 spans; the scanner resolves overlaps and converts offsets.
import type { Confidence, FindingKind } from './types.js';

export interface Candidate {
  kind: FindingKind;
  /** UTF-16 offsets */
  start: number;
  end: number;
  confidence: Confidence;
  source?: 'detector' | 'known';
  /** set for known names: the entry's placeholder */
  placeholder?: string;
  /** the words before say what this is: "passport number …", "call me on …" (or it is in international format) */
  context?: boolean;
}

const TRAILING_PUNCT = /[.,;:!?)\]}'"’”]+$/;

export interface Anchor {
  index: number;
  length: number;
}

/** Where a cheap anchor pattern matches, found once for detectors that share it. */
export function anchorsOf(text: string, anchor: RegExp): Anchor[] {
  const out: Anchor[] = [];
  anchor.lastIndex = 0;
  for (let a = anchor.exec(text); a; a = anchor.exec(text)) {
    if (a[0].length === 0) anchor.lastIndex++;
    out.push({ index: a.index, length: a[0].length });
  }
  return out;
}

/**
 * Run a detailed pattern only around cheap anchors (an @, a digit, a street
 * word): windows of text around each anchor, widened to whitespace and
 * merged. Long transcripts have few anchors, so this is much faster than the
 * detailed pattern over the whole text. Match indexes are absolute.
 */
export function* aroundAnchors(text: string, anchor: RegExp | readonly Anchor[], re: RegExp, back: number, ahead: number): Generator<{ index: number; match: RegExpExecArray }> {
  const n = text.length;
  let winStart = -1;
  let winEnd = -1;
  const flush = function* (): Generator<{ index: number; match: RegExpExecArray }> {
    if (winStart < 0) return;
    const slice = text.slice(winStart, winEnd);
    re.lastIndex = 0;
    for (let m = re.exec(slice); m; m = re.exec(slice)) {
      if (m[0].length === 0) re.lastIndex++;
      yield { index: winStart + m.index, match: m };
    }
  };
  for (const a of Array.isArray(anchor) ? anchor : anchorsOf(text, anchor as RegExp)) {
    let s0 = Math.max(0, a.index - back);
    while (s0 > 0 && !isWhite(text.charCodeAt(s0 - 1))) s0--;
    let e0 = Math.min(n, a.index + a.length + ahead);
    while (e0 < n && !isWhite(text.charCodeAt(e0))) e0++;
    if (winStart >= 0 && s0 <= winEnd) {
      winEnd = Math.max(winEnd, e0);
      continue;
    }
    yield* flush();
    winStart = s0;
    winEnd = e0;
  }
  yield* flush();
}

/**
 * anchorsOf for a pattern of three UTF-16 units with a fixed middle one (a dot, a colon): the same anchors, found
 * by indexOf on the middle character. Several times faster than the regular expression, which tests the first
 * character class at every position.
 */
export function anchorsAt(text: string, middle: string, first: (c: number) => boolean, third: (c: number) => boolean): Anchor[] {
  const out: Anchor[] = [];
  // where the regular expression would search on from: matches don't overlap
  let from = 0;
  for (let q = text.indexOf(middle, 1); q >= 0; q = text.indexOf(middle, q + 1)) {
    const p = q - 1;
    if (p < from || !first(text.charCodeAt(p)) || !third(text.charCodeAt(q + 1))) continue;
    out.push({ index: p, length: 3 });
    from = p + 3;
  }
  return out;
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isLetterOrDigit = (c: number) => isLetter(c) || isDigit(c);
const isHex = (c: number) => isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);

// every pattern except e-mail addresses, URLs, handles, IPv6 and road names needs an ASCII digit
const DIGIT = /\d/;

/** Whether a text has an ASCII digit. The scanner asks once and tells the detectors; a text without one skips most patterns. */
export function hasDigit(text: string): boolean {
  return DIGIT.test(text);
}

function isWhite(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d || c === 0xa0;
}

/** Text just before a position, lower-cased, for keyword context. */
function before(text: string, at: number, span = 40): string {
  return text.slice(Math.max(0, at - span), at).toLowerCase();
}

// ---- e-mail

const EMAIL = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}][\p{L}\p{N}._%+-]*@[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?)*\.\p{L}{2,}/gu;

export function findEmails(text: string, out: Candidate[]): void {
  for (const { index, match } of aroundAnchors(text, /@/g, EMAIL, 64, 255)) out.push({ kind: 'email', start: index, end: index + match[0].length, confidence: 'high' });
}

// ---- URLs

const URL_SCHEME = /\b(?:https?:\/\/|www\.)[^\s<>"'`]+/giu;
// a bare domain with a path (instagram.com/name, t.me/name, bit.ly/x)
const URL_BARE_PATH = /(?<![\p{L}\p{N}@._%+-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,12}\/[^\s<>"'`]*/giu;
const COMMON_TLD = 'com|org|net|edu|gov|info|io|me|ly|co|tv|app|site|online|xyz|link|biz|ke|et|mz|na|za|tz|ug|kh|id|my|ph|th|vn|uk|us|de|fr|ru|cn|in';
// a bare domain without a path: only with a common TLD (examplemail.com, school.ac.th)
const URL_BARE = new RegExp(`(?<![\\p{L}\\p{N}@._%+/-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+(?:${COMMON_TLD})(?![\\p{L}\\p{N}@/-])`, 'giu');

// a URL with a scheme has "://", one without has "www.": a text with neither (most texts) skips that pattern
const WWW = /www\./i;

export function findUrls(text: string, out: Candidate[]): void {
  const push = (start: number, raw: string, confidence: Confidence) => {
    const trimmed = raw.replace(TRAILING_PUNCT, '');
    if (trimmed.length >= 4) out.push({ kind: 'url', start, end: start + trimmed.length, confidence });
  };
  if (text.includes('://') || WWW.test(text)) {
    for (const { index, match } of aroundAnchors(text, /https?:\/\/|www\./gi, URL_SCHEME, 0, 400)) push(index, match[0], 'high');
  }
  // anchorsOf(text, /[A-Za-z0-9]\.[A-Za-z]/g)
  const dots = anchorsAt(text, '.', isLetterOrDigit, isLetter);
  for (const { index, match } of aroundAnchors(text, dots, URL_BARE_PATH, 0, 400)) push(index, match[0], 'high');
  for (const { index, match } of aroundAnchors(text, dots, URL_BARE, 0, 100)) {
    // "e.g", "a.m": a domain needs a label of 2+ letters before the TLD
    if (/^[a-z0-9-]{2,}\./i.test(match[0])) push(index, match[0], 'medium');
  }
}

// ---- social-media handles

const HANDLE = /(?<![\p{L}\p{N}._%+@-])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?(?![\p{L}\p{N}@])/gu;

export function findHandles(text: string, out: Candidate[]): void {
  for (const { index, match } of aroundAnchors(text, /@/g, HANDLE, 2, 40)) {
    if (match[0].length < 3) continue;
    out.push({ kind: 'handle', start: index, end: index + match[0].length, confidence: 'high' });
  }
}

// ---- IP addresses

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`(?<![\\d.])${OCTET}(?:\\.${OCTET}){3}(?![\\d]|\\.\\d)`, 'g');
// hex groups and colons, then checked by validIpv6 ("::" at most once, 8 groups without it)
const IPV6 = /(?<![0-9A-Za-z:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![0-9A-Za-z:])/g;

function validIpv6(s: string): boolean {
  const doubles = s.split('::').length - 1;
  if (doubles > 1) return false;
  if (/^:[^:]|[^:]:$/.test(s)) return false;
  const groups = s.split(':').filter((g) => g !== '');
  if (groups.some((g) => g.length > 4)) return false;
  if (doubles === 0 && groups.length !== 8) return false;
  if (doubles === 1 && groups.length > 7) return false;
  // "10:30:15" is a time, not an address
  return groups.length >= 3 && groups.some((g) => g.length >= 3 || /[a-f]/i.test(g));
}

export function findIps(text: string, out: Candidate[], digits = hasDigit(text)): void {
  if (digits) for (const { index, match } of aroundAnchors(text, /\d\.\d/g, IPV4, 16, 16)) out.push({ kind: 'ip', start: index, end: index + match[0].length, confidence: 'high' });
  // anchorsOf(text, /[0-9A-Fa-f]:[0-9A-Fa-f:]/g)
  const colons = anchorsAt(text, ':', isHex, (c) => isHex(c) || c === 0x3a);
  for (const { index, match } of aroundAnchors(text, colons, IPV6, 40, 40)) {
    if (validIpv6(match[0])) out.push({ kind: 'ip', start: index, end: index + match[0].length, confidence: 'high' });
  }
}

// ---- GPS coordinates

const GPS_DECIMAL = /(?<![\d.])(-?\d{1,2}\.\d{3,})°?\s*([NS])?,?\s+(-?\d{1,3}\.\d{3,})°?\s*([EW])?(?![\d])/g;
const GPS_DMS = /\d{1,3}\s*°\s*\d{1,2}\s*['′]\s*(?:\d{1,2}(?:\.\d+)?\s*["″]\s*)?[NSns][,;]?\s*\d{1,3}\s*°\s*\d{1,2}\s*['′]\s*(?:\d{1,2}(?:\.\d+)?\s*["″]\s*)?[EWew]/g;

export function findGps(text: string, out: Candidate[], digits = hasDigit(text)): void {
  if (!digits) return;
  for (const { match: m, index } of aroundAnchors(text, /\d\.\d{3}/g, GPS_DECIMAL, 20, 30)) {
    const lat = Math.abs(Number(m[1]));
    const lon = Math.abs(Number(m[3]));
    if (lat > 90 || lon > 180) continue;
    // "comma then space" between two decimals is a coordinate pair; a hemisphere letter makes it sure
    out.push({ kind: 'gps', start: index, end: index + m[0].length, confidence: m[2] || m[4] || m[0].includes(',') ? 'high' : 'medium' });
  }
  for (const { index, match } of aroundAnchors(text, /°/g, GPS_DMS, 20, 40)) out.push({ kind: 'gps', start: index, end: index + match[0].length, confidence: 'high' });
}

// ---- exact dates (possible dates of birth)

const MONTHS =
  'jan(?:uary|vier|eiro|uari)?|feb(?:ruary|ruari)?|fev(?:ereiro)?|mar(?:ch|ço|co|et|s)?|machi|apr(?:il)?|abr(?:il)?|aprili|may|mai|mei|juni?|june|juin|junho|julai|july?|juli|juillet|julho|aug(?:ust)?|ago(?:sto|stus)?|agosti|sep(?:t(?:ember)?)?|setembro|septemba|oct(?:ober)?|okt(?:ober)?|oktoba|out(?:ubro)?|nov(?:ember)?|novemba|dec(?:ember)?|dez(?:embro)?|des(?:ember)?|desemba|januari|februari';
const BIRTH_CONTEXT = /(born|birth|d\.?o\.?b\.?|birthday|lahir|nascid|alizaliwa|sinh)/;
const DAY_MONTH_YEAR = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+|de\\s+)?(?:${MONTHS})\\.?,?\\s+(?:de\\s+)?(\\d{4})\\b`, 'giu');
const MONTH_DAY_YEAR = new RegExp(`\\b(?:${MONTHS})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, 'giu');
const NUMERIC_DATE = /(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/.-]*\d)/g;
const ISO_DATE = /(?<![\d/.-])(\d{4})-(\d{2})-(\d{2})(?![\d-])/g;
const VI_DATE = /ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}/giu;

export function findDates(text: string, out: Candidate[], digits = hasDigit(text)): void {
  if (!digits) return;
  const push = (start: number, end: number) => {
    const ctx = before(text, start, 30);
    out.push({ kind: 'date', start, end, confidence: BIRTH_CONTEXT.test(ctx) ? 'high' : 'medium' });
  };
  // every date has a four-digit year or digits joined by / . - (found once for the five patterns;
  // \d{4}|\d[/.-]\d with the first digit taken out, which is twice as fast)
  const anchor = anchorsOf(text, /\d(?:\d{3}|[/.-]\d)/g);
  for (const { index, match: m } of aroundAnchors(text, anchor, DAY_MONTH_YEAR, 30, 6)) if (Number(m[1]) >= 1 && Number(m[1]) <= 31) push(index, index + m[0].length);
  for (const { index, match: m } of aroundAnchors(text, anchor, MONTH_DAY_YEAR, 30, 6)) if (Number(m[1]) >= 1 && Number(m[1]) <= 31) push(index, index + m[0].length);
  for (const { index, match: m } of aroundAnchors(text, anchor, NUMERIC_DATE, 12, 12)) {
    const a = Number(m[1]);
    const b = Number(m[3]);
    // day and month in either order; a four-digit year, or a two-digit one with slashes
    const ok = a >= 1 && b >= 1 && a <= 31 && b <= 31 && (a <= 12 || b <= 12) && (m[4]!.length === 4 || m[2] === '/');
    if (ok) push(index, index + m[0].length);
  }
  for (const { index, match: m } of aroundAnchors(text, anchor, ISO_DATE, 2, 10)) {
    const mo = Number(m[2]);
    const d = Number(m[3]);
    if (mo >= 1 && mo <= 12 && d >= 1 && d <= 31) push(index, index + m[0].length);
  }
  for (const { index, match: m } of aroundAnchors(text, anchor, VI_DATE, 30, 6)) push(index, index + m[0].length);
}

// ---- street addresses

const STREET_TYPE = "Street|St\\.?|Road|Rd\\.?|Avenue|Ave\\.?|Lane|Ln\\.?|Drive|Close|Crescent|Way|Boulevard|Blvd\\.?|Highway|Terrace|Court";
const HOUSE = "(?:(?:(?:House|Flat|Apt\\.?|Unit|Block|Plot|Stand|Erf|Lot|Bldg\\.?|Room)\\s+)?(?:No\\.?|Number|Nr\\.?|Số|Plot|House|Stand|Erf|Flat|Apt\\.?|Unit|Block|Lot|Bldg\\.?|Room)\\s*)?\\d{1,5}[A-Za-z]?(?:[/-]\\d{1,4}[A-Za-z]?)?";
const NAME_WORD = "[\\p{Lu}\\p{N}][\\p{L}\\p{M}\\p{N}'’.-]*";
// 23 Independence Avenue; Plot 45, Kilwa Road
const ADDRESS_NUMBER_FIRST = new RegExp(`(?<![\\p{L}\\p{N}])${HOUSE},?\\s+(?:${NAME_WORD}\\s+){0,4}(?:${STREET_TYPE})(?![\\p{L}])`, 'gu');
// Jalan SS 2/24; Soi Ramkhamhaeng 24; Avenida Eduardo Mondlane 1234; Phố Hàng Bông; Street 310
const ADDRESS_TYPE_FIRST = new RegExp(
  `(?:(?<![\\p{L}\\p{N}])${HOUSE},?\\s+)?(?<![\\p{L}])(?:Jalan|Jl\\.|Jln\\.?|Lorong|Lrg\\.|Gang|Gg\\.|Soi|Thanon|Rua|Avenida|Av\\.|Calle|Travessa|Phố|Đường|Ngõ|Hẻm|Street|Road|Rd\\.)\\s+(?:${NAME_WORD})(?:\\s+(?:\\d+(?:[/-]\\d+)?(?![\\p{L}\\p{N}])|${NAME_WORD})){0,4}(?:,?\\s+(?:No\\.?\\s*)?\\d{1,5}[A-Za-z]?)?`,
  'gu',
);
// the street words both address patterns need: the cheap anchor for them
const STREET_WORD = /Street|St\.|Road|Rd\.|Avenue|Ave\.|Lane|Ln\.|Drive|Close|Crescent|Way|Boulevard|Blvd|Highway|Terrace|Court|Jalan|Jl\.|Jln|Lorong|Lrg\.|Gang|Gg\.|Soi|Thanon|Rua|Avenida|Av\.|Calle|Travessa|Phố|Đường|Ngõ|Hẻm/g;
const PO_BOX = /\b(?:P\.?\s?O\.?\s?Box|Post\s+Office\s+Box|Private\s+Bag|Caixa\s+Postal|Sanduku\s+la\s+Posta)\s+[A-Z]?\d{1,6}(?:[-–]\d{1,6})?/giu;

export function findAddresses(text: string, out: Candidate[], digits = hasDigit(text)): void {
  const streets = anchorsOf(text, STREET_WORD);
  // a house number or a box number needs a digit; a road name ("Jalan Ampang") doesn't
  if (digits) {
    for (const { index, match } of aroundAnchors(text, streets, ADDRESS_NUMBER_FIRST, 80, 12)) {
      out.push({ kind: 'address', start: index, end: index + match[0].replace(/[.,]+$/, '').length, confidence: 'high' });
    }
  }
  for (const { index, match } of aroundAnchors(text, streets, ADDRESS_TYPE_FIRST, 30, 80)) {
    const s = match[0].replace(/[.,]+$/, '');
    // a house number anywhere makes it an address; a bare road name is less sure
    out.push({ kind: 'address', start: index, end: index + s.length, confidence: /\d/.test(s) ? 'high' : 'medium' });
  }
  if (digits) for (const { index, match } of aroundAnchors(text, /Box|Bag|Postal|Posta/gi, PO_BOX, 30, 12)) out.push({ kind: 'address', start: index, end: index + match[0].length, confidence: 'high' });
}

// ---- ID, passport, case and file numbers

// words before an ID that say what it is (English, and the study's other languages)
const ID_STRONG =
  /(\b(id|i\.d|identity|identification|national|passport|case|file|docket|report|reference|ref|ob|nin|nik|nida|ktp|mykad|ic|philsys|psn|cccd|cmnd|certificate|registration|record|licen[cs]e|serial|fayda|bi|jalada|kitambulisho|nomor|laporan|processo|bilhete|hồ sơ|căn cước)\b|เลขคดี|คดี|บัตรประชาชน|ករណី|អត្តសញ្ញាណ|መዝገብ|መታወቂያ)[^.\n]{0,25}$/u;
const ID_WEAK = /(\b(number|no|nr|account|namba|número|số)\b|เลข|លេខ|ቁጥር)\.?[^.\n]{0,20}$/u;
// groups of letters and digits joined by / . - (and an optional short prefix before a space: "OB 23/14/03/2021")
const ID_TOKEN = /(?<![\p{L}\p{N}@./:-])(?:[A-Z]{1,5}\s(?=\d[\dA-Z]*[/-]))?[A-Za-z0-9]+(?:[/.-][A-Za-z0-9]+)*(?![\p{L}\p{N}@]|[/.-][A-Za-z0-9])/gu;

export function findIds(text: string, out: Candidate[], digits = hasDigit(text)): void {
  if (!digits) return;
  for (const { index, match } of aroundAnchors(text, /\d{2,}/g, ID_TOKEN, 12, 40)) {
    const m = { index, 0: match[0] };
    const s = m[0];
    let digits = 0;
    let letters = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 48 && c <= 57) digits++;
      else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) letters++;
    }
    if (digits < 4) continue;
    const separators = (s.match(/[/.-]/g) ?? []).length;
    if (!(letters > 0 || separators > 0 || digits >= 6)) continue;
    // ordinary words with a number attached ("COVID-19", "mid-2020s") are not IDs
    if (letters > 0 && /^[A-Za-z]{4,}-\d{1,4}s?$/.test(s)) continue;
    // decimal numbers and plain years
    if (/^\d+\.\d+$/.test(s) || /^(19|20)\d\d$/.test(s)) continue;
    const ctx = before(text, m.index, 45);
    const strong = ID_STRONG.test(ctx);
    const confidence: Confidence = strong || ID_WEAK.test(ctx) ? 'high' : letters > 0 || separators > 0 || digits >= 8 ? 'medium' : 'low';
    out.push({ kind: 'id', start: m.index, end: m.index + s.length, confidence, context: strong });
  }
}
