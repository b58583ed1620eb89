import { describe, expect, it } from 'vitest';
import { PartAssembler } from './assemble.ts';
import type { ImportedWork } from './legacy.types.ts';

function part(source: string, text: string, status: ImportedWork['status'] = 'unknown'): ImportedWork {
  const words = text.split(' ').length;
  return {
    sources: [source], title: 'Tin Roof', creators: ['Wren'], fandoms: ['Smallville'], rating: 'General Audiences',
    warnings: ['Choose Not To Use Archive Warnings'], categories: [], relationships: [], characters: [], freeforms: [],
    summary: null, notes: null, endNotes: null, disclaimer: null, challenge: null, series: null, status, form: 'ficlet',
    chapters: [{ title: null, text, words }], words, archiveConsent: null,
    provenance: { archive: null, list: 'svfic', feedback: null, encoding: 'utf-8' }, repairs: [], labels: [], flags: [],
  };
}

describe('PartAssembler', () => {
  it('assembles parts posted out of order into one work, in order', () => {
    const assembler = new PartAssembler();
    expect(assembler.add('k', part('m#3', 'three', 'complete'), { number: 3, total: 3 }).kind).toBe('pending');
    expect(assembler.add('k', part('m#1', 'one'), { number: 1, total: 3 }).kind).toBe('pending');
    const result = assembler.add('k', part('m#2', 'two'), { number: 2, total: 3 });
    expect(result.kind).toBe('complete');
    if (result.kind !== 'complete') return;
    expect(result.work.sources).toEqual(['m#1', 'm#2', 'm#3']);
    expect(result.work.chapters.map((c) => c.text)).toEqual(['one', 'two', 'three']);
    expect(result.work.status).toBe('complete');
  });

  it('keeps the longest copy of a duplicate part and drops reposts of assembled stories', () => {
    const assembler = new PartAssembler();
    assembler.add('k', part('a', 'one'), { number: 1, total: 2 });
    assembler.add('k', part('b', 'one, longer'), { number: 1, total: 2 });
    const result = assembler.add('k', part('c', 'two'), { number: 2, total: 2 });
    expect(result.kind === 'complete' && result.work.chapters[0]?.text).toBe('one, longer');
    expect(result.kind === 'complete' && result.work.flags.map((f) => f.code)).toEqual(['duplicate-part']);
    expect(assembler.add('k', part('d', 'two'), { number: 2, total: 2 }).kind).toBe('duplicate');
  });

  it('flags gaps when the run ends with parts missing', () => {
    const assembler = new PartAssembler();
    assembler.add('k', part('a', 'one'), { number: 1, total: 3 });
    assembler.add('k', part('c', 'three', 'complete'), { number: 3, total: 3 });
    const [work] = assembler.flush();
    expect(work?.flags).toEqual([{ code: 'missing-part', detail: 'part 2/3 not found' }]);
    expect(work?.status).toBe('in-progress');
  });
});
