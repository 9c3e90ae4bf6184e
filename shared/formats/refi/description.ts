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
// Empty fields are left out. A description written by another tool has no
// labels, and is read as the full definition.
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

export function packDescription(f: CodeDescriptionFields): string {
  const parts: string[] = [];
  // a short definition that would read as a label goes under its own heading
  const shortLooksLabelled = LABELS.some(([, label]) => f.shortDefinition.startsWith(`${label}:`));
  if (f.shortDefinition.trim() && !shortLooksLabelled) parts.push(f.shortDefinition.trim());
  const lines = LABELS.filter(([key]) => f[key].trim()).map(([key, label]) => `${label}: ${f[key].trim()}`);
  if (shortLooksLabelled) lines.unshift(`Short definition: ${f.shortDefinition.trim()}`);
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
      acc[current] = [line.slice(hit[1].length + 1).trim()];
    } else if (current) acc[current]!.push(line);
    else lead.push(line);
  }
  for (const [key, value] of Object.entries(acc) as Array<[keyof CodeDescriptionFields, string[]]>) out[key] = value.join('\n').trim();
  const leadText = lead.join('\n').trim();
  if (leadText) out.shortDefinition = out.shortDefinition ? `${leadText}\n${out.shortDefinition}` : leadText;
  return out;
}
