import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { countWords } from '../text/words.ts';
import type { ImportedWork, Skipped } from './legacy.types.ts';
import { parsePaths } from './parse.ts';

// Our own byte-exact fixtures (test/fixtures/importer), through the whole pipeline.
const folder = fileURLToPath(new URL('../../test/fixtures/importer/', import.meta.url));

describe('importer fixtures', () => {
  const works: ImportedWork[] = [];
  const skipped: Skipped[] = [];
  const byFile = (name: string) => works.find((work) => work.sources.some((s) => s.endsWith(`/${name}`) || s.includes(`/${name}#`)));

  beforeAll(async () => {
    for await (const event of parsePaths([folder], { archive: 'Fixture Archive' })) {
      if (event.type === 'work') works.push(event.work);
      if (event.type === 'skipped') skipped.push(event.skipped);
    }
  });

  it('reports empty, binary, DO NOT ARCHIVE and reply files with a reason, and goes on', () => {
    const reasons = Object.fromEntries(skipped.map((s) => [s.source.split('/').pop(), s.reason]));
    expect(reasons['empty.txt']).toBe('empty file');
    expect(reasons['binary.dat']).toMatch(/binary/);
    expect(reasons['do-not-archive.txt']).toMatch(/DO NOT ARCHIVE/);
    expect(reasons['do-not-archive-footer.txt']).toMatch(/DO NOT ARCHIVE/);
    expect(reasons['reply.eml']).toMatch(/reply/);
    expect(reasons['parts.mbox#4']).toMatch(/reply/);
    expect(reasons['archive-dump.sql']).toMatch(/database dump/);
    expect(works.length).toBeGreaterThanOrEqual(11);
  });

  it('reads a cp1252 file: quotes, rating range, pre-slash, friendship, consent to ask', () => {
    const work = byFile('cp1252.txt') as ImportedWork;
    expect(work.provenance.encoding).toBe('windows-1252');
    expect(work.chapters[0]?.text).toBe('“You’re late,” Clark said, and Lex smiled the naïve smile he kept for lies.\n\nThe café was nearly empty… only the two of them and the rain.');
    expect(work.rating).toBe('Mature');
    expect(work.relationships).toEqual(['Clark/Lex', 'Chloe & Lana']);
    expect(work.categories).toEqual(['M/M']);
    expect(work.freeforms).toEqual(expect.arrayContaining(['Angst', 'Hurt/Comfort', 'Pre-Slash']));
    expect(work.archiveConsent).toBe('ask');
    expect(work.status).toBe('in-progress');
    expect(work.fandoms).toEqual(['Smallville']);
    expect(work.provenance.archive).toBe('Fixture Archive');
  });

  it('assembles an mbox story posted out of order, drops its repost and the reply, and flags a gap', () => {
    const tinRoof = works.filter((w) => w.title === 'Tin Roof');
    expect(tinRoof).toHaveLength(1);
    const work = tinRoof[0] as ImportedWork;
    expect(work.sources.map((s) => s.split('/').pop())).toEqual(['parts.mbox#2', 'parts.mbox#3', 'parts.mbox#1']);
    expect(work.chapters.map((c) => c.text.split(' ').slice(0, 2).join(' '))).toEqual(['The first', 'The second', 'The third']);
    expect(work.status).toBe('complete');
    expect(work.provenance.list).toBe('svfic');
    expect(JSON.stringify(work)).not.toContain('wren@example.invalid');
    expect(work.chapters.map((c) => c.text).join('\n')).not.toMatch(/TBC|mailing list|Title:/);
    const fence = works.find((w) => w.title === 'Fence Line') as ImportedWork;
    expect(fence.flags.filter((f) => f.code === 'missing-part')).toEqual([{ code: 'missing-part', detail: 'part 2/3 not found' }]);
    expect(fence.status).toBe('in-progress');
  });

  it('reads HTML tag soup: navigation dropped, byline, bold labels, entities, emphasis', () => {
    const work = byFile('tagsoup.html') as ImportedWork;
    expect(work.title).toBe('Blue Hour');
    expect(work.creators).toEqual(['Ilse Marrow']);
    expect(work.rating).toBe('Explicit');
    expect(work.categories).toEqual(['F/M']);
    const text = work.chapters[0]?.text ?? '';
    expect(text.startsWith('Mulder sat on the edge of the bed')).toBe(true);
    expect(text).toContain('her coat — soaked through — over one arm, and said, "Don’t."');
    expect(text).toContain('*neither*');
    expect(text).not.toMatch(/Home|Fiction|fin|Feedback|<|&#/);
    expect(work.status).toBe('complete');
    expect(JSON.stringify(work)).not.toContain('ilse@example.invalid');
  });

  it('joins a story posted as numbered web pages', () => {
    const work = works.find((w) => w.title === 'Harvest Moon') as ImportedWork;
    expect(work.sources.map((s) => s.split('/').pop())).toEqual(['pages-part1.html', 'pages-part2.html']);
    expect(work.chapters.map((c) => c.words)).toEqual([10, 10]);
    expect(work.status).toBe('complete');
    expect(work.flags.filter((f) => f.code === 'missing-part')).toEqual([]);
  });

  it('repairs entities, C1 controls and lost letters in plain text and lists them', () => {
    const work = byFile('entities.txt') as ImportedWork;
    expect(work.title).toBe('Entities & Controls');
    expect(work.chapters[0]?.text).toContain('It’s a cliché of the genre, the regal façade of an old house.');
    expect(work.repairs.map((r) => [r.rule, r.before, r.after])).toEqual(
      expect.arrayContaining([['lost-letter', 'faade', 'façade'], ['lost-letter', 'clich', 'cliché'], ['html-entity', '&#151;', '—']]),
    );
    expect(work.flags).toContainEqual({ code: 'repaired-word', detail: '"faade" restored as "façade"' });
  });

  it('undoes hard wraps and paragraph indents', () => {
    const work = byFile('wrapped.txt') as ImportedWork;
    const paragraphs = work.chapters[0]?.text.split('\n\n') ?? [];
    expect(paragraphs).toHaveLength(7);
    expect(paragraphs[0]).toBe('The road out of Cascade ran north along the water, and Jim drove it with the window down even though it was November and Blair complained about the cold every few miles.');
    expect(paragraphs[5]).toBe('* * *');
  });

  it('splits a drabble collection at its separators with numbered titles', () => {
    const work = byFile('drabbles-separated.txt') as ImportedWork;
    expect(work.form).toBe('drabble-collection');
    expect(work.freeforms).toContain('Drabble');
    expect(work.chapters.map((c) => [c.title, c.words])).toEqual([['1. Frost', 100], ['2. Thaw', 100], ['3. Rime', 100], ['4. Sleet', 100]]);
  });

  it('hands creators’ addresses over privately, never in the printed JSON', async () => {
    const { contactsOf } = await import('./contacts.ts');
    const tinRoof = works.find((w) => w.title === 'Tin Roof') as ImportedWork;
    expect(contactsOf(tinRoof)).toEqual([{ name: 'Wren Halloway', address: 'wren@example.invalid' }]);
    expect(JSON.stringify(tinRoof)).not.toContain('@');
    expect(contactsOf(byFile('tagsoup.html') as ImportedWork)).toEqual([{ name: 'Ilse Marrow', address: 'ilse@example.invalid' }]);
  });

  it('reads an archive page: no DOCTYPE in the text, title and byline on one line, the header table, the disclaimer at the foot', () => {
    const work = byFile('efiction-page.html') as ImportedWork;
    expect(work.title).toBe('Ice Fishing');
    expect(work.creators).toEqual(['Northern Lights']);
    expect(work.rating).toBe('Teen And Up Audiences');
    expect(work.characters).toEqual(['Benton Fraser', 'Ray Kowalski', 'Diefenbaker']);
    expect(work.notes).toBe('For Marguerite, who asked for ice.');
    expect(work.disclaimer).toBe('Due South belongs to Alliance. All stories © their authors.');
    expect(work.fandoms).toEqual(['Due South']);
    expect(work.chapters.map((c) => c.title)).toEqual(['1. The Hole', '2. The Fish']);
    expect(work.chapters.map((c) => c.text).join('\n')).not.toMatch(/DOCTYPE|Disclaimer|Northern Lights/);
  });

  it('reads a Gossamer post: a cast in the disclaimer names its fandom, MSR is a relationship', () => {
    const work = byFile('gossamer-post.txt') as ImportedWork;
    expect(work.fandoms).toEqual(['The X-Files']);
    expect(work.relationships).toEqual(['Fox Mulder/Dana Scully']);
    expect(work.categories).toEqual(['F/M']);
    expect(work.archiveConsent).toBe('ask');
    expect(work.status).toBe('in-progress');
    expect(JSON.stringify(work)).not.toContain('dwhit@example.net');
  });

  it('reads a file with classic Mac line ends (CR alone) and a "Story:" label for the title', () => {
    const work = byFile('mac-line-ends.txt') as ImportedWork;
    expect(work).toMatchObject({ title: 'Gate Night', creators: ['P. Jackson-Fan'], fandoms: ['Stargate SG-1'], rating: 'Explicit', status: 'complete' });
    expect(work.warnings).toEqual(['Major Character Death']);
    expect(work.chapters[0]?.text).toBe('The gate spun up at midnight. Daniel did not look back.\n\nJack did.');
  });

  it('keeps every work consistent with the contract’s word count and keys', () => {
    for (const work of works) {
      for (const chapter of work.chapters) expect(chapter.words).toBe(countWords(chapter.text));
      expect(work.words).toBe(work.chapters.reduce((sum, c) => sum + c.words, 0));
      expect(Object.keys(work).slice(0, 23)).toEqual([
        'sources', 'title', 'creators', 'fandoms', 'rating', 'warnings', 'categories', 'relationships', 'characters', 'freeforms',
        'summary', 'notes', 'endNotes', 'disclaimer', 'challenge', 'series', 'status', 'form', 'chapters', 'words', 'archiveConsent',
        'provenance', 'repairs',
      ]);
    }
  });
});
