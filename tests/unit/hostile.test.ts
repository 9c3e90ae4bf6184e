// Hostile and broken input, written by the tests themselves: damaged and
// truncated archives, zip bombs, zip-slip names, XML entity attacks, a huge
// file, binary junk, invalid UTF-8, broken CSV, values that break their types
// and codings outside the text. Each is refused (or read safely) within a
// bounded time, with one line naming the file, nothing half-imported and
// nothing written outside the project's folder.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strToU8, zipSync, zlibSync } from 'fflate';
import { Document, Packer, Paragraph, TextRun } from 'docx';
import { Project } from '../../electron/services/project.js';
import { importSources, type ImportSource } from '../../electron/services/documents.js';
import { exportQdpx } from '../../electron/services/qdpxExport.js';
import { importQdpx } from '../../electron/services/qdpxImport.js';
import { importCodingsCsv } from '../../electron/services/coding.js';
import { importAttributesCsv } from '../../electron/services/attributes.js';
import { readCodebookFile } from '../../electron/services/codebook.js';
import { createBackend, dispatch } from '../../electron/api/handlers.js';
import { odtContentToText } from '../../shared/formats/odt.js';
import { readProjectXml } from '../../shared/formats/refi/projectXml.js';
import { unzipBounded, DOCUMENT_ZIP_LIMITS } from '../../shared/formats/zipLimits.js';
import { reference } from '../reference.js';
import { readCodebookBytes } from '../../electron/services/codebookExchange.js';

let root: string;
let dir: string;
beforeEach(() => {
  // the project lives in dir; root is its parent, watched for stray files
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-hostile-'));
  dir = path.join(root, 'project');
  fs.mkdirSync(dir);
});
afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

function listTree(d: string): string[] {
  return fs.readdirSync(d, { recursive: true, encoding: 'utf8' }).sort();
}

interface Counts {
  documents: number;
  codes: number;
  codings: number;
  attributes: number;
}
function counts(p: Project): Counts {
  const n = (table: string) => p.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
  return { documents: n('documents'), codes: n('codes'), codings: n('codings'), attributes: n('document_attributes') };
}

/** A project with one document, one code and one coding. */
let seededCount = 0;
function seeded(): Project {
  const p = Project.create(path.join(dir, `p${++seededCount}.weft`), undefined, { defaultAttributes: true });
  const doc = p.repo.insertDocument({ name: 'Interview 1', text: 'Interviewer: How did it start?\nRespondent: On a game chat.', length: 57, contentHash: 'x', sourceName: 'i1.txt', sourceType: 'text/plain' });
  const coder = p.repo.ensureCoder('Ann');
  const code = p.repo.insertCode({ name: 'Grooming', parentId: null, color: '#aa3355' });
  p.repo.insertCoding({ documentId: doc, codeId: code, coderId: coder.id, start: 0, end: 11 });
  return p;
}

async function docxBytes(lines: string[]): Promise<Uint8Array> {
  return Packer.toBuffer(new Document({ sections: [{ children: lines.map((l) => new Paragraph({ children: [new TextRun(l)] })) }] }));
}

const ODT_HEAD = `<?xml version="1.0" encoding="UTF-8"?>`;
const odtContent = (body: string, doctype = '') =>
  `${ODT_HEAD}${doctype}<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>${body}</office:text></office:body></office:document-content>`;
const odt = (content: string) => zipSync({ mimetype: strToU8('application/vnd.oasis.opendocument.text'), 'content.xml': strToU8(content) });

/** Set the declared uncompressed size of every entry (central directory and local headers) to `size`. */
function lieAboutSizes(zip: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(zip);
  const view = new DataView(out.buffer);
  for (let i = 0; i + 4 <= out.length; i++) {
    const sig = view.getUint32(i, true);
    if (sig === 0x02014b50) view.setUint32(i + 24, size, true);
    else if (sig === 0x04034b50) view.setUint32(i + 22, size, true);
  }
  return out;
}

const LAUGHS = `<!DOCTYPE lolz [<!ENTITY lol "${'lol'.repeat(3000)}"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>`;
const XXE = `<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>`;

/** Import each source into a seeded project; every one must fail, quickly, naming its file, with nothing stored. */
async function expectAllRefused(sources: ImportSource[], budgetMs = 5000): Promise<string[]> {
  const p = seeded();
  const before = counts(p);
  const treeBefore = listTree(root);
  const messages: string[] = [];
  try {
    for (const s of sources) {
      const t0 = performance.now();
      const [r] = await importSources(p, [s]);
      const ms = performance.now() - t0;
      expect(r!.status, `${s.name}: ${r!.message}`).toBe('failed');
      expect(r!.message).toMatch(new RegExp(`^${s.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
      expect(r!.message).not.toMatch(/\n/);
      expect(ms, `${s.name} took ${ms} ms`).toBeLessThan(budgetMs);
      messages.push(r!.message!);
    }
    expect(counts(p)).toEqual(before);
    expect(p.db.pragma('integrity_check', { simple: true })).toBe('ok');
  } finally {
    p.close();
  }
  // the project's own -wal/-shm files come and go; nothing else appears
  expect(listTree(root).filter((f) => !/-(wal|shm)$/.test(f))).toEqual(treeBefore.filter((f) => !/-(wal|shm)$/.test(f)));
  return messages;
}

describe('hostile transcripts', () => {
  it('refuses truncated and corrupt .docx, .odt and .pdf files', async () => {
    const docx = await docxBytes(['Interviewer: Where were you?', 'Respondent: At home.']);
    const goodOdt = odt(odtContent('<text:p>Interviewer: hello</text:p>'));
    const pdf = fs.readFileSync(reference('transcripts', 'pdpilot', 'pdf', 'P1.pdf'));
    const junkAfterMagic = (magic: string) => new Uint8Array([...strToU8(magic), ...Array.from({ length: 4000 }, (_, i) => (i * 7919) % 251)]);
    const messages = await expectAllRefused([
      { name: 'half.docx', bytes: docx.subarray(0, Math.floor(docx.length / 2)) },
      { name: 'tail-cut.docx', bytes: docx.subarray(0, docx.length - 30) },
      { name: 'junk.docx', bytes: junkAfterMagic('PK\u0003\u0004') },
      { name: 'no-document.docx', bytes: zipSync({ 'hello.txt': strToU8('hi') }) },
      { name: 'half.odt', bytes: goodOdt.subarray(0, Math.floor(goodOdt.length / 2)) },
      { name: 'junk.odt', bytes: junkAfterMagic('PK\u0003\u0004') },
      { name: 'broken-xml.odt', bytes: odt(`${ODT_HEAD}<office:document-content><office:body><office:text><text:p>open`) },
      { name: 'half.pdf', bytes: pdf.subarray(0, 600) },
      { name: 'junk.pdf', bytes: junkAfterMagic('%PDF-1.7\n') },
    ]);
    expect(messages.join('\n')).toMatch(/half\.docx: not a valid Word document/);
  });

  it('refuses zip bombs from their declared sizes, before inflating anything', async () => {
    // 24 MB of zeros deflate to about 24 KB: a ratio of ~1000
    const zeros = new Uint8Array(24 * 1024 * 1024);
    const bombXml = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': zeros }, { level: 1 });
    const bombOdt = zipSync({ mimetype: strToU8('application/vnd.oasis.opendocument.text'), 'content.xml': zeros }, { level: 1 });
    // a small archive that claims 4 GB: it must be refused without allocating it
    const docx = await docxBytes(['Interviewer: hello']);
    const liar = lieAboutSizes(docx, 0xfffffff0);
    const t0 = performance.now();
    const messages = await expectAllRefused([
      { name: 'bomb.docx', bytes: bombXml },
      { name: 'bomb.odt', bytes: bombOdt },
      { name: 'claims-4gb.docx', bytes: liar },
      { name: 'claims-4gb.odt', bytes: lieAboutSizes(odt(odtContent('<text:p>x</text:p>')), 0xfffffff0) },
    ]);
    expect(performance.now() - t0).toBeLessThan(5000);
    for (const m of messages) expect(m).toMatch(/refused: .*(zip bomb|expands)/);
  });

  it('reads an archive that understates its sizes only up to what it declares', async () => {
    const zeros = new Uint8Array(8 * 1024 * 1024);
    const understated = lieAboutSizes(zipSync({ mimetype: strToU8('application/vnd.oasis.opendocument.text'), 'content.xml': zeros }, { level: 1 }), 100);
    // fflate writes no further than the declared size: the entry is cut short or refused, never 8 MB
    let out: Record<string, Uint8Array> | null = null;
    try {
      out = unzipBounded(understated, () => true, DOCUMENT_ZIP_LIMITS);
    } catch (e) {
      expect(e).toBeInstanceOf(Error);
    }
    if (out) for (const v of Object.values(out)) expect(v.length).toBeLessThanOrEqual(100);
    // and a Word file lying the same way never reaches mammoth's own unzipping in full
    const docx = await docxBytes(['Interviewer: hello']);
    const p = seeded();
    try {
      const [r] = await importSources(p, [{ name: 'understated.docx', bytes: lieAboutSizes(docx, 100) }]);
      expect(r!.status).toBe('failed');
    } finally {
      p.close();
    }
  });

  it('refuses XML entity declarations: external entities and billion laughs', async () => {
    expect(() => odtContentToText(odtContent('<text:p>&xxe;</text:p>', XXE))).toThrow(/declares entities/);
    expect(() => odtContentToText(odtContent('<text:p>&lol2;</text:p>', LAUGHS))).toThrow(/declares entities/);
    // character references and the built-in entities still work
    expect(odtContentToText(odtContent('<text:p>a &amp; b &#233; &#x1F600;</text:p>'))).toBe('a & b é 😀');
    await expectAllRefused([
      { name: 'xxe.odt', bytes: odt(odtContent('<text:p>&xxe;</text:p>', XXE)) },
      { name: 'laughs.odt', bytes: odt(odtContent(`<text:p>${'&lol2;'.repeat(5000)}</text:p>`, LAUGHS)) },
    ]);
    expect(() => readProjectXml(`<?xml version="1.0"?>${LAUGHS}<Project name="x">${'&lol2;'.repeat(5000)}</Project>`)).toThrow(/declares entities/);
    expect(() => readProjectXml(`<?xml version="1.0"?><!DOCTYPE Project SYSTEM "http://example.org/evil.dtd"><Project name="x"/>`)).toThrow(/declares entities/);
  });

  it('refuses a 200 MB text file at once, by its size', async () => {
    const big = path.join(root, 'huge.txt');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, 200 * 1024 * 1024); // sparse: costs no disk
    const p = seeded();
    try {
      const t0 = performance.now();
      const [r] = await importSources(p, [{ name: big, path: big }]);
      expect(performance.now() - t0).toBeLessThan(500);
      expect(r!.status).toBe('failed');
      expect(r!.message).toBe(`${big}: the file is larger than 100 MB`);
    } finally {
      p.close();
    }
  });

  it('refuses a text of more than 20 million characters, within seconds', async () => {
    const p = seeded();
    try {
      const line = 'Interviewer: and then what happened?\n';
      const t0 = performance.now();
      const [r] = await importSources(p, [{ name: 'long.txt', bytes: strToU8(line.repeat(Math.ceil(21_000_000 / line.length))) }]);
      expect(r!.status).toBe('failed');
      expect(r!.message).toMatch(/^long\.txt: the text is longer than 20 million characters/);
      expect(performance.now() - t0).toBeLessThan(10_000);
    } finally {
      p.close();
    }
  });

  it('refuses binary junk named .txt, and reads invalid UTF-8 as a reported legacy encoding or refuses it', async () => {
    const junk = new Uint8Array(20000);
    for (let i = 0; i < junk.length; i++) junk[i] = (i * 2654435761) >>> 24;
    await expectAllRefused([
      { name: 'junk.txt', bytes: junk },
      { name: 'elf.txt', bytes: new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x3e, 0]) },
      { name: 'zip.txt', bytes: zipSync({ a: strToU8('a') }) },
    ]);
    const p = seeded();
    try {
      const invalid = new Uint8Array([...strToU8('Interviewer: caf'), 0xe9, 0x20, 0xc3, 0x28, 0xa0, 0xa1, 0xf0, 0x28, 0x8c, 0x28, 0x0a]);
      const [r] = await importSources(p, [{ name: 'invalid-utf8.txt', bytes: invalid }]);
      if (r!.status === 'imported') {
        expect(r!.encodingGuessed).toBe(true);
        expect(r!.notes?.join(' ')).toMatch(/encoding guessed/);
      } else expect(r!.message).toMatch(/^invalid-utf8\.txt: /);
    } finally {
      p.close();
    }
  });
});

describe('hostile .qdpx projects', () => {
  let qdpx: string;
  let qde: string;
  beforeEach(() => {
    const p = seeded();
    qdpx = path.join(root, 'good.qdpx');
    exportQdpx(p, qdpx);
    p.close();
    qde = new TextDecoder().decode(unzipBounded(fs.readFileSync(qdpx), (n) => n === 'project.qde', DOCUMENT_ZIP_LIMITS)['project.qde']!);
  });

  function expectQdpxRefused(bytes: Uint8Array, name: string, pattern: RegExp): void {
    const file = path.join(root, name);
    fs.writeFileSync(file, bytes);
    const target = Project.create(path.join(dir, `into-${name}.weft`));
    const before = counts(target);
    const treeBefore = listTree(root);
    try {
      const t0 = performance.now();
      let message = '';
      try {
        importQdpx(target, file);
      } catch (e) {
        message = (e as Error).message;
      }
      expect(performance.now() - t0).toBeLessThan(5000);
      expect(message).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
      expect(message).toMatch(pattern);
      expect(counts(target)).toEqual(before);
    } finally {
      target.close();
    }
    expect(listTree(root).filter((f) => !/-(wal|shm)$/.test(f))).toEqual(treeBefore.filter((f) => !/-(wal|shm)$/.test(f)));
  }

  it('refuses truncated and corrupt archives', () => {
    const bytes = fs.readFileSync(qdpx);
    expectQdpxRefused(bytes.subarray(0, Math.floor(bytes.length / 2)), 'half.qdpx', /not a \.qdpx archive/);
    expectQdpxRefused(bytes.subarray(0, 40), 'stub.qdpx', /not a \.qdpx archive/);
    expectQdpxRefused(zipSync({ 'project.qde': strToU8(qde.slice(0, Math.floor(qde.length / 2))) }), 'cut-xml.qdpx', /malformed XML/);
    expectQdpxRefused(zipSync({ 'readme.txt': strToU8('hello') }), 'no-qde.qdpx', /no \.qde project file/);
  });

  it('refuses zip bombs, zip-slip names and entity attacks', () => {
    const zeros = new Uint8Array(24 * 1024 * 1024);
    expectQdpxRefused(zipSync({ 'project.qde': strToU8(qde), 'sources/x.txt': zeros }, { level: 1 }), 'bomb.qdpx', /zip bomb/);
    expectQdpxRefused(lieAboutSizes(fs.readFileSync(qdpx), 0xfffffff0), 'claims-4gb.qdpx', /refused: /);
    const slipQde = qde.replace(/plainTextPath="[^"]*"/, 'plainTextPath="../../escaped.txt"');
    expectQdpxRefused(zipSync({ 'project.qde': strToU8(slipQde), '../../escaped.txt': strToU8('Interviewer: out') }), 'slip.qdpx', /unsafe path/);
    expectQdpxRefused(zipSync({ 'project.qde': strToU8(qde), '/etc/evil.txt': strToU8('x') }), 'absolute.qdpx', /unsafe path/);
    expect(fs.existsSync(path.join(root, '..', 'escaped.txt'))).toBe(false);
    const withDoctype = (doctype: string, body: string) => qde.replace(/(<\?xml[^>]*>)/, `$1${doctype}`).replace('</Project>', `${body}</Project>`);
    expectQdpxRefused(zipSync({ 'project.qde': strToU8(withDoctype(XXE, '<Description>&xxe;</Description>')) }), 'xxe.qdpx', /declares entities/);
    expectQdpxRefused(zipSync({ 'project.qde': strToU8(withDoctype(LAUGHS, `<Description>${'&lol2;'.repeat(20000)}</Description>`)) }), 'laughs.qdpx', /declares entities/);
  });

  it('skips codings whose offsets are outside their text, and says so', () => {
    const wild = qde.replace(/startPosition="\d+" endPosition="\d+"/, 'startPosition="5" endPosition="999999"');
    const file = path.join(root, 'wild.qdpx');
    const archive = unzipBounded(fs.readFileSync(qdpx), () => true, DOCUMENT_ZIP_LIMITS);
    fs.writeFileSync(file, zipSync({ ...archive, 'project.qde': strToU8(wild) }));
    const target = Project.create(path.join(dir, 'wild.weft'));
    try {
      const report = importQdpx(target, file);
      const maxEnd = target.db.prepare('SELECT MAX(c."end" - d.length) FROM codings c JOIN documents d ON d.id = c.document_id').pluck().get() as number | null;
      expect(maxEnd === null || maxEnd <= 0).toBe(true);
      expect(JSON.stringify(report)).toMatch(/past the end|outside|beyond|longer than/i);
    } finally {
      target.close();
    }
  });
});

describe('hostile CSV and values', () => {
  it('refuses CSV with unbalanced quotes, naming the file and row, and changes nothing', () => {
    const p = seeded();
    const before = counts(p);
    try {
      const codings = path.join(root, 'codings.csv');
      fs.writeFileSync(codings, 'segment_id,document_id,document,code_id,code_path,coder,start,end,text,memo\n,,Interview 1,,Grooming,Ann,0,"11,,\n');
      expect(() => importCodingsCsv(p, codings)).toThrow(new RegExp(`^${codings.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: row \\d+: .*[Qq]uote`));
      const codebook = path.join(root, 'codebook.csv');
      fs.writeFileSync(codebook, 'code_path,definition\n"Grooming > Online,"never closed\n');
      expect(() => readCodebookFile(codebook)).toThrow(/codebook\.csv: row \d+/);
      expect(() => importAttributesCsv(p, 'document,country\n"Interview 1,Kenya\n', 'attrs.csv')).toThrow(/^attrs\.csv: row \d+/);
      expect(counts(p)).toEqual(before);
    } finally {
      p.close();
    }
  });

  it('refuses a 200 MB codings or codebook CSV by its size, before reading it', () => {
    const p = seeded();
    try {
      for (const name of ['huge-codings.csv', 'huge-codebook.csv']) {
        const f = path.join(root, name);
        fs.writeFileSync(f, '');
        fs.truncateSync(f, 200 * 1024 * 1024);
      }
      const t0 = performance.now();
      expect(() => importCodingsCsv(p, path.join(root, 'huge-codings.csv'))).toThrow(/huge-codings\.csv: the file is larger than 100 MB/);
      expect(() => readCodebookFile(path.join(root, 'huge-codebook.csv'))).toThrow(/huge-codebook\.csv: the file is larger than 100 MB/);
      expect(performance.now() - t0).toBeLessThan(500);
    } finally {
      p.close();
    }
  });

  it('refuses attribute values that break their types, and codings outside the text', async () => {
    const p = seeded();
    const before = counts(p);
    const b = createBackend(p, () => {});
    try {
      await dispatch(b, 'attributes.create', { name: 'Age', type: 'number' });
      await dispatch(b, 'attributes.create', { name: 'Interviewed', type: 'date' });
      const n = counts(p);
      expect(() => importAttributesCsv(p, 'document,Age\nInterview 1,twelve\n', 'ages.csv')).toThrow(/^ages\.csv: row 2.*Age/);
      expect(() => importAttributesCsv(p, 'document,Interviewed\nInterview 1,2024-13-45\n', 'dates.csv')).toThrow(/^dates\.csv: row 2/);
      await expect(importSources(p, [{ name: 'typed.txt', bytes: strToU8('Interviewer: hello\n') }], { attributes: { Age: 'NaN' } })).rejects.toThrow(/Age.*not a number/);
      expect(counts(p)).toEqual(n);

      const codings = path.join(root, 'out-of-range.csv');
      fs.writeFileSync(codings, 'segment_id,document_id,document,code_id,code_path,coder,start,end,text,memo\n,,Interview 1,,Grooming,Ann,50,900,,\n');
      expect(() => importCodingsCsv(p, codings)).toThrow(/row 2/);
      fs.writeFileSync(codings, 'segment_id,document_id,document,code_id,code_path,coder,start,end,text,memo\n,,Interview 1,,Grooming,Ann,-3,5,,\n');
      expect(() => importCodingsCsv(p, codings)).toThrow(/row 2/);
      await expect(dispatch(b, 'codings.apply', { documentId: 1, codeId: 1, coderId: 1, start: 10, end: 10_000 })).rejects.toThrow(/end/);
      expect(counts(p)).toEqual({ ...n });
      expect(before.codings).toBe(counts(p).codings);
    } finally {
      p.close();
    }
  });
});

describe('hostile codebooks', () => {
  it('refuses a zip-bomb .xlsx or .qdpx, and .qdc entity attacks, quickly', async () => {
    const zeros = new Uint8Array(24 * 1024 * 1024);
    const t0 = performance.now();
    await expect(readCodebookBytes(zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'xl/worksheets/sheet1.xml': zeros }, { level: 1 }), 'bomb.xlsx')).rejects.toThrow(/bomb\.xlsx.*(zip bomb|expands)/);
    await expect(readCodebookBytes(zipSync({ 'project.qde': zeros }, { level: 1 }), 'bomb.qdpx')).rejects.toThrow(/bomb\.qdpx.*(zip bomb|expands)/);
    await expect(readCodebookBytes(strToU8(`<?xml version="1.0"?>${LAUGHS}<CodeBook><Codes><Code name="&lol2;"/></Codes></CodeBook>`), 'laughs.qdc')).rejects.toThrow(/laughs\.qdc.*entities/);
    await expect(readCodebookBytes(strToU8(`<?xml version="1.0"?>${XXE}<CodeBook><Codes><Code name="&xxe;"/></Codes></CodeBook>`), 'xxe.qdc')).rejects.toThrow(/xxe\.qdc.*entities/);
    expect(performance.now() - t0).toBeLessThan(5000);
  });
});

/** A one-page PDF whose content stream is `stream`, Flate-compressed. */
function pdfWithContent(stream: Uint8Array): Uint8Array {
  const chunks: Uint8Array[] = [];
  const offsets: number[] = [];
  let length = 0;
  const push = (b: Uint8Array | string) => {
    const u = typeof b === 'string' ? strToU8(b) : b;
    chunks.push(u);
    length += u.length;
  };
  const obj = (body: string) => {
    offsets.push(length);
    push(body);
  };
  push('%PDF-1.4\n');
  obj('1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n');
  obj('2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n');
  obj('3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >> endobj\n');
  obj(`4 0 obj << /Length ${stream.length} /Filter /FlateDecode >> stream\n`);
  push(stream);
  push('\nendstream endobj\n');
  obj('5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj\n');
  const xref = length;
  push(`xref\n0 6\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}trailer << /Size 6 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

describe('hostile PDF', () => {
  it('reads a small PDF made here, and refuses one whose content stream is a decompression bomb', async () => {
    const text = strToU8('BT /F1 12 Tf 72 720 Td (Interviewer: hello there) Tj ET\n');
    const p = seeded();
    try {
      const [ok] = await importSources(p, [{ name: 'small.pdf', bytes: pdfWithContent(zlibSync(text)) }]);
      expect(ok!.status, ok!.message).toBe('imported');
    } finally {
      p.close();
    }
    // 150 MB of spaces after the text compress to ~150 KB; pdf.js would inflate them all to read the page
    const bomb = new Uint8Array(150 * 1024 * 1024).fill(0x20);
    bomb.set(text);
    const t0 = performance.now();
    // inflating 128 MB to count it takes about half a second; shared test machines can be ten times slower
    const messages = await expectAllRefused([{ name: 'bomb.pdf', bytes: pdfWithContent(zlibSync(bomb, { level: 1 })) }], 15_000);
    expect(messages[0]).toMatch(/bomb\.pdf: refused: .*expand to more than 128 MB/);
    expect(performance.now() - t0).toBeLessThan(20_000);
  });
});
