// A deterministic synthetic study for the benchmarks: interview transcripts
// with speaker turns in English, about a tenth of the text in Thai, Khmer,
// Amharic or Vietnamese, a 100-code codebook in 3 levels, and codings by 3
// coders that partly overlap. Everything follows from one seed.
import fs from 'node:fs';
import path from 'node:path';
import { COUNTRIES, PARTICIPANT_GROUPS } from '../../shared/attributes.js';
import { OffsetIndex } from '../../shared/offsets.js';
import type { CodebookEntry } from '../../shared/formats/codebook.js';

// ---- seeded randomness

/** mulberry32: a tiny, fast, well-mixed 32-bit PRNG. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  /** integer in [lo, hi], both inclusive */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
}

/** Picks from a list with Zipf-like weights (the first items are the most common), as words are in real speech. */
class ZipfPicker<T> {
  private readonly cumulative: number[] = [];
  constructor(
    private readonly items: readonly T[],
    exponent = 0.9,
  ) {
    let sum = 0;
    items.forEach((_, i) => this.cumulative.push((sum += 1 / Math.pow(i + 1, exponent))));
  }
  pick(rng: Rng): T {
    const x = rng.float() * this.cumulative[this.cumulative.length - 1]!;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return this.items[lo]!;
  }
}

// ---- word lists (real words; the order is roughly most to least common)

const ENGLISH = (
  'the and to of a I in that it was he she they we you is not for with on but at this had have from what my ' +
  'said about there when because so would if them her his their our me him or all were one very like know ' +
  'think time people police child children family mother father school phone online case cases told tell ' +
  'money message messages photo photos pictures friend friends afraid scared help report reported officer ' +
  'station court teacher community village town internet account video chat group girl boy parents aunt ' +
  'uncle daughter son older younger social media app apps night evening morning week month year later ' +
  'first then after before again never always sometimes often many few more most other some every each ' +
  'threatened threat shame ashamed blamed blame believe believed secret trust trusted evidence statement ' +
  'investigation prosecutor judge lawyer hearing trial sentence fine prison unit specialised training ' +
  'laptop computer screenshots platform profile stranger contact contacted asked sent send sending shared ' +
  'share posted deleted blocked password money mobile airtime gift gifts payment transfer bank worker ' +
  'social counsellor helpline hotline shelter clinic hospital nurse doctor examination support services ' +
  'referral referred budget ministry government policy law laws legislation gap gaps plan coordination ' +
  'sextortion grooming livestreaming exploitation abuse harm harmed victim survivor perpetrator offender ' +
  'offenders network networks cross-border foreign tourist migration poverty stigma gossip neighbours ' +
  'church mosque temple pagoda leader leaders elders radio campaign awareness programme workshop session ' +
  'difficult hard easy quickly slowly really maybe perhaps exactly especially usually rarely finally'
).split(' ');

/** Frequent English phrases for the interviewer's questions. */
const QUESTIONS = [
  'Could you tell me more about that',
  'What happened next',
  'How did you feel when that happened',
  'Who did you talk to first',
  'What would have helped at that point',
  'How did the police respond',
  'Can you describe how the case was handled',
  'What do children in your community use their phones for',
  'Why do you think she did not tell anyone',
  'What support was available to the family',
  'How long did the investigation take',
  'Is there anything you would like to add',
];

const THAI = [
  'ตำรวจ', 'เด็ก', 'ครอบครัว', 'ออนไลน์', 'รูปภาพ', 'โทรศัพท์', 'กลัว', 'บอก', 'แม่', 'พ่อ', 'โรงเรียน', 'เพื่อน',
  'ข้อความ', 'เงิน', 'ช่วย', 'ปัญหา', 'ไม่', 'อยาก', 'เรื่อง', 'ใหญ่', 'คดี', 'ศาล', 'หลักฐาน', 'ผู้เสียหาย',
  'ความปลอดภัย', 'อินเทอร์เน็ต', 'แชท', 'วิดีโอ', 'ขู่', 'อาย', 'ครู', 'ชุมชน', 'กฎหมาย', 'รายงาน', 'สอบสวน',
  'เจ้าหน้าที่', 'ความลับ', 'เชื่อ', 'รู้สึก', 'เมื่อ', 'ว่า', 'และ', 'แต่', 'เขา', 'เรา', 'มี', 'ได้', 'ที่', 'จะ', 'คน',
];
/** Whole Thai sentences that recur, so a phrase search has hits: "(she) didn't want it to become a big deal". */
export const THAI_PHRASE = 'ไม่อยากให้เป็นเรื่องใหญ่';
const THAI_SENTENCES = [THAI_PHRASE, 'ตำรวจไม่เชื่อเรื่องที่เด็กเล่า', 'เขาขู่ว่าจะส่งรูปให้เพื่อนทุกคน'];

const KHMER = [
  'ប៉ូលិស', 'កុមារ', 'គ្រួសារ', 'អនឡាញ', 'រូបភាព', 'ទូរស័ព្ទ', 'ខ្លាច', 'ប្រាប់', 'ម្តាយ', 'ឪពុក', 'សាលារៀន',
  'មិត្តភក្តិ', 'សារ', 'លុយ', 'ជួយ', 'បញ្ហា', 'មិន', 'ចង់', 'រឿង', 'ធំ', 'តុលាការ', 'ភស្តុតាង', 'ជនរងគ្រោះ',
  'សុវត្ថិភាព', 'អ៊ីនធឺណិត', 'គំរាម', 'ខ្មាស់', 'គ្រូ', 'សហគមន៍', 'ច្បាប់', 'របាយការណ៍', 'ស៊ើបអង្កេត', 'មន្ត្រី',
  'សម្ងាត់', 'ជឿ', 'មានអារម្មណ៍', 'ហើយ', 'ប៉ុន្តែ', 'គាត់', 'យើង', 'មាន', 'បាន', 'នឹង',
];

const AMHARIC = [
  'ፖሊስ', 'ልጅ', 'ቤተሰብ', 'ኢንተርኔት', 'ፎቶ', 'ስልክ', 'ፈራ', 'ነገረ', 'እናት', 'አባት', 'ትምህርት', 'ቤት', 'ጓደኛ',
  'መልእክት', 'ገንዘብ', 'እርዳታ', 'ችግር', 'አይደለም', 'ፍርድ', 'ማስረጃ', 'ተጎጂ', 'ደህንነት', 'ማስፈራራት', 'ኀፍረት',
  'መምህር', 'ማህበረሰብ', 'ሕግ', 'ሪፖርት', 'ምርመራ', 'ባለሥልጣን', 'ሚስጥር', 'አመነ', 'ስሜት', 'እና', 'ግን', 'እሱ',
  'እኛ', 'አለ', 'ይችላል',
];

const VIETNAMESE = [
  'cảnh sát', 'trẻ em', 'gia đình', 'trực tuyến', 'hình ảnh', 'điện thoại', 'sợ hãi', 'nói', 'mẹ', 'bố', 'trường học',
  'bạn bè', 'tin nhắn', 'tiền', 'giúp đỡ', 'vấn đề', 'không', 'muốn', 'chuyện', 'lớn', 'tòa án', 'bằng chứng',
  'nạn nhân', 'an toàn', 'mạng', 'đe dọa', 'xấu hổ', 'giáo viên', 'cộng đồng', 'pháp luật', 'báo cáo', 'điều tra',
  'cán bộ', 'bí mật', 'tin tưởng', 'cảm thấy', 'và', 'nhưng', 'em', 'chúng tôi', 'có', 'được', 'sẽ', 'người', 'khi', 'rằng',
].map((w) => w.normalize('NFC'));

/** Includes astral characters, a ZWJ sequence and a variation selector: offsets must count code points. */
const EMOJI = ['😢', '🙏', '👍', '📱', '💬', '😔', '👩‍👧', '❤️'];

export type LocalLanguage = 'th' | 'km' | 'am' | 'vi';
const LANGUAGES: readonly LocalLanguage[] = ['th', 'km', 'am', 'vi'];
const HOME_LANGUAGE: Record<string, LocalLanguage> = { Thailand: 'th', Cambodia: 'km', Ethiopia: 'am', 'Viet Nam': 'vi' };

const englishWords = new ZipfPicker(ENGLISH);
const localWords: Record<LocalLanguage, ZipfPicker<string>> = {
  th: new ZipfPicker(THAI, 0.6),
  km: new ZipfPicker(KHMER, 0.6),
  am: new ZipfPicker(AMHARIC, 0.6),
  vi: new ZipfPicker(VIETNAMESE, 0.6),
};

/** A Latin word of middling frequency: the search benchmark looks for it. */
export const LATIN_QUERY = 'prosecutor';

// ---- transcripts

interface Sentence {
  text: string;
  words: number;
}

function englishSentence(rng: Rng): Sentence {
  const n = rng.int(6, 22);
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(englishWords.pick(rng));
  let s = words.join(' ');
  if (n > 12 && rng.chance(0.4)) {
    const cut = s.indexOf(' ', Math.floor(s.length / 2));
    if (cut > 0) s = s.slice(0, cut) + ',' + s.slice(cut);
  }
  s = s[0]!.toUpperCase() + s.slice(1) + '.';
  if (rng.chance(0.01)) s += ' ' + rng.pick(EMOJI);
  return { text: s, words: n };
}

function localSentence(rng: Rng, lang: LocalLanguage): Sentence {
  if (lang === 'th' && rng.chance(0.1)) {
    const t = rng.pick(THAI_SENTENCES);
    return { text: t, words: 5 };
  }
  const n = rng.int(5, 14);
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(localWords[lang].pick(rng));
  switch (lang) {
    case 'th':
      // Thai writes no spaces between words, only between phrases
      return { text: words.slice(0, n >> 1).join('') + ' ' + words.slice(n >> 1).join(''), words: n };
    case 'km':
      return { text: words.join('') + '។', words: n };
    case 'am':
      return { text: words.join(' ') + '።', words: n };
    case 'vi': {
      const s = words.join(' ');
      return { text: s[0]!.toUpperCase() + s.slice(1) + '.', words: n };
    }
  }
}

export interface DocumentSpec {
  index: number;
  fileName: string;
  country: string;
  group: string;
  language: LocalLanguage;
  targetWords: number;
}

export interface GeneratedTranscript {
  text: string;
  words: number;
  /** UTF-16 [start, end) of each respondent turn's speech (after "Respondent: ") */
  respondentTurns: Array<[number, number]>;
}

const INTERVIEWER = 'Interviewer: ';
const RESPONDENT = 'Respondent: ';

/** One interview: alternating turns, blank lines between them, as transcribers type them. */
export function generateTranscript(rng: Rng, language: LocalLanguage, targetWords: number): GeneratedTranscript {
  const parts: string[] = [];
  const respondentTurns: Array<[number, number]> = [];
  let length = 0;
  let words = 0;
  const sentence = () => (rng.chance(0.1) ? localSentence(rng, language) : englishSentence(rng));
  while (words < targetWords) {
    // interviewer: a question, sometimes with a sentence before it
    let q = rng.pick(QUESTIONS) + '?';
    let qWords = q.split(' ').length;
    if (rng.chance(0.3)) {
      const s = sentence();
      q = s.text + ' ' + q;
      qWords += s.words;
    }
    const turn = INTERVIEWER + q;
    if (parts.length) {
      parts.push('\n\n');
      length += 2;
    }
    parts.push(turn);
    length += turn.length;
    words += qWords;
    // respondent: 2 to 9 sentences
    const body: string[] = [];
    const n = rng.int(2, 9);
    for (let i = 0; i < n; i++) {
      const s = sentence();
      body.push(s.text);
      words += s.words;
    }
    const speech = body.join(' ');
    parts.push('\n\n', RESPONDENT);
    length += 2 + RESPONDENT.length;
    respondentTurns.push([length, length + speech.length]);
    parts.push(speech);
    length += speech.length;
  }
  return { text: parts.join(''), words, respondentTurns };
}

export function documentSpecs(seed: number, count: number, minWords: number, maxWords: number): DocumentSpec[] {
  const rng = new Rng(seed ^ 0x5eed);
  const specs: DocumentSpec[] = [];
  for (let i = 0; i < count; i++) {
    const country = COUNTRIES[i % COUNTRIES.length]!;
    const group = rng.pick(PARTICIPANT_GROUPS);
    const code = country.replace(/[^A-Z]/g, '').padEnd(2, country[1]!.toUpperCase()).slice(0, 2);
    const groupCode = group
      .split(/[ -]/)
      .map((w) => w[0]!.toUpperCase())
      .join('');
    specs.push({
      index: i,
      fileName: `${code}-${groupCode}-${String(i + 1).padStart(4, '0')}.txt`,
      country,
      group,
      language: HOME_LANGUAGE[country] ?? rng.pick(LANGUAGES),
      targetWords: rng.int(minWords, maxWords),
    });
  }
  return specs;
}

// ---- codebook

const CODEBOOK: Array<[string, Array<[string, string[]]>]> = [
  ['Forms of harm', [
    ['Online grooming', ['Contact by stranger', 'Contact by known adult', 'Gifts and money', 'Requests for images']],
    ['Sexual extortion', ['Threats to share images', 'Demands for money', 'Demands for more images', 'Peer perpetrators']],
    ['Non-consensual image sharing', ['Shared by partner', 'Shared in groups', 'Deepfake images', 'Images sold online']],
    ['Livestreamed abuse', ['Paid livestreaming', 'Facilitated by family member', 'Cross-border offenders']],
  ]],
  ['Disclosure', [
    ['Barriers to disclosure', ['Shame', 'Fear of blame', 'Fear of parents', 'Reasons for not telling']],
    ['Whom children tell', ['Told a friend', 'Told a parent', 'Told a teacher', 'Told nobody']],
    ['Reporting channels', ['Helpline', 'Police report', 'Platform report']],
    ['Delayed disclosure', ['Years later', 'Discovered by others', 'Partial disclosure']],
  ]],
  ['Response', [
    ['Law enforcement', ['Specialised unit', 'Evidence collection', 'Victim interviews', 'Lack of training']],
    ['Justice process', ['Prosecution', 'Court experience', 'Compensation', 'Witness protection']],
    ['Social services', ['Case management', 'Psychosocial support', 'Shelter', 'Referral gaps']],
    ['Health', ['Medical examination', 'Mental health care', 'Costs of care', 'Sexual health']],
  ]],
  ['Prevention', [
    ['Awareness', ['School programmes', 'Parent awareness', 'Media campaigns', 'Community leaders']],
    ['Digital safety', ['Privacy settings', 'Platform moderation', 'Age verification']],
    ['Policy', ['Legislation gaps', 'National action plan', 'Data sharing', 'Budget']],
    ['Industry', ['Takedown requests', 'Cooperation with platforms', 'Reporting to authorities']],
  ]],
  ['Context', [
    ['Technology use', ['Smartphone access', 'Social media', 'Gaming platforms', 'Messaging apps']],
    ['Family', ['Poverty', 'Migration', 'Supervision', 'Domestic violence']],
    ['Community norms', ['Gender norms', 'Stigma', 'Victim blaming', 'Religious leaders']],
    ['Institutions', ['Corruption', 'Staff turnover', 'Coordination', 'Trust in police']],
  ]],
];

/** 100 codes in 3 levels: 5 categories (not codable), 20 codes, 75 sub-codes. */
export function codebookEntries(): CodebookEntry[] {
  const entry = (p: string[], codable: boolean): CodebookEntry => ({
    path: p,
    shortDefinition: '',
    definition: `Passages about ${p[p.length - 1]!.toLowerCase()}.`,
    inclusion: '',
    exclusion: '',
    example: '',
    atypicalExample: '',
    memo: '',
    codable,
    origin: 'bench codebook',
  });
  const out: CodebookEntry[] = [];
  for (const [top, subs] of CODEBOOK) {
    out.push(entry([top], false));
    for (const [sub, leaves] of subs) {
      out.push(entry([top, sub], true));
      for (const leaf of leaves) out.push(entry([top, sub, leaf], true));
    }
  }
  return out;
}

/** A leaf code the apply benchmark types into the palette. */
export const APPLY_CODE_NAME = 'Evidence collection';
export const CODERS = ['Amina', 'Bao', 'Chaiya'] as const;

// ---- codings

/** A planned coding: indices into the codable codes and CODERS, offsets in code points. */
export interface PlannedCoding {
  code: number;
  coder: number;
  start: number;
  end: number;
}

/** Word boundaries of the respondent turns, in UTF-16 units. */
class Spans {
  private readonly turns: Array<{ starts: number[]; ends: number[] }> = [];
  private readonly index: OffsetIndex;
  constructor(t: GeneratedTranscript) {
    this.index = new OffsetIndex(t.text);
    for (const [a, b] of t.respondentTurns) {
      const starts: number[] = [];
      const ends: number[] = [];
      for (let i = a; i < b; i++) {
        if (t.text[i] !== ' ' && (i === a || t.text[i - 1] === ' ')) starts.push(i);
        if (t.text[i] !== ' ' && (i + 1 === b || t.text[i + 1] === ' ')) ends.push(i + 1);
      }
      if (starts.length) this.turns.push({ starts, ends });
    }
  }
  get turnCount(): number {
    return this.turns.length;
  }
  wordsIn(turn: number): number {
    return this.turns[turn]!.starts.length;
  }
  /** code point range of words [first, first + count) of a turn, clamped to the turn */
  range(turn: number, first: number, count: number): { start: number; end: number } {
    const t = this.turns[turn]!;
    const a = Math.max(0, Math.min(first, t.starts.length - 1));
    const b = Math.max(a, Math.min(a + Math.max(1, count) - 1, t.ends.length - 1));
    return { start: this.index.toCodePoint(t.starts[a]!), end: this.index.toCodePoint(t.ends[b]!) };
  }
}

const identity = (c: PlannedCoding) => `${c.code}:${c.coder}:${c.start}:${c.end}`;

/**
 * `count` codings on one transcript. About 30% re-code a passage another
 * coding already covers (another coder, or another code, with shifted
 * boundaries), as happens when a team double-codes for agreement.
 */
export function planCodings(rng: Rng, t: GeneratedTranscript, count: number, codeCount: number): PlannedCoding[] {
  const spans = new Spans(t);
  const out: PlannedCoding[] = [];
  const seen = new Set<string>();
  const primary: Array<{ turn: number; first: number; words: number; code: number; coder: number }> = [];
  for (let guard = 0; out.length < count && guard < count * 20 && spans.turnCount > 0; guard++) {
    let p: (typeof primary)[number];
    if (primary.length && rng.chance(0.3)) {
      const base = rng.pick(primary);
      const otherCoder = rng.chance(0.7);
      p = {
        turn: base.turn,
        first: Math.max(0, base.first + rng.int(-3, 3)),
        words: Math.max(1, base.words + rng.int(-3, 3)),
        code: otherCoder ? base.code : rng.int(0, codeCount - 1),
        coder: otherCoder ? (base.coder + rng.int(1, CODERS.length - 1)) % CODERS.length : base.coder,
      };
    } else {
      const turn = rng.int(0, spans.turnCount - 1);
      const n = spans.wordsIn(turn);
      p = { turn, first: rng.int(0, Math.max(0, n - 2)), words: rng.int(3, 40), code: rng.int(0, codeCount - 1), coder: rng.int(0, CODERS.length - 1) };
      primary.push(p);
    }
    const c = { code: p.code, coder: p.coder, ...spans.range(p.turn, p.first, p.words) };
    if (c.end <= c.start || seen.has(identity(c))) continue;
    seen.add(identity(c));
    out.push(c);
  }
  return out;
}

/**
 * The codings of the "largest transcript": `disjoint` passages that don't
 * touch, and `overlapping` more that each overlap one of them.
 */
export function planDenseCodings(rng: Rng, t: GeneratedTranscript, disjoint: number, overlapping: number, codeCount: number): PlannedCoding[] {
  const spans = new Spans(t);
  let totalWords = 0;
  for (let i = 0; i < spans.turnCount; i++) totalWords += spans.wordsIn(i);
  const avgLen = Math.max(2, Math.min(12, Math.floor((totalWords / disjoint) * 0.5)));
  const avgGap = Math.max(1, Math.floor(totalWords / disjoint - avgLen));
  const out: PlannedCoding[] = [];
  const placed: Array<{ turn: number; first: number; words: number }> = [];
  const seen = new Set<string>();
  for (let turn = 0; turn < spans.turnCount && placed.length < disjoint; turn++) {
    const n = spans.wordsIn(turn);
    for (let w = rng.int(0, avgGap); w < n && placed.length < disjoint; ) {
      const words = Math.min(n - w, rng.int(Math.max(1, avgLen - 3), avgLen + 3));
      placed.push({ turn, first: w, words });
      w += words + 1 + rng.int(0, 2 * avgGap);
    }
  }
  for (const p of placed) {
    const c = { code: rng.int(0, codeCount - 1), coder: rng.int(0, CODERS.length - 1), ...spans.range(p.turn, p.first, p.words) };
    seen.add(identity(c));
    out.push(c);
  }
  for (let guard = 0, added = 0; added < overlapping && guard < overlapping * 20; guard++) {
    const base = rng.pick(placed);
    // starts inside the base passage and runs past its end
    const first = base.first + rng.int(1, Math.max(1, base.words - 1));
    const c = { code: rng.int(0, codeCount - 1), coder: rng.int(0, CODERS.length - 1), ...spans.range(base.turn, first, base.words + rng.int(1, 6)) };
    if (c.end <= c.start || seen.has(identity(c))) continue;
    seen.add(identity(c));
    out.push(c);
    added++;
  }
  return out;
}

// ---- the corpus on disk

export interface Corpus {
  dir: string;
  specs: DocumentSpec[];
  /** file name → its planned codings */
  codings: Map<string, PlannedCoding[]>;
  rawBytes: number;
  words: number;
}

/** Split `total` codings over `n` documents, at random but summing exactly. */
function spread(rng: Rng, total: number, n: number): number[] {
  const counts = new Array<number>(n).fill(0);
  for (let i = 0; i < total; i++) counts[rng.int(0, n - 1)]!++;
  return counts;
}

/** Write every transcript as a .txt file (one at a time, to keep memory low) and plan its codings. */
export function writeCorpus(
  dir: string,
  seed: number,
  o: { documents: number; minWords: number; maxWords: number; codings: number; codeCount: number },
): Corpus {
  fs.mkdirSync(dir, { recursive: true });
  const specs = documentSpecs(seed, o.documents, o.minWords, o.maxWords);
  const counts = spread(new Rng(seed ^ 0xc0de), o.codings, specs.length);
  const codings = new Map<string, PlannedCoding[]>();
  let rawBytes = 0;
  let words = 0;
  for (const spec of specs) {
    const rng = new Rng(seed * 1_000_003 + spec.index);
    const t = generateTranscript(rng, spec.language, spec.targetWords);
    const bytes = Buffer.from(t.text, 'utf8');
    fs.writeFileSync(path.join(dir, spec.fileName), bytes);
    rawBytes += bytes.length;
    words += t.words;
    codings.set(spec.fileName, planCodings(rng, t, counts[spec.index]!, o.codeCount));
  }
  return { dir, specs, codings, rawBytes, words };
}
