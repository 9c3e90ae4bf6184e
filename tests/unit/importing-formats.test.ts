// Transcript readers: plain text in every encoding, RTF, ODT, Word, subtitles
// and PDF. Fixtures are written here (Word with the `docx` package, ODT by
// zipping XML with fflate, PDFs by hand); the real PDFs and ODTs of the
// reference corpus must give the same text as their .txt versions.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { strToU8, zipSync } from 'fflate';
import { Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, HeadingLevel } from 'docx';
import { decodeText, utf16Pattern } from '../../shared/formats/plainText.js';
import { guessLegacyEncoding } from '../../electron/services/importers/encoding.js';
import { rtfToText } from '../../shared/formats/rtf.js';
import { odtContentToText, odtToText } from '../../shared/formats/odt.js';
import { cuesToTranscript, parseCues } from '../../shared/formats/subtitles.js';
import { pdfPagesToText, type PdfTextRun } from '../../shared/formats/pdfLayout.js';
import { simpleHtmlToText } from '../../shared/formats/htmlText.js';
import { signatureMismatch, IMPORT_FORMATS } from '../../shared/formats/importFormats.js';
import { docxToText } from '../../electron/services/importers/docx.js';
import { pdfToText } from '../../electron/services/importers/pdf.js';
import { readSource } from '../../electron/services/importers/index.js';
import { normalizeText, OffsetIndex } from '../../shared/offsets.js';
import { reference } from '../reference.js';

const utf16le = (s: string, bom = true) => {
  const b = Buffer.from(s, 'utf16le');
  return bom ? Buffer.concat([Buffer.from([0xff, 0xfe]), b]) : b;
};
const utf16be = (s: string, bom = true) => {
  const le = Buffer.from(s, 'utf16le');
  for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
  return bom ? Buffer.concat([Buffer.from([0xfe, 0xff]), le]) : le;
};
const decode = (bytes: Uint8Array) => decodeText(bytes, guessLegacyEncoding);

describe('plain text: encodings', () => {
  const english = 'Interviewer: When did it start?\nRespondent: In March, “after school”.\n';
  const thai = 'ผู้สัมภาษณ์: เริ่มเมื่อไหร่ครับ\nผู้ให้สัมภาษณ์: เดือนมีนาคม\n';

  it('reads UTF-8 with and without a BOM', () => {
    expect(decode(Buffer.from(english))).toMatchObject({ text: english, encoding: 'utf-8', guessed: false });
    expect(decode(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(english)]))).toMatchObject({ text: english, encoding: 'utf-8', evidence: 'bom' });
  });

  it('reads UTF-16 LE and BE with a BOM, and without one (English and Thai)', () => {
    for (const s of [english, thai]) {
      expect(decode(utf16le(s))).toMatchObject({ text: s, encoding: 'utf-16le', guessed: false });
      expect(decode(utf16be(s))).toMatchObject({ text: s, encoding: 'utf-16be', guessed: false });
      expect(decode(utf16le(s, false))).toMatchObject({ text: s, encoding: 'utf-16le', guessed: true, evidence: 'utf-16 pattern' });
      expect(decode(utf16be(s, false))).toMatchObject({ text: s, encoding: 'utf-16be', guessed: true });
    }
    // plain ASCII never looks like UTF-16, even with a space after every letter
    expect(utf16Pattern(Buffer.from('a b c d e f g h i j k l m n o p '))).toBeNull();
    expect(decode(Buffer.from('a b c d e f g h i j k l m n o p '))).toMatchObject({ encoding: 'utf-8', guessed: false });
  });

  it('guesses Windows-1252 for Western text that is not UTF-8, and reports the guess', () => {
    const text = 'Entrevistador: Quando começou?\nEntrevistado: Em março, “depois da escola” – não sei.\n';
    const cp1252 = Buffer.from(
      text.replace(/“/g, '\x93').replace(/”/g, '\x94').replace(/–/g, '\x96'),
      'latin1',
    );
    const d = decode(cp1252);
    expect(d).toMatchObject({ text, encoding: 'windows-1252', guessed: true });
  });

  it('guesses Windows-1251 (Russian) and TIS-620 Thai', () => {
    const russian = 'Интервьюер: Когда это началось? Ответ: В марте, после школы. Я не знаю, что делать.';
    const cp1251 = new Uint8Array([...russian].map((ch) => {
      const c = ch.charCodeAt(0);
      if (c >= 0x410 && c <= 0x44f) return c - 0x410 + 0xc0;
      if (c === 0x401) return 0xa8;
      if (c === 0x451) return 0xb8;
      return c;
    }));
    expect(decode(cp1251)).toMatchObject({ text: russian, encoding: 'windows-1251', guessed: true });
    const tis620 = new Uint8Array([...thai].map((ch) => {
      const c = ch.charCodeAt(0);
      return c >= 0x0e01 && c <= 0x0e5b ? c - 0x0e01 + 0xa1 : c;
    }));
    expect(decode(tis620)).toMatchObject({ text: thai, encoding: 'windows-874', guessed: true });
  });

  it('refuses UTF-32 and notices binary files', async () => {
    expect(() => decode(new Uint8Array([0xff, 0xfe, 0, 0, 0x41, 0, 0, 0]))).toThrow(/UTF-32/);
    await expect(readSource('photo.txt', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1, 2, 3, 4, 5, 6, 0, 0, 0]))).rejects.toThrow(/binary file/);
  });
});

describe('RTF', () => {
  const rtf = String.raw`{\rtf1\ansi\ansicpg1252\deff0\uc1
{\fonttbl{\f0\fswiss\fcharset0 Arial;}{\f1\fnil\fcharset222 Tahoma;}{\f2\fnil\fcharset204 Times;}}
{\colortbl;\red0\green0\blue0;\red255\green0\blue0;}
{\stylesheet{\s0 Normal;}{\s1\b heading 1;}}
{\info{\title Secret title}{\author Dr Someone}}
{\*\generator Riched20 10.0;}\viewkind4\pard\f0\fs22
Interviewer:\tab When did it start?\par
Respondent: In March \'96 \ldblquote after school\rdblquote , caf\'e9.\line Next line.\par
{\pict\wmetafile8\picw100 0a0b0c0d0e0f}
Unicode: \u3626?\u3637? and an emoji \u-10179?\u-8704?.\par
{\uc0 No fallback: \u8211 dash.}\par
Thai font: {\f1 \'a1\'d2\'c3}\par
Cyrillic font: {\f2 \'cf\'f0\'e8\'e2\'e5\'f2}\par
Field: {\field{\*\fldinst HYPERLINK "http://example.org"}{\fldrslt shown text}}\par
Escapes: \{braces\} \\ back\~slash\emdash end.\par
\trowd\cellx2000\cellx4000 A1\cell B1\cell\row
{\footnote a footnote that is not body text}Done.}`;

  it('extracts the body text with escapes, code pages and skipped destinations', () => {
    expect(rtfToText(rtf)).toBe(
      [
        'Interviewer:\tWhen did it start?',
        'Respondent: In March – “after school”, café.',
        'Next line.',
        'Unicode: สี and an emoji 😀.',
        // the space after a control word's number is its delimiter, not text
        'No fallback: –dash.',
        'Thai font: การ',
        'Cyrillic font: Привет',
        'Field: shown text',
        'Escapes: {braces} \\ back\u00a0slash—end.',
        'A1\tB1',
        'Done.',
      ].join('\n'),
    );
  });

  it('refuses what is not RTF, and unbalanced groups', () => {
    expect(() => rtfToText('Hello')).toThrow(/not an RTF document/);
    expect(() => rtfToText('{\\rtf1 a}}')).not.toThrow(); // text after the document's end is ignored
    expect(() => rtfToText('{\\rtf1 a')).not.toThrow();
  });
});

function odt(body: string, extra: Record<string, Uint8Array> = {}): Uint8Array {
  const content = `<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.2">
<office:body><office:text>${body}</office:text></office:body></office:document-content>`;
  return zipSync({ mimetype: strToU8('application/vnd.oasis.opendocument.text'), 'content.xml': strToU8(content), ...extra });
}

describe('ODT', () => {
  it('reads paragraphs, headings, lists and tables, with text:s, text:tab and text:line-break', () => {
    const bytes = odt(`
      <text:h text:outline-level="1">Interview 3</text:h>
      <text:p>Interviewer:<text:tab/>How   long
        have you <text:span>worked</text:span> here?</text:p>
      <text:p>   Respondent:<text:s text:c="3"/>Nine years.<text:line-break/>Second line &amp; more.</text:p>
      <text:p/>
      <text:list><text:list-item><text:p>first point</text:p></text:list-item><text:list-item><text:p>second point</text:p></text:list-item></text:list>
      <table:table><table:table-row><table:table-cell><text:p>A1</text:p></table:table-cell><table:table-cell><text:p>B1</text:p></table:table-cell></table:table-row></table:table>
      <text:p>Kept<text:note><text:note-citation>1</text:note-citation><text:note-body><text:p>a footnote</text:p></text:note-body></text:note>.<office:annotation><dc:creator>x</dc:creator><text:p>a comment</text:p></office:annotation></text:p>
      <text:tracked-changes><text:changed-region><text:deletion><text:p>deleted text</text:p></text:deletion></text:changed-region></text:tracked-changes>
      <text:p>ผู้สัมภาษณ์: สวัสดี 😀</text:p>`);
    expect(odtToText(bytes)).toBe(
      ['Interview 3', 'Interviewer:\tHow long have you worked here?', 'Respondent:   Nine years.\nSecond line & more.', '', 'first point', 'second point', 'A1', 'B1', 'Kept.', 'ผู้สัมภาษณ์: สวัสดี 😀'].join('\n'),
    );
  });

  it('gives clear errors for a damaged, encrypted or non-text OpenDocument', () => {
    expect(() => odtToText(strToU8('not a zip'))).toThrow(/not a valid \.odt file/);
    expect(() => odtToText(zipSync({ mimetype: strToU8('application/vnd.oasis.opendocument.spreadsheet'), 'content.xml': strToU8('<x/>') }))).toThrow(/its type is application\/vnd\.oasis\.opendocument\.spreadsheet/);
    expect(() => odtToText(odt('<text:p>x</text:p>', { 'META-INF/manifest.xml': strToU8('<manifest:encryption-data/>') }))).toThrow(/password-protected/);
    expect(() => odtContentToText('<office:document-content><office:body><office:spreadsheet/></office:body></office:document-content>')).toThrow(/no text body/);
  });

  it('imports every serdif ODT with exactly the text of its .txt version', () => {
    const dir = reference('transcripts', 'serdif', 'odt');
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.odt'));
    expect(files).toHaveLength(17);
    for (const f of files) {
      const text = odtToText(fs.readFileSync(`${dir}/${f}`));
      const txt = normalizeText(fs.readFileSync(reference('transcripts', 'serdif', 'txt', f.replace(/\.odt$/, '.txt')), 'utf8'));
      expect(text, f).toBe(txt.replace(/\n$/, ''));
    }
  });
});

describe('Word (.docx)', () => {
  it('reads paragraphs, line breaks, tabs, headings and tables', async () => {
    const doc = new Document({
      sections: [
        {
          children: [
            new Paragraph({ text: 'Interview with a counsellor', heading: HeadingLevel.HEADING_1 }),
            new Paragraph({ children: [new TextRun('Interviewer: How do children contact you?')] }),
            new Paragraph({ children: [new TextRun('Respondent: By phone,'), new TextRun({ text: 'and by chat.', break: 1 }), new TextRun('\tTabbed & <escaped>.')] }),
            new Paragraph({ children: [new TextRun('ผู้สัมภาษณ์: สวัสดี 😀')] }),
            new Table({
              rows: [
                new TableRow({ children: [new TableCell({ children: [new Paragraph('Q1')] }), new TableCell({ children: [new Paragraph('Answer one')] })] }),
              ],
            }),
          ],
        },
      ],
    });
    const bytes = await Packer.toBuffer(doc);
    expect(await docxToText(bytes)).toBe(
      ['Interview with a counsellor', 'Interviewer: How do children contact you?', 'Respondent: By phone,\nand by chat.\tTabbed & <escaped>.', 'ผู้สัมภาษณ์: สวัสดี 😀', 'Q1\tAnswer one'].join('\n'),
    );
  });

  it('says so when a .docx is damaged or is not Word at all', async () => {
    await expect(readSource('broken.docx', strToU8('PK\u0003\u0004 garbage that is not a zip'))).rejects.toThrow(/not a valid Word document/);
    await expect(readSource('plain.docx', strToU8('just some text'))).rejects.toThrow(/not a valid Word document \(the file does not start like one\)/);
    await expect(readSource('other.docx', zipSync({ 'hello.txt': strToU8('hi') }))).rejects.toThrow(/not a (valid )?Word document/);
    await expect(readSource('old.docx', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).rejects.toThrow(/old Word 97–2003/);
  });

  it('reads the simple HTML of converters: entities, breaks and table cells', () => {
    expect(simpleHtmlToText('<h1>T&amp;C</h1><p>a<br />b &#233; &#x1F600;</p><table><tr><td><p>x</p><p>y</p></td><td><p>z</p></td></tr></table><ul><li>one</li></ul>')).toBe('T&C\na\nb é 😀\nx y\tz\none');
  });
});

describe('subtitles', () => {
  const vtt = `WEBVTT - interview

NOTE recorded on a phone

STYLE
::cue { color: yellow }

1
00:00:01.000 --> 00:00:04.000 align:start
<v Interviewer>How did you hear about the helpline?

2
00:00:04.500 --> 00:00:06.000
<v.loud Interviewer>Take your time.

00:01:02.250 --> 00:01:05.000
<v Respondent>From a poster at school &amp; a friend.</v>

00:01:06.000 --> 00:01:08.000
<c.grey>[laughs]</c> <i>sorry</i>

01:00:00.000 --> 01:00:02.000
Zoom Speaker: spoken with a label`;

  it('turns WebVTT cues into timestamped speaker turns, joining a speaker\u2019s consecutive cues', () => {
    const { text, turns } = cuesToTranscript(parseCues(vtt, 'vtt'));
    expect(text).toBe(
      [
        '[00:00:01] Interviewer: How did you hear about the helpline? Take your time.',
        '[00:01:02] Respondent: From a poster at school & a friend.',
        '[00:01:06] [laughs] sorry',
        '[01:00:00] Zoom Speaker: spoken with a label',
      ].join('\n\n'),
    );
    expect(turns.map((t) => [t.speaker, t.timestamp])).toEqual([
      ['Interviewer', '00:00:01'],
      ['Respondent', '00:01:02'],
      [null, '00:01:06'],
      ['Zoom Speaker', '01:00:00'],
    ]);
    const idx = new OffsetIndex(text);
    expect(idx.slice(turns[1]!.textStart, turns[1]!.end)).toBe('From a poster at school & a friend.');
    expect(idx.slice(turns[2]!.start, turns[2]!.end)).toBe('[00:01:06] [laughs] sorry');
  });

  it('reads SubRip, with formatting tags and speaker labels in the text', () => {
    const srt = '1\r\n00:00:01,000 --> 00:00:03,000\r\n<i>Q:</i> Who did you tell?\r\n\r\n2\r\n00:00:03,500 --> 00:00:05,000\r\nA: My aunt 😀.\r\n{\\an8}She believed me.\r\n\r\n3\r\n00:00:06,000 --> 00:00:07,000\r\nA: Then the police.\r\n';
    const { text, turns } = cuesToTranscript(parseCues(srt, 'srt'));
    expect(text).toBe('[00:00:01] Q: Who did you tell?\n\n[00:00:03] A: My aunt 😀. She believed me. Then the police.');
    expect(turns).toHaveLength(2);
    const idx = new OffsetIndex(text);
    expect(idx.slice(turns[1]!.textStart, turns[1]!.end)).toBe('My aunt 😀. She believed me. Then the police.');
    expect(turns[1]!.end).toBe(idx.codePointLength);
  });

  it('names the line of a broken time, and refuses files without cues', () => {
    expect(() => parseCues('WEBVTT\n\n00:00:01.000 --> soon\nhello\n', 'vtt')).toThrow(/line 3: cannot read the time "00:00:01.000 --> soon"/);
    expect(() => parseCues('hello\nworld\n', 'srt')).toThrow(/line 1: expected a cue number and a time line/);
    expect(() => parseCues('Just text', 'vtt')).toThrow(/not a WebVTT file/);
    expect(() => parseCues('WEBVTT\n\nNOTE only a note\n', 'vtt')).toThrow(/no cues found/);
  });
});

describe('PDF layout', () => {
  const run = (str: string, x: number, y: number, width = str.length * 5, hasEOL = false): PdfTextRun => ({ str, x, y, width, height: 10, hasEOL });
  const page = (runs: PdfTextRun[]) => ({ width: 595, height: 842, runs });

  it('joins wrapped lines, splits paragraphs at gaps and labels, and drops page and margin numbers and running headers', () => {
    const full = 'x'.repeat(100); // a line that reaches the right margin
    const pages = [
      page([
        run('Study 7 – confidential', 47, 820), run('1/3', 560, 15),
        run('3', 20, 790), run('Interviewer: How long have you worked here and what', 47, 790, 500, true),
        run('do you do?', 47, 778, 50, true),
        run('4', 20, 754), run('Respondent: Nine years.', 47, 754, 120, true),
        run('It is hard.', 47, 742, 60, true), // a short line before it ends the paragraph
        run('5', 20, 718), run(`Interviewer: ${full}`, 47, 718, 500, true),
      ]),
      page([run('Study 7 – confidential', 47, 820), run('2/3', 560, 15), run('continued on the next page.', 47, 790, 150, true), run('6', 20, 766), run('Respondent: Yes.', 47, 766, 80)]),
      page([run('Study 7 – confidential', 47, 820), run('Page 3 of 3', 540, 15), run('Interviewer: Thank you.', 47, 790, 120)]),
    ];
    expect(pdfPagesToText(pages)).toBe(
      [
        'Interviewer: How long have you worked here and what do you do?',
        'Respondent: Nine years.',
        'It is hard.',
        `Interviewer: ${full} continued on the next page.`,
        'Respondent: Yes.',
        'Interviewer: Thank you.',
      ].join('\n\n'),
    );
  });

  it('joins runs of one line with a space only where there is a gap, and keeps a hyphen at a line end', () => {
    const pages = [page([run('Inter', 47, 790, 25), run('viewer:', 72, 790, 35), run('a', 112, 790, 435), run('well-', 47, 778, 500, true), run('known fact', 47, 766, 50)])];
    expect(pdfPagesToText(pages)).toBe('Interviewer: a well-known fact');
  });

  it('imports the seven pdpilot PDFs with the text of their .txt versions (whitespace aside)', async () => {
    // The derived .txt files also carry MAXQDA's paragraph numbers from the left margin, as runs
    // "1 2 3 … 24" between paragraphs; they are not part of the interview and Weft leaves them out.
    const withoutMarginNumbers = (s: string) => {
      const tokens = s.split(/\s+/).filter(Boolean);
      const kept: string[] = [];
      for (let i = 0; i < tokens.length; ) {
        let j = i;
        while (j < tokens.length && /^\d+$/.test(tokens[j]!) && (j === i || Number(tokens[j]) === Number(tokens[j - 1]) + 1)) j++;
        if (j - i >= 2) i = j;
        else kept.push(tokens[i++]!);
      }
      return kept.join('');
    };
    for (let n = 1; n <= 7; n++) {
      const pdf = await pdfToText(fs.readFileSync(reference('transcripts', 'pdpilot', 'pdf', `P${n}.pdf`)));
      const txt = fs.readFileSync(reference('transcripts', 'pdpilot', `P${n}.txt`), 'utf8');
      expect(pdf.text.replace(/\s+/g, ''), `P${n}`).toBe(withoutMarginNumbers(txt));
      // and the turns are paragraphs of their own
      expect(pdf.text.split('\n\n').filter((p) => /^(Dan|Participant):/.test(p)).length, `P${n}`).toBeGreaterThan(20);
      expect(pdf.pagesWithoutText).toEqual([]);
    }
  }, 60_000);

  it('says "no text layer; run OCR first" for a PDF without text, and reads a hand-made one with text', async () => {
    await expect(pdfToText(minimalPdf(['0 0 1 rg 72 72 200 100 re f']))).rejects.toThrow('no text layer; run OCR first');
    const withText = await pdfToText(minimalPdf(['BT /F1 12 Tf 72 760 Td (Interviewer: Hello there.) Tj ET', '0 0 1 rg 72 72 200 100 re f']));
    expect(withText.text).toBe('Interviewer: Hello there.');
    expect(withText.pagesWithoutText).toEqual([2]);
    const r = await readSource('scan-and-text.pdf', minimalPdf(['BT /F1 12 Tf 72 760 Td (Interviewer: Hello there.) Tj ET', '0 0 1 rg 72 72 200 100 re f']));
    expect(r.notes.join(' ')).toMatch(/page 2 had no text layer \(scanned\?\) and is missing|page 2 had no text layer/);
    await expect(readSource('broken.pdf', strToU8('%PDF-1.4\nthis is not really a pdf'))).rejects.toThrow(/not a readable PDF|no text layer/);
  });
});

describe('format checks', () => {
  it('knows every extension, and catches a file whose name lies', () => {
    expect(Object.keys(IMPORT_FORMATS)).toEqual(expect.arrayContaining(['.txt', '.md', '.docx', '.odt', '.rtf', '.pdf', '.vtt', '.srt']));
    expect(signatureMismatch(IMPORT_FORMATS['.txt']!, strToU8('%PDF-1.7 ...'))).toMatch(/this is a PDF, not plain text/);
    expect(signatureMismatch(IMPORT_FORMATS['.pdf']!, strToU8('hello'))).toMatch(/not a valid PDF/);
    expect(signatureMismatch(IMPORT_FORMATS['.rtf']!, strToU8('{\\rtf1 x}'))).toBeNull();
  });
});

/** A small PDF, one page per content stream, with Helvetica as /F1. */
function minimalPdf(contents: string[]): Uint8Array {
  const objects: string[] = [];
  const pageIds = contents.map((_, i) => 4 + i * 2);
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${contents.length} >>`;
  objects[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';
  contents.forEach((c, i) => {
    const id = pageIds[i]!;
    objects[id] = `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${id + 1} 0 R >>`;
    objects[id + 1] = `<< /Length ${c.length} >>\nstream\n${c}\nendstream`;
  });
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (let i = 1; i < objects.length; i++) {
    offsets[i] = out.length;
    out += `${i} 0 obj\n${objects[i]}\nendobj\n`;
  }
  const xref = out.length;
  out += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let i = 1; i < objects.length; i++) out += `${String(offsets[i]).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return strToU8(out);
}
