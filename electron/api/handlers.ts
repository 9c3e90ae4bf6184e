// The one table that wires each contract method to its service call: the
// capability tables joined. Transports call `dispatch`, which validates first.
import { securityHandlers } from './handlers/security.js';
import { storageFailure } from '../store/backups.js';
import { ApiError, apiContract, isMethodName, validateParams, type MethodName } from '../../shared/api/contract.js';
import { coreHandlers } from './handlers/core.js';
import { exchangeHandlers } from './handlers/exchange.js';
import { importingHandlers } from './handlers/importing.js';
import { attributesHandlers } from './handlers/attributes.js';
import { deidHandlers } from './handlers/deid.js';
import { teamHandlers } from './handlers/team.js';
import { codebookExchangeHandlers } from './handlers/codebookExchange.js';
import { auditHandlers } from './handlers/audit.js';
import { codebookVersionsHandlers } from './handlers/codebookVersions.js';
import type { Backend, HandlersFor } from './backend.js';
import { auditAfter, auditBefore } from './audit.js';

export { createBackend, UNDOABLE_TABLES, type Backend } from './backend.js';

const handlers: HandlersFor<MethodName> = {
  ...coreHandlers,
  ...exchangeHandlers,
  ...importingHandlers,
  ...attributesHandlers,
  ...deidHandlers,
  ...teamHandlers,
  ...codebookExchangeHandlers,
  ...auditHandlers,
  ...codebookVersionsHandlers,
  ...securityHandlers,
};

/** Validate and run one call. Errors come back as ApiError with a readable message. */
export async function dispatch(backend: Backend, method: unknown, params: unknown): Promise<unknown> {
  if (!isMethodName(method)) throw new ApiError('unknown_method', `unknown method "${String(method)}"`);
  const valid = validateParams(method, params);
  if (apiContract[method].writes) backend.project.assertWritable();
  try {
    const pending = auditBefore(backend, method, valid);
    const result = await (handlers[method] as (b: Backend, p: unknown) => unknown)(backend, valid);
    auditAfter(backend, method, valid, result, pending);
    return result;
  } catch (e) {
    if (e instanceof ApiError) throw e;
    const storage = storageFailure(e, backend.project.file);
    if (storage) throw storage;
    const msg = (e as Error).message ?? String(e);
    // constraint violations are the caller's mistake, not a crash
    if (/constraint/i.test(msg)) throw new ApiError('conflict', `${method}: ${msg}`);
    throw new ApiError('internal', `${method}: ${msg}`);
  }
}
