// Document attributes: typed values with clear messages, definitions that can
// be renamed, retyped and given allowed values, all-or-nothing value changes,
// the CSV in and out, and the spreadsheet paste of the Attributes view.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strToU8 } from 'fflate';
import { checkAttributeValue, attributeNameError, inferAttributeType } from '../../shared/attributeValues.js';
import { DEFAULT_ATTRIBUTES } from '../../shared/attributes.js';
import { Project } from '../../electron/services/project.js';
import { importSources } from '../../electron/services/documents.js';
import {
  attributeValueSummary,
  createAttribute,
  deleteAttribute,
  exportAttributesCsv,
  importAttributesCsv,
  setAttributeValues,
  updateAttribute,
} from '../../electron/services/attributes.js';
import { createBackend, dispatch } from '../../electron/api/handlers.js';
import { parseTsv, planPaste } from '../../renderer/src/lib/attributePaste.js';
import type { AttributeDef } from '../../shared/types.js';

describe('attribute values by type', () => {
  const def = (type: AttributeDef['type'], values: string[] = []) => ({ name: 'x', type, values });
  it('accepts and normalises what fits', () => {
    expect(checkAttributeValue(def('text'), '  a value ')).toEqual({ ok: true, value: 'a value' });
    expect(checkAttributeValue(def('number'), '042')).toEqual({ ok: true, value: '42' });
    expect(checkAttributeValue(def('number'), '-3.50')).toEqual({ ok: true, value: '-3.5' });
    expect(checkAttributeValue(def('date'), '2024-02-29')).toEqual({ ok: true, value: '2024-02-29' });
    expect(checkAttributeValue(def('date'), '2025-03-12T00:00:00Z')).toEqual({ ok: true, value: '2025-03-12' });
    expect(checkAttributeValue(def('category', ['Kenya', 'Viet Nam']), 'viet nam')).toEqual({ ok: true, value: 'Viet Nam' });
    expect(checkAttributeValue(def('boolean'), 'Yes')).toEqual({ ok: true, value: 'true' });
    expect(checkAttributeValue(def('boolean'), '0')).toEqual({ ok: true, value: 'false' });
    expect(checkAttributeValue(def('number'), '')).toEqual({ ok: true, value: '' });
  });
  it('refuses what does not, saying how to write it', () => {
    const msg = (type: AttributeDef['type'], v: string, values: string[] = []) => {
      const r = checkAttributeValue({ name: 'country', type, values }, v);
      return r.ok ? null : r.message;
    };
    expect(msg('number', '3,5')).toBe('"3,5" is not a number (write it like 42 or 3.5, with a dot)');
    expect(msg('date', '12/03/2025')).toBe('"12/03/2025" is not a date in the form YYYY-MM-DD (such as 2025-03-12)');
    expect(msg('date', '2025-02-30')).toBe('"2025-02-30" is not a day of the calendar');
    expect(msg('category', 'Kenia', ['Kenya', 'Uganda'])).toBe('"Kenia" is not one of the allowed values of country (Kenya, Uganda)');
    expect(msg('boolean', 'maybe')).toBe('"maybe" is not yes or no (write true/false, yes/no or 1/0)');
  });
  it('checks names and infers types of new columns', () => {
    expect(attributeNameError('Country', ['country'])).toBe('an attribute named "Country" already exists');
    expect(attributeNameError('code_path', [])).toMatch(/fixed column/);
    expect(attributeNameError(' ', [])).toBe('the name is empty');
    expect(inferAttributeType(['1', '2.5', ''])).toBe('number');
    expect(inferAttributeType(['2025-01-01', ''])).toBe('date');
    expect(inferAttributeType(['yes', 'no'])).toBe('boolean');
    expect(inferAttributeType(['yes', 'Kenya'])).toBe('text');
  });
});

let dir: string;
let p: Project;
let ids: Record<string, number>;
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-attrs-'));
  p = Project.create(path.join(dir, 'p.weft'), undefined, { defaultAttributes: true });
  const results = await importSources(p, ['P1', 'P2', 'P3'].map((n) => ({ name: `${n}.txt`, bytes: strToU8(`Interviewer: ${n}\n`) })));
  ids = Object.fromEntries(results.map((r) => [r.document!, r.documentId!]));
});
afterEach(() => {
  p.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
const attr = (name: string) => p.repo.attributeDefs().find((a) => a.name === name)!;
const values = () => Object.fromEntries(p.repo.documentSummaries().map((d) => [d.name, d.attributes]));

describe('definitions', () => {
  it('a new project gets the research defaults, with their types and allowed values', () => {
    expect(p.repo.attributeDefs().map((a) => [a.name, a.type])).toEqual(DEFAULT_ATTRIBUTES.map((a) => [a.name, a.type]));
    expect(attr('participant_group').values).toEqual(['law-enforcement officer', 'justice professional', 'survivor', 'caregiver', 'frontline worker', 'government official', 'other']);
  });

  it('renames, retypes (rewriting values) and edits allowed values, refusing a change that a value does not fit', () => {
    setAttributeValues(p, [
      { documentId: ids.P1!, attributeId: attr('site').id, value: '12' },
      { documentId: ids.P2!, attributeId: attr('site').id, value: '007' },
    ]);
    updateAttribute(p, attr('site').id, { name: 'site_number', type: 'number' });
    expect(attr('site_number').type).toBe('number');
    expect(values().P2!.site_number).toBe('7');
    setAttributeValues(p, [{ documentId: ids.P3!, attributeId: attr('interviewer').id, value: 'Amina' }]);
    expect(() => updateAttribute(p, attr('interviewer').id, { type: 'number' })).toThrow('cannot change interviewer: document "P3" has a value that doesn\'t fit: "Amina" is not a number');
    expect(attr('interviewer').type).toBe('text');
    // to a category without values: the values in use become the allowed ones
    expect(updateAttribute(p, attr('interviewer').id, { type: 'category' }).values).toEqual(['Amina']);
    setAttributeValues(p, [{ documentId: ids.P1!, attributeId: attr('country').id, value: 'Kenya' }]);
    expect(() => updateAttribute(p, attr('country').id, { values: ['Uganda'] })).toThrow(/document "P1" has a value that doesn't fit: "Kenya" is not one of the allowed values/);
    expect(() => updateAttribute(p, attr('country').id, { values: ['Uganda', 'uganda'] })).toThrow('values: the allowed value "uganda" appears twice');
    expect(() => updateAttribute(p, attr('country').id, { name: 'Language' })).toThrow('name: an attribute named "Language" already exists');
    const created = createAttribute(p, { name: 'consent_recorded', type: 'boolean' });
    expect(created).toMatchObject({ name: 'consent_recorded', type: 'boolean', values: [] });
    expect(deleteAttribute(p, attr('country').id)).toEqual({ values: 1 });
    expect(p.repo.attributeDefs().some((a) => a.name === 'country')).toBe(false);
  });
});

describe('values', () => {
  it('sets many values at once, or none when one does not fit (naming the document and the attribute)', () => {
    expect(setAttributeValues(p, [
      { documentId: ids.P1!, attributeId: attr('country').id, value: 'kenya' },
      { documentId: ids.P2!, attributeId: attr('interview_date').id, value: '2025-03-12' },
    ])).toEqual({ changed: 2 });
    expect(values().P1!.country).toBe('Kenya');
    expect(() => setAttributeValues(p, [
      { documentId: ids.P1!, attributeId: attr('country').id, value: 'Uganda' },
      { documentId: ids.P3!, attributeId: attr('interview_date').id, value: 'March' },
    ])).toThrow('document "P3", interview_date: "March" is not a date in the form YYYY-MM-DD (such as 2025-03-12)');
    expect(values().P1!.country).toBe('Kenya');
    expect(setAttributeValues(p, [{ documentId: ids.P1!, attributeId: attr('country').id, value: '' }])).toEqual({ changed: 1 });
    expect(values().P1!.country).toBeUndefined();
  });

  it('summarises each attribute\u2019s values for filters and grouping', () => {
    setAttributeValues(p, [
      { documentId: ids.P1!, attributeId: attr('country').id, value: 'Kenya' },
      { documentId: ids.P2!, attributeId: attr('country').id, value: 'Kenya' },
      { documentId: ids.P3!, attributeId: attr('country').id, value: 'Uganda' },
    ]);
    const s = attributeValueSummary(p).find((x) => x.name === 'country')!;
    expect(s.values).toEqual([{ value: 'Kenya', documents: 2 }, { value: 'Uganda', documents: 1 }]);
    expect(s.missing).toBe(0);
    expect(attributeValueSummary(p).find((x) => x.name === 'sex')!.missing).toBe(3);
  });
});

describe('attributes CSV', () => {
  it('exports the document name, then one column per attribute, and imports it back unchanged', () => {
    setAttributeValues(p, [{ documentId: ids.P1!, attributeId: attr('country').id, value: 'Viet Nam' }]);
    const csv = exportAttributesCsv(p);
    expect(csv.split('\r\n')[0]).toBe('document,country,participant_group,language,interview_date,interviewer,site,sex,age_band');
    expect(csv.split('\r\n')[1]).toBe('P1,Viet Nam,,,,,,,');
    const r = importAttributesCsv(p, csv, 'a.csv');
    expect(r).toEqual({ documents: 3, set: 0, cleared: 0, unchanged: 24, attributesCreated: [] });
  });

  it('sets, clears and creates; refuses a bad value naming row and column, changing nothing', () => {
    setAttributeValues(p, [{ documentId: ids.P3!, attributeId: attr('language').id, value: 'Swahili' }]);
    const good = 'document,Country,participant_group,language,age\nP1,uganda,survivor,,14\nP3,Kenya,caregiver,,\n';
    expect(() => importAttributesCsv(p, good, 'g.csv')).toThrow('g.csv: header: column 5 "age" is not an attribute of this project (add it first, or use --create-attributes)');
    expect(importAttributesCsv(p, good, 'g.csv', { createAttributes: true })).toEqual({ documents: 2, set: 5, cleared: 1, unchanged: 2, attributesCreated: ['age'] });
    expect(attr('age').type).toBe('number');
    expect(values().P1).toEqual({ country: 'Uganda', participant_group: 'survivor', age: '14' });
    expect(values().P3).toEqual({ country: 'Kenya', participant_group: 'caregiver' });

    const before = JSON.stringify(values());
    const bad = 'document,country,interview_date\nP1,Kenya,2025-01-01\nP2,Kenia,2025-01-02\n';
    expect(() => importAttributesCsv(p, bad, 'b.csv')).toThrow('b.csv: row 3, column "country": "Kenia" is not one of the allowed values of country (Ethiopia, Kenya, Mozambique, Namibia, South Africa, Tanzania, Uganda, Cambodia, Indonesia, Malaysia, Philippines, Thailand, … (13 in all))');
    expect(() => importAttributesCsv(p, 'document,country\nP9,Kenya\n', 'u.csv')).toThrow('u.csv: row 2: no document named "P9" in this project');
    expect(() => importAttributesCsv(p, 'document,country\nP1,Kenya\nP1,Uganda\n', 'd.csv')).toThrow('d.csv: row 3: document "P1" is already on row 2');
    expect(() => importAttributesCsv(p, 'document,country\nP1,Kenya,extra\n', 'f.csv')).toThrow(/f\.csv: row 2: has 3 fields, the header has 2/);
    expect(JSON.stringify(values())).toBe(before);
  });

  it('is reachable through the API, which announces the change', async () => {
    const events: unknown[] = [];
    const b = createBackend(p, (e) => events.push(e));
    await dispatch(b, 'attributes.setValues', { changes: [{ documentId: ids.P2!, attributeId: attr('sex').id, value: 'female' }] });
    expect(events).toContainEqual({ type: 'changed', what: ['documents'] });
    const { csv } = (await dispatch(b, 'attributes.exportCsv', {})) as { csv: string };
    expect(csv).toContain('P2,,,,,,,female,');
    await expect(dispatch(b, 'attributes.setValues', { changes: [{ documentId: ids.P2!, attributeId: attr('sex').id, value: 'unknown' }] })).rejects.toThrow(/document "P2", sex: "unknown" is not one of the allowed values of sex/);
    await expect(dispatch(b, 'attributes.create', { name: 'x', type: 'colour' })).rejects.toThrow(/attributes\.create: type/);
  });
});

describe('pasting a spreadsheet block into the attributes table', () => {
  const defs = (): AttributeDef[] => p.repo.attributeDefs();
  const rows = () => p.repo.documentSummaries().map((d) => ({ id: d.id, name: d.name }));
  const col = (name: string) => defs().findIndex((a) => a.name === name) + 1;

  it('reads spreadsheet TSV with quoted cells', () => {
    expect(parseTsv('a\tb\r\n"x\ty"\t"say ""hi"""\n"two\nlines"\tz\n')).toEqual([['a', 'b'], ['x\ty', 'say "hi"'], ['two\nlines', 'z']]);
  });

  it('fills from the chosen cell down and right, checking every value', () => {
    const plan = planPaste('kenya\tsurvivor\nUganda\tcaregiver\n', rows(), defs(), { row: 1, col: col('country') });
    expect(plan).toEqual({
      ok: true,
      rows: 2,
      columns: 2,
      changes: [
        { documentId: ids.P2, attributeId: attr('country').id, value: 'Kenya' },
        { documentId: ids.P2, attributeId: attr('participant_group').id, value: 'survivor' },
        { documentId: ids.P3, attributeId: attr('country').id, value: 'Uganda' },
        { documentId: ids.P3, attributeId: attr('participant_group').id, value: 'caregiver' },
      ],
    });
    expect(planPaste('Kenya\nUganda\nKenya\n', rows(), defs(), { row: 1, col: col('country') })).toEqual({ ok: false, message: 'The pasted block has 3 rows, but only 2 documents are at and below the chosen cell.' });
    expect(planPaste('Kenya\tcaregiver\nNarnia\tsurvivor\n', rows(), defs(), { row: 0, col: col('country') })).toEqual({
      ok: false,
      message: expect.stringMatching(/^Row 2 \(document "P2"\), column country: "Narnia" is not one of the allowed values of country .*Nothing was pasted\.$/),
    });
  });

  it('matches rows by document name on the Document column, or by a header row', () => {
    const byName = planPaste('P3\tThailand\nP1\tKenya\n', rows(), defs(), { row: 0, col: 0 });
    expect(byName.ok && byName.changes).toEqual([
      { documentId: ids.P3, attributeId: attr('country').id, value: 'Thailand' },
      { documentId: ids.P1, attributeId: attr('country').id, value: 'Kenya' },
    ]);
    const byHeader = planPaste('document\tsex\tinterview_date\nP2\tmale\t2025-04-03\n', rows(), defs(), { row: 2, col: 3 });
    expect(byHeader.ok && byHeader.changes).toEqual([
      { documentId: ids.P2, attributeId: attr('sex').id, value: 'male' },
      { documentId: ids.P2, attributeId: attr('interview_date').id, value: '2025-04-03' },
    ]);
    expect(planPaste('P7\tKenya\n', rows(), defs(), { row: 0, col: 0 })).toEqual({ ok: false, message: 'Row 1 of the pasted block: no document named "P7" in the table.' });
  });
});
