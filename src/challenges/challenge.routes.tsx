import type { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { groupBy } from '../arrays.ts';
import { ADULT_COOKIE } from '../web/cookies.ts';
import { findCollectionByName } from '../collections/collection.repository.ts';
import { describeWordRule, wordRuleOf } from '../collections/word-rule.ts';
import { ADULT_RATINGS } from '../tags/tag.types.ts';
import { tagsOfWorks } from '../tags/tag.repository.ts';
import type { AppEnv, WebContext } from '../web/env.ts';
import { notFound } from '../web/errors.tsx';
import { renderPage } from '../web/layout.tsx';
import { chaptersWithText, creatorsOfWorks, type CreatorRow } from '../works/work.repository.ts';
import { loadReadableWork } from '../works/work.loader.ts';
import { isCreator, needsAdultNotice, shownCreators } from '../works/work.visibility.ts';
import { mountPromptRoutes } from './prompt.routes.tsx';
import { approvedWorksOfCollection } from './challenge.repository.ts';
import { ChallengePage, type ChallengeEntry, type ChallengeView, TowerPage } from './tower.views.tsx';

const ANONYMOUS = 'Anonymous';

/** The names a reader sees on a work, as shownCreators decides (none on an anonymous work). */
function bylineOf(c: WebContext, work: { inAnonCollection: number }, creators: CreatorRow[]): string {
  const shown = shownCreators(c.var.viewer, work, creators);
  return shown.length ? shown.map((x) => (x.pseudName === x.login ? x.login : `${x.pseudName} (${x.login})`)).join(', ') : ANONYMOUS;
}

export function mountChallengeRoutes(app: Hono<AppEnv>): void {
  mountPromptRoutes(app);
  // The tower view: every chapter of a work on one page, a rule between them. It is offered for
  // any work (a tower is a shape, not a flag); the challenge page links works of many drabbles here.
  app.get('/works/:id/tower', async (c) => {
    const loaded = await loadReadableWork(c);
    if (loaded instanceof Response) return loaded;
    const { work, creators } = loaded;
    const db = c.var.app.db.kysely;
    const rating = (await tagsOfWorks(db, [work.id])).find((t) => t.type === 'rating');
    const isAdult = rating !== undefined && ADULT_RATINGS.includes(rating.name);
    const choice = { asked: c.req.query('view_adult'), cookie: getCookie(c, ADULT_COOKIE) };
    // The work's own page asks the adult question and remembers the answer.
    if (needsAdultNotice(c.var.viewer, work.id, creators, isAdult, choice)) return c.redirect(`/works/${work.id}?view_full_work=true`, 303);
    const chapters = await chaptersWithText(db, work.id);
    const tower = { workId: work.id, title: work.title, byline: bylineOf(c, work, creators), chapters };
    return renderPage(c, { title: `${work.title} (tower)`, noIndex: work.isDraft === 1 }, <TowerPage tower={tower} />);
  });

  app.get('/collections/:name/challenge', async (c) => {
    const db = c.var.app.db.kysely;
    const collection = await findCollectionByName(db, c.req.param('name'));
    if (!collection) return notFound(c);
    const works = await approvedWorksOfCollection(db, collection.id, { loggedIn: c.var.viewer !== null });
    const creators = await creatorsOfWorks(db, works.map((w) => w.id));
    const byWork = groupBy(creators, (x) => x.workId);
    const towers: ChallengeView['towers'] = [];
    const participants = new Map<string, ChallengeEntry[]>();
    for (const work of works) {
      const entry: ChallengeEntry = { workId: work.id, title: work.title, drabbles: work.chapterCount, words: work.wordCount };
      const byline = bylineOf(c, work, byWork.get(work.id) ?? []);
      if (work.chapterCount > 1) towers.push({ ...entry, byline });
      participants.set(byline, [...(participants.get(byline) ?? []), entry]);
    }
    const rule = wordRuleOf(collection);
    const view: ChallengeView = {
      name: collection.name,
      title: collection.title,
      rule: rule && describeWordRule(rule),
      towers,
      participants: [...participants].map(([name, entries]) => ({ name, entries })),
    };
    return renderPage(c, { title: `${collection.title}: challenge` }, <ChallengePage challenge={view} />);
  });
}
