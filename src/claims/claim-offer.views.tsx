import { CsrfField } from '../web/forms.tsx';
import { counted } from '../text/plural.ts';
import type { ClaimOffer } from './claim-offer.service.ts';

// The account's own list of imported works that its confirmed address says are its owner's.

export function claimOffersPath(login: string): string {
  return `/users/${encodeURIComponent(login)}/claims`;
}

export function ClaimOffersPage(props: { login: string; offers: ClaimOffer[]; confirmed: boolean; csrfToken: string }) {
  return (
    <>
      <h1>Works that may be yours</h1>
      {!props.confirmed ? (
        <p>
          Confirm your e-mail address first: works rescued from old archives are offered to the account whose confirmed address their
          creator used. <a href={`/users/${encodeURIComponent(props.login)}/change_email`}>Your address</a>
        </p>
      ) : props.offers.length === 0 ? (
        <p>No imported works wait for the address of this account.</p>
      ) : (
        <>
          <p>These works were rescued from old archives under your confirmed address. Open one to claim its works, orphan them or ask for their removal.</p>
          <ul class="claim-offers">
            {props.offers.map((offer) => (
              <li>
                <form method="post" action={`${claimOffersPath(props.login)}/${offer.externalCreatorId}`} class="inline">
                  <CsrfField token={props.csrfToken} />
                  {counted(offer.waiting, 'work')} by {offer.name} <button type="submit">Review and decide</button>
                </form>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

/** The line on the account's own works page. */
export function ClaimOfferNotice(props: { login: string; offers: ClaimOffer[] }) {
  const works = props.offers.reduce((n, o) => n + o.waiting, 0);
  if (works === 0) return null;
  return (
    <p class="notice">
      {counted(works, 'imported work')} {works === 1 ? 'waits' : 'wait'} for you to claim {works === 1 ? 'it' : 'them'}:{' '}
      <a href={claimOffersPath(props.login)}>review the works that may be yours</a>.
    </p>
  );
}
