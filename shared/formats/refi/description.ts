// REFI-QDA has one Description per code. Weft packs the structured codebook
// fields (MacQueen et al. 1998) into it in a readable layout, and parses them back:
//
//   <short definition>
//
//   Definition: <full definition, may span lines>
//   When to use: <inclusion>
//   When not to use: <exclusion>
//   Typical example: <example>
//   Atypical example: <atypical example>
//   Memo: <memo>
//
// Empty fields are left out. A short definition alone is written under its
// label "Short definition:", because a description written by another tool
// has no labels and is read as the full definition. A line inside a field that
// starts like a label gets one backslash in front ("\\Memo: …"), removed on
// reading, so every field reads back exactly (each trimmed, line ends as LF).
export interface CodeDescriptionFields {
  shortDefinition: string;
  definition: string;
  inclusion: string;
  exclusion: string;
  example: string;
  atypicalExample: string;
  memo: string;
}

const LABELS: Array<[keyof CodeDescriptionFields, string]> = [
  ['definition', 'Definition'],
  ['inclusion', 'When to use'],
  ['exclusion', 'When not to use'],
  ['example', 'Typical example'],
  ['atypicalExample', 'Atypical example'],
  ['memo', 'Memo'],
];

export const EMPTY_DESCRIPTION: CodeDescriptionFields = {
  shortDefinition: '',
  definition: '',
  inclusion: '',
  exclusion: '',
  example: '',
  atypicalExample: '',
  memo: '',
};

const LABEL_LINE = /^(\\*)(Short definition|Definition|When to use|When not to use|Typical example|Atypical example|Memo):( |$)/;

/** One field's text, trimmed, with LF line ends and label-like lines escaped. */
function escapeField(value: string): string {
  return value
    .replace(/\r\n?/g, '\n')
    .trim()
    .split('\n')
    .map((line) => (LABEL_LINE.test(line) ? `\\${line}` : line))
    .join('\n');
}
const unescapeField = (value: string): string =>
  value
    .split('\n')
    .map((line) => (/^\\/.test(line) && LABEL_LINE.test(line) ? line.slice(1) : line))
    .join('\n');

export function packDescription(f: CodeDescriptionFields): string {
  const parts: string[] = [];
  const short = escapeField(f.shortDefinition);
  const rest = LABELS.filter(([key]) => f[key].trim());
  // a short definition that would read as a label, or stands alone, goes under its own heading
  const shortLabelled = short !== '' && (short.startsWith('\\') || rest.length === 0);
  if (short && !shortLabelled) parts.push(short);
  const lines = rest.map(([key, label]) => `${label}: ${escapeField(f[key])}`);
  if (shortLabelled) lines.unshift(`Short definition: ${short}`);
  if (lines.length) parts.push(lines.join('\n'));
  return parts.join('\n\n');
}

export function unpackDescription(text: string | null | undefined): CodeDescriptionFields {
  const out: CodeDescriptionFields = { ...EMPTY_DESCRIPTION };
  const body = (text ?? '').replace(/\r\n?/g, '\n').trim();
  if (!body) return out;
  const all: Array<[keyof CodeDescriptionFields, string]> = [['shortDefinition', 'Short definition'], ...LABELS];
  const labelAt = (line: string) => all.find(([, label]) => line.startsWith(`${label}: `) || line === `${label}:`);
  const lines = body.split('\n');
  if (!lines.some((l) => labelAt(l))) {
    out.definition = body;
    return out;
  }
  let current: keyof CodeDescriptionFields | null = null;
  const lead: string[] = [];
  const acc: Partial<Record<keyof CodeDescriptionFields, string[]>> = {};
  for (const line of lines) {
    const hit = labelAt(line);
    if (hit) {
      current = hit[0];
      acc[current] = [line.slice(hit[1].length + 2)];
    } else if (current) acc[current]!.push(line);
    else lead.push(line);
  }
  for (const [key, value] of Object.entries(acc) as Array<[keyof CodeDescriptionFields, string[]]>) out[key] = unescapeField(value.join('\n').trim());
  const leadText = unescapeField(lead.join('\n').trim());
  if (leadText) out.shortDefinition = out.shortDefinition ? `${leadText}\n${out.shortDefinition}` : leadText;
  return out;
}
