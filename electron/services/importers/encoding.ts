// Guessing the legacy 8-bit encoding of a text file that is not UTF-8 or
// UTF-16: chardet's statistical detectors, plus a check for Thai TIS-620 /
// Windows-874, which chardet does not know and which Thai teams still meet.
import chardet from 'chardet';
import type { LegacyGuesser } from '../../../shared/formats/plainText.js';

/** Thai in TIS-620: most letters are high bytes, with many vowel and tone marks, and none of the bytes TIS-620 leaves unassigned. */
function looksThai(bytes: Uint8Array): boolean {
  let high = 0;
  let marks = 0;
  let letters = 0;
  for (const b of bytes) {
    if (b >= 0x80) {
      high++;
      if ((b >= 0xdb && b <= 0xde) || b >= 0xfc) return false;
      if (b === 0xd1 || (b >= 0xd4 && b <= 0xda) || (b >= 0xe7 && b <= 0xee)) marks++;
    } else if ((b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a)) letters++;
  }
  return high > 20 && high > letters && marks / high > 0.15;
}

// chardet's names → WHATWG labels that TextDecoder knows
const LABELS: Record<string, string> = {
  'ISO-8859-1': 'windows-1252', // WHATWG decodes ISO-8859-1 as Windows-1252 anyway
  'ISO-8859-2': 'iso-8859-2', 'ISO-8859-5': 'iso-8859-5', 'ISO-8859-6': 'iso-8859-6', 'ISO-8859-7': 'iso-8859-7',
  'ISO-8859-8': 'iso-8859-8', 'ISO-8859-9': 'windows-1254', 'windows-1250': 'windows-1250', 'windows-1251': 'windows-1251',
  'windows-1252': 'windows-1252', 'windows-1253': 'windows-1253', 'windows-1254': 'windows-1254', 'windows-1255': 'windows-1255',
  'windows-1256': 'windows-1256', 'windows-1257': 'windows-1257', 'KOI8-R': 'koi8-r', Shift_JIS: 'shift_jis', 'EUC-JP': 'euc-jp',
  'EUC-KR': 'euc-kr', GB18030: 'gb18030', Big5: 'big5', 'ISO-2022-JP': 'iso-2022-jp',
};

export const guessLegacyEncoding: LegacyGuesser = (bytes) => {
  if (looksThai(bytes)) return { encoding: 'windows-874' };
  for (const match of chardet.analyse(bytes.subarray(0, 256 * 1024))) {
    const label = LABELS[match.name];
    if (label) return { encoding: label };
  }
  return null;
};
