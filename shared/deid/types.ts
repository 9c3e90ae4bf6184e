// De-identification: the kinds of identifier the scanner finds, how sure it
// is, and the placeholder each kind is replaced with. Offsets are code points.

export const FINDING_KINDS = [
  'person', 'place', 'school', 'organisation',
  'email', 'phone', 'url', 'handle', 'id', 'date', 'address', 'gps', 'ip',
  'other',
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

/** Kinds that name someone or something: replaced by a numbered placeholder, the same one for the same name across the project. */
export const NAME_KINDS: ReadonlySet<FindingKind> = new Set(['person', 'place', 'school', 'organisation']);

/** Kinds a known-names list entry can have. */
export const KNOWN_NAME_KINDS = ['person', 'place', 'school', 'organisation'] as const;
export type KnownNameKind = (typeof KNOWN_NAME_KINDS)[number];

export type Confidence = 'high' | 'medium' | 'low';
export const CONFIDENCE_RANK: Record<Confidence, number> = { high: 3, medium: 2, low: 1 };

/** Where a finding comes from: a detector, or the project's known-names list. */
export type FindingSource = 'detector' | 'known';

export interface Finding {
  kind: FindingKind;
  /** code point offsets into the scanned text, end exclusive */
  start: number;
  end: number;
  text: string;
  confidence: Confidence;
  source: FindingSource;
}

const PREFIX: Record<FindingKind, string> = {
  person: 'PERSON',
  place: 'PLACE',
  school: 'SCHOOL',
  organisation: 'ORG',
  email: 'EMAIL',
  phone: 'PHONE',
  url: 'URL',
  handle: 'HANDLE',
  id: 'ID',
  date: 'DATE',
  address: 'ADDRESS',
  gps: 'GPS',
  ip: 'IP',
  other: 'REDACTED',
};

export function placeholderPrefix(kind: FindingKind): string {
  return PREFIX[kind];
}

/** `[PERSON-3]` for numbered kinds, `[PHONE]` for the rest. */
export function formatPlaceholder(kind: FindingKind, n?: number): string {
  return NAME_KINDS.has(kind) && n !== undefined ? `[${PREFIX[kind]}-${n}]` : `[${PREFIX[kind]}]`;
}

/** Matches a placeholder already in the text, so a re-scan never flags one. */
export const PLACEHOLDER_RE = /\[(?:PERSON|PLACE|SCHOOL|ORG|EMAIL|PHONE|URL|HANDLE|ID|DATE|ADDRESS|GPS|IP|REDACTED)(?:-\d+)?\]/g;

export const KIND_LABELS: Record<FindingKind, string> = {
  person: 'person',
  place: 'place',
  school: 'school',
  organisation: 'organisation',
  email: 'email',
  phone: 'phone number',
  url: 'URL',
  handle: 'social-media handle',
  id: 'ID or case number',
  date: 'exact date',
  address: 'street address',
  gps: 'GPS coordinates',
  ip: 'IP address',
  other: 'other',
};
