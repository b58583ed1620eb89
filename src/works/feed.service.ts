import type { AppContext } from '../context.ts';
import type { Tag, User, Work } from '../db/schema.ts';
import { tagFeedPath, tagPath } from '../tags/tag.names.ts';
import { atomFeed, type AtomEntry } from './feed.atom.ts';
import { latestChapters } from './feed.repository.ts';
import { parseFilters } from './listing.filters.ts';
import { listWorks } from './listing.repository.ts';
import { resolveListingQuery } from './listing.service.ts';
import { presentWork, presentWorks } from './work.presenter.ts';
import type { CreatorRow } from './work.repository.ts';
import { tagsOfWorks } from '../tags/tag.repository.ts';

// Atom feeds of what an anonymous reader may see, newest update first: a tag's works, a
// creator's works, a work's chapters. They read the listings' own query (listing.repository),
// so a feed and its page never disagree on what is listed.

export const FEED_ENTRIES = 30;

export interface FeedDocument {
  body: string;
  /** The newest change the feed shows: its Last-Modified. */
  updated: string;
}

async function worksFeed(ctx: AppContext, options: { title: string; alternate: string; self: string; scope?: { userId: number }; scopeTagId?: number }): Promise<FeedDocument> {
  const base = ctx.config.baseUrl;
  const { filters } = parseFilters(new URLSearchParams(), 'updated');
  const { query } = await resolveListingQuery(ctx, null, filters, options.scope ?? {}, options.scopeTagId);
  const { works } = await listWorks(ctx.db.kysely, query, FEED_ENTRIES);
  const views = await presentWorks(ctx.db.kysely, works);
  const entries: AtomEntry[] = works.map((work, i) => {
    const view = views[i]!;
    return {
      id: `${base}/works/${work.id}`,
      title: `${work.title} (${view.chapters})`,
      href: `${base}/works/${work.id}`,
      published: work.publishedAt ?? work.createdAt,
      updated: work.updatedAt,
      authors: view.creators.map((c) => c.label),
      summaryHtml: work.summary,
      categories: [view.rating, ...view.warnings, ...view.fandoms, ...view.relationships, ...view.characters, ...view.freeforms].flatMap((t) => (t ? [t.name] : [])),
    };
  });
  const updated = works.reduce((latest, w) => (w.updatedAt > latest ? w.updatedAt : latest), '1970-01-01T00:00:00.000Z');
  return { updated, body: atomFeed({ id: options.self, title: options.title, alternate: options.alternate, self: options.self, updated, author: 'Records Room', entries }) };
}

export function tagFeed(ctx: AppContext, tag: Tag): Promise<FeedDocument> {
  const base = ctx.config.baseUrl;
  return worksFeed(ctx, { title: `${tag.name} works`, alternate: `${base}${tagPath(tag.urlName)}`, self: `${base}${tagFeedPath(tag.urlName)}`, scopeTagId: tag.id });
}

export function creatorFeed(ctx: AppContext, user: User): Promise<FeedDocument> {
  const base = `${ctx.config.baseUrl}/users/${encodeURIComponent(user.login)}`;
  return worksFeed(ctx, { title: `Works by ${user.login}`, alternate: `${base}/works`, self: `${base}/works/feed.atom`, scope: { userId: user.id } });
}

/** A posted, public work's chapters, newest first; the caller has checked the work is public. */
export async function workFeed(ctx: AppContext, work: Work, creators: CreatorRow[]): Promise<FeedDocument> {
  const base = ctx.config.baseUrl;
  const view = presentWork(work, creators, await tagsOfWorks(ctx.db.kysely, [work.id]), null);
  const chapters = await latestChapters(ctx.db.kysely, work.id, FEED_ENTRIES);
  const authors = view.creators.map((c) => c.label);
  const entries: AtomEntry[] = chapters.map((ch) => ({
    id: `${base}/works/${work.id}/chapters/${ch.id}`,
    title: `${work.title}, Chapter ${ch.position}${ch.title ? `: ${ch.title}` : ''}`,
    href: `${base}/works/${work.id}/chapters/${ch.id}`,
    published: ch.createdAt,
    updated: ch.updatedAt,
    authors,
    summaryHtml: ch.summary ?? `<p>${ch.wordCount.toLocaleString('en')} words</p>`,
    categories: [],
  }));
  const updated = [work.updatedAt, ...chapters.map((ch) => ch.updatedAt)].reduce((a, b) => (b > a ? b : a));
  const self = `${base}/works/${work.id}/feed.atom`;
  return { updated, body: atomFeed({ id: self, title: work.title, alternate: `${base}/works/${work.id}`, self, updated, author: authors.join(', ') || 'Records Room', entries }) };
}
