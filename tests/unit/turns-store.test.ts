// Stored speaker turns: written in batches of rows per statement, read back
// in order, whatever their number.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Project } from '../../electron/services/project.js';
import { replaceTurns, storedTurns } from '../../electron/store/turns.js';
import type { SpeakerTurn } from '../../shared/speakers.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-turns-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const turns = (n: number): SpeakerTurn[] =>
  Array.from({ length: n }, (_, i) => ({ start: i * 10, end: i * 10 + 9, textStart: i * 10 + 3, speaker: i % 3 ? `S${i % 3}` : null, timestamp: i % 2 ? `00:0${i % 10}` : null }));

describe('stored turns', () => {
  it('reads back every turn in order, across whole batches and the rows left over', () => {
    const p = Project.create(path.join(dir, 'p.weft'));
    try {
      const id = p.repo.insertDocument({ name: 'd', text: 'x'.repeat(2000), length: 2000, contentHash: 'h', sourceName: null, sourceType: null });
      for (const n of [1, 63, 64, 65, 128, 150, 0]) {
        p.repo.transaction(() => replaceTurns(p.db, id, turns(n)));
        expect(storedTurns(p.db, id)).toEqual(n ? turns(n) : null);
      }
    } finally {
      p.close();
    }
  });
});
