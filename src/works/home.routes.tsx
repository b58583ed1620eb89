import type { Hono } from 'hono';
import type { AppEnv } from '../web/env.ts';
import { renderPage } from '../web/layout.tsx';
import { tagPath } from '../tags/tag.names.ts';
import { BlurbList } from './blurb.views.tsx';
import { renderListing } from './listing.page.tsx';
import { countWorks, fandomCounts } from './listing.repository.ts';
import { recentWorks } from './listing.service.ts';
import { HiddenByBlocklist } from '../readers/reader.views.tsx';
import { Memo } from '../web/memo.ts';

export function mountHomeRoutes(app: Hono<AppEnv>): void {
  // Counting every work and fandom costs seconds on a million works; a minute-old figure
  // on the front page is fine. Keyed by whether restricted works count.
  const figures = new Memo<{ total: number; fandoms: Awaited<ReturnType<typeof fandomCounts>> }>(60_000);

  app.get('/', async (c) => {
    const db = c.var.app.db.kysely;
    const viewer = c.var.viewer;
    const loggedIn = viewer !== null;
    // The archive's own figures, the same for every reader; the works listed are the reader's.
    const everything = { loggedIn, scope: {}, includeIds: [], excludeIds: [], sort: 'updated' as const, descending: true };
    const [recent, { total, fandoms: allFandoms }] = await Promise.all([
      recentWorks(c.var.app, viewer, 10),
      figures.get(loggedIn ? 'members' : 'public', async () => {
        const [total, fandoms] = await Promise.all([countWorks(db, everything, Number.MAX_SAFE_INTEGER), fandomCounts(db, loggedIn, 40)]);
        return { total, fandoms };
      }),
    ]);
    const blurbs = recent.works;
    const fandoms = allFandoms.filter((f) => !recent.blockedTagIds.has(f.id));
    return renderPage(
      c,
      { title: 'Records Room', description: 'An archive of fan works: read, write and rescue fan fiction.' },
      <>
        <h1>Records Room</h1>
        <p>An archive of fan works, {total.toLocaleString('en')} of them so far. {loggedIn ? <a href="/works/new">Post a new work.</a> : <><a href="/signup">Sign up</a> to post your own.</>}</p>
        <div class="home">
          <section aria-labelledby="recent-heading">
            <h2 id="recent-heading">Recently updated</h2>
            {recent.hiddenByBlocklist && viewer ? <HiddenByBlocklist login={viewer.login} /> : <BlurbList works={blurbs} empty="Nothing has been posted yet. Be the first!" />}
            {total > blurbs.length ? <p><a href="/works">All works →</a></p> : null}
          </section>
          <section aria-labelledby="fandoms-heading">
            <h2 id="fandoms-heading">Fandoms</h2>
            {fandoms.length === 0 ? (
              <p class="muted">No fandoms yet.</p>
            ) : (
              <ul class="fandom-list">
                {fandoms.map((f) => (
                  <li><a href={tagPath(f.urlName)}>{f.name}</a> <span class="muted">({Number(f.workCount).toLocaleString('en')})</span></li>
                ))}
              </ul>
            )}
          </section>
        </div>
      </>,
    );
  });

  app.get('/works', (c) => renderListing(c, { title: 'Works', heading: 'Works', empty: 'Nothing has been posted yet.' }));
}
