import type { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv, WebContext } from '../web/env.ts';
import { notFound } from '../web/errors.tsx';
import { renderPage } from '../web/layout.tsx';
import { renderListing } from '../works/listing.page.tsx';
import { tagFeedPath, tagKey, tagPath } from './tag.names.ts';
import { canWrangle } from './tag.policy.ts';
import { findTagByUrlName } from './tag.repository.ts';
import { tagVisibleTo } from './tag.service.ts';
import { TAG_TYPE_LABELS, type TagType } from './tag.types.ts';
import { TagPage } from './tag.views.tsx';
import { tagSubscribeButton } from '../news/subscription.block.tsx';
import { canonicalNamesStartingWith, childrenOf, fandomsOf, findTagById, metaTagsOf, subTagsOf, synonymsOf } from './wrangling.repository.ts';

const AUTOCOMPLETE_LIMIT = 15;

const autocompleteSchema = z.object({
  type: z.enum(Object.keys(TAG_TYPE_LABELS) as [TagType, ...TagType[]], { error: 'type must be a tag type such as Fandom or Character.' }),
  term: z.string().max(100, 'term must be at most 100 characters.').optional(),
});

/** The tag in `:name`, if the viewer may know of it; a tag on hidden works alone is not there. */
async function loadTag(c: WebContext) {
  const urlName = c.req.param('name') ?? '';
  const tag = urlName.length <= 600 ? await findTagByUrlName(c.var.app.db.kysely, urlName) : undefined;
  return tag && (await tagVisibleTo(c.var.app.db.kysely, c.var.viewer, tag)) ? tag : undefined;
}

export function mountTagRoutes(app: Hono<AppEnv>): void {
  // /tags/Clark Kent*s*Lex Luthor/works, as on AO3.
  app.get('/tags/:name/works', async (c) => {
    const tag = await loadTag(c);
    if (!tag) return notFound(c);
    // A synonym's works are its canonical's, as on AO3. 302, not 301: wrangling can change.
    if (tag.mergerId !== null) {
      const canonical = await findTagById(c.var.app.db.kysely, tag.mergerId);
      if (canonical) return c.redirect(tagPath(canonical.urlName) + new URL(c.req.url).search, 302);
    }
    const label = TAG_TYPE_LABELS[tag.type as TagType]?.one ?? tag.type;
    return renderListing(c, {
      title: `${tag.name} works`,
      heading: <>Works in <span class="tag-name">{tag.name}</span> <span class="muted">({label})</span></>,
      scopeTagId: tag.id,
      empty: 'No works are listed under this tag yet.',
      before: await tagSubscribeButton(c, tag.id),
      feed: { href: tagFeedPath(tag.urlName), title: `${tag.name} works` },
    });
  });

  app.get('/tags/:name', async (c) => {
    const tag = await loadTag(c);
    if (!tag) return notFound(c);
    const db = c.var.app.db.kysely;
    const [canonical, synonyms, fandoms, metaTags, subTags, children, subscribe] = await Promise.all([
      tag.mergerId ? findTagById(db, tag.mergerId) : undefined,
      synonymsOf(db, tag.id),
      fandomsOf(db, tag.id),
      metaTagsOf(db, tag.id),
      subTagsOf(db, tag.id),
      tag.type === 'Fandom' ? childrenOf(db, tag.id) : [],
      tagSubscribeButton(c, tag.id),
    ]);
    const model = { tag, canonical, synonyms, fandoms, metaTags, subTags, children, canWrangle: canWrangle(c.var.viewer).allowed, subscribe };
    return renderPage(c, { title: tag.name }, <TagPage model={model} />);
  });

  // For the posting form's fields; the form works without it. Public: canonical names only.
  app.get('/autocomplete/tags', async (c) => {
    const parsed = autocompleteSchema.safeParse({ type: c.req.query('type'), term: c.req.query('term') });
    if (!parsed.success) return c.json({ error: parsed.error.issues[0]!.message }, 400);
    const key = tagKey(parsed.data.term ?? '');
    const names = key ? await canonicalNamesStartingWith(c.var.app.db.kysely, parsed.data.type, key, AUTOCOMPLETE_LIMIT) : [];
    // The same for everyone, so shared caches may keep it briefly.
    c.header('Cache-Control', 'public, max-age=60');
    return c.json(names);
  });
}
