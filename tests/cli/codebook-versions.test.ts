// Codebook versions, the lock and the codebook document through the real
// `weft` command.
import { beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../reference.js';
import { toCsv } from '../../shared/formats/csv.js';
import { ok, refused } from './weft.js';


let dir: string;
let project: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-cbv-cli-'));
  project = path.join(dir, 'p.weft');
  fs.writeFileSync(path.join(dir, 'doc.txt'), 'Participant: the aunt went to the police, and the police did nothing for weeks.\n');
  ok('init', project);
  ok('import', project, path.join(dir, 'doc.txt'));
  ok('codebook', 'import', project, path.join(REPO_ROOT, 'codebooks', 'generic-template.json'));
});

describe('weft codebook publish / versions / lock / document', () => {
  it('publishes numbered versions and lists them', () => {
    expect(ok('codebook', 'versions', project)).toMatch(/no codebook version published yet/);
    expect(ok('codebook', 'publish', project, '--note', 'Round 1 codebook', '--coder', 'Lead')).toMatch(/^published codebook version 1 \(19 codes\)/);
    expect(ok('codebook', 'publish', project, '--note', 'same again')).toMatch(/version 2/);
    const versions = JSON.parse(ok('codebook', 'versions', project, '--json')) as Array<{ number: number; note: string; publishedBy: string | null; codes: number }>;
    expect(versions.map((v) => [v.number, v.note, v.publishedBy, v.codes])).toEqual([[1, 'Round 1 codebook', 'Lead', 19], [2, 'same again', null, 19]]);
    expect(refused(['codebook', 'publish', project], 2)).toBe('weft: missing --note TEXT');
  });

  it('refuses codebook changes while locked, and turns new codes from a codings import into proposals', () => {
    ok('codebook', 'lock', project, '--coder', 'Lead');
    const extra = path.join(dir, 'extra.csv');
    fs.writeFileSync(extra, 'code_path,definition\nCourts,Courts and hearings.\n');
    expect(refused(['codebook', 'import', project, extra])).toMatch(/^weft: the codebook is locked for a coding round: importing a codebook is refused/);
    const csv = path.join(dir, 'codings.csv');
    fs.writeFileSync(csv, toCsv(['document', 'code_path', 'coder', 'start', 'end'], [['doc', 'Shame', 'Ana', 0, 11]]));
    expect(ok('codings', 'import', project, csv, '--create-codes')).toMatch(/1 added/);
    const info = JSON.parse(ok('info', project, '--json')) as { codes: number; codings: number };
    expect(info).toMatchObject({ codes: 20, codings: 1 });
    ok('codebook', 'unlock', project);
    expect(ok('codebook', 'import', project, extra)).toMatch(/1 added/);
  });

  it('writes the codebook document as standalone HTML', () => {
    const out = path.join(dir, 'codebook.html');
    expect(ok('codebook', 'document', project, '--out', out)).toMatch(/wrote/);
    const html = fs.readFileSync(out, 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('@media print');
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    const v1 = path.join(dir, 'v1.html');
    ok('codebook', 'document', project, '--out', v1, '--version', '1');
    expect(fs.readFileSync(v1, 'utf8')).toContain('codebook version 1');
    expect(refused(['codebook', 'document', project, '--out', path.join(dir, 'x.pdf')], 2)).toMatch(/an \.html file/);
    expect(refused(['codebook', 'document', project, '--out', v1, '--version', '9'])).toMatch(/no codebook version 9/);
  });
});
