import { describe, expect, it } from 'vitest';
import { notFiction } from './nonfiction.ts';

// Invented texts of the kinds the period's fandom folders held beside the stories.
const story = Array(30).fill('"Stay here," she said, and he nodded and looked at the door. The rain turned to sleet.').join('\n');
const guide = [
  'THE HARVEST MOON EPISODE GUIDE, version 0.9',
  'Frequently asked questions are answered in the FAQ (harvest.txt).',
  '',
  ...Array(20).fill('2.04 "Frost" -- first aired in the autumn. Guest starring a farmer and a very old dog in the barn.'),
].join('\n');

describe('non-fiction files', () => {
  it('knows an episode guide, a listing and ANSI art', () => {
    expect(notFiction(guide)).toMatch(/not a story/);
    const listing = Array(40).fill('<a href="frost.txt">frost.txt</a> 12k a story of the farm').join('\n');
    expect(notFiction(listing)).toMatch(/not a story/);
    expect(notFiction('\x1b[1;32m# # # #\x1b[0m\n'.repeat(60))).toMatch(/ANSI/);
  });

  it('leaves a story alone even when it names an episode, and a short poem', () => {
    expect(notFiction(`Set after the episode "Frost"; see the FAQ.\n\n${story}`)).toBeNull();
    expect(notFiction('the frost on the field\nthe moon in the barn\nan episode of rain\nno review, no menu')).toBeNull();
  });

  it('knows an episode synopsis by its episode heading and present tense, not a story told in the present', () => {
    const retold = Array(20).fill('She walks to the barn and he follows. It is cold. They find the dog asleep, and she smiles.').join('\n');
    expect(notFiction(`2.04 "Frost"\n\n${retold}`)).toMatch(/synopsis/);
    expect(notFiction(`Frost\n\n${retold}`)).toBeNull();
    const told = Array(20).fill('She walked to the barn and he followed. It was cold. They found the dog asleep, and she is glad.').join('\n');
    expect(notFiction(`2.04 "Frost"\n\n${told}`)).toBeNull();
  });
});

describe('a title that names its kind', () => {
  const rules = Array(20).fill('One sip when the farmer finds a footprint\nTwo sips when the dog barks at the barn').join('\n');
  it('knows a game, a guide or an article by its title when the text hardly narrates', () => {
    expect(notFiction(`THE HARVEST MOON DRINKING GAME\n\n${rules}`)).toMatch(/names its kind/);
    expect(notFiction(`  A GUIDE TO THE FARMS WHERE THE SHOW IS FILMED\n\n${rules}`)).toMatch(/names its kind/);
    expect(notFiction(rules, 'ARTICLE: lights over the barn?')).toMatch(/names its kind/);
  });

  it('leaves a story whose title names a game, and a list under any other title', () => {
    expect(notFiction(`The Drinking Game\n\n${story}`)).toBeNull();
    expect(notFiction(`Harvest Moon\n\n${rules}`)).toBeNull();
  });
});
