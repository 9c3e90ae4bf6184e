// The audit trail: who did what, when, on which document or code.
import { z } from 'zod';
import type { AuditEntry } from '../../audit.js';
import { read } from '../define.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+Z?)?$/, 'use a date like 2025-03-31');
const filter = {
  action: z.string().trim().min(1).max(100).optional(),
  coder: z.string().trim().min(1).max(200).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
};

export const auditMethods = {
  'audit.list': read<AuditEntry[]>()(z.object({ ...filter, limit: z.number().int().positive().max(100000).optional() }).strict()),
  'audit.exportCsv': read<{ fileName: string; mime: string; base64: string; rows: number }>()(z.object(filter).strict()),
} as const;
