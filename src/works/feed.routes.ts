import type { Hono } from 'hono';
import { findUserByLogin } from '../accounts/user.repository.ts';
import type { AppEnv, WebContext } from '../web/env.ts';
import { notFound } from '../web/errors.tsx';
import { parseId } from '../web/params.ts';
import { tagFeedPath } from '../tags/tag.names.ts';
import { findTagByUrlName } from '../tags/tag.repository.ts';
import { tagVisibleTo } from '../tags/tag.service.ts';
import { findTagById } from '../tags/wrangling.repository.ts';
import { createHash } from 'node:crypto';
import { creatorFeed, tagFeed, workFeed, type FeedDocument } from './feed.service.ts';
import { creatorsOfWorks, findWork } from './work.repository.ts';
import { isPublic } from './work.visibility.ts';

// Feed readers poll: each answer carries an ETag (a hash of the document) and Last-Modified
// (its newest change), and a poll that has both gets a 304 with no body.

export function answer(c: WebContext, feed: FeedDocument): Response {
  const etag = `"${createHash('sha256').update(feed.body).digest('base64url').slice(0, 27)}"`;
  const lastModified = new Date(feed.updated).toUTCString();
  const headers = { ETag: etag, 'Last-Modified': lastModified, 'Cache-Control': 'public, max-age=300' };
  const match = c.req.header('if-none-match');
  const since = c.req.header('if-modified-since');
  // If-None-Match wins when both are sent (RFC 9110 §13.2.2).
  const fresh = match !== undefined ? match.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*') : since !== undefined && Date.parse(since) >= Math.floor(Date.parse(feed.updated) / 1000) * 1000;
  if (fresh) return c.body(null, 304, headers);
  return c.body(feed.body, 200, { ...headers, 'Content-Type': 'application/atom+xml; charset=utf-8' });
}

export function mountFeedRoutes(app: Hono<AppEnv>): void {
  app.get('/tags/:name/feed.atom', async (c) => {
    const db = c.var.app.db.kysely;
    const urlName = c.req.param('name');
    const tag = urlName.length <= 600 ? await findTagByUrlName(db, urlName) : undefined;
    if (!tag || !(await tagVisibleTo(db, null, tag))) return notFound(c);
    // A synonym's feed is its canonical's, as its works page is.
    if (tag.mergerId !== null) {
      const canonical = await findTagById(db, tag.mergerId);
      if (canonical) return c.redirect(tagFeedPath(canonical.urlName), 302);
    }
    return answer(c, await tagFeed(c.var.app, tag));
  });

  app.get('/users/:login/works/feed.atom', async (c) => {
    const login = c.req.param('login');
    const user = login.length <= 100 ? await findUserByLogin(c.var.app.db.kysely, login) : undefined;
    if (!user) return notFound(c);
    return answer(c, await creatorFeed(c.var.app, user));
  });

  app.get('/works/:id/feed.atom', async (c) => {
    const id = parseId(c.req.param('id'));
    const work = id === null ? undefined : await findWork(c.var.app.db.kysely, id);
    // Only what an anonymous reader may read: a feed reader is anonymous.
    if (!work || !isPublic(work)) return notFound(c);
    return answer(c, await workFeed(c.var.app, work, await creatorsOfWorks(c.var.app.db.kysely, [work.id])));
  });
}
