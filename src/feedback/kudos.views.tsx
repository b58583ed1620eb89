import { counted } from '../text/plural.ts';
import { CsrfField } from '../web/forms.tsx';
import type { KudosDecision } from './kudos.policy.ts';
import type { KudosSummary } from './kudos.service.ts';

/** What a kudos button answers, as the flash message after it. */
export const KUDOS_MESSAGES = {
  left: 'Thank you for leaving kudos!',
  'already-left': 'You have already left kudos here. :)',
  'own-work': 'You can’t leave kudos on your own work.',
  draft: 'A draft can’t get kudos until it is posted.',
  hidden: 'This work is hidden, so it can’t get kudos.',
  'not-found': 'There is no such work.',
  'login-required': 'This work is only for registered users of the archive: log in to leave kudos on it.',
} as const;

export interface KudosBlockView {
  workId: number;
  summary: KudosSummary;
  decision: KudosDecision;
  loggedIn: boolean;
  csrfToken: string;
  /** The page the button is on, to come back to. */
  returnTo: string;
}

const userHref = (login: string) => `/users/${encodeURIComponent(login)}`;

/**
 * The button. Logged in, it posts at once. A guest's page carries no form token, so that
 * logged-out reading pages stay in the page cache (src/web/page-cache.ts): the guest's
 * button opens the kudos page, whose form has one.
 */
function KudosButton(props: { view: KudosBlockView }) {
  const { view } = props;
  if (view.decision !== 'allowed') return null;
  if (view.summary.viewerLeft) return <p class="muted">You left kudos on this work. ♥</p>;
  if (!view.loggedIn) {
    return (
      <form method="get" action={`/works/${view.workId}/kudos`} class="inline">
        <input type="hidden" name="return_to" value={view.returnTo} />
        <button type="submit">Kudos ♥</button>
      </form>
    );
  }
  return (
    <form method="post" action={`/works/${view.workId}/kudos`} class="inline">
      <CsrfField token={view.csrfToken} />
      <input type="hidden" name="return_to" value={view.returnTo} />
      <button type="submit">Kudos ♥</button>
    </form>
  );
}

/** "alice, bob, 12 more users and 3 guests left kudos on this work!" */
function KudosLine(props: { workId: number; summary: KudosSummary }) {
  const { summary } = props;
  if (summary.total === 0) return null;
  const parts = summary.logins.map((login) => <a href={userHref(login)}>{login}</a>);
  if (summary.moreAccounts > 0) parts.push(<a href={`/works/${props.workId}/kudos`}>{counted(summary.moreAccounts, 'more user')}</a>);
  if (summary.guests > 0) parts.push(<>{counted(summary.guests, 'guest')}</>);
  return (
    <p class="kudos-list">
      {parts.map((part, i) => (
        <>
          {i === 0 ? '' : i === parts.length - 1 ? ' and ' : ', '}
          {part}
        </>
      ))}{' '}
      left kudos on this work!
    </p>
  );
}

/** Under a work's text, on every reading page of it. */
export function KudosBlock(props: { view: KudosBlockView }) {
  const { view } = props;
  if (view.decision !== 'allowed' && view.summary.total === 0) return null;
  return (
    <section class="kudos" id="kudos" aria-label="Kudos">
      <KudosButton view={view} />
      <KudosLine workId={view.workId} summary={view.summary} />
    </section>
  );
}

/** /works/:id/kudos: everyone who left kudos, and the guests' form. */
export function KudosPage(props: { title: string; view: KudosBlockView }) {
  const { view } = props;
  const refusal = view.decision === 'allowed' ? null : KUDOS_MESSAGES[view.decision];
  return (
    <section>
      <h1>Kudos on <a href={view.returnTo}>{props.title}</a></h1>
      {refusal ? <p>{refusal}</p> : null}
      {view.decision === 'allowed' && view.summary.viewerLeft ? <p class="muted">You left kudos on this work. ♥</p> : null}
      {view.decision === 'allowed' && !view.summary.viewerLeft ? (
        <form method="post" action={`/works/${view.workId}/kudos`} class="actions">
          <CsrfField token={view.csrfToken} />
          <input type="hidden" name="return_to" value={view.returnTo} />
          <button type="submit">{view.loggedIn ? 'Kudos ♥' : 'Leave kudos as a guest ♥'}</button>
          <a href={view.returnTo}>Back to the work</a>
        </form>
      ) : null}
      {view.decision === 'allowed' && !view.loggedIn ? (
        <p class="muted">A guest’s kudos counts once for the network it comes from; the archive keeps a keyed hash of the address, never the address.</p>
      ) : null}
      {view.summary.total === 0 ? <p class="muted">No kudos yet.</p> : <KudosLine workId={view.workId} summary={view.summary} />}
    </section>
  );
}
