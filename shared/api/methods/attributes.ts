// Document attributes (case variables): definitions, values (one, in bulk or
// pasted), value summaries for filters and grouping, and CSV in and out.
import { z } from 'zod';
import type { AttributeDef, AttributeType } from '../../types.js';
import { id, none, read, write } from '../define.js';

export interface AttributeValueSummary {
  attributeId: number;
  name: string;
  type: AttributeType;
  /** distinct values held by documents, with how many documents hold each */
  values: Array<{ value: string; documents: number }>;
  /** documents without a value */
  missing: number;
}

export interface AttributesImportReport {
  documents: number;
  set: number;
  cleared: number;
  unchanged: number;
  attributesCreated: string[];
}

const type = z.enum(['text', 'number', 'date', 'category', 'boolean']);
const name = z.string().trim().min(1, 'the name is empty').max(100);
const allowed = z.array(z.string().max(500)).max(1000);

export const attributesMethods = {
  'attributes.create': write<AttributeDef>()(z.object({ name, type, values: allowed.optional() }).strict()),
  'attributes.update': write<AttributeDef>()(z.object({ id, name: name.optional(), type: type.optional(), values: allowed.optional() }).strict()),
  'attributes.delete': write<{ values: number }>()(z.object({ id }).strict()),
  'attributes.move': write<AttributeDef[]>()(z.object({ id, index: z.number().int().nonnegative() }).strict()),
  'attributes.setValues': write<{ changed: number }>()(
    z
      .object({
        changes: z
          .array(z.object({ documentId: id, attributeId: id, value: z.string().max(10000) }).strict())
          .min(1)
          .max(200_000),
      })
      .strict(),
  ),
  'attributes.values': read<AttributeValueSummary[]>()(none),
  'attributes.importCsv': write<AttributesImportReport>()(
    z
      .object({
        csv: z.string().max(50 * 1024 * 1024),
        /** the file's name, for messages */
        name: z.string().max(1000).optional(),
        createAttributes: z.boolean().optional(),
      })
      .strict(),
  ),
  'attributes.exportCsv': read<{ csv: string }>()(none),
} as const;
