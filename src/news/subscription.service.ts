import type { Viewer } from '../accounts/session.service.ts';
import { findUserById } from '../accounts/user.repository.ts';
import type { AppContext } from '../context.ts';
import { tagVisibleTo } from '../tags/tag.service.ts';
import { findTagById } from '../tags/wrangling.repository.ts';
import { creatorsOfWorks, findWork } from '../works/work.repository.ts';
import { visibleSeries } from '../series/series.presenter.ts';
import { decideCreatorSubscription, decideSeriesSubscription, decideTagSubscription, decideWorkSubscription, type SubscribeDecision, type SubscriptionRefusal } from './subscription.policy.ts';
import { deleteOwnSubscription, findOwnSubscription, findSubscriptionWithTarget, insertSubscription, type SubscriptionRow, type Target } from './subscription.repository.ts';

// Subscribing and unsubscribing: one row each, so no transaction of several statements is
// needed; the unique key makes a second subscription "already", whoever wins a race.

/** What a target is called on pages and in messages, and where it is. */
export interface TargetView {
  target: Target;
  label: string;
  href: string;
}

export type SubscribeOutcome =
  | { status: 'subscribed'; subscriptionId: number; view: TargetView }
  | { status: 'already'; subscriptionId: number; view: TargetView }
  | { status: 'refused'; reason: SubscriptionRefusal };

/** Loads the target and decides whether the viewer may subscribe to it. */
async function loadTarget(ctx: AppContext, viewer: Viewer, target: Target): Promise<{ decision: SubscribeDecision; view?: TargetView }> {
  const db = ctx.db.kysely;
  if (target.type === 'work') {
    const work = await findWork(db, target.id);
    const creators = work ? await creatorsOfWorks(db, [target.id]) : [];
    return { decision: decideWorkSubscription(viewer, work, creators), view: work && { target, label: work.title, href: `/works/${work.id}` } };
  }
  if (target.type === 'creator') {
    const user = await findUserById(db, target.id);
    return { decision: decideCreatorSubscription(viewer, user), view: user && { target, label: user.login, href: `/users/${encodeURIComponent(user.login)}` } };
  }
  if (target.type === 'series') {
    const series = await visibleSeries(db, viewer, target.id);
    return { decision: decideSeriesSubscription(series !== null), view: series ? { target, label: series.title, href: `/series/${series.id}` } : undefined };
  }
  const tag = await findTagById(db, target.id);
  const visible = tag !== undefined && (await tagVisibleTo(db, viewer, tag));
  return { decision: decideTagSubscription(visible), view: tag && { target, label: tag.name, href: `/tags/${encodeURIComponent(tag.urlName)}` } };
}

export async function subscribe(ctx: AppContext, viewer: Viewer, target: Target): Promise<SubscribeOutcome> {
  const { decision, view } = await loadTarget(ctx, viewer, target);
  if (!decision.allowed) return { status: 'refused', reason: decision.reason };
  const db = ctx.db.kysely;
  const id = await insertSubscription(db, viewer.id, target, ctx.now().toISOString());
  if (id !== null) return { status: 'subscribed', subscriptionId: id, view: view! };
  const existing = await findOwnSubscription(db, viewer.id, target);
  return { status: 'already', subscriptionId: existing!.id, view: view! };
}

/** Ends one of the user's subscriptions; false when it was not theirs or had already ended. */
export async function unsubscribe(ctx: AppContext, userId: number, subscriptionId: number): Promise<boolean> {
  return deleteOwnSubscription(ctx.db.kysely, userId, subscriptionId);
}

/** A subscription's target for pages and the unsubscribe page; label null when the target is gone. */
export function describeTarget(row: SubscriptionRow): { label: string | null; href: string | null; note: string | null } {
  if (row.targetType === 'work') {
    if (row.workTitle === null) return { label: null, href: null, note: 'a work that has been deleted' };
    const gone = row.workIsDraft === 1 ? 'a draft again' : row.workHiddenAt !== null ? 'hidden for now' : null;
    return { label: row.workTitle, href: gone ? null : `/works/${row.targetId}`, note: gone };
  }
  if (row.targetType === 'creator') {
    return row.creatorLogin === null ? { label: null, href: null, note: 'an account that has been deleted' } : { label: row.creatorLogin, href: `/users/${encodeURIComponent(row.creatorLogin)}`, note: null };
  }
  if (row.targetType === 'series') {
    return row.seriesTitle === null ? { label: null, href: null, note: 'a series that has been deleted' } : { label: row.seriesTitle, href: `/series/${row.targetId}`, note: null };
  }
  return row.tagName === null ? { label: null, href: null, note: 'a tag that has been removed' } : { label: row.tagName, href: `/tags/${encodeURIComponent(row.tagUrlName!)}`, note: null };
}

/** "new chapters of “Title”", for the unsubscribe page ("You will no longer get mail about …"). */
export async function subscriptionWords(ctx: AppContext, subscriptionId: number, userId: number | null): Promise<string | null> {
  const row = await findSubscriptionWithTarget(ctx.db.kysely, subscriptionId);
  if (!row || row.userId !== userId) return null;
  const { label } = describeTarget(row);
  const what = label ?? 'something no longer on the archive';
  if (row.targetType === 'work') return `mail about new chapters of “${what}”`;
  if (row.targetType === 'creator') return `mail about new works by ${what}`;
  if (row.targetType === 'series') return `mail about new works and chapters in the series “${what}”`;
  return `mail about new works in ${what}`;
}

/** The viewer's subscription to a target, for a page's button. */
export async function viewerSubscription(ctx: AppContext, viewer: Viewer, target: Target): Promise<number | null> {
  return (await findOwnSubscription(ctx.db.kysely, viewer.id, target))?.id ?? null;
}
