import { describe, expect, it } from 'vitest';
import { readDocument } from './document.ts';
import { htmlToText } from './html.flatten.ts';

// Saved web pages of the period, invented: the site's chrome around the story must not reach it.

function read(html: string) {
  const page = htmlToText(html);
  const result = readDocument({ source: 'mem', text: page.text, encoding: 'utf-8', addresses: page.addresses, repairs: [], htmlTitle: page.title } as never, {});
  if (result.kind !== 'work') throw new Error(`no work: ${result.kind}`);
  return { page, work: result.work };
}

const story = [
  '<p>The lanterns had burned down to stubs by the time Mara left the fairground, and the road home was darker than she remembered.</p>',
  '<p>Tobin caught up with her at the bridge. "You left without saying goodbye," he said, and she laughed, because that was exactly what she had meant to do.</p>',
  '<p>They walked the rest of the way together, listening to the river run fast and cold under the stones.</p>',
].join('\n');

describe('a journal entry saved whole', () => {
  const html = `<html><head><title>penname: Fic: The Lantern Road</title></head><body>
<table><tr><td><a href="http://penname.example.com/">penname</a> (<a href="http://penname.example.com/profile">userinfo</a>) wrote,<br>@ 2005-03-12 21:14:00</td></tr></table>
<div><a href="/go?dir=prev">Previous Entry</a> | <a href="/go?dir=next">Next Entry</a></div>
<div><a href="/memories?item=1">Add to Memories</a> | <a href="/tellafriend?item=1">Tell a Friend</a></div>
<p><b>Current Mood:</b> <img src="mood.gif"> cheerful<br><b>Current Music:</b> Some Band - Old Songs</p>
<p><b>Title:</b> The Lantern Road<br><b>Rating:</b> PG-13<br><b>Pairing:</b> Mara/Tobin<br><b>Summary:</b> A walk home after the fair.</p>
<a name="cutid1"></a>
${story}
<p>Tags: <a href="/tag/fic">fic</a>, <a href="/tag/mara">mara/tobin</a></p>
<div><a href="/1234.html?mode=reply">12 comments</a> | <a href="/1234.html?mode=reply">Leave a comment</a></div>
</body></html>`;

  it('reads the header and the story, and none of the journal around them', () => {
    const { page, work } = read(html);
    expect(page.text).not.toMatch(/Current Mood|Current Music|userinfo|Tags:|Previous Entry|Memories|comment/);
    expect(work.title).toBe('The Lantern Road');
    expect(work.rating).toBe('Teen And Up Audiences');
    expect(work.relationships).toEqual(['Mara/Tobin']);
    expect(work.chapters[0]?.text.startsWith('The lanterns had burned')).toBe(true);
    expect(work.chapters[0]?.text.endsWith('under the stones.')).toBe(true);
  });

  it('keeps a header "Tags:" line whose tags are not links', () => {
    expect(htmlToText('<p>Title: X<br>Tags: angst, fluff</p><p>Story.</p>').text).toContain('Tags: angst, fluff');
  });
});

describe('a hand-made home page', () => {
  const html = `<html><head><title>Starfall</title></head><body>
<center><font size="+2">Starfall</font><br>by Juniper Vale</center>
<hr>
${story}
<hr>
<center><a href="stories.html">Back to Stories</a> | <a href="index.html">Home</a> | <a href="part3.html">Next Part</a></center>
<p>Feedback is always welcome: <a href="mailto:juniper@example.com">juniper@example.com</a></p>
<center>You are visitor number <img src="c/1.gif"><img src="c/2.gif"> since June 1998</center>
<center><img src="netscape.gif" alt="Netscape Now!"><br>Best viewed in Netscape Navigator 4.0 at 800x600</center>
<center><table><tr><td>This site is a member of the <a href="http://ring.example.com/">Starship Stories Webring</a><br>[<a href="/prev">Prev</a>] [<a href="/next">Next</a>] [<a href="/random">Random</a>]</td></tr></table></center>
<p><font size="1">Last updated: March 3, 1999</font></p>
</body></html>`;

  it('drops the counter, the browser badge, the webring and the update date', () => {
    const { page, work } = read(html);
    expect(page.text).not.toMatch(/visitor|Best viewed|Webring|Random|Last updated|Back to Stories/);
    expect(work.title).toBe('Starfall');
    expect(work.creators).toEqual(['Juniper Vale']);
    expect(work.chapters[0]?.text).not.toMatch(/Feedback|juniper@/);
    expect(work.chapters[0]?.text.endsWith('under the stones.')).toBe(true);
  });

  it('keeps prose that mentions visitors or the last update', () => {
    const text = htmlToText('<p>The visitors came at noon, and nobody knew why.</p><p>Last updated the ledger, she went to bed.</p>').text;
    expect(text).toContain('The visitors came');
    expect(text).toContain('Last updated the ledger');
  });
});

describe('an archive story page saved whole', () => {
  const page = (rated: string) => `<html><head><title>The Winter Garden Chapter 1, a fanfic | Archive</title></head><body>
<div><a href="/">Archive</a> | <a href="/j/">just in</a> | <a href="/forums/">Forum</a></div>
<div><a href="/book/">Books</a> &gt; <a href="/book/Hills/">Hollow Hills</a></div>
<div><b>The Winter Garden</b><br>By: <a href="/u/1/Ashwing">Ashwing</a><br>
<div>Elena spends a winter in the old house and finds the garden is not as dead as it looks.</div>
<span>Rated: <a href="/ratings/">Fiction  ${rated}</a> - English - Romance - Chapters: 3   - Words: 4,567 - Reviews: <a href="/r/1/">12</a> - Favs: 30 - Updated: Feb 2, 2008 - Published: Dec 14, 2007 - id: 3948271 </span></div>
<select name="chapter"><option value="1" selected>1. Frost</option><option value="2">2. Thaw</option></select>
<button type="button">Next &gt;</button>
<div>${story}</div>
<div><table><tr><td>Review</td></tr><tr><td><textarea name="review"></textarea></td></tr><tr><td><button>Post Review</button></td></tr></table></div>
<div><a href="/help/">Help</a> . <a href="/tos/">Terms of Service</a> . <a href="/privacy/">Privacy Policy</a></div>
</body></html>`;

  it('reads title, author, summary and rating from the stat line, and none of the site', () => {
    const { page: flat, work } = read(page('T'));
    expect(flat.text).not.toMatch(/Reviews|Favs|id:|English|Frost|Next|Review|Terms|Forum/);
    expect(work.title).toBe('The Winter Garden');
    expect(work.creators).toEqual(['Ashwing']);
    expect(work.summary).toBe('Elena spends a winter in the old house and finds the garden is not as dead as it looks.');
    expect(work.rating).toBe('Teen And Up Audiences');
    expect(work.chapters[0]?.text.startsWith('The lanterns had burned')).toBe(true);
    expect(work.chapters[0]?.text.endsWith('under the stones.')).toBe(true);
  });

  it('maps the archive\'s K, K+ and M ratings', () => {
    expect(read(page('K')).work.rating).toBe('General Audiences');
    expect(read(page('K+')).work.rating).toBe('General Audiences');
    expect(read(page('M')).work.rating).toBe('Mature');
  });

  it('leaves a prose sentence with dashes alone', () => {
    const line = 'She said: no - not now - not ever - never: that was all.';
    expect(htmlToText(`<p>${line}</p>`).text).toBe(line);
  });
});

describe('a drabble set between rules', () => {
  const hundred = (seed: string) => {
    const words = `${seed} came down to the water at dusk and stood there a long time watching the light go`.split(' ');
    const out: string[] = [];
    for (let i = 0; out.length < 100; i++) out.push(words[i % words.length] as string);
    return `${out.join(' ')}.`;
  };
  const html = `<html><head><title>Three Drabbles</title></head><body><h2>Three Drabbles</h2><p>by Wren Ashby</p><hr>
${['Morning', 'Harvest', 'Letters'].map((title) => `<p><b>${title}</b></p>\n<p>${hundred(title)}</p>`).join('\n<hr>\n')}
<hr></body></html>`;

  it('reads each piece as a chapter under its own title, the first one too', () => {
    const { work } = read(html);
    expect(work.title).toBe('Three Drabbles');
    expect(work.creators).toEqual(['Wren Ashby']);
    expect(work.form).toBe('drabble-collection');
    expect(work.chapters.map((chapter) => chapter.title)).toEqual(['Morning', 'Harvest', 'Letters']);
  });

  it('still reads a subtitle under the byline as the card\'s when no titled pieces follow', () => {
    const { work } = read(`<h2>Tidewater</h2><p>by Ros Kell</p><p>A Sequel</p>${story}`);
    expect(work.title).toBe('Tidewater');
    expect(work.chapters).toHaveLength(1);
    expect(work.chapters[0]?.text.startsWith('The lanterns had burned')).toBe(true);
  });
});
