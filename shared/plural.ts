// "1 coding", "2 codings": counts in messages, the status bar and reports.
// Weft's text is English; a word with an irregular plural gives it.
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? word : many}`;
}
