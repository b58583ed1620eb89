import type { AppContext } from '../context.ts';
import { escapeHtml } from '../text/html.ts';
import { atomFeed, type AtomEntry } from '../works/feed.atom.ts';
import type { FeedDocument } from '../works/feed.service.ts';
import { listFeedPath, listPath, listPostPath } from './list.paths.ts';
import { archivePage, type ListRow } from './list.repository.ts';

// A list's posts as an Atom feed, newest first: what its archive page shows (a restricted
// work's post holds its title and link only, so the feed is public data).

const FEED_ENTRIES = 30;

export async function listFeed(ctx: AppContext, list: ListRow): Promise<FeedDocument> {
  const base = ctx.config.baseUrl;
  const posts = await archivePage(ctx.db.kysely, list.id, FEED_ENTRIES, null);
  const entries: AtomEntry[] = posts.map((post) => ({
    id: `${base}${listPostPath(list.slug, post.id)}`,
    title: post.subject,
    href: `${base}${listPostPath(list.slug, post.id)}`,
    published: post.postedAt,
    updated: post.postedAt,
    authors: [list.name],
    summaryHtml: `<pre>${escapeHtml(post.body)}</pre>`,
    categories: [],
  }));
  const updated = posts[0]?.postedAt ?? list.createdAt;
  const self = `${base}${listFeedPath(list.slug)}`;
  return { updated, body: atomFeed({ id: self, title: `${list.name} posts`, alternate: `${base}${listPath(list.slug)}`, self, updated, author: list.name, entries }) };
}
