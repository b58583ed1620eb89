import { describe, expect, it } from 'vitest';
import { checkPseudName } from './pseud.names.ts';

describe('checkPseudName', () => {
  it('accepts letters of any script, digits, spaces, and the punctuation of names', () => {
    for (const name of ['a', 'Night Owl', 'mr.dot_dash-2', 'Ёжик', '松本', 'Zoë', 'x'.repeat(40), "Tara O'Shea", 'Tara O’Shea', 'Monture & Wicks', 'Smith, J.', 'Yay!', 'K (Kay)']) {
      expect(checkPseudName(name), name).toBeNull();
    }
  });

  it('refuses empty, too long, punctuation-only and other characters', () => {
    expect(checkPseudName('')).toContain('Enter');
    expect(checkPseudName('x'.repeat(41))).toContain('at most 40');
    for (const name of ['...', "- _ '", 'a/b', 'a<b>', 'a"b', 'emoji 🙂', 'tab\tname', 'new\nline']) {
      expect(checkPseudName(name), name).toContain('letters, digits');
    }
  });
});
