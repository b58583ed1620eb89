import type { Hono } from 'hono';
import type { AppEnv, WebContext } from '../web/env.ts';
import { findUserByLogin } from '../accounts/user.repository.ts';
import { canManageAccount, isSystemAccount } from '../accounts/account.policy.ts';
import { findCollectionByName } from '../collections/collection.repository.ts';
import type { Collection } from '../db/schema.ts';
import { forbidden, notFound } from '../web/errors.tsx';
import { FORM_ERROR, readForm, validateForm } from '../web/forms.tsx';
import { refuse, requireViewer } from '../web/guards.ts';
import { renderPage } from '../web/layout.tsx';
import { parseId } from '../web/params.ts';
import { redirectWithFlash } from '../web/respond.ts';
import { ConfirmPage } from '../web/confirm.tsx';
import { activeSignups, assignmentsOf, assignmentsOfGiver, findSettings, findSignup, latestRun, pinchHittersOf, pinsOf } from './exchange.repository.ts';
import { EXCHANGE_TYPES, fulfilSchema, giftsQuerySchema, parseSettings, pinchHitSchema, pinSchema, promptField } from './exchange.schema.ts';
import { addPin, closeExchange, isModerator, promptsOf, removePin, rulesOf, saveExchangeSettings, saveSignup, sendAssignments, signupClosedReason, startMatching, volunteerAsPinchHitter, withdrawSignup } from './exchange.service.ts';
import { defaultAssignment, fulfilAssignment, giftsToUser, givePinchHit, refuseGift } from './exchange.gifts.service.ts';
import type { RunResult } from './exchange.matching.ts';
import { AssignmentsPage, CloseConfirm, ExchangePage, GiftsPage, MatchingPage, SettingsForm, type FormState } from './exchange.views.tsx';

// The gift exchange's pages, under /collections/:name/exchange, a giver's
// /users/:login/assignments and a recipient's /users/:login/gifts. Routes validate, authorise
// and call a service; nothing else.

const empty: FormState = { values: {}, errors: {} };

async function loadExchange(c: WebContext): Promise<Collection | null> {
  const collection = await findCollectionByName(c.var.app.db.kysely, c.req.param('name') ?? '');
  return collection && collection.challengeType === 'gift_exchange' ? collection : null;
}

const path = (collection: Collection, rest = '') => `/collections/${collection.name}/exchange${rest}`;

function settingsValues(collection: Collection, settings: Awaited<ReturnType<typeof findSettings>>): Record<string, string> {
  const values: Record<string, string> = { revealWorksAt: collection.revealWorksAt ?? '', revealCreatorsAt: collection.revealCreatorsAt ?? '' };
  if (!settings) return values;
  const rules = rulesOf(settings);
  Object.assign(values, { signupOpensAt: settings.signupOpensAt ?? '', signupClosesAt: settings.signupClosesAt ?? '', assignmentsDueAt: settings.assignmentsDueAt ?? '', requestsMax: String(settings.requestsMax), offersMax: String(settings.offersMax) });
  for (const type of EXCHANGE_TYPES) {
    if (!rules.tagSet[type]) continue;
    values[`tags_${type}`] = rules.tagSet[type]!.join('\n');
    values[`min_${type}`] = String(rules.typeRules[type]!.min);
    values[`max_${type}`] = String(rules.typeRules[type]!.max);
    values[`required_${type}`] = String(rules.typeRules[type]!.required);
  }
  return values;
}

async function renderExchange(c: WebContext, collection: Collection, form: FormState | null, status: 200 | 422 = 200) {
  const db = c.var.app.db.kysely;
  const viewer = c.var.viewer;
  const settings = await findSettings(db, collection.id);
  const rules = settings ? rulesOf(settings) : { tagSet: {}, typeRules: {} };
  const signup = viewer ? await findSignup(db, collection.id, viewer.id) : undefined;
  const active = signup?.status === 'active';
  let shown = form;
  if (!shown) {
    // A sign-up comes back as its fields (a withdrawn one too, so a change of mind keeps the text).
    const values: Record<string, string> = {};
    if (signup) {
      for (const [kind, prompts] of [['request', promptsOf(signup.requests)], ['offer', promptsOf(signup.offers)]] as const) {
        prompts.forEach((p, i) => {
          for (const type of EXCHANGE_TYPES) if (p.tags[type]) values[promptField(kind, i, type)] = p.tags[type]!.join(', ');
          values[promptField(kind, i, 'note')] = p.note;
        });
      }
    }
    shown = { values, errors: {} };
  }
  return renderPage(
    c,
    { title: `${collection.title}: gift exchange` },
    <ExchangePage collection={collection} settings={settings} tagSet={rules.tagSet} typeRules={rules.typeRules} closedReason={settings ? signupClosedReason(settings, c.var.app.now()) : null} signedUp={active} loggedIn={viewer !== null} moderator={await isModerator(db, collection.id, viewer)} form={shown} csrfToken={c.var.csrfToken} />,
    status,
  );
}

async function renderMatching(c: WebContext, collection: Collection, pinForm: FormState = empty, pinchForm: FormState & { assignmentId?: number } = empty, status: 200 | 422 = 200) {
  const db = c.var.app.db.kysely;
  const settings = await findSettings(db, collection.id);
  if (!settings) return redirectWithFlash(c, path(collection, '/settings'), 'Save the exchange’s settings first.');
  const run = await latestRun(db, collection.id);
  const done = await latestRun(db, collection.id, 'done');
  if (run && (run.status === 'queued' || run.status === 'running')) c.header('Refresh', '3');
  return renderPage(
    c,
    { title: `Matching: ${collection.title}`, noIndex: true },
    <MatchingPage
      collection={collection}
      settings={settings}
      run={run}
      result={done?.result ? (JSON.parse(done.result) as RunResult) : null}
      pins={await pinsOf(db, collection.id)}
      assignments={await assignmentsOf(db, collection.id)}
      pinchHitters={await pinchHittersOf(db, collection.id)}
      signups={(await activeSignups(db, collection.id)).length}
      pinForm={pinForm}
      pinchForm={pinchForm}
      csrfToken={c.var.csrfToken}
    />,
    status,
  );
}

/** Loads the exchange and insists on a moderator; a Response when refused. */
async function moderated(c: WebContext): Promise<{ collection: Collection; viewer: NonNullable<WebContext['var']['viewer']> } | Response> {
  const viewer = requireViewer(c);
  if (viewer instanceof Response) return viewer;
  const collection = await loadExchange(c);
  if (!collection) return notFound(c);
  if (!(await isModerator(c.var.app.db.kysely, collection.id, viewer))) return forbidden(c);
  return { collection, viewer };
}

export function mountExchangeRoutes(app: Hono<AppEnv>): void {
  app.get('/collections/:name/exchange', async (c) => {
    const collection = await loadExchange(c);
    return collection ? renderExchange(c, collection, null) : notFound(c);
  });

  app.post('/collections/:name/exchange/signup', async (c) => {
    const viewer = requireViewer(c, c.req.path.replace(/\/signup$/, ''));
    if (viewer instanceof Response) return viewer;
    const collection = await loadExchange(c);
    if (!collection) return notFound(c);
    const values = await readForm(c);
    const result = await saveSignup(c.var.app, viewer, collection, values);
    if (!result.ok) return renderExchange(c, collection, { values, errors: result.errors }, 422);
    return redirectWithFlash(c, path(collection), result.value.created ? 'You are signed up.' : 'Your sign-up is saved.');
  });

  app.post('/collections/:name/exchange/withdraw', async (c) => {
    const viewer = requireViewer(c);
    if (viewer instanceof Response) return viewer;
    const collection = await loadExchange(c);
    if (!collection) return notFound(c);
    const result = await withdrawSignup(c.var.app, viewer, collection);
    if (!result.ok) return renderExchange(c, collection, { values: {}, errors: result.errors }, 422);
    return redirectWithFlash(c, path(collection), 'Your sign-up is withdrawn. You may sign up again until sign-ups close.');
  });

  app.post('/collections/:name/exchange/pinch-hitters', async (c) => {
    const viewer = requireViewer(c);
    if (viewer instanceof Response) return viewer;
    const collection = await loadExchange(c);
    if (!collection) return notFound(c);
    await volunteerAsPinchHitter(c.var.app, viewer, collection);
    return redirectWithFlash(c, path(collection), 'Thank you: the moderators may ask you to pinch hit.');
  });

  app.get('/collections/:name/exchange/settings', async (c) => {
    const m = await moderated(c);
    if (m instanceof Response) return m;
    const settings = await findSettings(c.var.app.db.kysely, m.collection.id);
    return renderPage(c, { title: 'Exchange settings', noIndex: true }, <SettingsForm collection={m.collection} form={{ values: settingsValues(m.collection, settings), errors: {} }} csrfToken={c.var.csrfToken} />);
  });

  app.post('/collections/:name/exchange/settings', async (c) => {
    const m = await moderated(c);
    if (m instanceof Response) return m;
    const values = await readForm(c);
    const parsed = parseSettings(values);
    const result = parsed.ok ? await saveExchangeSettings(c.var.app, m.viewer, m.collection, parsed.value) : parsed;
    if (!result.ok) return renderPage(c, { title: 'Exchange settings', noIndex: true }, <SettingsForm collection={m.collection} form={{ values, errors: result.errors }} csrfToken={c.var.csrfToken} />, 422);
    return redirectWithFlash(c, path(m.collection), 'The exchange’s settings are saved.');
  });

  app.get('/collections/:name/exchange/matching', async (c) => {
    const m = await moderated(c);
    return m instanceof Response ? m : renderMatching(c, m.collection);
  });

  app.post('/collections/:name/exchange/matching/run', async (c) => {
    const m = await moderated(c);
    if (m instanceof Response) return m;
    const result = await startMatching(c.var.app, m.viewer, m.collection);
    if (!result.ok) return renderMatching(c, m.collection, { values: {}, errors: result.errors }, empty, 422);
    return redirectWithFlash(c, path(m.collection, '/matching'), 'The matcher is running; this page shows its progress.');
  });

  app.post('/collections/:name/exchange/matching/pins', async (c) => {
    const m = await moderated(c);
    if (m instanceof Response) return m;
    const values = await readForm(c);
    const parsed = validateForm(pinSchema, values);
    const result = parsed.ok ? await addPin(c.var.app, m.viewer, m.collection, parsed.value.giver, parsed.value.recipient) : parsed;
    if (!result.ok) return renderMatching(c, m.collection, { values, errors: result.errors }, empty, 422);
    return redirectWithFlash(c, path(m.collection, '/matching'), 'Pinned. Run the matcher again to match everyone else around it.');
  });

  app.post('/collections/:name/exchange/matching/pins/:id/delete', async (c) => {
    const m = await moderated(c);
    if (m instanceof Response) return m;
    const id = parseId(c.req.param('id'));
    if (id === null) return notFound(c);
    const result = await removePin(c.var.app, m.viewer, m.collection, id);
    if (!result.ok) return renderMatching(c, m.collection, { values: {}, errors: result.errors }, empty, 422);
    return redirectWithFlash(c, path(m.collection, '/matching'), 'The pin is removed.');
  });

  app.post('/collections/:name/exchange/send', async (c) => {
    const m = await moderated(c);
    if (m instanceof Response) return m;
    const result = await sendAssignments(c.var.app, m.viewer, m.collection);
    if (!result.ok) return renderMatching(c, m.collection, { values: {}, errors: result.errors }, empty, 422);
    return redirectWithFlash(c, path(m.collection, '/matching'), `${result.value.sent} assignments sent.`);
  });

  app.post('/collections/:name/exchange/assignments/:id/pinch-hit', async (c) => {
    const m = await moderated(c);
    if (m instanceof Response) return m;
    const id = parseId(c.req.param('id'));
    if (id === null) return notFound(c);
    const values = await readForm(c);
    const parsed = validateForm(pinchHitSchema, values);
    const result = parsed.ok ? await givePinchHit(c.var.app, m.viewer, m.collection.id, id, parsed.value.login) : parsed;
    if (!result.ok) return renderMatching(c, m.collection, result.errors.login ? empty : { values: {}, errors: result.errors }, { values, errors: result.errors, assignmentId: id }, 422);
    return redirectWithFlash(c, path(m.collection, '/matching'), 'The assignment is given to the pinch hitter.');
  });

  app.get('/collections/:name/exchange/close', async (c) => {
    const m = await moderated(c);
    if (m instanceof Response) return m;
    const db = c.var.app.db.kysely;
    const done = await latestRun(db, m.collection.id, 'done');
    const unmatched = done?.result
      ? (JSON.parse(done.result) as RunResult).unmatched
      : (await activeSignups(db, m.collection.id)).map((s) => ({ login: s.login, reason: 'The matcher has not run.' }));
    return renderPage(c, { title: `Close ${m.collection.title}`, noIndex: true }, <CloseConfirm collection={m.collection} unmatched={unmatched} csrfToken={c.var.csrfToken} />);
  });

  app.post('/collections/:name/exchange/close', async (c) => {
    const m = await moderated(c);
    if (m instanceof Response) return m;
    const result = await closeExchange(c.var.app, m.viewer, m.collection);
    if (!result.ok) return renderPage(c, { title: 'Close', noIndex: true }, <ConfirmPage heading="The challenge could not be closed" message={result.errors[FORM_ERROR] ?? ''} action={path(m.collection, '/close')} button="Try again" cancelHref={path(m.collection)} csrfToken={c.var.csrfToken} />, 422);
    return redirectWithFlash(c, path(m.collection), 'The challenge is closed.');
  });

  app.get('/users/:login/assignments', async (c) => {
    const viewer = requireViewer(c);
    if (viewer instanceof Response) return viewer;
    const user = await findUserByLogin(c.var.app.db.kysely, c.req.param('login'));
    if (!user) return notFound(c);
    if (user.id !== viewer.id) return forbidden(c);
    return renderPage(c, { title: 'Assignments', noIndex: true }, <AssignmentsPage login={user.login} assignments={await assignmentsOfGiver(c.var.app.db.kysely, user.id)} errors={{}} values={{}} csrfToken={c.var.csrfToken} />);
  });

  app.post('/assignments/:id/default', async (c) => {
    const viewer = requireViewer(c);
    if (viewer instanceof Response) return viewer;
    const id = parseId(c.req.param('id'));
    if (id === null) return notFound(c);
    const result = await defaultAssignment(c.var.app, viewer, id);
    if (!result.ok) return renderPage(c, { title: 'Assignments', noIndex: true }, <AssignmentsPage login={viewer.login} assignments={await assignmentsOfGiver(c.var.app.db.kysely, viewer.id)} errors={{ ...result.errors, assignmentId: String(id) }} values={{}} csrfToken={c.var.csrfToken} />, 422);
    return redirectWithFlash(c, `/users/${viewer.login}/assignments`, 'You have defaulted. The moderators will find a pinch hitter; thank you for saying so.');
  });

  app.post('/assignments/:id/fulfil', async (c) => {
    const viewer = requireViewer(c);
    if (viewer instanceof Response) return viewer;
    const id = parseId(c.req.param('id'));
    if (id === null) return notFound(c);
    const values = await readForm(c);
    const parsed = validateForm(fulfilSchema, values);
    const result = parsed.ok ? await fulfilAssignment(c.var.app, viewer, id, parsed.value.workId) : parsed;
    if (!result.ok) return renderPage(c, { title: 'Assignments', noIndex: true }, <AssignmentsPage login={viewer.login} assignments={await assignmentsOfGiver(c.var.app.db.kysely, viewer.id)} errors={{ ...result.errors, assignmentId: String(id) }} values={values} csrfToken={c.var.csrfToken} />, 422);
    return redirectWithFlash(c, `/works/${parsed.ok ? parsed.value.workId : ''}`, 'Your gift is posted to the exchange.');
  });

  app.post('/gifts/:id/refuse', async (c) => {
    const viewer = requireViewer(c);
    if (viewer instanceof Response) return viewer;
    const id = parseId(c.req.param('id'));
    if (id === null) return notFound(c);
    const result = await refuseGift(c.var.app, viewer, id);
    if (!result.ok) return result.errors[FORM_ERROR]?.startsWith('Only') ? forbidden(c) : notFound(c);
    return redirectWithFlash(c, `/works/${result.value.workId}`, 'You have refused the gift. The work stays; it no longer names you.');
  });

  // Public, as on AO3; the refused gifts are the recipient's alone.
  app.get('/users/:login/gifts', async (c) => {
    const query = giftsQuerySchema.parse({ page: c.req.query('page'), refused: c.req.query('refused') });
    const login = c.req.param('login');
    const user = login.length <= 100 ? await findUserByLogin(c.var.app.db.kysely, login) : undefined;
    if (!user || isSystemAccount(user)) return notFound(c);
    const owner = canManageAccount(c.var.viewer, user);
    if (query.refused && !owner.allowed) return refuse(c, owner);
    const gifts = await giftsToUser(c.var.app, c.var.viewer, user.id, query);
    return renderPage(
      c,
      { title: query.refused ? 'Refused gifts' : `Gifts for ${user.login}`, noIndex: query.refused || query.page > 1 },
      <GiftsPage login={user.login} refused={query.refused} own={owner.allowed} page={query.page} {...gifts} />,
    );
  });
}
