// `weft attributes …`: document attributes (case variables) from and to CSV,
// and their definitions.
import fs from 'node:fs';
import { createAttribute, exportAttributesCsv, importAttributesCsv, updateAttribute } from '../../services/attributes.js';
import { decodeText } from '../../../shared/formats/plainText.js';
import { guessLegacyEncoding } from '../../services/importers/encoding.js';
import { ATTRIBUTE_TYPES } from '../../../shared/attributeValues.js';
import type { AttributeType } from '../../../shared/types.js';
import { WeftError } from '../../errors.js';
import { writeAuditedExport } from '../exportFile.js';
import { out, parse, UsageError, withProject, type CommandTable } from '../args.js';
import { MAX_IMPORT_BYTES } from '../../services/documents.js';

function readCsvFile(file: string): string {
  let bytes: Buffer;
  if ((fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0) > MAX_IMPORT_BYTES) throw new WeftError(`${file}: the file is larger than ${MAX_IMPORT_BYTES / 2 ** 20} MB`);
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    throw new WeftError(`${file}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  // spreadsheets still save "CSV" in the machine's legacy encoding
  return decodeText(bytes, guessLegacyEncoding).text;
}

export const attributesCommands: CommandTable = {
  'attributes import': {
    usage: 'weft attributes import PROJECT FILE.csv [--create-attributes]   (document name first, then one column per attribute)',
    run(args) {
      const { positionals, values } = parse(args, { 'create-attributes': { type: 'boolean' } }, 2, 'PROJECT and FILE.csv');
      const [project, file] = positionals as [string, string];
      const text = readCsvFile(file);
      const r = withProject(project, (p) => importAttributesCsv(p, text, file, { createAttributes: values['create-attributes'] === true }));
      const created = r.attributesCreated.length ? `; attributes created: ${r.attributesCreated.join(', ')}` : '';
      out(`attributes: ${r.documents} documents; ${r.set} values set, ${r.cleared} cleared, ${r.unchanged} unchanged${created}`);
      return 0;
    },
  },

  'attributes export': {
    usage: 'weft attributes export PROJECT --out FILE.csv',
    run(args) {
      const { positionals, values } = parse(args, { out: { type: 'string' } }, 1, 'PROJECT');
      if (!values.out) throw new UsageError('missing --out FILE.csv');
      const csv = withProject(positionals[0]!, (p) => exportAttributesCsv(p), true);
      writeAuditedExport(positionals[0]!, values.out as string, csv, { rows: csv.split('\r\n').length - 2, of: 'document attributes' });
      out(`wrote ${values.out} (${csv.split('\r\n').length - 2} documents)`);
      return 0;
    },
  },

  'attributes list': {
    usage: 'weft attributes list PROJECT [--json]',
    run(args) {
      const { positionals, values } = parse(args, { json: { type: 'boolean' } }, 1, 'PROJECT');
      const defs = withProject(positionals[0]!, (p) => p.repo.attributeDefs(), true);
      if (values.json) out(JSON.stringify(defs.map((d) => ({ name: d.name, type: d.type, values: d.values }))));
      else for (const d of defs) out(`${d.name}\t${d.type}${d.values.length ? `\t${d.values.join(' | ')}` : ''}`);
      return 0;
    },
  },

  'attributes define': {
    usage: 'weft attributes define PROJECT NAME --type text|number|date|category|boolean [--values "a|b|c"] [--rename NEW]',
    run(args) {
      const { positionals, values } = parse(args, { type: { type: 'string' }, values: { type: 'string' }, rename: { type: 'string' } }, 2, 'PROJECT and NAME');
      const [project, name] = positionals as [string, string];
      const type = values.type as string | undefined;
      if (type !== undefined && !ATTRIBUTE_TYPES.includes(type as AttributeType)) throw new UsageError(`--type "${type}": use one of ${ATTRIBUTE_TYPES.join(', ')}`);
      const allowed = values.values === undefined ? undefined : (values.values as string).split('|').map((v) => v.trim()).filter((v) => v !== '');
      const def = withProject(project, (p) => {
        const existing = p.repo.attributeDefs().find((a) => a.name.toLowerCase() === name.trim().toLowerCase());
        if (existing) return updateAttribute(p, existing.id, { name: values.rename as string | undefined, type: type as AttributeType | undefined, values: allowed });
        if (values.rename !== undefined) throw new WeftError(`${name}: no such attribute to rename`);
        if (!type) throw new UsageError(`${name} is a new attribute: give its --type`);
        return createAttribute(p, { name, type: type as AttributeType, values: allowed });
      });
      out(`${def.name}: ${def.type}${def.values.length ? ` (${def.values.join(' | ')})` : ''}`);
      return 0;
    },
  },
};
