import type { Hono } from 'hono';
import { findUserByLogin } from '../accounts/user.repository.ts';
import { canManageAccount } from '../accounts/account.policy.ts';
import type { AppEnv, WebContext } from '../web/env.ts';
import { forbidden, notFound } from '../web/errors.tsx';
import { FORM_ERROR, readForm } from '../web/forms.tsx';
import { refuse, requireViewer } from '../web/guards.ts';
import { renderPage } from '../web/layout.tsx';
import { parseId } from '../web/params.ts';
import { redirectWithFlash } from '../web/respond.ts';
import { ConfirmPage } from '../web/confirm.tsx';
import { collectionRole, findCollectionById, findItemById, itemsOfCollection, itemsOfCreator, participantsOf } from './collection.repository.ts';
import { maintains } from './collection.policy.ts';
import { addWorkToCollection, ITEM_FIELD, reviewItem } from './collection.service.ts';
import { collectionNamesOf } from './collection.schema.ts';
import { leaveWarning, removeItem } from './item.service.ts';
import { addParticipant, answerMembership, removeParticipant, type NewRole } from './participant.service.ts';
import { collectionPath, ItemList, ParticipantsPage, WorkCollections, type FormState } from './collection.views.tsx';
import { loadCollection, ownerOnly } from './collection.routes.tsx';

// Works in collections (adding, answering, reviewing, taking out) and a collection's people.

export function mountItemRoutes(app: Hono<AppEnv>): void {
  // AO3's "Add to Collections": names, comma separated; each is added or refused on its own.
  app.post('/works/:id/collection_items', async (c) => {
    const viewer = requireViewer(c);
    if (viewer instanceof Response) return viewer;
    const workId = parseId(c.req.param('id'));
    if (workId === null) return notFound(c);
    const typed = (await readForm(c))[ITEM_FIELD] ?? '';
    const names = collectionNamesOf(typed);
    if (names.length === 0) return renderAddForm(c, workId, typed, 'Enter the name of a collection.');
    const problems: string[] = [];
    const added: string[] = [];
    const invited: string[] = [];
    for (const name of names) {
      const result = await addWorkToCollection(c.var.app, viewer, workId, name);
      if (result.ok) (result.value.creatorStatus === 'approved' ? added : invited).push(name);
      else problems.push(result.errors[ITEM_FIELD] ?? Object.values(result.errors)[0] ?? 'Not added.');
    }
    const done = [added.length > 0 ? `Added to ${added.join(', ')}.` : null, invited.length > 0 ? `Invited to ${invited.join(', ')}: the work joins once its creator accepts.` : null].filter(Boolean).join(' ');
    if (problems.length > 0) {
      const left = names.filter((n) => !added.includes(n) && !invited.includes(n)).join(', ');
      return renderAddForm(c, workId, left, `${done ? `${done} ` : ''}${problems.join(' ')}`);
    }
    return redirectWithFlash(c, `/works/${workId}`, added.length > 0 ? `${done} A moderated collection shows the work once a moderator approves it.` : done);
  });

  app.get('/users/:login/collection_items', async (c) => {
    const viewer = requireViewer(c);
    if (viewer instanceof Response) return viewer;
    const user = await findUserByLogin(c.var.app.db.kysely, c.req.param('login') ?? '');
    if (!user) return notFound(c);
    const decision = canManageAccount(viewer, user);
    if (!decision.allowed) return refuse(c, decision);
    const items = await itemsOfCreator(c.var.app.db.kysely, user.id);
    return renderPage(c, { title: 'Collection items', noIndex: true }, <ItemList heading="Your works in collections" items={items} asCreator csrfToken={c.var.csrfToken} empty="None of your works is in a collection or invited to one." />);
  });

  app.get('/collections/:name/items', async (c) => {
    const viewer = requireViewer(c);
    if (viewer instanceof Response) return viewer;
    const collection = await loadCollection(c);
    if (!collection) return notFound(c);
    if (!maintains(await collectionRole(c.var.app.db.kysely, collection.id, viewer.id))) return forbidden(c);
    const items = await itemsOfCollection(c.var.app.db.kysely, collection.id);
    return renderPage(c, { title: `Works of ${collection.title}`, noIndex: true }, <ItemList heading={`Works of ${collection.title}`} items={items} asCreator={false} csrfToken={c.var.csrfToken} empty="No works have been added." />);
  });

  app.post('/collection_items/:id', async (c) => {
    const viewer = requireViewer(c);
    if (viewer instanceof Response) return viewer;
    const id = parseId(c.req.param('id'));
    const decision = (await readForm(c)).decision;
    if (id === null || (decision !== 'approved' && decision !== 'rejected')) return notFound(c);
    const result = await reviewItem(c.var.app, viewer, id, decision);
    const back = c.req.header('referer') && new URL(c.req.header('referer')!).pathname;
    const to = back && back.startsWith('/') ? back : `/users/${encodeURIComponent(viewer.login)}/collection_items`;
    if (!result.ok) return redirectWithFlash(c, to, result.errors[FORM_ERROR] ?? 'That could not be answered.');
    return redirectWithFlash(c, to, decision === 'approved' ? 'Approved.' : 'Rejected.');
  });

  const loadItem = async (c: WebContext) => {
    const id = parseId(c.req.param('id'));
    const item = id === null ? undefined : await findItemById(c.var.app.db.kysely, id);
    const collection = item ? await findCollectionById(c.var.app.db.kysely, item.collectionId) : undefined;
    return item && collection ? { item, collection } : null;
  };

  app.get('/collection_items/:id/remove', async (c) => {
    const viewer = requireViewer(c);
    if (viewer instanceof Response) return viewer;
    const loaded = await loadItem(c);
    if (!loaded) return notFound(c);
    const { item, collection } = loaded;
    const warning = leaveWarning(collection, item);
    // Leaving an anonymous or unrevealed collection shows the work as it is at once, as AO3 users
    // expect; nothing is revealed without this page saying so and the creator agreeing.
    const reveals = [warning.revealsCreator ? 'your name will show on this work to everyone' : null, warning.revealsWork ? 'the work will be visible to everyone' : null].filter(Boolean).join(', and ');
    const message = reveals
      ? `“${collection.title}” has not been revealed yet. If you take your work out now, ${reveals}, at once. Only the collection's own anonymity kept it hidden.`
      : `The work leaves “${collection.title}”. It can be added again later.`;
    return renderPage(c, { title: 'Remove from collection', noIndex: true }, <ConfirmPage heading="Remove this work from the collection?" message={message} action={`/collection_items/${item.id}/remove`} button={reveals ? 'Remove it and show it' : 'Remove'} cancelHref={collectionPath(collection.name)} csrfToken={c.var.csrfToken} />);
  });

  app.post('/collection_items/:id/remove', async (c) => {
    const viewer = requireViewer(c);
    if (viewer instanceof Response) return viewer;
    const id = parseId(c.req.param('id'));
    if (id === null) return notFound(c);
    const result = await removeItem(c.var.app, viewer, id);
    if (!result.ok) return redirectWithFlash(c, `/users/${encodeURIComponent(viewer.login)}/collection_items`, result.errors);
    return redirectWithFlash(c, `/works/${result.value.workId}`, 'The work was taken out of the collection.');
  });

  // People.
  const peoplePage = async (c: WebContext, collection: NonNullable<Awaited<ReturnType<typeof loadCollection>>>, form: FormState) =>
    renderPage(c, { title: `People of ${collection.title}`, noIndex: true }, <ParticipantsPage collection={collection} people={await participantsOf(c.var.app.db.kysely, collection.id)} form={form} csrfToken={c.var.csrfToken} />, Object.keys(form.errors).length ? 422 : 200);

  app.get('/collections/:name/participants', async (c) => {
    const loaded = await ownerOnly(c);
    if (loaded instanceof Response) return loaded;
    return peoplePage(c, loaded.collection, { values: {}, errors: {} });
  });

  app.post('/collections/:name/participants', async (c) => {
    const loaded = await ownerOnly(c);
    if (loaded instanceof Response) return loaded;
    const values = await readForm(c);
    const role = values.role;
    if (role !== 'owner' && role !== 'moderator' && role !== 'member') return peoplePage(c, loaded.collection, { values, errors: { role: 'Choose a role from the list.' } });
    const result = await addParticipant(c.var.app, loaded.viewer, loaded.collection.id, (values.login ?? '').trim(), role as NewRole);
    if (!result.ok) return peoplePage(c, loaded.collection, { values, errors: result.errors });
    return redirectWithFlash(c, `${collectionPath(loaded.collection.name)}/participants`, result.value.role === 'invited' ? `${result.value.login} is invited to be a member.` : `${result.value.login} is ${result.value.role === 'owner' ? 'an owner' : 'a moderator'} now.`);
  });

  app.post('/collections/:name/participants/:userId/remove', async (c) => {
    const viewer = requireViewer(c);
    if (viewer instanceof Response) return viewer;
    const collection = await loadCollection(c);
    const userId = parseId(c.req.param('userId'));
    if (!collection || userId === null) return notFound(c);
    const result = await removeParticipant(c.var.app, viewer, collection.id, userId);
    const to = userId === viewer.id ? collectionPath(collection.name) : `${collectionPath(collection.name)}/participants`;
    return redirectWithFlash(c, to, result.ok ? 'Removed.' : result.errors);
  });

  app.post('/collections/:name/membership', async (c) => {
    const viewer = requireViewer(c);
    if (viewer instanceof Response) return viewer;
    const collection = await loadCollection(c);
    if (!collection) return notFound(c);
    const accept = (await readForm(c)).answer === 'accept';
    const result = await answerMembership(c.var.app, viewer, collection.id, accept);
    return redirectWithFlash(c, collectionPath(collection.name), !result.ok ? result.errors : accept ? 'You are a member now.' : 'Invitation declined.');
  });
}

function renderAddForm(c: WebContext, workId: number, value: string, error: string) {
  return renderPage(c, { title: 'Add to Collections', noIndex: true }, <section><h1>Add to Collections</h1><WorkCollections workId={workId} collections={[]} canAdd value={value} error={error} csrfToken={c.var.csrfToken} /><p><a href={`/works/${workId}`}>Back to the work</a></p></section>, 422);
}
