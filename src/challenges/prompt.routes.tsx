import type { Hono } from 'hono';
import type { Viewer } from '../accounts/session.service.ts';
import { groupBy } from '../arrays.ts';
import { maintains } from '../collections/collection.policy.ts';
import { collectionRole, findCollectionByName } from '../collections/collection.repository.ts';
import type { AppContext, FieldErrors } from '../context.ts';
import type { Collection } from '../db/schema.ts';
import type { AppEnv, WebContext } from '../web/env.ts';
import { forbidden, notFound } from '../web/errors.tsx';
import { readForm, validateForm } from '../web/forms.tsx';
import { requireViewer } from '../web/guards.ts';
import { renderPage } from '../web/layout.tsx';
import { parseId } from '../web/params.ts';
import { redirectWithFlash } from '../web/respond.ts';
import { claimsOfPrompts, claimsOfUser, fillsOfPrompts, findPrompt, listPrompts, ownWorksInCollection, type PromptRow, tagsOfPrompts } from './prompt.repository.ts';
import { claimDaysSchema, fillFormSchema, promptFormSchema } from './prompt.schema.ts';
import { claimExpired, claimPrompt, fillPrompt, postPrompt, setClaimDays, unclaimPrompt } from './prompt.service.ts';
import { ClaimsPage, type MemeHeader, NewPromptPage, PromptListPage, PromptPage, type PromptSummary } from './prompt.views.tsx';
import { findUserByLogin } from '../accounts/user.repository.ts';
import { showsActor } from '../works/work.visibility.ts';

const ANONYMOUS = 'Anonymous';

/** The named collection when it runs a prompt meme; otherwise its prompt pages do not exist. */
async function loadMeme(c: WebContext): Promise<Collection | null> {
  const collection = await findCollectionByName(c.var.app.db.kysely, c.req.param('name') ?? '');
  return collection && collection.challengeType === 'prompt_meme' ? collection : null;
}

const headerOf = (m: Collection): MemeHeader => ({ name: m.name, title: m.title, isClosed: m.isClosed === 1, claimDays: m.promptClaimDays });

/**
 * Prompts to view models, a page's tags, claims and fills in one query each. An anonymous
 * prompt names its prompter to nobody but the prompter (the moderators included, as the
 * prompter was promised); so does a claim in an anonymous collection; fills are the works a
 * listing would show this viewer.
 */
async function summarise(c: WebContext, meme: Collection, prompts: PromptRow[]): Promise<PromptSummary[]> {
  const db = c.var.app.db.kysely;
  const ids = prompts.map((p) => p.id);
  const viewer = c.var.viewer;
  const [tags, claims, fills] = await Promise.all([tagsOfPrompts(db, ids), claimsOfPrompts(db, ids), fillsOfPrompts(db, ids, { loggedIn: viewer !== null })]);
  const tagsBy = groupBy(tags, (t) => t.promptId);
  const claimsBy = groupBy(claims, (x) => x.promptId);
  const fillsBy = groupBy(fills, (f) => f.promptId);
  const now = c.var.app.now();
  return prompts.map((p) => ({
    id: p.id,
    title: p.title,
    description: p.description,
    prompter: p.isAnonymous === 1 && viewer?.id !== p.userId ? ANONYMOUS : (p.prompterLogin ?? 'orphan_account'),
    tags: [...new Set((tagsBy.get(p.id) ?? []).map((t) => t.name))],
    // In an anonymous challenge each claimer is a creator-to-be of an anonymous fill: named as its creators are.
    claims: (claimsBy.get(p.id) ?? []).map((x) => ({ login: showsActor(viewer, { inAnonCollection: meme.isAnonymous }, [{ isApproved: 1, userId: x.userId }], x.userId) ? x.login : ANONYMOUS, expired: claimExpired(x.createdAt, meme.promptClaimDays, now), mine: x.userId === viewer?.id })),
    fills: (fillsBy.get(p.id) ?? []).map((f) => ({ workId: f.workId, title: f.title })),
  }));
}

async function showPrompt(c: WebContext, meme: Collection, prompt: PromptRow, errors: FieldErrors = {}, status: 200 | 422 = 200) {
  const [summary] = await summarise(c, meme, [prompt]);
  const viewer = c.var.viewer;
  const works = viewer ? await ownWorksInCollection(c.var.app.db.kysely, meme.id, viewer.id) : [];
  const claimed = summary!.claims.some((x) => x.mine && !x.expired);
  return renderPage(
    c,
    { title: `${prompt.title} (${meme.title})` },
    <PromptPage meme={headerOf(meme)} prompt={summary!} viewer={{ loggedIn: viewer !== null, claimed, works }} errors={errors} csrfToken={c.var.csrfToken} />,
    status,
  );
}

type Action = (ctx: AppContext, viewer: Viewer, meme: Collection, prompt: PromptRow, form: Record<string, string>) => Promise<FieldErrors | string>;

/** The prompt's buttons: log in, load, act; a refusal shows the prompt again with the message. */
function promptAction(action: Action) {
  return async (c: WebContext) => {
    const viewer = requireViewer(c);
    if (viewer instanceof Response) return viewer;
    const meme = await loadMeme(c);
    const id = parseId(c.req.param('id'));
    const prompt = meme && id !== null ? await findPrompt(c.var.app.db.kysely, meme.id, id) : undefined;
    if (!meme || !prompt) return notFound(c);
    const outcome = await action(c.var.app, viewer, meme, prompt, await readForm(c));
    if (typeof outcome === 'string') return redirectWithFlash(c, `/collections/${meme.name}/prompts/${prompt.id}`, outcome);
    return showPrompt(c, meme, prompt, outcome, 422);
  };
}

export function mountPromptRoutes(app: Hono<AppEnv>): void {
  app.get('/collections/:name/prompts', async (c) => {
    const meme = await loadMeme(c);
    if (!meme) return notFound(c);
    const tag = (c.req.query('tag') ?? '').trim().slice(0, 100) || null;
    const unfilled = Boolean(c.req.query('unfilled'));
    const rows = await listPrompts(c.var.app.db.kysely, meme.id, { tag, unfilled }, { loggedIn: c.var.viewer !== null });
    const prompts = await summarise(c, meme, rows);
    const viewer = c.var.viewer;
    const moderator = viewer && maintains(await collectionRole(c.var.app.db.kysely, meme.id, viewer.id)) ? { csrfToken: c.var.csrfToken } : null;
    return renderPage(
      c,
      { title: `${meme.title}: prompts` },
      <PromptListPage meme={headerOf(meme)} prompts={prompts} tag={tag} unfilled={unfilled} loggedIn={viewer !== null} moderator={moderator} />,
    );
  });

  app.get('/collections/:name/prompts/new', async (c) => {
    const viewer = requireViewer(c);
    if (viewer instanceof Response) return viewer;
    const meme = await loadMeme(c);
    if (!meme) return notFound(c);
    const errors: FieldErrors = meme.isClosed === 1 ? { form: `“${meme.title}” is closed: it takes no new prompts.` } : {};
    return renderPage(c, { title: 'Post a prompt', noIndex: true }, <NewPromptPage meme={headerOf(meme)} values={{}} errors={errors} csrfToken={c.var.csrfToken} />);
  });

  app.post('/collections/:name/prompts', async (c) => {
    const viewer = requireViewer(c);
    if (viewer instanceof Response) return viewer;
    const meme = await loadMeme(c);
    if (!meme) return notFound(c);
    const values = await readForm(c);
    const again = (errors: FieldErrors) =>
      renderPage(c, { title: 'Post a prompt', noIndex: true }, <NewPromptPage meme={headerOf(meme)} values={values} errors={errors} csrfToken={c.var.csrfToken} />, 422);
    const input = validateForm(promptFormSchema, values);
    if (!input.ok) return again(input.errors);
    const result = await postPrompt(c.var.app, viewer, meme, input.value);
    if (!result.ok) return again(result.errors);
    return redirectWithFlash(c, `/collections/${meme.name}/prompts/${result.value.promptId}`, 'Prompt was posted.');
  });

  // The moderators' one setting here: how many days a claim lasts (empty: for ever).
  app.post('/collections/:name/prompts/settings', async (c) => {
    const viewer = requireViewer(c);
    if (viewer instanceof Response) return viewer;
    const meme = await loadMeme(c);
    if (!meme) return notFound(c);
    if (!maintains(await collectionRole(c.var.app.db.kysely, meme.id, viewer.id))) return forbidden(c);
    const input = validateForm(claimDaysSchema, await readForm(c));
    if (!input.ok) return redirectWithFlash(c, `/collections/${meme.name}/prompts`, input.errors.claimDays ?? 'Give a number of days.');
    await setClaimDays(c.var.app, meme, input.value.claimDays);
    return redirectWithFlash(c, `/collections/${meme.name}/prompts`, input.value.claimDays ? `Claims now expire after ${input.value.claimDays} days.` : 'Claims no longer expire.');
  });

  app.get('/collections/:name/prompts/:id', async (c) => {
    const meme = await loadMeme(c);
    const id = parseId(c.req.param('id'));
    const prompt = meme && id !== null ? await findPrompt(c.var.app.db.kysely, meme.id, id) : undefined;
    if (!meme || !prompt) return notFound(c);
    return showPrompt(c, meme, prompt);
  });

  app.post(
    '/collections/:name/prompts/:id/claim',
    promptAction(async (ctx, viewer, meme, prompt) => {
      const result = await claimPrompt(ctx, viewer, meme, prompt.id);
      return result.ok ? 'Prompt was claimed.' : result.errors;
    }),
  );
  app.post(
    '/collections/:name/prompts/:id/unclaim',
    promptAction(async (ctx, viewer, meme, prompt) => {
      const result = await unclaimPrompt(ctx, viewer, meme, prompt.id);
      return result.ok ? 'Claim was withdrawn.' : result.errors;
    }),
  );
  app.post(
    '/collections/:name/prompts/:id/fill',
    promptAction(async (ctx, viewer, meme, prompt, form) => {
      const input = validateForm(fillFormSchema, form);
      if (!input.ok) return input.errors;
      const result = await fillPrompt(ctx, viewer, meme, prompt.id, input.value.workId);
      return result.ok ? 'Prompt was filled.' : result.errors;
    }),
  );

  // Not /users/:login/claims: that is the import claims' page. Like AO3's "My Claims", for
  // their owner only: in an anonymous meme a list of someone's claims would name them.
  app.get('/users/:login/prompt_claims', async (c) => {
    const viewer = requireViewer(c);
    if (viewer instanceof Response) return viewer;
    const db = c.var.app.db.kysely;
    const user = await findUserByLogin(db, c.req.param('login'));
    if (!user) return notFound(c);
    if (user.id !== viewer.id) return forbidden(c);
    const now = c.var.app.now();
    const claims = (await claimsOfUser(db, user.id)).map((x) => ({ ...x, expired: claimExpired(x.createdAt, x.promptClaimDays, now) }));
    return renderPage(c, { title: `Prompts claimed by ${user.login}` }, <ClaimsPage login={user.login} claims={claims} />);
  });
}
