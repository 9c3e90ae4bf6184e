// The one API contract. Every operation the UI or the CLI performs is a method
// here, with a runtime schema for its parameters and a static result type.
// The backend's handler table, the IPC and HTTP transports and the renderer's
// client are all typed from this object. Each capability keeps its methods in
// shared/api/methods/ and they are joined here.
import { z } from 'zod';
import { coreMethods } from './methods/core.js';
import { exchangeMethods } from './methods/exchange.js';
import { importingMethods } from './methods/importing.js';
import { attributesMethods } from './methods/attributes.js';
import { deidMethods } from './methods/deid.js';
import { teamMethods } from './methods/team.js';
import { auditMethods } from './methods/audit.js';
import { codebookExchangeMethods } from './methods/codebookExchange.js';
import { codebookVersionsMethods } from './methods/codebookVersions.js';
import { securityMethods } from './methods/security.js';

export type { ProjectSummary, HistoryState } from './methods/core.js';
export type { MethodSpec } from './define.js';

export const apiContract = {
  ...coreMethods,
  ...exchangeMethods,
  ...importingMethods,
  ...attributesMethods,
  ...deidMethods,
  ...teamMethods,
  ...auditMethods,
  ...codebookExchangeMethods,
  ...codebookVersionsMethods,
  ...securityMethods,
} as const;




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
  code: 'bad_request' | 'not_found' | 'conflict' | 'read_only' | 'locked' | 'internal' | 'unknown_method';
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
