// The one table that wires each contract method to its service call.
// Transports call `dispatch`, which validates parameters first.
import {
  ApiError,
  apiContract,
  isMethodName,
  validateParams,
  type MethodName,
  type ResultOf,
  type ValidParamsOf,
} from '../../shared/api/contract.js';
import type { BackendEvent } from '../../shared/types.js';
import type { Project } from '../services/project.js';
import { createCode } from '../services/codebook.js';
import { applyCoding, removeCoding, setCodingMemo } from '../services/coding.js';
import { WeftError } from '../errors.js';

export interface Backend {
  project: Project;
  emit: (event: BackendEvent) => void;
}

type Handlers = { [M in MethodName]: (b: Backend, p: ValidParamsOf<M>) => ResultOf<M> };

const handlers: Handlers = {
  'project.info': (b) => b.project.info(),
  'project.summary': (b) => b.project.summary(),
  'settings.get': (b, p) => ({ value: b.project.repo.getSetting(p.key) }),
  'settings.set': (b, p) => {
    b.project.repo.transaction(() => b.project.repo.setSetting(p.key, p.value));
    return { ok: true };
  },
  'coders.list': (b) => b.project.repo.coders(),
  'coders.ensure': (b, p) => {
    const before = b.project.repo.coderByName(p.name);
    const coder = b.project.repo.transaction(() => b.project.repo.ensureCoder(p.name));
    if (!before) b.emit({ type: 'changed', what: ['coders'] });
    return coder;
  },
  'attributes.list': (b) => b.project.repo.attributeDefs(),
  'documents.list': (b) => b.project.repo.documentSummaries(),
  'documents.get': (b, p) => {
    const d = b.project.repo.documentText(p.id);
    if (!d) throw new WeftError(`id: no document with id ${p.id}`, 'not_found');
    return { id: d.id, guid: d.guid, name: d.name, text: d.text };
  },
  'codes.list': (b) => b.project.repo.codes(),
  'codes.create': (b, p) => {
    const code = createCode(b.project, p);
    b.emit({ type: 'changed', what: ['codes'] });
    return code;
  },
  'codings.list': (b, p) => b.project.repo.segments({ documentId: p.documentId }),
  'codings.apply': (b, p) => {
    const s = applyCoding(b.project, p);
    b.emit({ type: 'changed', what: ['codings'] });
    return s;
  },
  'codings.remove': (b, p) => {
    const removed = removeCoding(b.project, p.id);
    b.emit({ type: 'changed', what: ['codings'] });
    return { removed };
  },
  'codings.setMemo': (b, p) => {
    const s = setCodingMemo(b.project, p.id, p.memo);
    b.emit({ type: 'changed', what: ['codings'] });
    return s;
  },
};

/** Validate and run one call. Errors come back as ApiError with a readable message. */
export async function dispatch(backend: Backend, method: unknown, params: unknown): Promise<unknown> {
  if (!isMethodName(method)) throw new ApiError('unknown_method', `unknown method "${String(method)}"`);
  const valid = validateParams(method, params);
  if (apiContract[method].writes) backend.project.assertWritable();
  try {
    return (handlers[method] as (b: Backend, p: unknown) => unknown)(backend, valid);
  } catch (e) {
    if (e instanceof ApiError) throw e;
    const msg = (e as Error).message ?? String(e);
    // constraint violations are the caller's mistake, not a crash
    if (/constraint/i.test(msg)) throw new ApiError('conflict', `${method}: ${msg}`);
    throw new ApiError('internal', `${method}: ${msg}`);
  }
}
