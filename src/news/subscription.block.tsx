import type { User, Work } from '../db/schema.ts';
import type { WebContext } from '../web/env.ts';
import type { CreatorRow } from '../works/work.repository.ts';
import { decideCreatorSubscription, decideSeriesSubscription, decideTagSubscription, decideWorkSubscription, type SubscribeDecision } from './subscription.policy.ts';
import type { Target } from './subscription.repository.ts';
import { viewerSubscription } from './subscription.service.ts';
import { SubscribeButton } from './subscription.views.tsx';

// The Subscribe / Unsubscribe button of a work's, a creator's and a tag's page: for a
// logged-in viewer the policy allows, nothing for anyone else (a guest's page stays cacheable).

async function button(c: WebContext, target: Target, decision: (viewer: NonNullable<WebContext['var']['viewer']>) => SubscribeDecision) {
  const viewer = c.var.viewer;
  if (!viewer || !decision(viewer).allowed) return null;
  const url = new URL(c.req.url);
  const view = { login: viewer.login, target, subscriptionId: await viewerSubscription(c.var.app, viewer, target), csrfToken: c.var.csrfToken, returnTo: url.pathname + url.search };
  return <SubscribeButton view={view} />;
}

export function workSubscribeButton(c: WebContext, work: Work, creators: CreatorRow[]) {
  return button(c, { type: 'work', id: work.id }, (viewer) => decideWorkSubscription(viewer, work, creators));
}

export function creatorSubscribeButton(c: WebContext, user: User) {
  return button(c, { type: 'creator', id: user.id }, (viewer) => decideCreatorSubscription(viewer, user));
}

/** The route has already checked that the viewer may see the tag. */
export function tagSubscribeButton(c: WebContext, tagId: number) {
  return button(c, { type: 'tag', id: tagId }, () => decideTagSubscription(true));
}

/** The route has already checked that the viewer may see the series. */
export function seriesSubscribeButton(c: WebContext, seriesId: number) {
  return button(c, { type: 'series', id: seriesId }, () => decideSeriesSubscription(true));
}
