import type { AppContext } from '../context.ts';
import { ok } from '../context.ts';
import { chunks } from '../arrays.ts';
import type { Chapter, Work } from '../db/schema.ts';
import { inTransaction } from '../db/transaction.ts';
import { tagsOfWorks } from '../tags/tag.repository.ts';
import { htmlToText } from '../text/html.ts';
import { creatorLink } from '../works/work.presenter.ts';
import { creatorsOfWorks, findChapter, findWork } from '../works/work.repository.ts';
import { announcedCreators, shownCreators } from '../works/work.visibility.ts';
import type { WorkNews } from './announce.jobs.ts';
import { deliverNews, type NewsItem } from './news.delivery.ts';
import { subscribersOf, tagSubscribersOfWork, type Subscriber } from './subscription.repository.ts';
import { seriesOfWork } from '../series/series.repository.ts';

// Subscription news of a posted work or chapter (the announceWork job):
//  - a new chapter: the work's subscribers;
//  - a new work: the subscribers of its creators (announcedCreators: never an anonymous
//    work's) and of every tag it counts under (its filter set: synonyms and subtags included);
//  - a new work or chapter of a work in a series: that series' subscribers too, and a posted
//    work that joins a series later (news 'series'): that series' subscribers alone.
// Subscribers are found by set queries and told a chunk at a time through deliverNews, which
// applies the guard, each person's choice and confirmed addresses. A person subscribed several
// ways hears once (their first way: a creator before a tag), and nobody hears of their own work.
// Each item's key names the event and the person, so a retried job queues nothing twice.

/** Items per deliverNews call and per transaction: short write transactions for SQLite's one writer. */
const CHUNK = 500;

const SITE = 'Records Room';

/** Why a person hears of the news: the subscription, and what it is to. */
interface Reason {
  subscriptionId: number;
  via: { type: 'work' } | { type: 'creator' } | { type: 'tag'; tagName: string } | { type: 'series'; title: string };
}

interface Story {
  work: Work;
  chapter: Chapter;
  byline: string;
  /** Rating, fandoms and the chapter, as a list post gives them: the same lines for every reader. */
  facts: string[];
  /** The chapter's summary (for a new chapter) and the work's, as plain text, made once for every item. */
  chapterSummary: string | null;
  workSummary: string | null;
  href: string;
}

export async function tellSubscribers(ctx: AppContext, news: WorkNews): Promise<void> {
  const db = ctx.db.kysely;
  const [work, chapter] = await Promise.all([findWork(db, news.workId), findChapter(db, news.workId, news.chapterId)]);
  // Deleted, a draft again or hidden since it was posted: the guard would drop every item anyway.
  if (!work || !chapter || work.isDraft === 1 || work.hiddenAt !== null) return;
  const creators = await creatorsOfWorks(db, [work.id]);
  const ownUserIds = new Set(creators.map((c) => c.userId));

  const reasons = new Map<number, Reason>();
  const add = <S extends Subscriber>(subscribers: S[], via: (s: S) => Reason['via']) => {
    for (const s of subscribers) {
      if (!ownUserIds.has(s.userId) && !reasons.has(s.userId)) reasons.set(s.userId, { subscriptionId: s.subscriptionId, via: via(s) });
    }
  };
  const series = (await seriesOfWork(db, work.id)).filter((s) => news.news !== 'series' || s.id === news.seriesId);
  const titles = new Map(series.map((s) => [s.id, s.title]));
  const addSeries = async () => add(await subscribersOf(db, 'series', [...titles.keys()]), (s) => ({ type: 'series', title: titles.get(s.targetId)! }));
  if (news.news === 'chapter') {
    add(await subscribersOf(db, 'work', [work.id]), () => ({ type: 'work' }));
    await addSeries();
  } else if (news.news === 'work') {
    const creatorIds = [...new Set(announcedCreators(work, creators).map((c) => c.userId))];
    add(await subscribersOf(db, 'creator', creatorIds), () => ({ type: 'creator' }));
    await addSeries();
    add(await tagSubscribersOfWork(db, work.id), (s) => ({ type: 'tag', tagName: s.tagName }));
  } else {
    await addSeries();
  }
  if (reasons.size === 0) return;

  const tags = await tagsOfWorks(db, [work.id]);
  const ofType = (type: string) => tags.filter((t) => t.type === type).map((t) => t.name);
  const story: Story = {
    work,
    chapter,
    // Mail goes to readers who are not the creators: the byline is what anyone sees.
    byline: shownCreators(null, work, creators).map((c) => creatorLink(c).label).join(', ') || 'Anonymous',
    facts: [
      ...ofType('Rating').map((r) => `Rating: ${r}`),
      ...(ofType('Fandom').length ? [`Fandom: ${ofType('Fandom').join(', ')}`] : []),
      `Chapter ${chapter.position}${work.expectedChapters ? `/${work.expectedChapters}` : ''}${chapter.title ? `: ${chapter.title}` : ''} (${chapter.wordCount.toLocaleString('en')} words)`,
    ],
    chapterSummary: chapter.summary ? htmlToText(chapter.summary) : null,
    workSummary: work.summary ? htmlToText(work.summary) : null,
    href: news.news === 'chapter' && chapter.position > 1 ? `${ctx.config.baseUrl}/works/${work.id}/chapters/${chapter.id}` : `${ctx.config.baseUrl}/works/${work.id}`,
  };
  const items = [...reasons].map(([userId, reason]) => itemFor(story, userId, reason));
  for (const chunk of chunks(items, CHUNK)) {
    await inTransaction(ctx, async (trx) => ok(await deliverNews(ctx, trx, chunk)));
  }
}

function itemFor(story: Story, userId: number, reason: Reason): NewsItem {
  const { work, chapter } = story;
  const title = `"${work.title}"`;
  let subject: string;
  let opening: string;
  let line: string;
  let because: string;
  if (reason.via.type === 'work') {
    subject = `[${SITE}] New chapter of ${title}`;
    opening = `${title} by ${story.byline} has a new chapter.`;
    line = `New chapter of ${title} by ${story.byline}: ${story.href}`;
    because = `you subscribed to ${title}`;
  } else if (reason.via.type === 'creator') {
    subject = `[${SITE}] New work by ${story.byline}: ${title}`;
    opening = `${story.byline} posted a new work.`;
    line = `New work by ${story.byline}: ${title} ${story.href}`;
    because = `you subscribed to ${story.byline}`;
  } else if (reason.via.type === 'series') {
    const series = `"${reason.via.title}"`;
    const isChapter = chapter.position > 1;
    subject = isChapter ? `[${SITE}] New chapter of ${title} in the series ${series}` : `[${SITE}] New work in the series ${series}: ${title}`;
    opening = isChapter ? `${title} by ${story.byline}, in the series ${series}, has a new chapter.` : `${title} by ${story.byline} is a new part of the series ${series}.`;
    line = `${isChapter ? 'New chapter' : 'New work'} in the series ${series}: ${title} by ${story.byline} ${story.href}`;
    because = `you subscribed to the series ${series}`;
  } else {
    subject = `[${SITE}] New work in ${reason.via.tagName}: ${title}`;
    opening = `A new work was posted in ${reason.via.tagName}.`;
    line = `New work in ${reason.via.tagName}: ${title} by ${story.byline} ${story.href}`;
    because = `you subscribed to the tag ${reason.via.tagName}`;
  }
  const summary = (reason.via.type === 'work' || (reason.via.type === 'series' && chapter.position > 1) ? story.chapterSummary : null) ?? story.workSummary;
  const text = [
    opening,
    '',
    `Title: ${work.title}`,
    `By: ${story.byline}`,
    ...story.facts,
    ...(summary ? ['', 'Summary:', summary] : []),
    '',
    `Read it: ${story.href}`,
    '',
    `You get this because ${because}.`,
    '',
  ].join('\n');
  return {
    userId,
    kind: 'subscription',
    key: `subscription:work:${work.id}:chapter:${chapter.id}:user:${userId}`,
    workId: work.id,
    subject,
    text,
    line,
    stream: `subscription:${reason.subscriptionId}`,
  };
}
