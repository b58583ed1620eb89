import type { Hono } from 'hono';
import { z } from 'zod';
import { ChallengeNav, challengeLinks } from '../challenges/challenge.nav.tsx';
import type { Collection } from '../db/schema.ts';
import type { AppEnv, WebContext } from '../web/env.ts';
import { notFound } from '../web/errors.tsx';
import { FORM_ERROR, readForm, validateForm } from '../web/forms.tsx';
import { requireViewer } from '../web/guards.ts';
import { renderPage } from '../web/layout.tsx';
import { forbidden } from '../web/errors.tsx';
import { redirectWithFlash } from '../web/respond.ts';
import { ConfirmPage } from '../web/confirm.tsx';
import { Pagination } from '../works/blurb.views.tsx';
import { renderListing } from '../works/listing.page.tsx';
import { childrenOf, collectionPage, collectionRole, countMysteryWorks, findCollectionById, findCollectionByName, participantsOf } from './collection.repository.ts';
import { maintains, owns } from './collection.policy.ts';
import { collectionFormSchema } from './collection.schema.ts';
import { createCollection, revealCollection, updateCollection } from './collection.service.ts';
import { MysteryBlurbs } from './mystery.views.tsx';
import { CollectionForm, CollectionIndex, CollectionPage, collectionPath, type FormState } from './collection.views.tsx';

// A collection's own pages: the index, making one, its page, its settings, its works (the
// works listing with a collection scope) and the moderators' reveal.

const PER_PAGE = 50;

export async function loadCollection(c: WebContext): Promise<Collection | null> {
  const name = c.req.param('name') ?? '';
  if (name.length > 255) return null;
  return (await findCollectionByName(c.var.app.db.kysely, name)) ?? null;
}

/** The collection in `:name` and the viewer, when the viewer owns it; else the answer (log in, 404, 403). */
export async function ownerOnly(c: WebContext) {
  const viewer = requireViewer(c);
  if (viewer instanceof Response) return viewer;
  const collection = await loadCollection(c);
  if (!collection) return notFound(c);
  if (!owns(await collectionRole(c.var.app.db.kysely, collection.id, viewer.id))) return forbidden(c);
  return { viewer, collection };
}

/** A stored collection as the form's values. */
function valuesOf(c: Collection): Record<string, string> {
  return {
    name: c.name,
    title: c.title,
    description: c.description ?? '',
    rules: c.rules ?? '',
    isModerated: c.isModerated ? '1' : '',
    isClosed: c.isClosed ? '1' : '',
    isAnonymous: c.isAnonymous ? '1' : '',
    isUnrevealed: c.isUnrevealed ? '1' : '',
    revealWorksAt: c.revealWorksAt ?? '',
    revealCreatorsAt: c.revealCreatorsAt ?? '',
    wordRule: c.wordRule ?? '',
    wordRuleCount: c.wordRuleCount === null ? '' : String(c.wordRuleCount),
    wordRuleScope: c.wordRuleScope ?? 'work',
  };
}

const formPage = (c: WebContext, form: FormState, isNew: boolean, action: string) =>
  renderPage(c, { title: isNew ? 'New collection' : 'Collection settings', noIndex: true }, <CollectionForm form={form} action={action} isNew={isNew} csrfToken={c.var.csrfToken} />, Object.keys(form.errors).length > 0 ? 422 : 200);

export function mountCollectionRoutes(app: Hono<AppEnv>): void {
  app.get('/collections', async (c) => {
    const page = Math.max(1, Math.min(10_000, Number(c.req.query('page')) || 1));
    const { rows, count } = await collectionPage(c.var.app.db.kysely, (page - 1) * PER_PAGE, PER_PAGE);
    return renderPage(
      c,
      { title: 'Collections' },
      <>
        <CollectionIndex collections={rows} loggedIn={c.var.viewer !== null} />
        <Pagination page={page} pageCount={Math.ceil(count / PER_PAGE)} baseUrl="/collections" />
      </>,
    );
  });

  app.get('/collections/new', (c) => {
    const viewer = requireViewer(c);
    if (viewer instanceof Response) return viewer;
    return formPage(c, { values: { parentName: c.req.query('parent') ?? '', wordRuleScope: 'work' }, errors: {} }, true, '/collections');
  });

  app.post('/collections', async (c) => {
    const viewer = requireViewer(c, '/collections/new');
    if (viewer instanceof Response) return viewer;
    const values = await readForm(c);
    const parsed = validateForm(collectionFormSchema, values);
    const result = parsed.ok ? await createCollection(c.var.app, viewer, parsed.value) : parsed;
    if (!result.ok) return formPage(c, { values, errors: result.errors }, true, '/collections');
    return redirectWithFlash(c, collectionPath(result.value.name), 'The collection was made. You are its owner.');
  });

  app.get('/collections/:name', async (c) => {
    const collection = await loadCollection(c);
    if (!collection) return notFound(c);
    const db = c.var.app.db.kysely;
    const [parent, children, people, role] = await Promise.all([
      collection.parentId === null ? undefined : findCollectionById(db, collection.parentId),
      childrenOf(db, collection.id),
      participantsOf(db, collection.id),
      c.var.viewer ? collectionRole(db, collection.id, c.var.viewer.id) : undefined,
    ]);
    const challenge = await challengeLinks(db, collection, { loggedIn: c.var.viewer !== null, maintains: maintains(role) }, c.var.app.now());
    return renderPage(
      c,
      { title: collection.title, description: collection.description ?? undefined },
      <CollectionPage collection={collection} parent={parent} subCollections={children} people={people} role={role} challenge={<ChallengeNav links={challenge} />} csrfToken={c.var.csrfToken} />,
    );
  });

  // The works both sides agreed to, with every filter and sort of a listing; a parent lists its sub-collections' works too, as on AO3.
  app.get('/collections/:name/works', async (c) => {
    const collection = await loadCollection(c);
    if (!collection) return notFound(c);
    const children = await childrenOf(c.var.app.db.kysely, collection.id);
    // Works held back until the reveal stand first as placeholders, on the first page only.
    const mysteries = c.req.query('after') ? 0 : await countMysteryWorks(c.var.app.db.kysely, [collection.id, ...children.map((s) => s.id)]);
    return renderListing(c, {
      title: `Works in ${collection.title}`,
      heading: <>Works in <a href={collectionPath(collection.name)}>{collection.title}</a></>,
      scope: { collectionIds: [collection.id, ...children.map((s) => s.id)] },
      empty: mysteries > 0 ? 'No works are revealed yet.' : 'No works in this collection yet.',
      before: <MysteryBlurbs collection={collection} count={mysteries} />,
    });
  });


  app.get('/collections/:name/edit', async (c) => {
    const loaded = await ownerOnly(c);
    if (loaded instanceof Response) return loaded;
    return formPage(c, { values: valuesOf(loaded.collection), errors: {} }, false, `${collectionPath(loaded.collection.name)}/edit`);
  });

  app.post('/collections/:name/edit', async (c) => {
    const loaded = await ownerOnly(c);
    if (loaded instanceof Response) return loaded;
    const { collection, viewer } = loaded;
    // The name is the address and stays; the form carries it only to pass the schema.
    const values = { ...(await readForm(c)), name: collection.name };
    const parsed = validateForm(collectionFormSchema, values);
    const result = parsed.ok ? await updateCollection(c.var.app, viewer, collection.id, { ...parsed.value, parentName: null }) : parsed;
    if (!result.ok) return formPage(c, { values, errors: result.errors }, false, `${collectionPath(collection.name)}/edit`);
    return redirectWithFlash(c, collectionPath(collection.name), 'The settings were saved.');
  });

  const whatSchema = z.enum(['works', 'creators']);
  const moderatorOnly = async (c: WebContext) => {
    const viewer = requireViewer(c);
    if (viewer instanceof Response) return viewer;
    const collection = await loadCollection(c);
    const what = whatSchema.safeParse(c.req.param('what'));
    if (!collection || !what.success) return notFound(c);
    if (!maintains(await collectionRole(c.var.app.db.kysely, collection.id, viewer.id))) return forbidden(c);
    return { viewer, collection, what: what.data };
  };

  app.get('/collections/:name/reveal/:what', async (c) => {
    const loaded = await moderatorOnly(c);
    if (loaded instanceof Response) return loaded;
    const { collection, what } = loaded;
    const message =
      what === 'works'
        ? `Every work in “${collection.title}” becomes visible to everyone now, and its creators’ subscribers may hear of it. This cannot be undone.`
        : `The creators of every work in “${collection.title}” are named from now on, everywhere the works appear. This cannot be undone.`;
    return renderPage(c, { title: `Reveal ${what}`, noIndex: true }, <ConfirmPage heading={`Reveal ${what}?`} message={message} action={`${collectionPath(collection.name)}/reveal/${what}`} button={`Reveal ${what}`} cancelHref={collectionPath(collection.name)} csrfToken={c.var.csrfToken} />);
  });

  app.post('/collections/:name/reveal/:what', async (c) => {
    const loaded = await moderatorOnly(c);
    if (loaded instanceof Response) return loaded;
    const result = await revealCollection(c.var.app, loaded.viewer, loaded.collection.id, loaded.what);
    if (!result.ok) return redirectWithFlash(c, collectionPath(loaded.collection.name), result.errors[FORM_ERROR] ?? 'Nothing was revealed.');
    return redirectWithFlash(c, collectionPath(loaded.collection.name), loaded.what === 'works' ? 'The works are revealed.' : 'The creators are revealed.');
  });
}
