import { describe, expect, it } from 'vitest';
import { crossoverFandoms, expandInitials, FANDOMS } from './fandoms.ts';

// Invented notes in the shapes of 1990s crossover posts.

describe('crossover fandoms', () => {
  it('reads both sides of a slashed crossover, in the table form where the table knows the name', () => {
    expect(crossoverFandoms('"Harbour" DrWho/XFiles X-Over (1/3)')).toEqual(['Doctor Who', 'The X-Files']);
    expect(crossoverFandoms('A sequel to my earlier X-Files/Harbour Lights crossover.')).toEqual(['The X-Files', 'Harbour Lights']);
    expect(crossoverFandoms('This story is a crossover between the X-Files and Highlander.')).toEqual(['The X-Files', 'Highlander: The Series']);
  });

  it('reads two works a disclaimer names, but not their owners', () => {
    expect(crossoverFandoms('Based on the television series "The X-Files" and the film series "A Night at the Lighthouse"')).toEqual(['The X-Files', 'A Night at the Lighthouse']);
    expect(crossoverFandoms('Copyrights held by the creators of "The X- Files" and "Harbour Lights".')).toEqual(['The X-Files', 'Harbour Lights']);
    expect(crossoverFandoms('Characters are the property of "Lamp Productions" and "Harbour Lights".')).toEqual(['Harbour Lights']);
  });

  it('takes no fandom from one work named, or from prose', () => {
    expect(crossoverFandoms('Based on the series "The X-Files".')).toEqual([]);
    expect(crossoverFandoms('It was a cross-over of sorts, she said, and a crossover with nothing.')).toEqual([]);
  });
});

describe('expandInitials', () => {
  const fandom = (name: string) => FANDOMS.find((entry) => entry.name === name)!;
  it('reads initials that fit one main character each', () => {
    expect(expandInitials(['M', 'Sk'], fandom('The X-Files'))).toEqual(['Mulder', 'Skinner']);
    expect(expandInitials(['B', 'A'], fandom('Buffy the Vampire Slayer'))).toEqual(['Buffy', 'Angel']);
  });
  it('leaves ambiguous or unknown initials, and names, as written', () => {
    expect(expandInitials(['M', 'S'], fandom('The X-Files'))).toBeNull();
    expect(expandInitials(['C', 'L'], fandom('Smallville'))).toBeNull();
    expect(expandInitials(['W', 'Q'], fandom('Buffy the Vampire Slayer'))).toBeNull();
    expect(expandInitials(['Mulder', 'Sk'], fandom('The X-Files'))).toBeNull();
  });
});
