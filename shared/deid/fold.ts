// Folding text for name matching: case-insensitive, diacritics-insensitive
// (for Latin-script diacritics), apostrophes and dashes unified, runs of
// whitespace made one space. The matcher folds the transcript one character
// at a time with the same function, so both sides agree.

const COMBINING_DIACRITICS = /[\u0300-\u036f]/g;
const SPECIAL: Record<string, string> = {
  'đ': 'd', 'Đ': 'd', 'ø': 'o', 'Ø': 'o', 'ł': 'l', 'Ł': 'l', 'ı': 'i', 'ß': 'ss', 'æ': 'ae', 'Æ': 'ae', 'œ': 'oe', 'Œ': 'oe',
  '\u2019': "'", '\u2018': "'", '\u02bc': "'", '`': "'",
  '\u2010': '-', '\u2011': '-', '\u2013': '-',
};

const cache = new Map<string, string>();

/** The folded form of one code point (possibly empty, possibly longer). */
export function foldChar(ch: string): string {
  const c = ch.charCodeAt(0);
  if (c < 0x80) return c >= 0x41 && c <= 0x5a ? String.fromCharCode(c + 32) : ch;
  let f = cache.get(ch);
  if (f === undefined) {
    f = SPECIAL[ch] ?? ch.normalize('NFD').replace(COMBINING_DIACRITICS, '').toLowerCase().normalize('NFC');
    if (cache.size < 20000) cache.set(ch, f);
  }
  return f;
}

const SPACE = /\s/;

/** Fold a short string (a name on the known-names list, a finding's text). */
export function foldName(text: string): string {
  let out = '';
  let space = false;
  for (const ch of text.normalize('NFC')) {
    if (SPACE.test(ch)) {
      space = true;
      continue;
    }
    if (space && out) out += ' ';
    space = false;
    out += foldChar(ch);
  }
  return out;
}
