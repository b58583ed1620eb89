import type { Hono } from 'hono';
import type { AppEnv } from '../web/env.ts';
import { notFound } from '../web/errors.tsx';
import { renderListing } from '../works/listing.page.tsx';
import { TAG_TYPE_LABELS, type TagType } from './tag.types.ts';
import { findTagByUrlName } from './tag.repository.ts';

export function mountTagRoutes(app: Hono<AppEnv>): void {
  // /tags/Clark Kent*s*Lex Luthor/works, as on AO3.
  app.get('/tags/:name/works', async (c) => {
    const urlName = c.req.param('name');
    if (urlName.length > 600) return notFound(c);
    const tag = await findTagByUrlName(c.var.app.db.kysely, urlName);
    if (!tag) return notFound(c);
    const label = TAG_TYPE_LABELS[tag.type as TagType]?.one ?? tag.type;
    return renderListing(c, {
      title: `${tag.name} works`,
      heading: <>Works in <span class="tag-name">{tag.name}</span> <span class="muted">({label})</span></>,
      query: { tagId: tag.id },
      empty: 'No works are listed under this tag yet.',
    });
  });
}
