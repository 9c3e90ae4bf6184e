// Names of persons and places in English transcripts. Running compromise's
// full tagger over every transcript is far too slow for the import budget
// (about 1 s per 10,000 words), so this reads runs of capitalised words in one
// pass and asks compromise only about words: its lexicon (first and last
// names, cities, countries, common words) and, for a word it doesn't list, its
// tagger on that word alone (cached). Context decides person or place: titles
// (Mrs., Inspector, Mama, Khun, Ibu…), kinship and naming words (my daughter,
// a man called…), place words (Village, Primary School, Barangay…) and
// prepositions (in, at, near…). Names from the study countries are mostly not
// in any English lexicon, so an unknown capitalised word in mid-sentence is
// taken to be a name.
import type { Candidate } from './patterns.js';
import type { Confidence } from './types.js';
import { capWords, lowerUseFinder, PRODUCT, SPACES_ONLY, wordAfter, wordsBefore, type ContextWord, type Word } from './words.js';

// ---- word lists (lower case)

const TITLES = new Set([
  'mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'professor', 'sir', 'madam', 'madame', 'dame', 'rev', 'reverend', 'pastor', 'imam', 'sheikh',
  'officer', 'sergeant', 'sgt', 'inspector', 'detective', 'det', 'constable', 'corporal', 'cpl', 'captain', 'capt', 'lieutenant', 'lt',
  'col', 'colonel', 'major', 'commander', 'commissioner', 'superintendent', 'acp', 'asp', 'ssp', 'sp', 'judge', 'justice', 'magistrate',
  'hon', 'honourable', 'mama', 'baba', 'mzee', 'bi', 'bwana', 'ndugu', 'ato', 'woizero', 'weizero', 'wro', 'dona', 'dom', 'senhor', 'senhora',
  'sr', 'sra', 'meme', 'tate', 'khun', 'nai', 'nang', 'kru', 'ibu', 'bu', 'bapak', 'pak', 'mas', 'mbak', 'kak', 'encik', 'cik', 'puan',
  'tuan', 'datuk', 'dato', 'haji', 'hajjah', 'lola', 'lolo', 'tita', 'tito', 'kuya', 'ate', 'manang', 'manong', 'aling', 'mang',
  'anh', 'chị', 'ông', 'bà', 'cô', 'chú', 'bác', 'lok', 'neak', 'oknha', 'pol', 'pltcol', 'polcol', 'kompol', 'akbp', 'aiptu', 'bripka',
  'brigadier', 'gen', 'general', 'teacher', 'nurse', 'doctor', 'auntie', 'aunty', 'aunt', 'uncle', 'grandma', 'grandpa', 'granny', 'cousin',
]);
const PERSON_CUES = new Set([
  'mother', 'father', 'mum', 'mom', 'mummy', 'dad', 'daddy', 'son', 'daughter', 'brother', 'sister', 'aunt', 'auntie', 'aunty', 'uncle',
  'grandmother', 'grandfather', 'grandma', 'grandpa', 'granny', 'cousin', 'niece', 'nephew', 'wife', 'husband', 'friend', 'neighbour',
  'neighbor', 'teacher', 'officer', 'counsellor', 'counselor', 'caseworker', 'colleague', 'boss', 'stepfather', 'stepmother', 'child',
  'boy', 'girl', 'man', 'woman', 'suspect', 'accused', 'victim', 'survivor', 'prosecutor', 'captain', 'commander', 'principal', 'pastor',
  'pupil', 'student', 'classmate', 'boyfriend', 'girlfriend', 'partner', 'caregiver', 'guardian', 'perpetrator', 'offender', 'investigator',
  'magistrate', 'judge', 'lawyer', 'advocate', 'doctor', 'nurse', 'baby', 'toddler', 'teenager', 'relative', 'elder', 'driver',
  'facilitator', 'agent', 'sibling', 'stepson', 'stepdaughter', 'grandson', 'granddaughter', 'landlord', 'employer', 'chairman', 'chairperson',
  'named', 'called', 'himself', 'herself', 'dear', 'mr', 'mrs', 'ms',
]);
/** words that link a cue to the name: "my daughter is Wanjiru", "his name was Dara" */
const LINKS = new Set(['is', 'was', 'as', 'named', 'called', 'himself', 'herself']);
const NAMING = new Set(['named', 'called', 'himself', 'herself', 'call', 'calls', 'calling']);
const LOCATIVE = new Set(['in', 'at', 'near', 'around', 'outside', 'inside', 'towards', 'toward', 'into', 'within', 'across', 'throughout']);
/** prepositions that come before places and people alike ("from Oshakati", "a message from Dara") */
const WEAK_LOCATIVE = new Set(['from', 'of', 'via', 'through', 'to']);
/** "towns like Lapu-Lapu", "villages such as …" */
const PLACE_PLURALS = new Set(['towns', 'villages', 'cities', 'districts', 'provinces', 'areas', 'regions', 'places', 'islands', 'communities', 'neighbourhoods', 'neighborhoods', 'suburbs', 'barangays', 'counties']);
const TO_PERSON_VERBS = new Set([
  'talk', 'talked', 'talking', 'spoke', 'speak', 'speaking', 'said', 'say', 'told', 'tell', 'gave', 'give', 'sent', 'send', 'wrote', 'write',
  'reported', 'report', 'married', 'belong', 'belongs', 'belonged', 'listen', 'listened', 'introduced', 'explained', 'showed', 'show', 'referred',
  'refer', 'close', 'next', 'messages', 'message', 'messaged', 'text', 'texted', 'letter', 'thanks', 'thank', 'due', 'help', 'support',
  'money', 'gift', 'gifts', 'call', 'calls', 'phone', 'email', 'emails', 'photos', 'pictures', 'request', 'requests', 'visit', 'visits',
]);
const PERSON_VERBS = new Set([
  'said', 'says', 'told', 'tells', 'asked', 'asks', 'came', 'comes', 'called', 'calls', 'lives', 'lived', 'works', 'worked', 'saw', 'sees',
  'sent', 'sends', 'wrote', 'writes', 'went', 'goes', 'gave', 'gives', 'helped', 'helps', 'visited', 'visits', 'took', 'takes', 'knew', 'knows',
  'wanted', 'wants', 'met', 'meets', 'stayed', 'stays', 'cried', 'decided', 'agreed', 'tried', 'started', 'refused', 'admitted', 'denied',
  'threatened', 'contacted', 'messaged', 'replied', 'answered', 'explained', 'reported', 'became', 'felt', 'feels', 'thought', 'thinks',
  'is', 'was', 'has', 'had', 'did', 'does', 'will', 'would', 'could', 'can', 'cannot', 'should', 'must', 'who', 'herself', 'himself',
]);
/** words after a name that make it a place: "Kisenyi area", "Kandal province" */
const PLACE_AFTER = new Set([
  'area', 'village', 'district', 'town', 'city', 'market', 'province', 'region', 'county', 'division', 'suburb', 'neighbourhood',
  'neighborhood', 'community', 'settlement', 'camp', 'estate', 'township', 'municipality', 'ward', 'zone', 'island', 'state', 'valley',
]);
/** capitalised words inside a name that make it a place */
const PLACE_NOUNS = new Set([
  'school', 'primary', 'secondary', 'high', 'academy', 'college', 'university', 'institute', 'hospital', 'clinic', 'centre', 'center',
  'village', 'district', 'province', 'region', 'county', 'town', 'city', 'market', 'estate', 'camp', 'church', 'mosque', 'temple',
  'parish', 'ward', 'sub-county', 'subcounty', 'municipality', 'township', 'island', 'islands', 'lake', 'river', 'mount', 'mountain',
  'hill', 'hills', 'valley', 'station', 'prison', 'shelter', 'orphanage', 'home', 'polis', 'seksyen', 'kebele', 'woreda',
]);
/** words before a name that make it a place: Barangay Pasil, Phum Prek Thmei, Escola …, Balai Polis … */
const PLACE_HEADS = new Set([
  'barangay', 'brgy', 'kampung', 'kampong', 'desa', 'kelurahan', 'kecamatan', 'kabupaten', 'kota', 'ban', 'phum', 'khum', 'srok', 'bairro',
  'vila', 'kebele', 'woreda', 'balai', 'tambon', 'amphoe', 'muang', 'lake', 'mount', 'mt', 'xã', 'huyện', 'thôn', 'phường', 'quận',
  'sitio', 'purok', 'escola', 'sekolah', 'sd', 'smp', 'sma', 'wat', 'masjid', 'taman', 'lorong', 'kijiji', 'mtaa', 'wilaya', 'shule',
]);
/** last words of institutions, programmes and events ("Child Protection Unit", "Sexual Offences Court", "Safer Internet Day") */
const INSTITUTION_ENDS = new Set([
  'unit', 'court', 'ministry', 'department', 'office', 'desk', 'directorate', 'commission', 'committee', 'council', 'authority', 'agency',
  'foundation', 'organisation', 'organization', 'network', 'programme', 'program', 'project', 'service', 'services', 'bureau', 'police',
  'force', 'team', 'association', 'society', 'alliance', 'coalition', 'day', 'week', 'act', 'law', 'policy', 'strategy', 'plan', 'division',
  'taskforce', 'board', 'tribunal', 'parliament', 'assembly', 'government', 'administration',
]);
const PARTICLES = new Set(['van', 'der', 'den', 'de', 'da', 'do', 'dos', 'das', 'del', 'della', 'di', 'du', 'la', 'le', 'von', 'bin', 'binti', 'bt', 'bte', 'al', 'el', 'ibn', 'es', 'wa', 'y', 'dela', 'delos', 'ng']);
/** capitalised words that are never identifying: platforms, institutions, ID systems, languages, holidays, roles */
const NEVER = new Set([
  'facebook', 'whatsapp', 'instagram', 'tiktok', 'snapchat', 'telegram', 'viber', 'line', 'zalo', 'signal', 'youtube', 'twitter', 'x',
  'google', 'gmail', 'messenger', 'skype', 'discord', 'roblox', 'minecraft', 'fortnite', 'pubg', 'omegle', 'bigo', 'imo', 'wechat', 'kakaotalk',
  'tinder', 'grindr', 'badoo', 'likee', 'kwai', 'twitch', 'reddit', 'onlyfans', 'm-pesa', 'mpesa', 'gcash', 'paymaya', 'paypal', 'moneygram',
  'interpol', 'unicef', 'ecpat', 'ncmec', 'iwf', 'ngo', 'ngos', 'un', 'childline', 'helpline', 'police', 'ministry', 'court', 'internet',
  'online', 'android', 'iphone', 'samsung', 'apple', 'microsoft', 'netflix', 'zoom', 'shopee', 'lazada', 'grab', 'gojek', 'ovo', 'truemoney',
  'airtel', 'mtn', 'safaricom', 'vodacom', 'vodafone', 'tigo', 'halotel', 'globe', 'dtac', 'ais', 'viettel', 'mobifone', 'vinaphone',
  'metfone', 'cellcard', 'celcom', 'digi', 'maxis', 'telkomsel', 'indosat', 'africell', 'philsys', 'mykad', 'nida', 'nik', 'ktp', 'cccd',
  'cmnd', 'fayda', 'huduma', 'sim', 'covid', 'covid-19', 'ocsea', 'csam', 'csea', 'gbv', 'ob', 'id', 'ip', 'gps', 'url', 'pdf', 'wifi',
  'wi-fi', 'english', 'swahili', 'kiswahili', 'amharic', 'oromo', 'tigrinya', 'portuguese', 'afrikaans', 'zulu', 'isizulu', 'xhosa',
  'isixhosa', 'sotho', 'sesotho', 'tswana', 'setswana', 'oshiwambo', 'otjiherero', 'luganda', 'khmer', 'bahasa', 'indonesian', 'malay',
  'tagalog', 'filipino', 'cebuano', 'bisaya', 'thai', 'vietnamese', 'french', 'arabic', 'chinese', 'god', 'allah', 'jesus', 'christ',
  'christmas', 'easter', 'ramadan', 'eid', 'islam', 'muslim', 'christian', 'buddhist', 'bible', 'quran', 'koran', 'interviewer',
  'respondent', 'participant', 'moderator', 'facilitator', 'translator', 'interpreter', 'speaker', 'note-taker', 'notetaker', 'okay', 'ok',
  'mhojaji', 'mhojiwa', 'viet', 'nam', 'africa', 'asia', 'europe', 'america', 'southeast', 'east', 'west', 'north', 'south', 'central',
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'grade', 'form', 'standard', 'class', 'year', 'covid19',
  'i', 'i\'m', 'i\'ve', 'i\'ll', 'i\'d', 'a', 'q', 'r', 'p', 'mr', 'mrs', 'ms', 'dr',
]);

// ---- compromise: what kind of word is this?

type WordClass = 'first' | 'last' | 'person' | 'place' | 'country' | 'org' | 'time' | 'common' | 'noun' | 'unknown';

const NAME_TAGS: Array<[string, WordClass]> = [
  ['FirstName', 'first'], ['MaleName', 'first'], ['FemaleName', 'first'], ['LastName', 'last'], ['Person', 'person'],
  ['Country', 'country'], ['Demonym', 'country'], ['City', 'place'], ['Region', 'place'], ['Place', 'place'],
  ['Organization', 'org'], ['SportsTeam', 'org'], ['Month', 'time'], ['WeekDay', 'time'], ['Date', 'time'], ['Holiday', 'time'],
];
type Lexicon = Record<string, string | string[] | undefined>;
const taggerCache = new Map<string, WordClass>();
/** lexiconClass by word: the same few hundred words come up in every transcript */
const lexiconCache = new Map<string, WordClass>();

/**
 * The part of compromise this detector uses: its lexicon and its tagger. The
 * caller passes it in (the backend loads compromise only when it first scans:
 * loading takes half a second, which no other command should pay).
 */
export interface Nlp {
  (text: string): { json(): unknown };
  model(): { one: { lexicon: Lexicon } };
}

let nlp: Nlp | null = null;
let lexicon: Lexicon = {};
function use(n: Nlp): void {
  if (n === nlp) return;
  nlp = n;
  lexicon = n.model().one.lexicon;
  taggerCache.clear();
  lexiconCache.clear();
}
function lex(): Lexicon {
  return lexicon;
}

function classOfTags(tags: readonly string[]): WordClass {
  for (const [tag, cls] of NAME_TAGS) if (tags.includes(tag)) return cls;
  return 'common';
}

/** A word's class from the lexicon only ('unknown' when it isn't listed). */
export function lexiconClass(lower: string): WordClass {
  let c = lexiconCache.get(lower);
  if (c === undefined) {
    const entry = lex()[lower];
    c = entry === undefined ? 'unknown' : classOfTags(Array.isArray(entry) ? entry : [entry]);
    if (lexiconCache.size > 100000) lexiconCache.clear();
    lexiconCache.set(lower, c);
  }
  return c;
}

/** For a word the lexicon doesn't list: compromise's tagger on the word alone ('noun' when it can only guess a singular noun). */
function taggedClass(lower: string): WordClass {
  let c = taggerCache.get(lower);
  if (c === undefined) {
    const term = (nlp!(lower).json() as Array<{ terms?: Array<{ tags?: string[] }> }>)[0]?.terms?.[0];
    const tags = term?.tags ?? [];
    c = tags.some((t) => ['Verb', 'Adverb', 'Adjective', 'Plural', 'Determiner', 'Preposition', 'Conjunction', 'Pronoun', 'Value', 'Expression', 'QuestionWord'].includes(t))
      ? 'common'
      : 'noun';
    if (taggerCache.size > 50000) taggerCache.clear();
    taggerCache.set(lower, c);
  }
  return c;
}

// ---- the detector

export interface NameOptions {
  /** compromise (or its 'compromise/two' build) */
  nlp: Nlp;
  /** treat sentence-initial unknown words as possible names (default: when the text looks English) */
  english?: boolean;
}

interface Run {
  from: number;
  to: number; // indices into the capitalised words, inclusive
  kind: 'person' | 'place';
  confidence: Confidence;
  end?: number; // extended end (a number after "Kebele")
}

const RANK: Record<Confidence, number> = { low: 1, medium: 2, high: 3 };

/** Whether most lower-case words are English: decides whether sentence-initial unknown words can be names. */
export function looksEnglish(text: string): boolean {
  let known = 0;
  let total = 0;
  // the words /(?:^|[^A-Za-z'])([a-z]+)(?![A-Za-z])/g finds in the first 6,000 units, found without the regular
  // expression: runs of a-z with no letter or apostrophe before them and no letter after
  const end = Math.min(text.length, 6000);
  for (let i = 0; i < end; ) {
    if (!isAsciiLower(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    while (i < end && isAsciiLower(text.charCodeAt(i))) i++;
    const before = start > 0 ? text.charCodeAt(start - 1) : 0x20;
    const after = i < end ? text.charCodeAt(i) : 0x20;
    if (isAsciiLetter(before) || before === 0x27 || isAsciiLetter(after)) continue;
    total++;
    // listed in the lexicon (lexiconClass caches the lookup)
    if (lexiconClass(text.slice(start, i)) !== 'unknown') known++;
    if (total >= 400) break;
  }
  return total >= 20 ? known / total >= 0.45 : true;
}

function isAsciiLower(c: number): boolean {
  return c >= 97 && c <= 122;
}

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

// between two capitalised words of one name: spaces, and particles (van der, bin, dela)
const PARTICLE_GAP = new RegExp(`^[ \\u00a0]+(?:(?:${[...PARTICLES].join('|')})[ \\u00a0]+)*$`);
const PARTICLE_MAX = Math.max(...[...PARTICLES].map((p) => p.length));

export function findNames(text: string, out: Candidate[], options: NameOptions): void {
  use(options.nlp);
  const words = capWords(text);
  if (!words.length) return;
  const english = options.english ?? looksEnglish(text);
  const usedLower = lowerUseFinder(text);

  const runs: Run[] = [];
  let i = 0;
  while (i < words.length) {
    let j = i;
    while (j + 1 < words.length && !words[j]!.possessive) {
      const w = words[j]!;
      // after "Mr.", from after the dot
      const gap = w.abbrev && text.charCodeAt(w.end) === 0x2e ? w.end + 1 : w.end;
      if (!joinsName(text, gap, words[j + 1]!.start)) break;
      j++;
    }
    const run = classify(words, i, j, text, english, usedLower);
    if (run) runs.push(run);
    i = j + 1;
  }

  // the same name elsewhere in the transcript: raise low findings, fill in sentence-initial ones
  const best = new Map<string, Run>();
  const key = (r: Run) => words.slice(r.from, r.to + 1).map((t) => t.lower).join(' ');
  for (const r of runs) {
    const k = key(r);
    const b = best.get(k);
    if (!b || RANK[r.confidence] > RANK[b.confidence]) best.set(k, r);
    // each name word of a multi-word person name stands for the person too ("Brian Otieno" … "Otieno")
    if (r.kind === 'person' && r.confidence !== 'low' && r.to > r.from) {
      for (let x = r.from; x <= r.to; x++) {
        const w = words[x]!;
        if (TITLES.has(w.lower) || NEVER.has(w.lower) || w.allCaps) continue;
        const c = lexiconClass(w.lower);
        if (c !== 'unknown' && c !== 'first' && c !== 'last' && c !== 'person') continue;
        if (usedLower(w.lower)) continue;
        if (!best.has(w.lower)) best.set(w.lower, { ...r, from: x, to: x, confidence: 'medium' });
      }
    }
  }
  for (const r of runs) {
    const b = best.get(key(r));
    if (b && r.confidence === 'low' && b.confidence !== 'low') {
      r.confidence = 'medium';
      r.kind = b.kind;
    }
  }
  // single words the detector skipped (at the start of a sentence), but which are names elsewhere
  if (best.size) {
    const covered = new Set<number>();
    for (const r of runs) for (let x = r.from; x <= r.to; x++) covered.add(x);
    words.forEach((w, x) => {
      if (covered.has(x)) return;
      const b = best.get(w.lower);
      if (b && b.confidence !== 'low') runs.push({ from: x, to: x, kind: b.kind, confidence: 'medium' });
    });
  }

  for (const r of runs) {
    out.push({ kind: r.kind, start: words[r.from]!.start, end: r.end ?? words[r.to]!.end, confidence: r.confidence });
  }
}

function classify(all: Word[], from: number, to: number, text: string, english: boolean, usedLower: (w: string) => boolean): Run | null {
  let personCue = false;
  let placeCue = false;
  // titles at the front: "Pol. Lt. Anan Srisuk", "Mama Akinyi"
  while (from < to && TITLES.has(all[from]!.lower)) {
    personCue = true;
    from++;
  }
  if (TITLES.has(all[from]!.lower) && from === to) return null;
  // a common word that merely starts the sentence: "When Wanjiru…", "The Uganda Police…"
  while (from <= to && all[from]!.initial && !personCue && isCommon(all[from]!, usedLower)) from++;
  if (from > to) return null;
  const last = all[to]!;
  const speakerLabel = to - from < 3 && all[from]!.initial && colonAfter(text, last.end) && lineStartBefore(text, all[from]!.start);
  // acronyms in running text (NGO, NCMEC, ACP) are not names; a speaker label in capitals is. Nor are words that
  // never identify, or product names. (Loops over the run, not arrays: most runs end here, "I" above all.)
  let allCaps = true;
  let allNever = true;
  for (let x = from; x <= to; x++) {
    allCaps &&= all[x]!.allCaps;
    allNever &&= NEVER.has(all[x]!.lower);
  }
  if ((allCaps && !speakerLabel && !personCue) || allNever) return null;
  for (let x = from; x <= to; x++) if (PRODUCT.test(all[x]!.text)) return null;
  const words = all.slice(from, to + 1);
  const lowers = words.map((w) => w.lower);
  const phraseClass = words.length > 1 ? lexiconClass(text.slice(words[0]!.start, last.end).toLowerCase().replace(/\s+/g, ' ')) : 'unknown';
  if (phraseClass === 'country' || phraseClass === 'org' || phraseClass === 'time') return null;

  // inside a longer run, words in capitals are acronyms or redaction marks (XXXX), not names
  const classes = words.map((w) => (NEVER.has(w.lower) || (w.allCaps && !speakerLabel && words.length > 1) ? 'common' : wordClass(w, usedLower)));
  const placeWord = (l: string, x: number) => PLACE_NOUNS.has(l) || (x === 0 && PLACE_HEADS.has(l));
  const numberAfter = spaceAt(text, last.end) ? /^[ \u00a0]+\d{1,4}\b/.exec(text.slice(last.end, last.end + 8)) : null;
  const hasPlaceNoun = lowers.some(placeWord);
  const isNameLike = (c: WordClass) => c === 'first' || c === 'last' || c === 'person' || c === 'place' || c === 'unknown' || c === 'noun';
  // a name besides the place words ("Riruta … Primary School"), or a number after one ("Kebele 14"); "Police Station" is neither
  const nameLike = classes.some((c, x) => isNameLike(c) && !placeWord(lowers[x]!, x));
  if (hasPlaceNoun && (nameLike || numberAfter)) placeCue = true;
  if (speakerLabel && !placeCue) {
    if (classes.every((c) => c === 'common' || c === 'country' || c === 'org' || c === 'time')) return null;
    return { from, to, kind: 'person', confidence: 'medium' };
  }
  if (!nameLike && !personCue && !placeCue) return null;
  // an institution or an event named by ordinary words ("Child Protection Unit"): no person's name in it
  if (!personCue && words.length > 1 && INSTITUTION_ENDS.has(lowers[lowers.length - 1]!) && !classes.some((c) => c === 'first' || c === 'last' || c === 'person')) {
    const ordinary = words.filter((w, x) => classes[x] === 'common' || taggedClass(w.lower) === 'common' || PLACE_NOUNS.has(lowers[x]!)).length;
    if (ordinary >= words.length - 1) return null;
  }
  if (!placeCue && !personCue && classes.every((c) => c === 'country' || c === 'org' || c === 'time' || c === 'common')) return null;

  // context: the word right before the run (in the same clause), or the one before a linking word
  const before = wordsBefore(text, words[0]!.start);
  const prev1 = before[before.length - 1];
  const sameClause = prev1 !== undefined && !/[.!?;:\n]/.test(prev1.gapAfter);
  const p1 = sameClause ? prev1!.lower : '';
  const prev2 = before[before.length - 2];
  const p2 = sameClause && LINKS.has(p1) && prev2 && !/[.!?;:\n]/.test(prev2.gapAfter) ? prev2.lower : '';
  const nextLower = wordAfter(text, last.end);
  const possessiveAfter = last.possessive;

  if (PERSON_CUES.has(p1) || NAMING.has(p1) || (p2 && (PERSON_CUES.has(p2) || p2 === 'name'))) personCue = true;
  if (PLACE_AFTER.has(nextLower)) placeCue = true;

  let kind: 'person' | 'place';
  let confidence: Confidence;
  let end: number | undefined;
  if (placeCue && !personCue) {
    kind = 'place';
    confidence = 'high';
    // "Kebele 14", "Seksyen 6"
    if (numberAfter && (PLACE_NOUNS.has(lowers[lowers.length - 1]!) || PLACE_HEADS.has(lowers[0]!))) end = last.end + numberAfter[0].length;
  } else if (personCue) {
    kind = 'person';
    confidence = 'high';
  } else {
    const firstNames = classes.filter((c) => c === 'first' || c === 'person').length;
    const lastNames = classes.filter((c) => c === 'last').length;
    const placeWords = classes.filter((c) => c === 'place').length;
    const strongLocative = LOCATIVE.has(p1);
    const beforePreposition = sameClause ? (prev2?.lower ?? '') : '';
    const weakLocative = WEAK_LOCATIVE.has(p1) && !TO_PERSON_VERBS.has(beforePreposition) && !PERSON_VERBS.has(nextLower);
    const placePlural = before.slice(-3).some((w) => PLACE_PLURALS.has(w.lower));
    if ((placeWords > 0 || phraseClass === 'place') && firstNames === 0) {
      kind = 'place';
      confidence = 'medium';
    } else if ((strongLocative || weakLocative || placePlural) && firstNames + lastNames === 0) {
      kind = 'place';
      confidence = 'medium';
    } else if ((p1 === 'and' || p1 === 'or') && placeBeforeAnd(before)) {
      kind = 'place';
      confidence = 'medium';
    } else if (firstNames > 0 && (words.length > 1 || lastNames > 0)) {
      kind = 'person';
      confidence = 'high';
    } else if (words.length === 1 && words[0]!.initial) {
      // a lone capitalised word at the start of a sentence
      if (!english) return null;
      const c = classes[0]!;
      if (c === 'common') return null;
      kind = 'person';
      confidence = c === 'first' || PERSON_VERBS.has(nextLower) || possessiveAfter ? 'medium' : 'low';
    } else {
      kind = 'person';
      confidence = 'medium';
    }
  }
  return { from, to, kind, confidence, end };
}

/**
 * Whether the text from `from` to `to` (between two capitalised words) matches SPACES_ONLY or PARTICLE_GAP.
 * Nearly every gap fails on its first characters, checked here without slicing it: a space, then, unless
 * spaces are all there is, a particle and another space.
 */
function joinsName(text: string, from: number, to: number): boolean {
  if (from >= to || !spaceAt(text, from)) return false;
  let k = from + 1;
  while (k < to && spaceAt(text, k)) k++;
  if (k < to) {
    let e = k;
    while (e < to && isAsciiLower(text.charCodeAt(e))) e++;
    if (e === k || e >= to || e - k > PARTICLE_MAX || !spaceAt(text, e) || !PARTICLES.has(text.slice(k, e))) return false;
  }
  const gap = text.slice(from, to);
  return SPACES_ONLY.test(gap) || PARTICLE_GAP.test(gap);
}

/** A space or a no-break space at k (the first character SPACES_ONLY, PARTICLE_GAP and numberAfter need). */
function spaceAt(text: string, k: number): boolean {
  const c = text.charCodeAt(k);
  return c === 0x20 || c === 0xa0;
}

/** /^[ \t]*:/ on the three units from k: a colon after the word, as after a speaker's name. */
function colonAfter(text: string, k: number): boolean {
  for (const end = Math.min(text.length, k + 3); k < end; k++) {
    const c = text.charCodeAt(k);
    if (c === 0x3a) return true;
    if (c !== 0x20 && c !== 0x09) return false;
  }
  return false;
}

/** /(^|\n)[ \t]*$/ on the twenty units before k: only spaces and tabs back to a line break (or to the start of those twenty). */
function lineStartBefore(text: string, k: number): boolean {
  const from = Math.max(0, k - 20);
  while (k > from) {
    const c = text.charCodeAt(k - 1);
    if (c === 0x0a) return true;
    if (c !== 0x20 && c !== 0x09) return false;
    k--;
  }
  return true;
}

/** "from Soweto and Alexandra": after "and", a name continues the kind of the place before it. */
function placeBeforeAnd(before: ContextWord[]): boolean {
  // before ends with "and"; walk back over the capitalised words of the previous name
  let k = before.length - 2;
  if (k < 0 || !before[k]!.cap) return false;
  const nearest = before[k]!.lower;
  while (k > 0 && before[k - 1]!.cap && SPACES_ONLY.test(before[k - 1]!.gapAfter)) k--;
  const prep = k > 0 ? before[k - 1]!.lower : '';
  return LOCATIVE.has(prep) || WEAK_LOCATIVE.has(prep) || lexiconClass(nearest) === 'place';
}

function wordClass(w: Word, usedLower: (w: string) => boolean): WordClass {
  const c = lexiconClass(w.lower);
  if (c !== 'unknown') return c;
  // used in lower case elsewhere in this transcript: an ordinary word
  if (usedLower(w.lower)) return 'common';
  // capitalised in mid-sentence and in no lexicon: a name ("Petaling" is no gerund)
  if (!w.initial) return 'unknown';
  return taggedClass(w.lower) === 'common' ? 'common' : 'noun';
}

// endings of English abstract nouns and adjectives that names in the study countries hardly ever have
const ENGLISH_ENDING = /(?:tion|sion|ment|ness|ity|ism|ship|ence|ance|ous|ful|less|able|ible|ive|ized|ised)$/;

function isCommon(w: Word, usedLower: (w: string) => boolean): boolean {
  if (NEVER.has(w.lower)) return true;
  const c = lexiconClass(w.lower);
  if (c === 'common' || c === 'country' || c === 'org' || c === 'time') return true;
  if (c !== 'unknown') return false;
  if (usedLower(w.lower) || (w.initial && ENGLISH_ENDING.test(w.lower))) return true;
  return taggedClass(w.lower) === 'common';
}
