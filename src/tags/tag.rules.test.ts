import { describe, expect, it } from 'vitest';
import type { Tag } from '../db/schema.ts';
import { checkWrangle, type WrangleFacts, type WrangleRequest } from './tag.rules.ts';

let nextId = 1;
function tag(type: string, name: string, fields: Partial<Tag> = {}): Tag {
  return { id: nextId++, type, name, nameKey: name.toLowerCase(), urlName: name, isCanonical: 1, mergerId: null, createdAt: '', ...fields };
}

const clark = tag('Character', 'Clark Kent');
const smallville = tag('Fandom', 'Smallville');

function facts(subject: Tag, changes: Partial<WrangleFacts> = {}): WrangleFacts {
  return { tag: subject, synonymTarget: null, targetCanonical: undefined, synonymNames: [], subTagNames: [], fandoms: [], metaTags: [], subTagIdsBelow: new Set(), ...changes };
}
const request = (changes: Partial<WrangleRequest> = {}): WrangleRequest => ({ isCanonical: true, synonymOf: '', fandoms: [], metaTags: [], ...changes });

describe('wrangling rules', () => {
  it('accept a plain canonical tag with a canonical fandom', () => {
    expect(checkWrangle(facts(clark, { fandoms: [{ name: 'Smallville', tag: smallville }] }), request({ fandoms: ['Smallville'] }))).toEqual({});
  });

  it('refuse to un-canonise a tag with synonyms, unless it is merged into another', () => {
    const withSynonyms = facts(clark, { synonymNames: ['Kal-El', 'Superman', 'CK', 'Clark', 'Smallville Clark', 'Blur'] });
    expect(checkWrangle(withSynonyms, request({ isCanonical: false })).isCanonical).toBe(
      '“Clark Kent” has synonyms (“Kal-El”, “Superman”, “CK”, “Clark”, “Smallville Clark” and 1 more); make it a synonym of another canonical tag to move them, or move them first.',
    );
    const target = tag('Character', 'Clark Kent (Smallville)');
    expect(checkWrangle({ ...withSynonyms, synonymTarget: { name: target.name, tag: target } }, request({ isCanonical: false, synonymOf: target.name }))).toEqual({});
  });

  it('explain that a tag cannot follow its own synonym', () => {
    const clex = tag('Relationship', 'Clex', { isCanonical: 0, mergerId: 999 });
    const canonical = tag('Relationship', 'Clark Kent/Lex Luthor', { id: 999 });
    const result = checkWrangle(facts(canonical, { synonymTarget: { name: 'Clex', tag: clex }, targetCanonical: canonical }), request({ isCanonical: false, synonymOf: 'Clex' }));
    expect(result.synonymOf).toBe('“Clex” is a synonym of this tag; to swap them, make “Clex” canonical on its own page first.');
  });

  it('refuse metatags on a tag that will not be canonical', () => {
    const meta = tag('Character', 'Superman (All Versions)');
    expect(checkWrangle(facts(clark, { metaTags: [{ name: meta.name, tag: meta }] }), request({ isCanonical: false, metaTags: [meta.name] })).metaTags).toBe(
      'Only canonical tags can have metatags.',
    );
  });

  it('refuse a metatag that already sits below the tag', () => {
    const below = tag('Character', 'Clark Kent (Earth-2)');
    const result = checkWrangle(facts(clark, { metaTags: [{ name: below.name, tag: below }], subTagIdsBelow: new Set([below.id]) }), request({ metaTags: [below.name] }));
    expect(result.metaTags).toMatch(/would make a loop/);
  });

  it('cap the lists and refuse fandoms for fandom tags', () => {
    const many = Array.from({ length: 51 }, (_, i) => `Fandom ${i}`);
    expect(checkWrangle(facts(clark), request({ fandoms: many })).fandoms).toBe('List at most 50 fandoms.');
    expect(checkWrangle(facts(smallville, { fandoms: [{ name: 'DCU', tag: tag('Fandom', 'DCU') }] }), request({ fandoms: ['DCU'] })).fandoms).toMatch(/Only characters/);
  });
});
