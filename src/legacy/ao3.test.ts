import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { strToU8, zipSync } from 'fflate';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDownload } from './ao3.download.ts';
import { looksLikeEpub } from './ao3.epub.ts';
import { looksLikeAo3Download } from './ao3.source.ts';
import { ao3Categories, ao3Rating, ao3Warnings } from './ao3.tags.ts';
import { chapterTitle, parseStats } from './ao3.work.ts';
import type { ImportedWork, Skipped } from './legacy.types.ts';
import { parsePaths } from './parse.ts';
import { adapterFor } from './source.registry.ts';

// AO3 downloads (test/fixtures/ao3, written for the project in the shape of otwarchive's
// download templates) through the whole pipeline, and the rules they rest on.
const folder = fileURLToPath(new URL('../../test/fixtures/ao3/', import.meta.url));
const samples = fileURLToPath(new URL('../../test/fixtures/samples/legacy/', import.meta.url));

async function parse(paths: string[]): Promise<{ works: ImportedWork[]; skipped: Skipped[] }> {
  const works: ImportedWork[] = [];
  const skipped: Skipped[] = [];
  for await (const event of parsePaths(paths)) {
    if (event.type === 'work') works.push(event.work);
    if (event.type === 'skipped') skipped.push(event.skipped);
  }
  return { works, skipped };
}

describe('AO3 downloads', () => {
  let works: ImportedWork[] = [];
  const byFile = (name: string) => works.find((work) => work.sources[0]?.endsWith(`/${name}`)) as ImportedWork;

  beforeAll(async () => {
    ({ works } = await parse([folder]));
  });

  it('are told from other pages by their content', () => {
    const head = (name: string) => readFileSync(`${folder}${name}`, 'latin1').slice(0, 65536);
    expect(adapterFor(head('tide-table.html')).kind).toBe('ao3');
    expect(adapterFor(head('letterbox.html')).kind).toBe('ao3');
    expect(adapterFor(readFileSync(`${samples}quiet_hours.html`, 'latin1')).kind).toBe('html');
    // A page that talks about AO3 is not a download.
    const mention = '<html><body><p>I moved my stories to the Archive of Our Own.</p><p>Posted originally on the list.</p></body></html>';
    expect(looksLikeAo3Download(mention)).toBe(false);
    expect(looksLikeEpub(readFileSync(`${folder}night-ferry.epub`, 'latin1'))).toBe(true);
    expect(looksLikeEpub('PK\u0003\u0004 an ordinary zip')).toBe(false);
  });

  it('read a chaptered work: tags, rating, warnings, categories, series, language and dates', () => {
    const work = byFile('tide-table.html');
    expect(work).toMatchObject({
      title: 'The Tide Table',
      creators: ['wrenfield'],
      fandoms: ['Harbour Lights (TV 1994)'],
      rating: 'Mature',
      warnings: ['Graphic Depictions Of Violence', 'Major Character Death'],
      categories: ['F/F', 'Gen'],
      relationships: ['Ines Varga/Marguerite Okafor', 'Ines Varga & Tomas Reid'],
      characters: ['Ines Varga', 'Marguerite Okafor', 'Tomas Reid'],
      freeforms: ['Lighthouses', 'Slow Burn', 'Storms'],
      series: { title: 'Keepers of the Light', position: 2 },
      status: 'complete',
      form: 'story',
      publishedAt: '2021-03-14',
      updatedAt: '2021-06-02',
      language: 'English',
      expectedChapters: 3,
      provenance: { archive: 'Archive of Our Own', list: null, feedback: null, encoding: 'utf-8' },
    });
    expect(work.summary).toBe('Ines keeps the light on Gull Rock and the tide table in her head. When the relief keeper does not come, she has to decide what she will keep *instead*.');
    expect(work.endNotes).toBe('Part three is planned. Thank you for reading!');
  });

  it('read chapters with their titles and own notes, and no preface or afterword chapter', () => {
    const work = byFile('tide-table.html');
    expect(work.chapters.map((c) => c.title)).toEqual(['Low Water', null, 'The Light Comes On']);
    expect(work.chapters[0]).toMatchObject({ summary: 'The relief boat is late.', notes: 'This chapter was the first thing I wrote for the bang.' });
    expect(work.chapters[0]?.text.startsWith('The boat from the mainland was due at four')).toBe(true);
    expect(work.chapters[1]?.endNotes).toBe('The skiff is borrowed from a real one I saw in a harbour once.');
    expect(work.chapters[1]?.notes).toBeUndefined();
    expect(work.chapters[1]?.text).toContain('"You have me until Thursday."\nInes did not say');
    expect(work.chapters[1]?.text).toContain('\n\n* * *\n\nThat night');
    expect(work.chapters[2]?.text.endsWith('turned for home.')).toBe(true);
  });

  it('count the words again by our rule, not AO3’s Stats line', () => {
    const work = byFile('tide-table.html');
    expect(work.chapters.map((c) => c.words)).toEqual([71, 53, 39]);
    expect(work.words).toBe(163);
    expect(work.labels).toContainEqual({ label: 'Stats', value: 'Published: 2021-03-14 Completed: 2021-06-02 Words: 1,111 Chapters: 3/3' });
  });

  it('keep the message, the notice and the comment request out of the text, in the provenance', () => {
    const work = byFile('tide-table.html');
    const everything = [work.summary, work.notes, work.endNotes, ...work.chapters.flatMap((c) => [c.text, c.notes, c.endNotes, c.summary])].join('\n');
    for (const chrome of ['Posted originally', 'adult content', 'drop by the Archive', 'See the end of the work', 'Preface', 'Afterword', 'Chapter Notes']) {
      expect(everything).not.toContain(chrome);
    }
    expect(work.labels).toContainEqual({ label: 'Posted originally', value: 'on the Archive of Our Own at https://archiveofourown.org/works/90000001.' });
    expect(work.labels).toContainEqual({ label: 'page notice', value: 'This work could have adult content. If you continue, you have agreed that you are willing to see such content.' });
    expect(work.labels).toContainEqual({ label: 'page notice', value: 'Please drop by the Archive and comment to let the creator know if you enjoyed their work!' });
    expect(work.labels).toContainEqual({ label: 'Collections', value: 'Harbour Lights Big Bang 2021' });
  });

  it('take addresses out of every field, and say so without naming them', () => {
    const work = byFile('tide-table.html');
    expect(JSON.stringify(work)).not.toContain('tidewriter@example.org');
    expect(work.notes).toBe('Thanks to my beta, who read this twice. Questions to [email address removed].');
    expect(work.repairs).toEqual([{ rule: 'privacy', before: 'an e-mail address', after: '[email address removed]', count: 1 }]);
  });

  it('read a single-chapter work: AO3’s newer warning name, co-creators, end notes, complete without a Chapters line', () => {
    const work = byFile('letterbox.html');
    expect(work).toMatchObject({
      title: 'Salt in the Letterbox',
      creators: ['Pell_and_Quill (pellquill)', 'juniper_k'],
      rating: 'General Audiences',
      warnings: ['Choose Not To Use Archive Warnings'],
      categories: ['Gen'],
      relationships: [],
      characters: ['Tomas Reid'],
      freeforms: ['Letters', 'Fluff'],
      summary: 'Tomas writes to the lighthouse. The lighthouse, eventually, writes back.',
      notes: null,
      endNotes: 'Written in one sitting on a wet Sunday.',
      series: null,
      status: 'complete',
      publishedAt: '2019-11-30',
      updatedAt: '2019-11-30',
      repairs: [],
    });
    expect(work.chapters).toHaveLength(1);
    expect(work.chapters[0]?.title).toBeNull();
    expect(work.chapters[0]?.text.split('\n\n')).toHaveLength(3);
  });

  it('read an EPUB cut into a file per chapter, a work in progress with AO3’s older warning name', () => {
    const work = byFile('night-ferry.epub');
    expect(work).toMatchObject({
      title: 'Night Ferry',
      creators: ['ferrylight'],
      rating: 'Teen And Up Audiences',
      // "Underage" is AO3's name until 2023 for our "Underage Sex"; a warning AO3 does not have is a tag.
      warnings: ['Underage Sex'],
      freeforms: ['Sea Sickness'],
      categories: ['M/M'],
      relationships: ['Tomas Reid/Anselm Brook'],
      summary: 'Two keepers, one crossing, no moon.',
      status: 'in-progress',
      expectedChapters: null,
      publishedAt: '2022-08-01',
      updatedAt: '2022-09-15',
      language: 'Français',
    });
    expect(work.chapters.map((c) => [c.title, c.words])).toEqual([['Casting Off', 37], [null, 41]]);
    expect(work.chapters[0]?.notes).toBe('Ferry timetables are approximate.');
    expect(work.labels.map((l) => l.value)).toContain('Please drop by the Archive and comment to let the creator know if you enjoyed their work!');
  });
});

describe('AO3 names and lines', () => {
  it('map ratings, warnings and categories onto ours', () => {
    expect(ao3Rating(['Explicit'])).toBe('Explicit');
    expect(ao3Rating(['Not Rated'])).toBe('Not Rated');
    expect(ao3Rating([])).toBe('Not Rated');
    expect(ao3Warnings(['Creator Chose Not To Use Archive Warnings', 'Rape/Non-Con']).warnings).toEqual(['Choose Not To Use Archive Warnings', 'Rape/Non-Con']);
    expect(ao3Warnings(['No Archive Warnings Apply'])).toEqual({ warnings: ['No Archive Warnings Apply'], freeforms: [] });
    expect(ao3Warnings(['Underage Sex', 'Underage']).warnings).toEqual(['Underage Sex']);
    expect(ao3Warnings([])).toEqual({ warnings: ['Choose Not To Use Archive Warnings'], freeforms: [] });
    expect(ao3Categories(['F/M', 'Multi', 'M/F'])).toEqual(['F/M', 'Multi']);
  });

  it('read chapter headings and the Stats line', () => {
    expect(chapterTitle('Chapter 12: The Long Way Round')).toBe('The Long Way Round');
    expect(chapterTitle('Chapter 4')).toBeNull();
    expect(chapterTitle('Epilogue')).toBe('Epilogue');
    expect(parseStats('Published: 2015-01-02 Updated: 2016-03-04 Words: 9,000 Chapters: 3/5')).toEqual({
      published: '2015-01-02', updated: '2016-03-04', completed: null, chapters: { posted: 3, expected: 5 },
    });
    expect(parseStats('Published: 2015-01-02 Chapters: 1/?').chapters).toEqual({ posted: 1, expected: null });
  });

  it('read an old single-chapter download whose text sits in div#chapters itself, and an anonymous byline', () => {
    const html = `<html><head><title>Gull Rock - Anonymous - Harbour Lights</title></head><body>
      <div id="preface"><p class="message"><b>Gull Rock</b><br/>Posted originally on the <a href="http://archiveofourown.org/">Archive of Our Own</a> at <a href="http://archiveofourown.org/works/5">http://archiveofourown.org/works/5</a>.</p>
      <div class="meta"><dl class="tags"><dt>Rating:</dt><dd>Mature</dd><dt>Fandom:</dt><dd>Harbour Lights</dd></dl>
      <div class="byline">by Anonymous</div></div></div>
      <div id="chapters" class="userstuff"><p>The rock was there before the light.</p><p>It will be there after.</p></div>
      </body></html>`;
    const download = readDownload(html);
    expect(download.title).toBeNull();
    expect(download.messageTitle).toBe('Gull Rock');
    expect(download.creators).toEqual([]);
    expect(download.fields.map((f) => [f.label, f.values])).toEqual([['Rating', ['Mature']], ['Fandom', ['Harbour Lights']]]);
    expect(download.chapters).toHaveLength(1);
    expect(download.chapters[0]?.body).toContain('It will be there after.');
  });

  it('give no work for a download of the preface alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rr-ao3-'));
    try {
      const preface = readFileSync(`${folder}letterbox.html`, 'utf8').replace(/<div id="chapters"[\s\S]*?<div id="afterword">/, '<div id="afterword">');
      writeFileSync(join(dir, 'preface-only.html'), preface);
      const { works, skipped } = await parse([dir]);
      expect(works).toEqual([]);
      expect(skipped).toEqual([{ source: join(dir, 'preface-only.html'), reason: 'an AO3 download without any chapter text' }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('EPUBs that are not AO3’s, and broken ones', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'rr-epub-'));
    const container = '<?xml version="1.0"?><container><rootfiles><rootfile full-path="book/package.opf"/></rootfiles></container>';
    const opf = '<package><metadata><dc:title>Harvest Notes</dc:title><dc:creator>Example Writer</dc:creator></metadata><manifest><item id="a" href="text/one.xhtml"/></manifest><spine><itemref idref="a"/></spine></package>';
    const chapter = '<html><body><p>Title: Harvest Notes</p><p>Author: Example Writer</p><p>The corn stood high that year, and nobody in the valley could remember a better one.</p></body></html>';
    writeFileSync(join(dir, 'plain.epub'), zipSync({ mimetype: [strToU8('application/epub+zip'), { level: 0 }], 'META-INF/container.xml': strToU8(container), 'book/package.opf': strToU8(opf), 'book/text/one.xhtml': strToU8(chapter) }));
    writeFileSync(join(dir, 'broken.epub'), Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(26), Buffer.from('mimetypeapplication/epub+zip'), Buffer.alloc(64, 0)]));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('read another EPUB as a page, by the text rules, and report a broken one', async () => {
    const { works, skipped } = await parse([dir]);
    expect(works).toHaveLength(1);
    expect(works[0]).toMatchObject({ title: 'Harvest Notes', creators: ['Example Writer'] });
    expect(works[0]?.chapters[0]?.text).toContain('The corn stood high that year');
    expect(skipped).toEqual([{ source: join(dir, 'broken.epub'), reason: expect.stringMatching(/^an EPUB that cannot be unzipped|^an EPUB without a readable package/) }]);
  });
});
