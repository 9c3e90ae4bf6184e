// Core methods: the project, coders, documents, the codebook, codings, memos,
// search and undo history.
import { z } from 'zod';
import type {
  AttributeDef,
  Memo,
  SearchHit,
  Code,
  Coder,
  DocumentSummary,
  DocumentText,
  ProjectInfo,
  Segment,
} from '../../types.js';
import { color, id, none, offset, read, write } from '../define.js';

export interface ProjectSummary {
  documents: number;
  codes: number;
  codings: number;
  coders: string[];
}

export interface HistoryState {
  undo: string | null;
  redo: string | null;
}

export const coreMethods = {
  'project.info': read<ProjectInfo>()(none),
  'project.summary': read<ProjectSummary>()(none),
  'settings.get': read<{ value: unknown }>()(z.object({ key: z.string().min(1).max(100) }).strict()),
  'settings.set': write<{ ok: true }>()(
    z.object({ key: z.string().min(1).max(100), value: z.unknown() }).strict(),
  ),

  'coders.list': read<Coder[]>()(none),
  'coders.ensure': write<Coder>()(z.object({ name: z.string().trim().min(1).max(200) }).strict()),

  'attributes.list': read<AttributeDef[]>()(none),

  'documents.list': read<DocumentSummary[]>()(none),
  'documents.get': read<DocumentText>()(z.object({ id }).strict()),

  'codes.list': read<Code[]>()(none),
  'codes.create': write<Code>()(
    z
      .object({
        name: z.string().trim().min(1).max(200),
        parentId: id.nullable().optional(),
        color: color.optional(),
        definition: z.string().max(20000).optional(),
      })
      .strict(),
  ),

  'codes.update': write<Code>()(
    z
      .object({
        id,
        name: z.string().trim().min(1).max(200).optional(),
        color: color.optional(),
        shortDefinition: z.string().max(2000).optional(),
        definition: z.string().max(20000).optional(),
        inclusion: z.string().max(20000).optional(),
        exclusion: z.string().max(20000).optional(),
        example: z.string().max(20000).optional(),
        atypicalExample: z.string().max(20000).optional(),
        memo: z.string().max(100000).optional(),
        codable: z.boolean().optional(),
      })
      .strict(),
  ),
  'codes.move': write<Code>()(
    z.object({ id, parentId: id.nullable(), index: z.number().int().nonnegative().optional() }).strict(),
  ),
  'codes.impact': read<{ codings: number; documents: number; descendants: number }>()(z.object({ id }).strict()),
  'codes.merge': write<{ moved: number; duplicates: number }>()(z.object({ sourceId: id, targetId: id }).strict()),
  'codes.delete': write<{ codes: number; codings: number }>()(z.object({ id }).strict()),

  'codings.list': read<Segment[]>()(z.object({ documentId: id.optional() }).strict()),
  'codings.apply': write<Segment>()(
    z
      .object({
        documentId: id,
        codeId: id,
        coderId: id,
        start: offset,
        end: offset,
        memo: z.string().max(100000).optional(),
      })
      .strict()
      .refine((p) => p.end > p.start, { message: 'end must be greater than start', path: ['end'] }),
  ),
  'codings.applyMany': write<{ added: number; existing: number }>()(
    z
      .object({
        codeId: id,
        coderId: id,
        ranges: z.array(z.object({ documentId: id, start: offset, end: offset }).strict()).min(1).max(100000),
      })
      .strict(),
  ),
  'codings.update': write<Segment>()(
    z
      .object({ id, start: offset, end: offset })
      .strict()
      .refine((p) => p.end > p.start, { message: 'end must be greater than start', path: ['end'] }),
  ),
  'codings.remove': write<{ removed: number }>()(z.object({ id }).strict()),
  'codings.setMemo': write<Segment>()(z.object({ id, memo: z.string().max(100000) }).strict()),

  'memos.list': read<Memo[]>()(
    z
      .object({
        targetType: z.enum(['project', 'document', 'code', 'coding']).optional(),
        targetId: id.nullable().optional(),
        query: z.string().max(500).optional(),
      })
      .strict(),
  ),
  'memos.save': write<Memo>()(
    z
      .object({
        targetType: z.enum(['project', 'document', 'code', 'coding']),
        targetId: id.nullable(),
        coderId: id.nullable(),
        title: z.string().max(500).optional(),
        /** serialised Lexical editor state */
        body: z.string().max(5_000_000),
        /** the same memo as plain text, for search and exports */
        bodyText: z.string().max(5_000_000),
      })
      .strict(),
  ),
  'memos.delete': write<{ removed: number }>()(z.object({ id }).strict()),

  'search.text': read<SearchHit[]>()(
    z.object({ query: z.string().trim().min(1).max(500), limit: z.number().int().positive().max(10000).optional() }).strict(),
  ),

  'history.state': read<HistoryState>()(none),
  'history.undo': write<HistoryState & { undone: string | null }>()(none),
  'history.redo': write<HistoryState & { redone: string | null }>()(none),
} as const;
