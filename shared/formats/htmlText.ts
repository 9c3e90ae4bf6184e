// The plain text of the simple, well-formed HTML that a document converter
// such as mammoth writes (escaped text, <p>, <h1>…, <li>, <table>, <br />):
// one line per paragraph, table cells separated by tabs, rows by line ends.

import { decodeEntities } from './entities.js';

const BLOCK = /^(p|h[1-6]|li|blockquote|pre|div|dt|dd|caption)$/;

export function simpleHtmlToText(html: string): string {
  const lines: string[] = [];
  let line = '';
  let cellDepth = 0;
  let cell = '';
  const endLine = () => {
    lines.push(line);
    line = '';
  };
  const write = (s: string) => {
    if (cellDepth > 0) cell += s;
    else line += s;
  };
  for (const token of html.split(/(<[^>]*>)/)) {
    if (token === '') continue;
    if (token[0] !== '<') {
      write(decodeEntities(token));
      continue;
    }
    const m = /^<(\/?)([a-zA-Z0-9]+)/.exec(token);
    if (!m) continue;
    const closing = m[1] === '/';
    const tag = m[2]!.toLowerCase();
    if (tag === 'br') write('\n');
    else if (tag === 'td' || tag === 'th') {
      if (!closing) {
        cellDepth++;
        if (cellDepth === 1) cell = '';
      } else if (cellDepth > 0) {
        cellDepth--;
        if (cellDepth === 0) line += (line ? '\t' : '') + cell.trim().replace(/\s*\n\s*/g, ' ');
      }
    } else if (tag === 'tr' && closing) endLine();
    else if (BLOCK.test(tag) && closing) {
      if (cellDepth > 0) cell += ' ';
      else endLine();
    }
  }
  if (line) lines.push(line);
  return lines.join('\n');
}
