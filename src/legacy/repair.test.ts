import { describe, expect, it } from 'vitest';
import { restoreLostLetter, restoreLostLetters } from './repair.ts';
import { RepairLog } from './repair.log.ts';

describe('lost letters', () => {
  it('restores a letter deleted by a bad conversion when exactly one word fits', () => {
    expect(restoreLostLetter('faade')).toBe('façade');
    expect(restoreLostLetter('clich')).toBe('cliché');
    expect(restoreLostLetter('caf')).toBe('café');
    expect(restoreLostLetter('fianc')).toBe('fiancé');
  });

  it('keeps the case of the token', () => {
    expect(restoreLostLetter('Clich')).toBe('Cliché');
    expect(restoreLostLetter('CLICH')).toBe('CLICHÉ');
  });

  it('leaves real words, names and typos alone', () => {
    for (const token of ['nave', 'Lex', 'Ron', 'Vegas', 'Krycek', 'Teal', 'Sunnydale', 'thre', 'div', 'Ord', 'Sam']) {
      expect(restoreLostLetter(token)).toBeNull();
    }
  });

  it('repairs words in running text and lists each repair', () => {
    const log = new RepairLog();
    const text = restoreLostLetters('The regal faade hid a clich; mail faade@example.org stays.', log);
    expect(text).toBe('The regal façade hid a cliché; mail faade@example.org stays.');
    expect(log.list()).toEqual([
      { rule: 'lost-letter', before: 'faade', after: 'façade', count: 1 },
      { rule: 'lost-letter', before: 'clich', after: 'cliché', count: 1 },
    ]);
  });

  it('finds a lost letter in a word that shares its hash with a word known to have none', () => {
    // Words found to have no lost letter are remembered by a hash of their letters; "gBade"
    // and "faade" have the same one (g·31 + B = f·31 + a), and the same length.
    const log = new RepairLog();
    expect(restoreLostLetters('gBade gBade, then faade.', log)).toBe('gBade gBade, then façade.');
    expect(log.list()).toEqual([{ rule: 'lost-letter', before: 'faade', after: 'façade', count: 1 }]);
  });
});

describe('lost letters left alone', () => {
  it('does not take a part of a hyphenated word for a word', () => {
    const log = new RepairLog();
    expect(restoreLostLetters('They pre-empted the vote, a co-op of pre-war minds.', log)).toBe('They pre-empted the vote, a co-op of pre-war minds.');
    expect(log.list()).toEqual([]);
  });

  it('does not take a missing double letter for a lost accent', () => {
    expect(restoreLostLetter('ocurring')).toBeNull();
    expect(restoreLostLetter('acount')).toBeNull();
  });
});
