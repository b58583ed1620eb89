import { counted } from '../text/plural.ts';
import { CsrfField } from '../web/forms.tsx';
import { Pagination } from '../works/blurb.views.tsx';
import type { Target, TargetType } from './subscription.repository.ts';

/** The form value of subscribable_type for each target, by AO3's class names. */
const FORM_TYPE: Readonly<Record<TargetType, string>> = { work: 'Work', creator: 'User', tag: 'Tag', series: 'Series' };

export const subscriptionsPath = (login: string) => `/users/${encodeURIComponent(login)}/subscriptions`;

/** A logged-in viewer's button on a work's, a creator's or a tag's page. */
export interface SubscribeButtonView {
  login: string;
  target: Target;
  /** The viewer's subscription to it, if any: the button then ends it. */
  subscriptionId: number | null;
  csrfToken: string;
  returnTo: string;
}

/**
 * Shown only to logged-in viewers who may subscribe: a guest's page carries no form token, so
 * logged-out pages stay in the page cache.
 */
export function SubscribeButton(props: { view: SubscribeButtonView }) {
  const v = props.view;
  const base = subscriptionsPath(v.login);
  if (v.subscriptionId !== null) {
    return (
      <form method="post" action={`${base}/${v.subscriptionId}/delete`} class="inline subscribe">
        <CsrfField token={v.csrfToken} />
        <input type="hidden" name="return_to" value={v.returnTo} />
        <button type="submit" class="secondary">Unsubscribe</button>
      </form>
    );
  }
  return (
    <form method="post" action={base} class="inline subscribe">
      <CsrfField token={v.csrfToken} />
      <input type="hidden" name="subscribable_type" value={FORM_TYPE[v.target.type]} />
      <input type="hidden" name="subscribable_id" value={String(v.target.id)} />
      <input type="hidden" name="return_to" value={v.returnTo} />
      <button type="submit">Subscribe</button>
    </form>
  );
}

export interface SubscriptionItemView {
  id: number;
  type: TargetType;
  /** What the target is called; null when it is gone. */
  label: string | null;
  href: string | null;
  /** "a draft again", "a work that has been deleted"; null when shown as usual. */
  note: string | null;
}

const KIND: Readonly<Record<TargetType, string>> = { work: 'Work', creator: 'Creator', tag: 'Tag', series: 'Series' };
const FILTERS: readonly { type: string | null; label: string }[] = [
  { type: null, label: 'All' },
  { type: 'works', label: 'Works' },
  { type: 'users', label: 'Creators' },
  { type: 'tags', label: 'Tags' },
  { type: 'series', label: 'Series' },
];

export interface SubscriptionsPageView {
  login: string;
  items: SubscriptionItemView[];
  total: number;
  /** The ?type= shown, or null for all. */
  type: string | null;
  page: number;
  pageCount: number;
  csrfToken: string;
  /** This page's address, to come back to after ending one. */
  returnTo: string;
}

function filterHref(login: string, type: string | null): string {
  return type === null ? subscriptionsPath(login) : `${subscriptionsPath(login)}?type=${type}`;
}

/** /users/:login/subscriptions, for its owner: what they follow, each with its end button. */
export function SubscriptionsPage(props: { view: SubscriptionsPageView }) {
  const v = props.view;
  return (
    <section>
      <h1>My subscriptions</h1>
      <nav aria-label="Kinds of subscription">
        <ul class="actions">
          {FILTERS.map((f) => (
            <li>{f.type === v.type ? <strong aria-current="page">{f.label}</strong> : <a href={filterHref(v.login, f.type)}>{f.label}</a>}</li>
          ))}
        </ul>
      </nav>
      <p class="muted">{v.total === 0 ? 'You have no subscriptions here yet. Subscribe from a work, a creator’s page or a tag.' : `${counted(v.total, 'subscription')}. New chapters and works come by mail as your preferences say.`}</p>
      <ul class="blurbs subscriptions">
        {v.items.map((item) => (
          <li class="blurb subscription" id={`subscription-${item.id}`}>
            <span class="muted">{KIND[item.type]}:</span>{' '}
            {item.label === null ? <em>{item.note}</em> : item.href ? <a href={item.href}>{item.label}</a> : <span>{item.label}</span>}
            {item.label !== null && item.note ? <span class="muted"> ({item.note})</span> : null}
            <form method="post" action={`${subscriptionsPath(v.login)}/${item.id}/delete`} class="inline">
              <CsrfField token={v.csrfToken} />
              <input type="hidden" name="return_to" value={v.returnTo} />
              <button type="submit" class="secondary">Unsubscribe</button>
            </form>
          </li>
        ))}
      </ul>
      <Pagination page={v.page} pageCount={v.pageCount} baseUrl={v.returnTo} />
    </section>
  );
}
