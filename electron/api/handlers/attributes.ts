// Handlers of the attribute methods. Attribute changes are plain transactions
// (the session's undo covers the codebook, codings and memos).
import type { attributesMethods } from '../../../shared/api/methods/attributes.js';
import {
  attributeValueSummary,
  createAttribute,
  deleteAttribute,
  exportAttributesCsv,
  importAttributesCsv,
  moveAttribute,
  setAttributeValues,
  updateAttribute,
} from '../../services/attributes.js';
import type { Backend, HandlersFor } from '../backend.js';

const changed = <T>(b: Backend, value: T): T => {
  b.emit({ type: 'changed', what: ['documents'] });
  return value;
};

export const attributesHandlers: HandlersFor<keyof typeof attributesMethods> = {
  'attributes.create': (b, p) => changed(b, createAttribute(b.project, p)),
  'attributes.update': (b, p) => {
    const { id, ...fields } = p;
    return changed(b, updateAttribute(b.project, id, fields));
  },
  'attributes.delete': (b, p) => changed(b, deleteAttribute(b.project, p.id)),
  'attributes.move': (b, p) => changed(b, moveAttribute(b.project, p.id, p.index)),
  'attributes.setValues': (b, p) => changed(b, setAttributeValues(b.project, p.changes)),
  'attributes.values': (b) => attributeValueSummary(b.project),
  'attributes.importCsv': (b, p) => changed(b, importAttributesCsv(b.project, p.csv, p.name ?? 'CSV', { createAttributes: p.createAttributes })),
  'attributes.exportCsv': (b) => ({ csv: exportAttributesCsv(b.project) }),
};
