import { isSystemAccount } from '../accounts/account.policy.ts';
import type { Viewer } from '../accounts/session.service.ts';
import type { User, Work } from '../db/schema.ts';
import type { CreatorRow } from '../works/work.repository.ts';
import { decideRead, isCreator } from '../works/work.visibility.ts';

// Who may subscribe to what. Only logged-in users subscribe (the routes ask them to log in
// first). A work must be one the viewer may read and that is posted and in sight: a draft has
// no news to send, and a hidden work none that may be told. Restricted works are for
// logged-in readers, so their readers may subscribe. Nobody subscribes to themselves or to
// their own work: they know their own news.

export type SubscriptionRefusal = 'no-work' | 'no-creator' | 'no-tag' | 'no-series' | 'draft' | 'hidden' | 'own-work' | 'self';

export const REFUSAL_MESSAGES: Readonly<Record<SubscriptionRefusal, string>> = {
  'no-work': 'There is no such work to subscribe to.',
  'no-creator': 'There is no such creator to subscribe to.',
  'no-tag': 'There is no such tag to subscribe to.',
  'no-series': 'There is no such series to subscribe to.',
  draft: 'A draft can’t be subscribed to: post the work first.',
  hidden: 'This work is hidden for now, so it can’t be subscribed to.',
  'own-work': 'You can’t subscribe to your own work.',
  self: 'You can’t subscribe to yourself.',
};

export type SubscribeDecision = { allowed: true } | { allowed: false; reason: SubscriptionRefusal };

const allowed: SubscribeDecision = { allowed: true };
const refused = (reason: SubscriptionRefusal): SubscribeDecision => ({ allowed: false, reason });

export function decideWorkSubscription(viewer: Viewer, work: Pick<Work, 'isDraft' | 'isRestricted' | 'hiddenAt' | 'inUnrevealedCollection'> | undefined, creators: CreatorRow[]): SubscribeDecision {
  // Someone else's draft or hidden work does not exist, as far as they can tell.
  if (!work || decideRead(viewer, work, creators) === 'not-found') return refused('no-work');
  if (work.isDraft === 1) return refused('draft');
  if (work.hiddenAt !== null) return refused('hidden');
  if (isCreator(viewer, creators)) return refused('own-work');
  return allowed;
}

/** orphan_account posts no works of its own; it has no news to follow. */
export function decideCreatorSubscription(viewer: Viewer, creator: Pick<User, 'id' | 'role'> | undefined): SubscribeDecision {
  if (!creator || isSystemAccount(creator)) return refused('no-creator');
  if (creator.id === viewer.id) return refused('self');
  return allowed;
}

/**
 * `visible`: the series has a part the viewer may see listed (src/series). A creator of the
 * series may subscribe, unlike to their own work: its other parts may be someone else's.
 */
export function decideSeriesSubscription(visible: boolean): SubscribeDecision {
  return visible ? allowed : refused('no-series');
}

/** `visible`: the tag exists and the viewer may know it (tagVisibleTo). */
export function decideTagSubscription(visible: boolean): SubscribeDecision {
  return visible ? allowed : refused('no-tag');
}
