// Handlers of the audit trail's methods.
import type { HandlersFor } from '../backend.js';
import { auditEntries } from '../../services/audit.js';
import { auditCsv } from '../../../shared/audit.js';

export const auditHandlers: HandlersFor<'audit.list' | 'audit.exportCsv'> = {
  'audit.list': (b, p) => auditEntries(b.project, p),
  'audit.exportCsv': (b, p) => {
    const entries = auditEntries(b.project, p);
    return { fileName: 'audit-trail.csv', mime: 'text/csv', base64: Buffer.from(auditCsv(entries), 'utf8').toString('base64'), rows: entries.length };
  },
};
