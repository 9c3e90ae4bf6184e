// Default document attributes (case variables) for multi-country OCSEA research.
import type { AttributeType } from './types.js';

export const COUNTRIES = [
  'Ethiopia', 'Kenya', 'Mozambique', 'Namibia', 'South Africa', 'Tanzania', 'Uganda',
  'Cambodia', 'Indonesia', 'Malaysia', 'Philippines', 'Thailand', 'Viet Nam',
] as const;

export const PARTICIPANT_GROUPS = [
  'law-enforcement officer', 'justice professional', 'survivor', 'caregiver',
  'frontline worker', 'government official', 'other',
] as const;

export interface DefaultAttribute {
  name: string;
  type: AttributeType;
  values: string[];
}

export const DEFAULT_ATTRIBUTES: DefaultAttribute[] = [
  { name: 'country', type: 'category', values: [...COUNTRIES] },
  { name: 'participant_group', type: 'category', values: [...PARTICIPANT_GROUPS] },
  { name: 'language', type: 'text', values: [] },
  { name: 'interview_date', type: 'date', values: [] },
  { name: 'interviewer', type: 'text', values: [] },
  { name: 'site', type: 'text', values: [] },
  { name: 'sex', type: 'category', values: ['female', 'male', 'other', 'not stated'] },
  { name: 'age_band', type: 'category', values: ['under 12', '12-14', '15-17', '18-24', '25-39', '40-59', '60+'] },
];
