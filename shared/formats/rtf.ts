// Rich Text Format (.rtf) → plain text. A small reader of the RTF 1.9 syntax:
// groups, control words and symbols, \uN Unicode escapes (with \ucN fallback
// skipping), \'hh bytes in the document's or the current font's code page,
// \par and \line as line ends, \tab, \cell and \row in tables. Destinations
// that hold no running text (font and colour tables, style sheet, document
// info, pictures, fields' instructions, headers, footnotes, every \* group we
// don't know) are skipped.

export class RtfError extends Error {}

interface Decoder {
  decode(input: Uint8Array): string;
}
declare const TextDecoder: new (label: string) => Decoder;

/** destinations whose content is not text of the document body */
const SKIP_DESTINATIONS = new Set([
  'fonttbl', 'colortbl', 'stylesheet', 'info', 'pict', 'object', 'objdata', 'fldinst', 'datafield', 'themedata',
  'colorschememapping', 'latentstyles', 'listtable', 'listoverridetable', 'rsidtbl', 'generator', 'xmlnstbl',
  'header', 'headerl', 'headerr', 'headerf', 'footer', 'footerl', 'footerr', 'footerf', 'footnote', 'annotation',
  'atnid', 'atnauthor', 'atndate', 'atnref', 'mmathPr', 'revtbl', 'filetbl', 'pgdsctbl', 'bkmkstart', 'bkmkend',
  'template', 'docvar', 'wgrffmtfilter', 'pnseclvl', 'pntxta', 'pntxtb', 'shppict', 'nonshppict',
  'blipuid', 'falt', 'panose', 'ftnsep', 'ftnsepc', 'ftncn', 'aftnsep', 'aftnsepc', 'aftncn', 'title', 'author',
  'operator', 'keywords', 'comment', 'subject', 'doccomm', 'company', 'category', 'manager', 'hlinkbase', 'userprops',
  'passwordhash', 'xe', 'tc', 'private', 'formfield', 'sp', 'sn', 'sv',
]);

/** Windows code page of an RTF \fcharsetN */
const CHARSET_CODEPAGE: Record<number, number> = {
  0: 1252, 128: 932, 129: 949, 134: 936, 136: 950, 161: 1253, 162: 1254, 163: 1258, 177: 1255, 178: 1256,
  186: 1257, 204: 1251, 222: 874, 238: 1250,
};

function codepageLabel(cp: number): string {
  if (cp === 932) return 'shift_jis';
  if (cp === 936) return 'gbk';
  if (cp === 949) return 'euc-kr';
  if (cp === 950) return 'big5';
  if (cp === 65001) return 'utf-8';
  if (cp === 10000) return 'macintosh';
  if (cp === 437 || cp === 850) return 'windows-1252'; // DOS pages: close enough for letters, the rest is rare in RTF
  return `windows-${cp}`;
}

interface GroupState {
  skip: boolean;
  /** how many fallback characters follow a \uN */
  uc: number;
  /** the code page of \'hh bytes in this group */
  codepage: number;
  /** in the font table: the font being defined */
  inFontTable: boolean;
}

/** Text of an RTF document. */
export function rtfToText(source: string): string {
  if (!/^\s*\{\\rtf/.test(source)) throw new RtfError('not an RTF document (it does not start with {\\rtf)');
  const out: string[] = [];
  const fontCodepage = new Map<number, number>();
  let documentCodepage = 1252;
  let state: GroupState = { skip: false, uc: 1, codepage: 1252, inFontTable: false };
  const stack: GroupState[] = [];
  let pendingBytes: number[] = [];
  /** characters still to skip after a \uN */
  let skipFallback = 0;
  /** the next control word opens a destination (after \* or at the start of a group) */
  let groupStart = false;
  let starred = false;
  let fontBeingDefined: number | null = null;
  const decoders = new Map<string, Decoder>();

  const flushBytes = () => {
    if (pendingBytes.length === 0) return;
    const label = codepageLabel(state.codepage);
    let decoder = decoders.get(label);
    if (!decoder) {
      try {
        decoder = new TextDecoder(label);
      } catch {
        decoder = new TextDecoder('windows-1252');
      }
      decoders.set(label, decoder);
    }
    if (!state.skip) out.push(decoder.decode(new Uint8Array(pendingBytes)));
    pendingBytes = [];
  };
  const emit = (s: string) => {
    flushBytes();
    if (!state.skip) out.push(s);
  };

  const n = source.length;
  let i = 0;
  let depth = 0;
  while (i < n) {
    const ch = source[i]!;
    if (ch === '{') {
      flushBytes();
      stack.push(state);
      state = { ...state };
      depth++;
      groupStart = true;
      starred = false;
      skipFallback = 0;
      i++;
      continue;
    }
    if (ch === '}') {
      flushBytes();
      if (depth === 0) throw new RtfError('unbalanced braces: a group closes that was never opened');
      state = stack.pop()!;
      depth--;
      groupStart = false;
      skipFallback = 0;
      i++;
      if (depth === 0) break; // the end of the document
      continue;
    }
    if (ch === '\\') {
      const next = source[i + 1];
      if (next === undefined) break;
      // \'hh: a byte in the current code page
      if (next === "'") {
        const hex = source.slice(i + 2, i + 4);
        i += 4;
        if (!/^[0-9a-fA-F]{2}$/.test(hex)) continue;
        if (skipFallback > 0) {
          skipFallback--;
          continue;
        }
        pendingBytes.push(parseInt(hex, 16));
        groupStart = false;
        continue;
      }
      if (/[a-zA-Z]/.test(next)) {
        let j = i + 1;
        while (j < n && /[a-zA-Z]/.test(source[j]!) && j - i <= 32) j++;
        const word = source.slice(i + 1, j);
        let param: number | null = null;
        const num = /^-?\d{1,10}/.exec(source.slice(j, j + 11));
        if (num) {
          param = Number(num[0]);
          j += num[0].length;
        }
        if (source[j] === ' ') j++; // the delimiting space belongs to the control word
        i = j;
        const opensDestination = groupStart;
        groupStart = false;
        if (skipFallback > 0 && word !== 'u') {
          // a control word counts as one fallback character
          skipFallback--;
          continue;
        }
        controlWord(word, param, opensDestination);
        continue;
      }
      // control symbols
      i += 2;
      if (next === '*') {
        starred = true;
        continue;
      }
      groupStart = false;
      if (skipFallback > 0) {
        skipFallback--;
        continue;
      }
      if (next === '\\' || next === '{' || next === '}') emit(next);
      else if (next === '~') emit('\u00a0');
      else if (next === '_') emit('\u2011');
      else if (next === '\n' || next === '\r') emit('\n');
      // \- (optional hyphen), \: (index subentry) and the rest add nothing
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      i++;
      continue;
    }
    // plain text up to the next special character
    let j = i;
    while (j < n && source[j] !== '\\' && source[j] !== '{' && source[j] !== '}' && source[j] !== '\r' && source[j] !== '\n') j++;
    let text = source.slice(i, j);
    i = j;
    groupStart = false;
    if (skipFallback > 0) {
      const drop = Math.min(skipFallback, text.length);
      text = text.slice(drop);
      skipFallback -= drop;
    }
    if (text) emit(text);
  }
  flushBytes();

  function controlWord(word: string, param: number | null, opensDestination: boolean): void {
    if (opensDestination && (starred || SKIP_DESTINATIONS.has(word))) {
      // font table: read the fonts' character sets, but print nothing
      if (word === 'fonttbl') {
        flushBytes();
        state.skip = true;
        state.inFontTable = true;
        return;
      }
      flushBytes();
      state.skip = true;
      starred = false;
      return;
    }
    starred = false;
    switch (word) {
      case 'ansicpg':
        if (param !== null && param > 0) {
          documentCodepage = param;
          state.codepage = param;
        }
        return;
      case 'mac':
        documentCodepage = 10000;
        state.codepage = 10000;
        return;
      case 'pc':
        documentCodepage = 437;
        state.codepage = 437;
        return;
      case 'f':
        if (param === null) return;
        if (state.inFontTable) {
          fontBeingDefined = param;
          return;
        }
        flushBytes();
        state.codepage = fontCodepage.get(param) ?? documentCodepage;
        return;
      case 'fcharset':
        if (state.inFontTable && fontBeingDefined !== null && param !== null) {
          const cp = CHARSET_CODEPAGE[param];
          if (cp) fontCodepage.set(fontBeingDefined, cp);
        }
        return;
      case 'cpg':
        if (state.inFontTable && fontBeingDefined !== null && param !== null && param > 0) fontCodepage.set(fontBeingDefined, param);
        return;
      case 'uc':
        if (param !== null && param >= 0) state.uc = param;
        return;
      case 'u': {
        if (param === null) return;
        const code = param < 0 ? param + 65536 : param;
        emit(String.fromCharCode(code));
        skipFallback = state.uc;
        return;
      }
      case 'par':
      case 'sect':
      case 'page':
        emit('\n');
        return;
      case 'line':
        emit('\n');
        return;
      case 'tab':
        emit('\t');
        return;
      case 'cell':
      case 'nestcell':
        emit('\t');
        return;
      case 'row':
      case 'nestrow':
        emit('\n');
        return;
      case 'emdash':
        emit('\u2014');
        return;
      case 'endash':
        emit('\u2013');
        return;
      case 'emspace':
      case 'enspace':
      case 'qmspace':
        emit(' ');
        return;
      case 'bullet':
        emit('\u2022');
        return;
      case 'lquote':
        emit('\u2018');
        return;
      case 'rquote':
        emit('\u2019');
        return;
      case 'ldblquote':
        emit('\u201c');
        return;
      case 'rdblquote':
        emit('\u201d');
        return;
      case 'zwj':
        emit('\u200d');
        return;
      case 'zwnj':
        emit('\u200c');
        return;
      case 'ltrmark':
      case 'rtlmark':
        return;
      case 'bin': {
        // \binN: N raw bytes follow and are not text
        if (param !== null && param > 0) i += param;
        return;
      }
      default:
        return;
    }
  }

  // \uN escapes of astral characters come as two surrogates: String.fromCharCode
  // pairs them; a lone surrogate is dropped
  const text = out.join('').replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '');
  // tables end each row with a tab before the line break; trailing spaces and tabs of lines add nothing
  return text.replace(/[ \t]+\n/g, '\n').replace(/\n+$/, '');
}
