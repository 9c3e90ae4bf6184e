// Handlers of the import methods: files' bytes from the UI, with a progress
// event per file, and the speaker turns of a document.
import type { importingMethods } from '../../../shared/api/methods/importing.js';
import { MAX_IMPORT_CALL_BYTES, MAX_IMPORT_FILE_BYTES } from '../../../shared/api/methods/importing.js';
import { IMPORT_FORMATS } from '../../../shared/formats/importFormats.js';
import { importSources } from '../../services/documents.js';
import { importFlags } from '../../services/importHooks.js';
import { documentTurns } from '../../services/turns.js';
import { WeftError } from '../../errors.js';
import type { HandlersFor } from '../backend.js';

export const importingHandlers: HandlersFor<keyof typeof importingMethods> = {
  'import.formats': () => ({
    extensions: Object.keys(IMPORT_FORMATS),
    flags: importFlags().map((f) => ({ name: f.name, description: f.description })),
    maxFileBytes: MAX_IMPORT_FILE_BYTES,
    maxCallBytes: MAX_IMPORT_CALL_BYTES,
  }),
  'documents.import': async (b, p) => {
    const known = new Set(importFlags().map((f) => f.name));
    const unknown = (p.flags ?? []).find((f) => !known.has(f));
    if (unknown) throw new WeftError(`flags: no import step "${unknown}" (known: ${[...known].join(', ') || 'none'})`);
    const sources = p.files.map((f) => ({ name: f.name, bytes: Buffer.from(f.data, 'base64') }));
    const total = sources.length;
    b.emit({ type: 'progress', operation: 'import', done: 0, total });
    const results = await importSources(b.project, sources, {
      attributes: p.attributes,
      flags: p.flags,
      onProgress: (done, all, file) => b.emit({ type: 'progress', operation: 'import', done, total: all, message: file }),
    });
    if (results.some((r) => r.status === 'imported')) b.emit({ type: 'changed', what: ['documents'] });
    return results;
  },
  'documents.turns': (b, p) => documentTurns(b.project, p.id),
};
