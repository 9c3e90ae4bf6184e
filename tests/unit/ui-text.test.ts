import { describe, expect, it } from 'vitest';
import { MessageLine, type LineMessage } from '../../renderer/src/lib/messageLine';
import { plural } from '../../shared/plural';

describe('a view’s message line', () => {
  const setup = () => {
    const shown: LineMessage[] = [];
    return { shown, line: new MessageLine((m) => shown.push(m)) };
  };

  it('drops a late confirmation once a newer action has spoken', () => {
    const { shown, line } = setup();
    const bulk = line.begin(); // a bulk edit starts, its reload is slow
    line.say({ kind: 'error', text: 'Nothing was pasted.' }); // a paste is refused meanwhile
    bulk({ kind: 'info', text: 'Set sex for 2 documents.' }); // the bulk edit ends
    expect(shown).toEqual([{ kind: 'error', text: 'Nothing was pasted.' }]);
  });

  it('drops a late confirmation once a newer action has started, and shows that action’s outcome', () => {
    const { shown, line } = setup();
    const first = line.begin();
    const second = line.begin();
    first({ kind: 'info', text: 'first done' });
    second({ kind: 'info', text: 'second done' });
    expect(shown.map((m) => m.text)).toEqual(['second done']);
  });

  it('always shows an error, even from an older action, and that error then holds the line', () => {
    const { shown, line } = setup();
    const failing = line.begin();
    const later = line.begin();
    failing({ kind: 'error', text: 'write refused' });
    later({ kind: 'info', text: 'later done' });
    expect(shown.map((m) => m.text)).toEqual(['write refused']);
  });

  it('shows each outcome when actions do not overlap', () => {
    const { shown, line } = setup();
    line.begin()({ kind: 'info', text: 'a' });
    line.begin()({ kind: 'info', text: 'b' });
    line.say({ kind: 'error', text: 'c' });
    expect(shown.map((m) => m.text)).toEqual(['a', 'b', 'c']);
  });
});

describe('counts in words', () => {
  it('says one thing and many things, with thousands grouped', () => {
    expect(plural(1, 'coding')).toBe('1 coding');
    expect(plural(0, 'coding')).toBe('0 codings');
    expect(plural(30000, 'document')).toBe('30,000 documents');
    expect(plural(2, 'analysis', 'analyses')).toBe('2 analyses');
  });
});
