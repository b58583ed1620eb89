import type { Hono } from 'hono';
import { redirectWithFlash } from '../web/respond.ts';
import { findPseud, findUserByLogin, listPseuds } from '../accounts/user.repository.ts';
import type { User } from '../db/schema.ts';
import type { AppEnv, WebContext } from '../web/env.ts';
import { notFound } from '../web/errors.tsx';
import { refuse, requireViewer } from '../web/guards.ts';
import { canManageAccount, isSystemAccount } from '../accounts/account.policy.ts';
import { CsrfField } from '../web/forms.tsx';
import { renderPage } from '../web/layout.tsx';
import { answerInvitation, pendingInvitations } from './creatorship.service.ts';
import { renderListing } from './listing.page.tsx';
import { blocksPath } from '../readers/reader.views.tsx';
import { parseId } from '../web/params.ts';
import { creatorSubscribeButton } from '../news/subscription.block.tsx';
import { subscriptionsPath } from '../news/subscription.views.tsx';
import { claimOffers } from '../claims/claim-offer.service.ts';
import { ClaimOfferNotice } from '../claims/claim-offer.views.tsx';

// An author's public pages (their works, by account and by pseud) and their own drafts
// and co-creator invitations.

async function loadAuthor(c: WebContext): Promise<User | null> {
  const login = c.req.param('login') ?? '';
  if (login.length > 100) return null;
  // orphan_account has a page too: it lists the works orphaned to it, as on AO3.
  return (await findUserByLogin(c.var.app.db.kysely, login)) ?? null;
}

function PseudLinks(props: { login: string; pseuds: { name: string }[] }) {
  return (
    <p>
      Pseuds:{' '}
      {props.pseuds.map((p, i) => (
        <>
          {i > 0 ? ', ' : ''}
          <a href={`/users/${encodeURIComponent(props.login)}/pseuds/${encodeURIComponent(p.name)}/works`}>{p.name}</a>
        </>
      ))}
    </p>
  );
}

/** A user's public listings, as AO3's profile links them (an account of the archive's own has works alone). */
function UserListings(props: { login: string }) {
  const base = `/users/${encodeURIComponent(props.login)}`;
  return (
    <nav aria-label="User" class="actions">
      <a href={`${base}/works`}>Works</a>
      <a href={`${base}/series`}>Series</a>
      <a href={`${base}/bookmarks`}>Bookmarks</a>
      <a href={`${base}/gifts`}>Gifts</a>
    </nav>
  );
}

export function mountAuthorRoutes(app: Hono<AppEnv>): void {
  const authorWorks = async (c: WebContext) => {
    const user = await loadAuthor(c);
    if (!user) return notFound(c);
    const pseuds = await listPseuds(c.var.app.db.kysely, user.id);
    const own = c.var.viewer?.id === user.id;
    const subscribe = await creatorSubscribeButton(c, user);
    const offers = own && c.var.viewer ? await claimOffers(c.var.app, c.var.viewer) : [];
    return renderListing(c, {
      title: `${user.login}'s works`,
      heading: <>Works by {user.login}</>,
      scope: { userId: user.id, viewerIsOwner: own },
      empty: own ? 'You have not posted any works yet.' : 'No works posted yet.',
      feed: { href: `/users/${encodeURIComponent(user.login)}/works/feed.atom`, title: `Works by ${user.login}` },
      before: (
        <>
          {isSystemAccount(user) ? null : <UserListings login={user.login} />}
          <PseudLinks login={user.login} pseuds={pseuds} />
          {subscribe ? <p class="actions">{subscribe}</p> : null}
          <ClaimOfferNotice login={user.login} offers={offers} />
          {own ? (
            <p class="actions">
              <a href="/works/new">Post new work</a>
              <a href={`/users/${encodeURIComponent(user.login)}/works/drafts`}>Drafts</a>
              <a href={`/users/${encodeURIComponent(user.login)}/creatorships`}>Co-creator invitations</a>
              <a href={`/users/${encodeURIComponent(user.login)}/pseuds`}>Pseuds</a>
              <a href={`/users/${encodeURIComponent(user.login)}/preferences`}>Preferences</a>
              <a href={blocksPath(user.login)}>Blocked tags and creators</a>
              <a href={subscriptionsPath(user.login)}>Subscriptions</a>
            </p>
          ) : null}
        </>
      ),
    });
  };
  app.get('/users/:login', authorWorks);
  app.get('/users/:login/works', authorWorks);

  app.get('/users/:login/works/drafts', async (c) => {
    const viewer = requireViewer(c);
    if (viewer instanceof Response) return viewer;
    const user = await loadAuthor(c);
    if (!user) return notFound(c);
    const decision = canManageAccount(viewer, user);
    if (!decision.allowed) return refuse(c, decision);
    return renderListing(c, { title: 'Drafts', heading: 'Your drafts', scope: { userId: user.id, draftsOnly: true }, empty: 'You have no drafts.' });
  });

  const pseudWorks = async (c: WebContext) => {
    const user = await loadAuthor(c);
    if (!user) return notFound(c);
    const pseud = await findPseud(c.var.app.db.kysely, user.id, c.req.param('pseud') ?? '');
    if (!pseud) return notFound(c);
    const same = pseud.name.toLowerCase() === user.login.toLowerCase();
    return renderListing(c, {
      title: `Works by ${pseud.name}`,
      heading: <>Works by {same ? pseud.name : `${pseud.name} (${user.login})`}</>,
      scope: { pseudId: pseud.id, viewerIsOwner: c.var.viewer?.id === user.id },
      empty: 'No works under this pseud yet.',
    });
  };
  app.get('/users/:login/pseuds/:pseud', pseudWorks);
  app.get('/users/:login/pseuds/:pseud/works', pseudWorks);

  app.get('/users/:login/creatorships', async (c) => {
    const viewer = requireViewer(c);
    if (viewer instanceof Response) return viewer;
    const user = await loadAuthor(c);
    if (!user) return notFound(c);
    const decision = canManageAccount(viewer, user);
    if (!decision.allowed) return refuse(c, decision);
    const invitations = await pendingInvitations(c.var.app, viewer.id);
    return renderPage(
      c,
      { title: 'Co-creator invitations', noIndex: true },
      <section>
        <h1>Co-creator invitations</h1>
        {invitations.length === 0 ? <p class="muted">Nobody has invited you to be a co-creator.</p> : null}
        <ul class="blurbs">
          {invitations.map((inv) => (
            <li class="blurb">
              <p>You were invited to be credited as <strong>{inv.pseudName}</strong> on <strong>{inv.title}</strong>.</p>
              <form method="post" action={`/users/${encodeURIComponent(user.login)}/creatorships/${inv.workId}/${inv.pseudId}`} class="actions">
                <CsrfField token={c.var.csrfToken} />
                <button type="submit" name="answer" value="accept">Accept</button>
                <button type="submit" name="answer" value="decline" class="secondary">Decline</button>
              </form>
            </li>
          ))}
        </ul>
      </section>,
    );
  });

  app.post('/users/:login/creatorships/:workId/:pseudId', async (c) => {
    const viewer = requireViewer(c);
    if (viewer instanceof Response) return viewer;
    const user = await loadAuthor(c);
    if (!user) return notFound(c);
    const decision = canManageAccount(viewer, user);
    if (!decision.allowed) return refuse(c, decision);
    const workId = parseId(c.req.param('workId'));
    const pseudId = parseId(c.req.param('pseudId'));
    const body = await c.req.parseBody();
    const answer = body['answer'];
    if (workId === null || pseudId === null || (answer !== 'accept' && answer !== 'decline')) return notFound(c);
    const answered = await answerInvitation(c.var.app, viewer.id, workId, pseudId, answer === 'accept');
    if (!answered.ok && answered.errors === 'orphaned') {
      return redirectWithFlash(c, `/users/${encodeURIComponent(user.login)}/creatorships`, 'That invitation has ended: the work was orphaned, so nobody can join it as a creator any more.');
    }
    if (!answered.ok) return notFound(c);
    return redirectWithFlash(
      c,
      answer === 'accept' ? `/works/${workId}` : `/users/${encodeURIComponent(user.login)}/creatorships`,
      answer === 'accept' ? 'You are now credited as a creator of this work.' : 'Invitation declined.',
    );
  });
}
