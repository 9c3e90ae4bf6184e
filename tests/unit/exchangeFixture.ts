// A small study that uses every part of a project the exchange formats carry:
// three coders and a Consensus layer, a codebook with every field (some that
// only read back exactly through the extensions file), a category code, typed
// attributes, transcripts with emoji, Thai, a CRLF original and text that
// looks like a spreadsheet formula, memos on every kind of target, and a
// segment memo typed without a memo record. Fictional material only.
import fs from 'node:fs';
import path from 'node:path';
import { Project } from '../../electron/services/project.js';
import { importFiles } from '../../electron/services/documents.js';
import { importCodebookEntries } from '../../electron/services/codebook.js';
import { saveMemo } from '../../electron/services/memos.js';
import { projectJson } from '../../electron/services/exportProject.js';
import { ExchangeStore } from '../../electron/store/exchange.js';
import type { CodebookEntry } from '../../shared/formats/codebook.js';
import { OffsetIndex } from '../../shared/offsets.js';

export const TRANSCRIPTS: Record<string, string> = {
  'officer-kenya.txt':
    'Interviewer: How do reports reach your unit?\r\nOfficer: Mostly from the helpline 😀 and sometimes from schools.\r\nInterviewer: And the platforms?\r\nOfficer: =SUM(A1) is what the spreadsheet shows, they said. Platforms answer slowly.\r\n',
  'caregiver-uganda.txt':
    'Interviewer: What happened first?\nCaregiver: My daughter told her aunt. She was afraid of being blamed.\nInterviewer: Who helped you?\nCaregiver: The social worker. +256 numbers called us again and again.\n',
  'worker-thailand.txt':
    'Interviewer: ช่วยเล่าให้ฟังหน่อย\nWorker: ไม่อยากให้เป็นเรื่องใหญ่ — families fear shame.\nInterviewer: Training?\nWorker: @training is rare; we learn on the job. 👩‍👩‍👧 cases take months.\n',
  'prosecutor-kenya.txt':
    'Interviewer: How long do cases take?\nProsecutor: -Two years- on average. Evidence from phones is often lost.\nInterviewer: Why?\nProsecutor: No forensic lab nearby, and no training on devices.\n',
};

export const ATTRIBUTES: Record<string, Record<string, string>> = {
  'officer-kenya.txt': { country: 'Kenya', participant_group: 'law-enforcement officer', age: '41', interview_date: '2024-03-05', consent_recorded: 'true', interviewer: '=HYPERLINK("x")' },
  'caregiver-uganda.txt': { country: 'Uganda', participant_group: 'caregiver', age: '35', interview_date: 'March 2024', consent_recorded: 'yes' },
  'worker-thailand.txt': { country: 'Thailand', participant_group: 'frontline worker', age: '29', interview_date: '2024-04-11', consent_recorded: 'false' },
  'prosecutor-kenya.txt': { country: 'Kenya', participant_group: 'justice professional', age: 'about 50', consent_recorded: 'true' },
};

export const CODEBOOK: Array<Omit<CodebookEntry, 'origin'>> = [
  { path: ['Reporting'], color: '#4363d8', shortDefinition: 'How abuse comes to light', definition: '', inclusion: '', exclusion: '', example: '', atypicalExample: '', memo: '', codable: false },
  {
    path: ['Reporting', 'Channels'], color: '#3cb44b', shortDefinition: 'Routes of reports',
    definition: 'Any route by which a report reaches the authorities.\nIncludes helplines.', inclusion: 'Named channels', exclusion: 'Rumours',
    example: 'the helpline', atypicalExample: 'a teacher', memo: 'Check with the desk review', codable: true,
  },
  {
    path: ['Reporting', 'Delays'], color: '#f58231', shortDefinition: 'Definition: looks like a label',
    definition: '  leading and trailing spaces  \n', inclusion: 'line one\nWhen to use: inside a field', exclusion: '', example: '', atypicalExample: '', memo: '', codable: true,
  },
  { path: ['Barriers'], color: '#911eb4', shortDefinition: '', definition: 'What stops children and families from telling', inclusion: '', exclusion: '', example: '', atypicalExample: '', memo: '', codable: true },
  { path: ['Barriers', 'Shame & blame'], color: '#e6194b', shortDefinition: '', definition: 'Fear of shame <or> blame', inclusion: '', exclusion: '', example: '', atypicalExample: '', memo: '', codable: true },
  { path: ['Capacity', 'Training'], color: '#42d4f4', shortDefinition: '', definition: 'Training of officers and workers', inclusion: '', exclusion: '', example: '', atypicalExample: '', memo: '', codable: true },
  { path: ['Capacity', 'Forensics'], color: '#469990', shortDefinition: '', definition: '', inclusion: '', exclusion: '', example: '', atypicalExample: '', memo: '', codable: true },
];

/** [document file, code path, coder, quoted text (first occurrence), memo] */
export const CODINGS: Array<[string, string, string, string, string?]> = [
  ['officer-kenya.txt', 'Reporting > Channels', 'Amina', 'Mostly from the helpline 😀 and sometimes from schools.'],
  ['officer-kenya.txt', 'Reporting > Channels', 'Bao', 'from the helpline 😀'],
  ['officer-kenya.txt', 'Reporting > Channels', 'Consensus', 'Mostly from the helpline 😀 and sometimes from schools.'],
  ['officer-kenya.txt', 'Reporting > Delays', 'Consensus', 'Platforms answer slowly.', 'slow platforms'],
  ['officer-kenya.txt', 'Reporting > Delays', 'Amina', '=SUM(A1) is what the spreadsheet shows'],
  ['caregiver-uganda.txt', 'Barriers > Shame & blame', 'Consensus', 'She was afraid of being blamed.'],
  ['caregiver-uganda.txt', 'Reporting > Channels', 'Consensus', 'My daughter told her aunt.'],
  ['caregiver-uganda.txt', 'Reporting > Channels', 'Amina', 'The social worker.'],
  ['worker-thailand.txt', 'Barriers > Shame & blame', 'Consensus', 'ไม่อยากให้เป็นเรื่องใหญ่ — families fear shame.'],
  ['worker-thailand.txt', 'Capacity > Training', 'Consensus', '@training is rare; we learn on the job.'],
  ['worker-thailand.txt', 'Barriers', 'Bao', '👩‍👩‍👧 cases take months.'],
  ['prosecutor-kenya.txt', 'Reporting > Delays', 'Consensus', '-Two years- on average.'],
  ['prosecutor-kenya.txt', 'Capacity > Forensics', 'Consensus', 'Evidence from phones is often lost.'],
  ['prosecutor-kenya.txt', 'Capacity > Training', 'Consensus', 'no training on devices.'],
  ['prosecutor-kenya.txt', 'Capacity > Forensics', 'Consensus', 'No forensic lab nearby, and no training on devices.'],
];

const lexical = (text: string) =>
  JSON.stringify({ root: { type: 'root', version: 1, children: [{ type: 'paragraph', version: 1, children: [{ type: 'text', version: 1, text, format: 1 }] }] } });

/** Build the study in `dir`; returns the project file. */
export function buildStudy(dir: string, name = 'study.weft'): string {
  const file = path.join(dir, name);
  const srcDir = path.join(dir, 'transcripts');
  fs.mkdirSync(srcDir, { recursive: true });
  const p = Project.create(file, 'Exchange study');
  try {
    p.repo.transaction(() => {
      p.repo.ensureAttribute('country', 'category', ['Kenya', 'Uganda', 'Thailand', 'Ethiopia']);
      p.repo.ensureAttribute('participant_group', 'category', ['law-enforcement officer', 'justice professional', 'caregiver', 'frontline worker']);
      p.repo.ensureAttribute('age', 'number');
      p.repo.ensureAttribute('interview_date', 'date');
      p.repo.ensureAttribute('consent_recorded', 'boolean');
      p.repo.ensureAttribute('interviewer', 'text');
    });
    for (const [f, text] of Object.entries(TRANSCRIPTS)) {
      fs.writeFileSync(path.join(srcDir, f), text);
      const [r] = importFiles(p, [path.join(srcDir, f)], { attributes: ATTRIBUTES[f] });
      if (r?.status !== 'imported') throw new Error(`fixture: ${f}: ${r?.message}`);
    }
    importCodebookEntries(p, CODEBOOK.map((e) => ({ ...e, origin: 'fixture' })));
    const codes = new Map(p.repo.codes().map((c) => [c.path, c]));
    const docs = new Map(p.repo.allDocuments().map((d) => [`${d.name}.txt`, d]));
    const ids: number[] = [];
    p.repo.transaction(() => {
      for (const [f, codePath, coder, quote, memo] of CODINGS) {
        const d = docs.get(f)!;
        const idx = new OffsetIndex(d.text);
        const u16 = d.text.indexOf(quote);
        if (u16 < 0) throw new Error(`fixture: "${quote}" not in ${f}`);
        const start = idx.toCodePoint(u16);
        const end = idx.toCodePoint(u16 + quote.length);
        ids.push(
          p.repo.insertCoding({
            documentId: d.id, codeId: codes.get(codePath)!.id, coderId: p.repo.ensureCoder(coder).id, start, end,
            memo: memo ?? '', createdAt: `2024-05-0${(ids.length % 9) + 1}T10:00:00.000Z`,
          }),
        );
      }
    });
    const amina = p.repo.coderByName('Amina')!.id;
    const bao = p.repo.coderByName('Bao')!.id;
    saveMemo(p, { targetType: 'project', targetId: null, coderId: amina, title: 'Study notes', body: lexical('Kenya & Uganda first'), bodyText: 'Kenya & Uganda first' });
    saveMemo(p, { targetType: 'project', targetId: null, coderId: null, title: '', body: 'Plain memo\nwith two lines', bodyText: 'Plain memo\nwith two lines' });
    saveMemo(p, { targetType: 'document', targetId: docs.get('officer-kenya.txt')!.id, coderId: bao, title: 'Context', body: lexical('Interview in Nairobi <office>'), bodyText: 'Interview in Nairobi <office>' });
    saveMemo(p, { targetType: 'code', targetId: codes.get('Barriers')!.id, coderId: amina, title: 'Scope', body: lexical('Broad on purpose'), bodyText: 'Broad on purpose' });
    saveMemo(p, { targetType: 'coding', targetId: ids[0]!, coderId: amina, title: '', body: lexical('Helpline first'), bodyText: 'Helpline first' });
    saveMemo(p, { targetType: 'coding', targetId: ids[0]!, coderId: bao, title: 'second view', body: lexical('Schools too'), bodyText: 'Schools too' });
    p.repo.setDocumentStatus(docs.get('prosecutor-kenya.txt')!.id, 'deidentified');
  } finally {
    p.close();
  }
  return file;
}

/** Everything a round trip must reproduce, keyed by GUIDs so ids may differ. */
export function snapshot(file: string): unknown {
  const p = Project.open(file, { readOnly: true });
  try {
    const full = projectJson(p) as { project: unknown };
    const docGuid = new Map(p.repo.allDocuments().map((d) => [d.id, d.guid]));
    const codeGuid = new Map(p.repo.codes().map((c) => [c.id, c.guid]));
    const store = new ExchangeStore(p.db);
    const codingGuid = new Map(store.codings().map((c) => [c.id, c.guid]));
    const coderGuid = new Map(p.repo.coders().map((c) => [c.id, c.guid]));
    const target = (t: string, id: number | null) =>
      id === null ? null : t === 'document' ? docGuid.get(id) : t === 'code' ? codeGuid.get(id) : t === 'coding' ? codingGuid.get(id) : id;
    const memos = store
      .memos()
      .map((m) => ({ ...m, id: undefined, targetId: target(m.targetType, m.targetId), coderId: m.coderId === null ? null : coderGuid.get(m.coderId) }))
      .sort((a, b) => a.guid.localeCompare(b.guid));
    const { project, ...rest } = full;
    return { name: (project as { name: string }).name, ...rest, memos };
  } finally {
    p.close();
  }
}
