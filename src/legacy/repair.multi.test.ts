import { describe, expect, it } from 'vitest';
import { RepairLog } from './repair.log.ts';
import { restoreLostLetter, restoreMaskedLetters, restoreMaskedWords } from './repair.ts';

// Invented sentences with several letters lost from one word.
describe('words that lost several accented letters', () => {
  it('restores a listed word whose accented letters all vanished', () => {
    expect(restoreLostLetter('protg')).toBe('protégé');
    expect(restoreLostLetter('dcollet')).toBe('décolleté');
    expect(restoreLostLetter('resume')).toBeNull();
  });
  it('reads "?" for each lost letter when the word is listed', () => {
    expect(restoreMaskedLetters('prot?g?')).toBe('protégé');
    expect(restoreMaskedLetters('pr?cis')).toBe('précis');
    expect(restoreMaskedLetters('car?')).toBeNull();
  });
  it('leaves questions and sound words alone', () => {
    const text = 'Her prot?g? waited. Was it a car? The pre-emptions held.';
    expect(restoreMaskedWords(text, new RepairLog())).toBe('Her protégé waited. Was it a car? The pre-emptions held.');
    expect(restoreMaskedWords('Was it a car? Who knows?', new RepairLog())).toBe('Was it a car? Who knows?');
  });
});
