// Team coding methods: assignments, completion marks, coder packages, merge,
// agreement, its report, disagreements and reconciliation.
import { z } from 'zod';
import { id, offset, read, write } from '../define.js';
import type { MergeReport, PackageInfo, TeamState } from '../../team.js';
import type { AgreementResult } from '../../agreement/compute.js';
import type { DisagreementKind } from '../../agreement/disagreements.js';

export type ReconcileDecisionName = 'acceptA' | 'acceptB' | 'acceptBoth' | 'adjust' | 'drop' | 'agree';

export interface DisagreementView {
  key: string;
  documentId: number;
  documentName: string;
  codeId: number;
  codePath: string;
  start: number;
  end: number;
  kind: DisagreementKind;
  a: Array<{ id: number; start: number; end: number }>;
  b: Array<{ id: number; start: number; end: number }>;
  decision: ReconcileDecisionName | null;
}

export interface DisagreementsResult {
  coderA: string;
  coderB: string;
  total: number;
  decided: number;
  agreements: number;
  agreementsAccepted: number;
  items: DisagreementView[];
}

const names = z.array(z.string().trim().min(1).max(500)).max(1000);
const where = z.array(z.object({ attribute: z.string().min(1).max(200), value: z.string().max(1000) }).strict()).max(50);
const selection = {
  codes: names.optional(),
  where: where.optional(),
};

export const teamMethods = {
  'team.state': read<TeamState>()(z.object({}).strict()),
  'team.assign': write<{ changed: number }>()(
    z.object({ documentIds: z.array(id).min(1).max(100000), coderId: id, assigned: z.boolean() }).strict(),
  ),
  'team.complete': write<{ changed: number }>()(
    z.object({ documentIds: z.array(id).min(1).max(100000), coderId: id, complete: z.boolean() }).strict(),
  ),
  'team.package': read<{ fileName: string; base64: string; info: PackageInfo }>()(
    z.object({ coderId: id, documentIds: z.array(id).max(100000).optional() }).strict(),
  ),
  'team.merge': write<MergeReport>()(
    z
      .object({
        files: z
          .array(z.object({ fileName: z.string().min(1).max(500), base64: z.string().min(1).max(300_000_000) }).strict())
          .min(1)
          .max(50),
      })
      .strict(),
  ),

  'agreement.compute': read<AgreementResult & { documentNames: string[] }>()(
    z
      .object({
        coders: names.optional(),
        ...selection,
        unit: z.enum(['character', 'segment', 'document']).optional(),
        overlap: z.number().min(0).max(1).optional(),
      })
      .strict(),
  ),
  'agreement.report': read<{ fileName: string; mime: string; base64: string }>()(
    z
      .object({
        coders: names.optional(),
        ...selection,
        unit: z.enum(['character', 'segment', 'document']).optional(),
        overlap: z.number().min(0).max(1).optional(),
        format: z.enum(['csv', 'html']),
      })
      .strict(),
  ),
  'agreement.disagreements': read<DisagreementsResult>()(
    z.object({ coderA: z.string().min(1).max(200), coderB: z.string().min(1).max(200), ...selection }).strict(),
  ),
  'agreement.decide': write<{ decision: ReconcileDecisionName; written: number }>()(
    z
      .object({
        coderA: z.string().min(1).max(200),
        coderB: z.string().min(1).max(200),
        documentId: id,
        codeId: id,
        start: offset,
        end: offset,
        decision: z.enum(['acceptA', 'acceptB', 'acceptBoth', 'adjust', 'drop', 'agree']),
        adjusted: z
          .object({ start: offset, end: offset })
          .strict()
          .refine((r) => r.end > r.start, { message: 'end must be greater than start', path: ['end'] })
          .optional(),
      })
      .strict(),
  ),
  'agreement.acceptAgreements': write<{ accepted: number }>()(
    z.object({ coderA: z.string().min(1).max(200), coderB: z.string().min(1).max(200), ...selection }).strict(),
  ),
} as const;
