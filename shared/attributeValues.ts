// Typed document attributes: what a value of each type may look like, and how
// it is stored. Every check returns a message a researcher can act on.
//   text      anything (spaces at the ends are trimmed)
//   number    42, -3.5, 1e3 (stored as written by JavaScript: "042" → "42")
//   date      YYYY-MM-DD, a real calendar day (a time after it is dropped)
//   category  one of the allowed values (any case; stored as the allowed spelling)
//   boolean   true/false, yes/no, y/n, 1/0 (stored as "true" or "false")
// An empty value means "no value".
import type { AttributeType } from './types.js';
import { SEGMENT_COLUMNS } from './formats/segmentsCsv.js';

export const ATTRIBUTE_TYPES: readonly AttributeType[] = ['text', 'number', 'date', 'category', 'boolean'];

export const ATTRIBUTE_TYPE_LABELS: Readonly<Record<AttributeType, string>> = {
  text: 'text',
  number: 'number',
  date: 'date (YYYY-MM-DD)',
  category: 'category',
  boolean: 'yes/no',
};

export interface AttributeShape {
  name: string;
  type: AttributeType;
  /** allowed values of a category */
  values: readonly string[];
}

export type ValueCheck = { ok: true; value: string } | { ok: false; message: string };

const MAX_VALUE_LENGTH = 10_000;
const TRUE = new Set(['true', 'yes', 'y', '1']);
const FALSE = new Set(['false', 'no', 'n', '0']);

function isCalendarDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
  return d <= days;
}

function listValues(values: readonly string[]): string {
  const shown = values.slice(0, 12).join(', ');
  return values.length > 12 ? `${shown}, … (${values.length} in all)` : shown;
}

/** Check and normalise one value for an attribute. */
export function checkAttributeValue(attr: AttributeShape, raw: string): ValueCheck {
  const v = raw.trim();
  if (v === '') return { ok: true, value: '' };
  if (v.length > MAX_VALUE_LENGTH) return { ok: false, message: `the value is longer than ${MAX_VALUE_LENGTH} characters` };
  switch (attr.type) {
    case 'text':
      return /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(v) ? { ok: false, message: 'the value contains control characters' } : { ok: true, value: v };
    case 'number': {
      if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(v)) {
        return { ok: false, message: `"${v}" is not a number (write it like 42 or 3.5, with a dot)` };
      }
      const n = Number(v);
      if (!Number.isFinite(n)) return { ok: false, message: `"${v}" is too large a number` };
      return { ok: true, value: String(n) };
    }
    case 'date': {
      const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(v);
      if (!m) return { ok: false, message: `"${v}" is not a date in the form YYYY-MM-DD (such as 2025-03-12)` };
      if (!isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]))) return { ok: false, message: `"${v}" is not a day of the calendar` };
      return { ok: true, value: `${m[1]}-${m[2]}-${m[3]}` };
    }
    case 'category': {
      const found = attr.values.find((a) => a === v) ?? attr.values.find((a) => a.toLowerCase() === v.toLowerCase());
      if (found !== undefined) return { ok: true, value: found };
      return {
        ok: false,
        message: attr.values.length
          ? `"${v}" is not one of the allowed values of ${attr.name} (${listValues(attr.values)})`
          : `${attr.name} has no allowed values yet; add "${v}" to its values first`,
      };
    }
    case 'boolean': {
      const l = v.toLowerCase();
      if (TRUE.has(l)) return { ok: true, value: 'true' };
      if (FALSE.has(l)) return { ok: true, value: 'false' };
      return { ok: false, message: `"${v}" is not yes or no (write true/false, yes/no or 1/0)` };
    }
  }
}

/** Names that would clash with the fixed columns of Weft's CSV files. */
export const RESERVED_ATTRIBUTE_NAMES: ReadonlySet<string> = new Set([...SEGMENT_COLUMNS, 'document']);

/** A message when a name can't be an attribute's name; `others` are the names of the other attributes. */
export function attributeNameError(name: string, others: readonly string[]): string | null {
  const n = name.trim();
  if (n === '') return 'the name is empty';
  if (n.length > 100) return 'the name is longer than 100 characters';
  if (/[\u0000-\u001f\u007f]/.test(n)) return 'the name contains control characters';
  if (RESERVED_ATTRIBUTE_NAMES.has(n.toLowerCase())) return `"${n}" is the name of a fixed column of Weft's CSV files; choose another name`;
  if (others.some((o) => o.toLowerCase() === n.toLowerCase())) return `an attribute named "${n}" already exists`;
  return null;
}

/** A message when a category's list of allowed values is not usable. */
export function allowedValuesError(values: readonly string[]): string | null {
  const seen = new Set<string>();
  for (const v of values) {
    if (v.trim() === '') return 'an allowed value is empty';
    if (v !== v.trim()) return `the allowed value "${v}" has spaces at its ends`;
    if (v.length > 500) return 'an allowed value is longer than 500 characters';
    const k = v.toLowerCase();
    if (seen.has(k)) return `the allowed value "${v}" appears twice`;
    seen.add(k);
  }
  return null;
}

/**
 * The type that fits every value of a column best (for a new attribute made
 * from a CSV column): number, date or boolean when all non-empty values are
 * of that type, text otherwise.
 */
export function inferAttributeType(values: readonly string[]): AttributeType {
  const filled = values.map((v) => v.trim()).filter((v) => v !== '');
  if (filled.length === 0) return 'text';
  for (const type of ['number', 'date', 'boolean'] as const) {
    if (filled.every((v) => checkAttributeValue({ name: '', type, values: [] }, v).ok)) return type;
  }
  return 'text';
}
