// Handlers of the codebook exchange methods. A merge import is one undoable step.
import type { codebookExchangeMethods } from '../../../shared/api/methods/codebookExchange.js';
import { diffCodebooks } from '../../../shared/codebookDiff.js';
import {
  buildCodebookFile, entryAsDiffCode, mergeCodebook, projectCodebookEntries, projectMerges, readCodebookBytes,
} from '../../services/codebookExchange.js';
import { step, type HandlersFor } from '../backend.js';

const bytesOf = (base64: string) => new Uint8Array(Buffer.from(base64, 'base64'));

export const codebookExchangeHandlers: HandlersFor<keyof typeof codebookExchangeMethods> = {
  'codebook.exportFile': async (b, p) => {
    const f = await buildCodebookFile(b.project, p.format);
    return { fileName: f.fileName, mime: f.mime, base64: Buffer.from(f.data).toString('base64'), codes: f.codes };
  },
  'codebook.importFile': async (b, p) => {
    const read = await readCodebookBytes(bytesOf(p.base64), p.fileName);
    const report = step(b, 'Import codebook', () => mergeCodebook(b.project, read, p.fileName, { dryRun: p.dryRun }));
    if (!p.dryRun) b.emit({ type: 'changed', what: ['codes'] });
    return report;
  },
  'codebook.diffFile': async (b, p) => {
    const read = await readCodebookBytes(bytesOf(p.base64), p.fileName);
    const diff = diffCodebooks(projectCodebookEntries(b.project).map(entryAsDiffCode), read.entries.map(entryAsDiffCode), { merges: projectMerges(b.project) });
    return { ...diff, warnings: read.warnings };
  },
};
