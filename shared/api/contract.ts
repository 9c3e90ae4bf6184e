// The one API contract. Every operation the UI or the CLI performs is a method
// here, with a runtime schema for its parameters and a static result type.
// The backend's handler table, the IPC and HTTP transports and the renderer's
// client are all typed from this object.
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
} from '../types.js';

interface MethodSpec<P extends z.ZodType, R> {
  params: P;
  /** phantom: never read at run time */
  result?: R;
  /** true when the method changes the project (refused on a read-only project) */
  writes: boolean;
}

function read<R>() {
  return <P extends z.ZodType>(params: P): MethodSpec<P, R> => ({ params, writes: false });
}
function write<R>() {
  return <P extends z.ZodType>(params: P): MethodSpec<P, R> => ({ params, writes: true });
}

const id = z.number().int().positive();
const offset = z.number().int().nonnegative();
const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'colour must look like #RRGGBB');
const none = z.object({}).strict();

export interface ProjectSummary {
  documents: number;
  codes: number;
  codings: number;
  coders: string[];
}

export const apiContract = {
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

export interface HistoryState {
  undo: string | null;
  redo: string | null;
}

export type ApiContract = typeof apiContract;
export type MethodName = keyof ApiContract;
export type ParamsOf<M extends MethodName> = z.input<ApiContract[M]['params']>;
export type ValidParamsOf<M extends MethodName> = z.output<ApiContract[M]['params']>;
export type ResultOf<M extends MethodName> = NonNullable<ApiContract[M]['result']>;

export const methodNames = Object.keys(apiContract) as MethodName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(apiContract, name);
}

/** An error carried across a transport: a message a researcher can read, and a code. */
export interface ApiErrorBody {
  code: 'bad_request' | 'not_found' | 'conflict' | 'read_only' | 'internal' | 'unknown_method';
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorBody['code'],
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Turn zod issues into one readable line naming the field. */
export function describeIssues(method: string, error: z.ZodError): string {
  const first = error.issues[0];
  if (!first) return `${method}: invalid parameters`;
  const field = first.path.length ? first.path.join('.') : 'params';
  return `${method}: ${field}: ${first.message}`;
}

export function validateParams<M extends MethodName>(method: M, params: unknown): ValidParamsOf<M> {
  const parsed = apiContract[method].params.safeParse(params ?? {});
  if (!parsed.success) throw new ApiError('bad_request', describeIssues(method, parsed.error));
  return parsed.data as ValidParamsOf<M>;
}

/** The client side of any transport. */
export type Invoke = <M extends MethodName>(method: M, params: ParamsOf<M>) => Promise<ResultOf<M>>;
