import type { Hono } from 'hono';
import { z } from 'zod';
import { redirectWithFlash } from '../web/respond.ts';
import { requireRole } from '../web/guards.ts';
import type { FieldErrors } from '../context.ts';
import type { Tag } from '../db/schema.ts';
import type { AppEnv, WebContext } from '../web/env.ts';
import { notFound } from '../web/errors.tsx';
import { formCheckbox, formText, readForm, validateForm } from '../web/forms.tsx';
import { renderPage } from '../web/layout.tsx';
import { splitTagList, tagPagePath } from './tag.names.ts';
import { findTagByUrlName } from './tag.repository.ts';
import { TAG_NAME_MAX } from './tag.types.ts';
import { fandomsOf, findTagById, metaTagsOf, subTagsOf, synonymsOf, unwrangledBins, unwrangledFandoms, unwrangledInFandom } from './wrangling.repository.ts';
import { bulkWrangle, wrangleTag } from './wrangling.service.ts';
import { FandomBinPage, TagEditForm, WranglingHome, type BulkValues, type EditValues } from './wrangling.views.tsx';
import { counted, plural } from '../text/plural.ts';

// Wrangling pages: wranglers and admins only. Anonymous visitors are sent to log in and
// brought back; other users get 403. Every form carries the CSRF field (csrf.ts checks it).

const editSchema = z.object({
  isCanonical: formCheckbox(),
  synonymOf: formText(TAG_NAME_MAX),
  // Fifty names of up to 150 characters, with commas and spaces.
  fandoms: formText(8_000),
  metaTags: formText(8_000),
});

const bulkSchema = z.object({
  action: z.enum(['canonical', 'synonym', 'fandom'], { error: 'Choose what to do with the ticked tags.' }),
  tagIds: z
    .array(z.string().regex(/^\d{1,12}$/, 'Tick tags from the list.').transform(Number))
    .min(1, 'Tick at least one tag.')
    .max(500, 'Tick at most 500 tags at a time.'),
  synonymOf: formText(TAG_NAME_MAX),
});

const NO_BULK: BulkValues = { action: '', synonymOf: '', tagIds: [] };

async function loadTag(c: WebContext): Promise<Tag | undefined> {
  const urlName = c.req.param('name') ?? '';
  return urlName.length <= 600 ? findTagByUrlName(c.var.app.db.kysely, urlName) : undefined;
}

async function renderEdit(c: WebContext, tag: Tag, values: EditValues, errors: FieldErrors) {
  const db = c.var.app.db.kysely;
  const [synonyms, subTags] = await Promise.all([synonymsOf(db, tag.id), subTagsOf(db, tag.id)]);
  return renderPage(
    c,
    { title: `Edit ${tag.name}`, noIndex: true },
    <TagEditForm tag={tag} values={values} errors={errors} csrfToken={c.var.csrfToken} synonyms={synonyms} subTags={subTags} />,
    Object.keys(errors).length > 0 ? 422 : 200,
  );
}

async function currentValues(c: WebContext, tag: Tag): Promise<EditValues> {
  const db = c.var.app.db.kysely;
  const [canonical, fandoms, metaTags] = await Promise.all([tag.mergerId ? findTagById(db, tag.mergerId) : undefined, fandomsOf(db, tag.id), metaTagsOf(db, tag.id)]);
  const names = (tags: { name: string }[]) => tags.map((t) => t.name).join(', ');
  return { isCanonical: tag.isCanonical ? '1' : '', synonymOf: canonical?.name ?? '', fandoms: names(fandoms), metaTags: names(metaTags) };
}

/** Checkbox lists repeat a field name, which readForm (last value wins) does not keep. */
async function readBulkForm(c: WebContext): Promise<{ action: string | undefined; tagIds: string[]; synonymOf: string | undefined }> {
  const body = await c.req.parseBody({ all: true });
  const list = (value: unknown) => (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((v): v is string => typeof v === 'string');
  const last = (value: unknown) => list(value).at(-1);
  return { action: last(body.action), tagIds: list(body.tagIds), synonymOf: last(body.synonymOf) };
}

function bulkValues(input: Awaited<ReturnType<typeof readBulkForm>>): BulkValues {
  return { action: input.action ?? '', synonymOf: input.synonymOf ?? '', tagIds: input.tagIds };
}

function bulkMessage(action: string, count: number): string {
  const tags = counted(count, 'tag');
  if (action === 'synonym') {
    return `${tags} made ${plural(count, 'a synonym', 'synonyms')}. ${plural(count, 'Its', 'Their')} works are being re-filed; listings catch up in a moment.`;
  }
  if (action === 'canonical') return `${tags} made canonical.`;
  return `${tags} filed under the fandom.`;
}

export function mountWranglingRoutes(app: Hono<AppEnv>): void {
  app.get('/tags/:name/edit', async (c) => {
    const viewer = await requireRole(c, 'wrangler');
    if (viewer instanceof Response) return viewer;
    const tag = await loadTag(c);
    if (!tag) return notFound(c);
    return renderEdit(c, tag, await currentValues(c, tag), {});
  });

  app.post('/tags/:name/edit', async (c) => {
    const form = await readForm(c);
    const viewer = await requireRole(c, 'wrangler');
    if (viewer instanceof Response) return viewer;
    const tag = await loadTag(c);
    if (!tag) return notFound(c);
    const values: EditValues = { isCanonical: form.isCanonical ?? '', synonymOf: form.synonymOf ?? '', fandoms: form.fandoms ?? '', metaTags: form.metaTags ?? '' };
    const parsed = validateForm(editSchema, form);
    if (!parsed.ok) return renderEdit(c, tag, values, parsed.errors);
    const result = await wrangleTag(c.var.app, tag.id, {
      isCanonical: parsed.value.isCanonical,
      synonymOf: parsed.value.synonymOf,
      fandoms: splitTagList(parsed.value.fandoms),
      metaTags: splitTagList(parsed.value.metaTags),
    });
    if (!result.ok) return renderEdit(c, tag, values, result.errors);
    const message = result.value.refiltering ? 'Tag saved. Its works are being re-filed; listings catch up in a moment.' : 'Tag saved.';
    return redirectWithFlash(c, tagPagePath(tag.urlName), message);
  });

  const renderHome = async (c: WebContext, values: BulkValues, errors: FieldErrors) => {
    const db = c.var.app.db.kysely;
    const [bins, fandoms] = await Promise.all([unwrangledBins(db), unwrangledFandoms(db)]);
    return renderPage(
      c,
      { title: 'Tag wrangling', noIndex: true },
      <WranglingHome bins={bins} fandoms={fandoms} values={values} errors={errors} csrfToken={c.var.csrfToken} />,
      Object.keys(errors).length > 0 ? 422 : 200,
    );
  };

  app.get('/wrangling', async (c) => {
    const viewer = await requireRole(c, 'wrangler');
    if (viewer instanceof Response) return viewer;
    return renderHome(c, NO_BULK, {});
  });

  app.post('/wrangling', async (c) => {
    const input = await readBulkForm(c);
    const viewer = await requireRole(c, 'wrangler');
    if (viewer instanceof Response) return viewer;
    const parsed = validateForm(bulkSchema, input);
    if (!parsed.ok) return renderHome(c, bulkValues(input), parsed.errors);
    const result = await bulkWrangle(c.var.app, { ...parsed.value, fandomId: null });
    if (!result.ok) return renderHome(c, bulkValues(input), result.errors);
    return redirectWithFlash(c, '/wrangling', bulkMessage(parsed.value.action, result.value.count));
  });

  const renderBin = async (c: WebContext, fandom: Tag, values: BulkValues, errors: FieldErrors) => {
    const tags = await unwrangledInFandom(c.var.app.db.kysely, fandom.id);
    return renderPage(
      c,
      { title: `Wrangling ${fandom.name}`, noIndex: true },
      <FandomBinPage fandom={fandom} tags={tags} values={values} errors={errors} csrfToken={c.var.csrfToken} />,
      Object.keys(errors).length > 0 ? 422 : 200,
    );
  };

  const loadFandom = async (c: WebContext) => {
    const tag = await loadTag(c);
    return tag?.type === 'Fandom' ? tag : undefined;
  };

  app.get('/wrangling/fandoms/:name', async (c) => {
    const viewer = await requireRole(c, 'wrangler');
    if (viewer instanceof Response) return viewer;
    const fandom = await loadFandom(c);
    if (!fandom) return notFound(c);
    return renderBin(c, fandom, NO_BULK, {});
  });

  app.post('/wrangling/fandoms/:name', async (c) => {
    const input = await readBulkForm(c);
    const viewer = await requireRole(c, 'wrangler');
    if (viewer instanceof Response) return viewer;
    const fandom = await loadFandom(c);
    if (!fandom) return notFound(c);
    const parsed = validateForm(bulkSchema, input);
    if (!parsed.ok) return renderBin(c, fandom, bulkValues(input), parsed.errors);
    const result = await bulkWrangle(c.var.app, { ...parsed.value, fandomId: fandom.id });
    if (!result.ok) return renderBin(c, fandom, bulkValues(input), result.errors);
    return redirectWithFlash(c, `/wrangling/fandoms/${encodeURIComponent(fandom.urlName)}`, bulkMessage(parsed.value.action, result.value.count));
  });
}
