// Speaker turns (one set of rules in shared/speakers.ts) and the import
// pipeline: a batch of every format, where one bad file never stops or
// damages the rest; turns stored per document (migration 3); the API method
// that receives the files' bytes, with progress events.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { strToU8, zipSync } from 'fflate';
import { Document, Packer, Paragraph, TextRun } from 'docx';
import { detectSpeaker, detectTurns, speakerLabels } from '../../shared/speakers.js';
import { detectSpeaker as rendererDetectSpeaker } from '../../renderer/src/lib/transcriptModel.js';
import { OffsetIndex, codePointLength } from '../../shared/offsets.js';
import { Project } from '../../electron/services/project.js';
import { importFiles, importSources } from '../../electron/services/documents.js';
import { onDocumentImported } from '../../electron/services/importHooks.js';
import { documentTurns } from '../../electron/services/turns.js';
import { migrate, openDatabase } from '../../electron/store/database.js';
import { migrations } from '../../electron/store/migrations.js';
import { createBackend, dispatch } from '../../electron/api/handlers.js';
import type { BackendEvent } from '../../shared/types.js';
import type { ImportResult } from '../../shared/api/methods/importing.js';
import { reference } from '../reference.js';

describe('speaker labels', () => {
  it('recognises every form of the issue', () => {
    const cases: Array<[string, string | null, string | null, string]> = [
      ['Interviewer: How long?', 'Interviewer', null, 'Interviewer'],
      ['Respondent: Two years.', 'Respondent', null, 'Respondent'],
      ['I: So?', 'I', null, 'I'],
      ['R: Yes.', 'R', null, 'R'],
      ['[00:01:23] Speaker 1: Hello', 'Speaker 1', '00:01:23', '[00:01:23] Speaker 1'],
      ['00:01:23 Speaker 2: Hi', 'Speaker 2', '00:01:23', '00:01:23 Speaker 2'],
      ['Q: And then?', 'Q', null, 'Q'],
      ['A: Nothing.', 'A', null, 'A'],
      ['[id1] hello, I like the course.', 'id1', null, '[id1]'],
      ['DR MWANGI: We refer them.', 'DR MWANGI', null, 'DR MWANGI'],
      ['MODERATOR: Could you start?', 'MODERATOR', null, 'MODERATOR'],
      ['\tMODERATOR: indented', 'MODERATOR', null, 'MODERATOR'],
      ['[00:12:05] (laughs) yes', null, '00:12:05', '[00:12:05]'],
      ['Speaker 1  0:03', 'Speaker 1', '0:03', 'Speaker 1  0:03'],
      ['ผู้สัมภาษณ์: สวัสดีครับ', 'ผู้สัมภาษณ์', null, 'ผู้สัมภาษณ์'],
    ];
    for (const [line, speaker, timestamp, label] of cases) {
      const l = detectSpeaker(line);
      expect(l, line).not.toBeNull();
      expect({ speaker: l!.speaker, timestamp: l!.timestamp, label: l!.label }, line).toEqual({ speaker, timestamp, label });
    }
    for (const line of ['It was late: nobody came.', 'Just a sentence.', 'we said: no', 'http://example.org', '']) expect(detectSpeaker(line), line).toBeNull();
  });

  it('agrees with the transcript view where the view already finds a label', () => {
    const lines = [
      ...fs.readFileSync(reference('transcripts', 'pdpilot', 'P1.txt'), 'utf8').split('\n'),
      ...fs.readFileSync(reference('transcripts', 'cs-education', 'admin-1.txt'), 'utf8').split('\n'),
      'Interviewer: How long?', '[00:01:23] Speaker 1: Hello', 'DR MWANGI: We refer.', 'Q: And then?',
    ];
    let checked = 0;
    for (const line of lines) {
      const old = rendererDetectSpeaker(line);
      if (!old) continue;
      const now = detectSpeaker(line);
      expect(now?.label, line).toBe(old.label);
      expect(now?.length, line).toBe(old.length);
      checked++;
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('takes a lower-case label ("admin-1:") only when it opens at least three lines', () => {
    const text = fs.readFileSync(reference('transcripts', 'cs-education', 'admin-1.txt'), 'utf8');
    const labels = speakerLabels(text.split('\n')).filter(Boolean).map((l) => l!.speaker);
    expect(new Set(labels)).toEqual(new Set(['Automation', 'Max Bigman', 'admin-1']));
    expect(speakerLabels(['note: once', 'Interviewer: hi'])[0]).toBeNull();
  });

  it('finds QualCoder speakers in the reference example', () => {
    const turns = detectTurns(fs.readFileSync(reference('transcripts', 'qualcoder-example', 'transcript.txt'), 'utf8'));
    expect(turns.map((t) => t.speaker)).toEqual(['id1', 'id2', 'id3', 'id1', 'id3', 'id1', 'id2']);
  });
});

describe('speaker turns', () => {
  it('runs a turn over unlabelled lines up to the next label, and leaves text before the first label out', () => {
    const text = 'Interview 4\n\nInterviewer: First question?\n\nRespondent: An answer\nthat goes on.\n\n\nInterviewer: Thanks.';
    const turns = detectTurns(text);
    const idx = new OffsetIndex(text);
    expect(turns.map((t) => [t.speaker, idx.slice(t.start, t.end), idx.slice(t.textStart, t.end)])).toEqual([
      ['Interviewer', 'Interviewer: First question?', 'First question?'],
      ['Respondent', 'Respondent: An answer\nthat goes on.', 'An answer\nthat goes on.'],
      ['Interviewer', 'Interviewer: Thanks.', 'Thanks.'],
    ]);
  });

  it('keeps code point offsets on random transcripts with astral and combining characters', () => {
    const words = ['Interviewer:', 'R:', '[00:01:02]', 'Q:', 'ok', '😀', 'ก่', 'ក្', 'ሰላም', 'e\u0301', ' ', '\n', '\n\n'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...words), { maxLength: 60 }), (parts) => {
        const text = parts.join(' ').normalize('NFC');
        const turns = detectTurns(text);
        const idx = new OffsetIndex(text);
        const length = codePointLength(text);
        let last = -1;
        for (const t of turns) {
          expect(t.start).toBeGreaterThan(last);
          expect(t.start).toBeLessThanOrEqual(t.textStart);
          expect(t.textStart).toBeLessThanOrEqual(t.end);
          expect(t.end).toBeLessThanOrEqual(length);
          // a turn starts a line, and its label is what the line-level rule sees
          expect(t.start === 0 || idx.slice(t.start - 1, t.start) === '\n').toBe(true);
          const line = idx.slice(t.start, t.end).split('\n')[0]!;
          expect(speakerLabels([line])[0]?.speaker ?? null).toBe(t.speaker);
          last = t.end;
        }
      }),
      { numRuns: 300 },
    );
  });
});

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-import-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

// an import hook that fails on one file, as a bug in a later step would: that file must leave nothing behind
onDocumentImported((project, documentId) => {
  if (project.repo.documentText(documentId)!.text.includes('HOOK-FAILS-HERE')) throw new Error('a later import step failed');
});

async function docxBytes(lines: string[]): Promise<Uint8Array> {
  return Packer.toBuffer(new Document({ sections: [{ children: lines.map((l) => new Paragraph({ children: [new TextRun(l)] })) }] }));
}

describe('a batch of every format', () => {
  it('imports what it can, skips duplicates, fails bad files with a reason, and leaves no trace of a failed file', async () => {
    const p = Project.create(path.join(dir, 'p.weft'), undefined, { defaultAttributes: true });
    const text = 'Interviewer: How did it start?\nRespondent: On a game chat.\n';
    const sources = [
      { name: 'utf8.txt', bytes: strToU8(text) },
      { name: 'utf16.txt', bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('I: Olá?\r\nR: Sim, obrigado.\r\n', 'utf16le')]) },
      { name: 'legacy.md', bytes: Buffer.from('Q: Caf\xe9?\nA: \x93Yes\x94, na\xefve \x96 r\xe9sum\xe9.\n', 'latin1') },
      { name: 'word.docx', bytes: await docxBytes(['DR MWANGI: We refer cases.', 'OFFICER: And then?']) },
      { name: 'notes.rtf', bytes: strToU8('{\\rtf1\\ansi{\\fonttbl{\\f0 Arial;}}\\f0 Interviewer: caf\\\'e9\\par Respondent: \\u3626?\\par}') },
      { name: 'open.odt', bytes: zipSync({ mimetype: strToU8('application/vnd.oasis.opendocument.text'), 'content.xml': strToU8('<office:document-content xmlns:office="o" xmlns:text="t"><office:body><office:text><text:p>[id1] hello</text:p><text:p>[id2] hi</text:p></office:text></office:body></office:document-content>') }) },
      { name: 'call.vtt', bytes: strToU8('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Counsellor>Hello, you are safe here.\n\n00:00:03.000 --> 00:00:04.000\n<v Caller>Thank you.\n') },
      { name: 'call.srt', bytes: strToU8('1\n00:00:01,000 --> 00:00:02,000\nHello.\n') },
      { name: 'again.txt', bytes: strToU8(text) },
      { name: 'broken.docx', bytes: strToU8('PK\u0003\u0004 not really a zip') },
      { name: 'empty.txt', bytes: new Uint8Array() },
      { name: 'photo.jpg', bytes: new Uint8Array([0xff, 0xd8, 0xff]) },
      { name: 'old.doc', bytes: new Uint8Array([0xd0, 0xcf, 0x11, 0xe0]) },
      { name: 'bad-times.srt', bytes: strToU8('1\n00:00:01 --> later\nhello\n') },
      { name: 'hook-fails.txt', bytes: strToU8('Interviewer: HOOK-FAILS-HERE\n') },
      { name: 'last.txt', bytes: strToU8('Interviewer: still imported after the failures\n') },
    ];
    const progress: number[] = [];
    const results = await importSources(p, sources, { attributes: { country: 'kenya', participant_group: 'Survivor' }, onProgress: (done) => progress.push(done) });
    expect(progress).toEqual(sources.map((_, i) => i + 1));
    const by = Object.fromEntries(results.map((r) => [r.file, r]));
    expect(results.map((r) => [r.file, r.status])).toEqual([
      ['utf8.txt', 'imported'], ['utf16.txt', 'imported'], ['legacy.md', 'imported'], ['word.docx', 'imported'], ['notes.rtf', 'imported'],
      ['open.odt', 'imported'], ['call.vtt', 'imported'], ['call.srt', 'imported'], ['again.txt', 'duplicate'], ['broken.docx', 'failed'],
      ['empty.txt', 'failed'], ['photo.jpg', 'failed'], ['old.doc', 'failed'], ['bad-times.srt', 'failed'], ['hook-fails.txt', 'failed'], ['last.txt', 'imported'],
    ]);
    expect(by['again.txt']!.message).toBe('same content as "utf8"');
    expect(by['broken.docx']!.message).toMatch(/^broken\.docx: not a valid Word document/);
    expect(by['empty.txt']!.message).toBe('empty.txt: the file has no text');
    expect(by['photo.jpg']!.message).toMatch(/unsupported file type "\.jpg"/);
    expect(by['old.doc']!.message).toMatch(/save it as \.docx/);
    expect(by['bad-times.srt']!.message).toMatch(/line 2: cannot read the time/);
    expect(by['hook-fails.txt']!.message).toBe('hook-fails.txt: a later import step failed');
    expect(by['legacy.md']).toMatchObject({ encoding: 'windows-1252', encodingGuessed: true, turns: 2, speakers: ['Q', 'A'] });
    expect(by['utf16.txt']).toMatchObject({ encoding: 'utf-16le', encodingGuessed: false, speakers: ['I', 'R'] });
    expect(by['word.docx']).toMatchObject({ format: 'docx', speakers: ['DR MWANGI', 'OFFICER'] });
    expect(by['open.odt']).toMatchObject({ speakers: ['id1', 'id2'] });
    expect(by['call.vtt']).toMatchObject({ speakers: ['Counsellor', 'Caller'], turns: 2 });
    expect(by['call.srt']).toMatchObject({ turns: 1, speakers: [] });

    // what was stored
    const docs = new Map(p.repo.allDocuments().map((d) => [d.name, d]));
    expect([...docs.keys()]).toEqual(['utf8', 'utf16', 'legacy', 'word', 'notes', 'open', 'call', 'call (2)', 'last']);
    expect(docs.get('utf16')!.text).toBe('I: Olá?\nR: Sim, obrigado.\n');
    expect(docs.get('legacy')!.text).toBe('Q: Café?\nA: “Yes”, naïve – résumé.\n');
    expect(docs.get('notes')!.text).toBe('Interviewer: café\nRespondent: ส');
    expect(docs.get('word')!.sourceType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(p.repo.documentSummaries().every((d) => d.attributes.country === 'Kenya' && d.attributes.participant_group === 'survivor')).toBe(true);
    const vttTurns = documentTurns(p, docs.get('call')!.id);
    expect(vttTurns.map((t) => [t.speaker, t.timestamp])).toEqual([['Counsellor', '00:00:01'], ['Caller', '00:00:03']]);
    // the failed file left nothing: no document, no turns, no attribute values
    expect(p.db.prepare("SELECT COUNT(*) FROM documents WHERE text LIKE '%HOOK-FAILS%'").pluck().get()).toBe(0);
    expect(p.db.prepare('SELECT COUNT(*) FROM document_turns WHERE document_id NOT IN (SELECT id FROM documents)').pluck().get()).toBe(0);
    expect(p.db.prepare('SELECT COUNT(*) FROM document_attributes').pluck().get()).toBe(9 * 2);
    expect(p.db.pragma('integrity_check', { simple: true })).toBe('ok');
    p.close();
  }, 30_000);

  it('refuses the whole batch, before reading any file, when a batch attribute value does not fit its type', async () => {
    const p = Project.create(path.join(dir, 'p.weft'), undefined, { defaultAttributes: true });
    await expect(importSources(p, [{ name: 'a.txt', bytes: strToU8('Hello') }], { attributes: { country: 'Narnia' } })).rejects.toThrow(
      /attribute "country": "Narnia" is not one of the allowed values of country \(Ethiopia, Kenya/,
    );
    await expect(importSources(p, [{ name: 'a.txt', bytes: strToU8('Hello') }], { attributes: { interview_date: '12/03/2025' } })).rejects.toThrow(/YYYY-MM-DD/);
    await expect(importSources(p, [{ name: 'a.txt', bytes: strToU8('Hello') }], { attributes: { text: 'x' } })).rejects.toThrow(/fixed column/);
    expect(p.repo.counts().documents).toBe(0);
    // an unknown name becomes a new text attribute
    await importSources(p, [{ name: 'a.txt', bytes: strToU8('Hello') }], { attributes: { consent_form: 'B-12' } });
    expect(p.repo.attributeDefs().find((a) => a.name === 'consent_form')).toMatchObject({ type: 'text' });
    p.close();
  });

  it('keeps the synchronous importFiles for text formats, reading from paths', () => {
    const p = Project.create(path.join(dir, 'p.weft'));
    fs.writeFileSync(path.join(dir, 'a.txt'), 'Interviewer: hi\n');
    fs.writeFileSync(path.join(dir, 'b.docx'), 'x');
    const r = importFiles(p, [path.join(dir, 'a.txt'), path.join(dir, 'b.docx'), path.join(dir, 'missing.txt')]);
    expect(r.map((x) => x.status)).toEqual(['imported', 'failed', 'failed']);
    expect(r[2]!.message).toMatch(/missing\.txt: no such file or folder \(ENOENT\)/);
    p.close();
  });
});

describe('turns in the store (migration 3)', () => {
  it('detects the turns of documents a version-2 project already holds, and drops them when the text changes', () => {
    const f = path.join(dir, 'old.weft');
    const raw = new Database(f);
    migrate(raw, migrations.filter((m) => m.version <= 2));
    raw.prepare("INSERT INTO project (id, guid, name, created_at) VALUES (1, 'g', 'old', 'now')").run();
    raw.prepare("INSERT INTO documents (guid, name, text, length, content_hash, imported_at) VALUES ('d', 'doc', ?, 40, 'h', 'now')").run('Interviewer: hello 😀\nRespondent: hi');
    raw.close();
    const db = openDatabase(f);
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(3);
    const rows = db.prepare('SELECT seq, start, "end", text_start AS textStart, speaker FROM document_turns ORDER BY seq').all();
    expect(rows).toEqual([
      { seq: 0, start: 0, end: 20, textStart: 13, speaker: 'Interviewer' },
      { seq: 1, start: 21, end: 35, textStart: 33, speaker: 'Respondent' },
    ]);
    db.prepare("UPDATE documents SET text = 'Interviewer: [PERSON-1]' WHERE id = 1").run();
    expect(db.prepare('SELECT COUNT(*) FROM document_turns').pluck().get()).toBe(0);
    db.close();
    // read again from the changed text
    const p = Project.open(f);
    expect(documentTurns(p, 1)).toEqual([{ start: 0, end: 23, textStart: 13, speaker: 'Interviewer', timestamp: null }]);
    p.close();
  });
});

describe('documents.import over the API', () => {
  it('takes base64 bytes, reports progress per file, and announces the new documents', async () => {
    const p = Project.create(path.join(dir, 'p.weft'), undefined, { defaultAttributes: true });
    const events: BackendEvent[] = [];
    const b = createBackend(p, (e) => events.push(e));
    const b64 = (s: string | Uint8Array) => Buffer.from(s).toString('base64');
    const results = (await dispatch(b, 'documents.import', {
      files: [
        { name: 'folder/one.txt', data: b64('Interviewer: one\n') },
        { name: 'folder/two.vtt', data: b64('WEBVTT\n\n00:00:05.000 --> 00:00:06.000\n<v Counsellor>two\n') },
        { name: 'folder/bad.pdf', data: b64('%PDF-1.4 nothing') },
      ],
      attributes: { country: 'Uganda' },
    })) as ImportResult[];
    expect(results.map((r) => r.status)).toEqual(['imported', 'imported', 'failed']);
    expect(results[0]).toMatchObject({ file: 'folder/one.txt', document: 'one' });
    expect(events.filter((e) => e.type === 'progress').map((e) => (e.type === 'progress' ? [e.done, e.total] : null))).toEqual([[0, 3], [1, 3], [2, 3], [3, 3]]);
    expect(events).toContainEqual({ type: 'changed', what: ['documents'] });
    const turns = (await dispatch(b, 'documents.turns', { id: results[1]!.documentId })) as Array<{ speaker: string; timestamp: string }>;
    expect(turns).toEqual([{ start: 0, end: 26, textStart: 23, speaker: 'Counsellor', timestamp: '00:00:05' }]);
    // bad calls are refused at the boundary
    await expect(dispatch(b, 'documents.import', { files: [{ name: 'x.txt', data: 'not base64!' }] })).rejects.toThrow(/files\.0\.data: data must be base64/);
    await expect(dispatch(b, 'documents.import', { files: [{ name: 'x.txt', data: b64('x') }], flags: ['no-such-step'] })).rejects.toThrow(/no import step "no-such-step"/);
    const formats = (await dispatch(b, 'import.formats', {})) as { extensions: string[] };
    expect(formats.extensions).toEqual(expect.arrayContaining(['.txt', '.pdf', '.vtt']));
    p.close();
  });
});
