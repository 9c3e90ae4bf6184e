import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EMPTY_DESCRIPTION, packDescription, unpackDescription, type CodeDescriptionFields } from '../../shared/formats/refi/description';

describe('REFI Description packing of structured code fields', () => {
  it('round-trips every field, including multi-line text', () => {
    const field = fc.string({ maxLength: 40 }).map((s) => s.replace(/\r/g, '').trim());
    fc.assert(
      fc.property(
        fc.record({ shortDefinition: field.map((s) => s.replace(/\n/g, ' ')), definition: field, inclusion: field, exclusion: field, example: field, atypicalExample: field, memo: field }),
        (f) => {
          // lines that start with one of our labels would be ambiguous; real text rarely does
          const clean = Object.fromEntries(
            Object.entries(f).map(([k, v]) => [k, v.split('\n').map((l) => l.trim()).filter((l) => !/^(Short definition|Definition|When to use|When not to use|Typical example|Atypical example|Memo):/.test(l)).join('\n').trim()]),
          ) as unknown as CodeDescriptionFields;
          expect(unpackDescription(packDescription(clean))).toEqual(clean);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is readable', () => {
    const text = packDescription({ ...EMPTY_DESCRIPTION, shortDefinition: 'Trust-building by an offender.', definition: 'A process…', exclusion: 'Threats: use Sexual extortion.' });
    expect(text).toBe('Trust-building by an offender.\n\nDefinition: A process…\nWhen not to use: Threats: use Sexual extortion.');
  });

  it('reads another tool’s plain description as the full definition', () => {
    expect(unpackDescription('Codes about the court.\nSecond line.')).toEqual({ ...EMPTY_DESCRIPTION, definition: 'Codes about the court.\nSecond line.' });
  });
});
