import type { Viewer } from '../accounts/session.service.ts';
import { findUserByLogin } from '../accounts/user.repository.ts';
import { invalid, ok, type AppContext, type Result } from '../context.ts';
import type { Queryable } from '../db/database.ts';
import type { Collection, ExchangeSettings } from '../db/schema.ts';
import { inTransaction } from '../db/transaction.ts';
import { enqueue } from '../jobs/job.repository.ts';
import { queueMail } from '../mail/outbox.service.ts';
import { collectionRole } from '../collections/collection.repository.ts';
import { maintains } from '../collections/collection.policy.ts';
import { scheduleReveals } from '../collections/collection.service.ts';
import {
  activeSignups,
  addPinchHitter,
  deletePin,
  findSettings,
  findSignup,
  insertAssignment,
  insertPin,
  insertRun,
  insertSignup,
  latestRun,
  pinsOf,
  saveSettingsRow,
  setCollectionRevealDates,
  setExchangeStamp,
  updateSignup,
  type SignupRow,
} from './exchange.repository.ts';
import { parseSignup, type Prompt, type SettingsInput, type TagSetting, type TypeRules } from './exchange.schema.ts';
import { assignmentMail, type RunResult } from './exchange.matching.ts';

// The gift exchange's use cases, around the matcher: settings, sign-ups, runs, pins, sending.
// Assignments after sending (defaults, pinch hits, gifts) are in exchange.gifts.service.ts.

export interface ExchangeRules {
  settings: ExchangeSettings;
  tagSet: TagSetting;
  typeRules: TypeRules;
}

export function rulesOf(settings: ExchangeSettings): ExchangeRules {
  return { settings, tagSet: JSON.parse(settings.tagSet) as TagSetting, typeRules: JSON.parse(settings.typeRules) as TypeRules };
}

export async function isModerator(db: Queryable, collectionId: number, viewer: Viewer | null): Promise<boolean> {
  return viewer !== null && maintains(await collectionRole(db, collectionId, viewer.id));
}

const notModerator = () => invalid({ form: 'Only the challenge’s moderators may do that.' });

export async function saveExchangeSettings(ctx: AppContext, viewer: Viewer, collection: Collection, input: SettingsInput): Promise<Result<null>> {
  const now = ctx.now();
  const errors: Record<string, string> = {};
  const checkReveal = (field: 'revealWorksAt' | 'revealCreatorsAt', date: string | null, setting: number, what: string) => {
    if (date === null) return;
    if (setting !== 1) errors[field] = `A reveal date needs the collection to be ${what}.`;
    else if (Date.parse(date) <= now.getTime()) errors[field] = 'That date has passed: choose a date to come, or reveal now from the collection’s page.';
  };
  // Only a date changed here is checked and scheduled: saving the settings again after a reveal date
  // has passed (or its reveal was done) must not be refused for it, nor queue its job twice.
  const changed = {
    revealWorksAt: input.revealWorksAt !== collection.revealWorksAt ? input.revealWorksAt : null,
    revealCreatorsAt: input.revealCreatorsAt !== collection.revealCreatorsAt ? input.revealCreatorsAt : null,
  };
  checkReveal('revealWorksAt', changed.revealWorksAt, collection.isUnrevealed, 'unrevealed');
  checkReveal('revealCreatorsAt', changed.revealCreatorsAt, collection.isAnonymous, 'anonymous');
  if (Object.keys(errors).length > 0) return invalid(errors);
  return inTransaction(ctx, async (trx) => {
    if (!(await isModerator(trx, collection.id, viewer))) return notModerator();
    const stamp = now.toISOString();
    await saveSettingsRow(trx, {
      collectionId: collection.id,
      signupOpensAt: input.signupOpensAt,
      signupClosesAt: input.signupClosesAt,
      assignmentsDueAt: input.assignmentsDueAt,
      requestsMax: input.requestsMax,
      offersMax: input.offersMax,
      tagSet: JSON.stringify(input.tagSet),
      typeRules: JSON.stringify(input.typeRules),
      updatedAt: stamp,
    });
    await setCollectionRevealDates(trx, collection.id, input.revealWorksAt, input.revealCreatorsAt, stamp);
    // The collection's reveal job, as its own settings page queues it (it checks the date again when it runs).
    await scheduleReveals(trx, collection.id, changed, now);
    return ok(null);
  });
}

/** Why sign-ups are not taken now, or null when they are. */
export function signupClosedReason(settings: ExchangeSettings, now: Date): string | null {
  const day = (iso: string) => new Date(iso).toUTCString().replace(/ GMT$/, ' UTC');
  if (settings.closedAt !== null || settings.sentAt !== null) return 'This exchange has been matched: sign-ups are closed.';
  if (settings.signupOpensAt !== null && Date.parse(settings.signupOpensAt) > now.getTime()) return `Sign-ups open on ${day(settings.signupOpensAt)}.`;
  if (settings.signupClosesAt !== null && Date.parse(settings.signupClosesAt) <= now.getTime()) return `Sign-ups closed on ${day(settings.signupClosesAt)}: no new sign-ups or changes are taken.`;
  return null;
}

/** Signs up, or changes a sign-up, during the window; what was typed is checked against the tag set and limits. */
export async function saveSignup(ctx: AppContext, viewer: Viewer, collection: Collection, values: Record<string, string>): Promise<Result<{ created: boolean }>> {
  return inTransaction(ctx, async (trx) => {
    const settings = await findSettings(trx, collection.id);
    if (!settings) return invalid({ form: 'This exchange is not taking sign-ups yet.' });
    const closed = signupClosedReason(settings, ctx.now());
    if (closed) return invalid({ form: closed });
    const rules = rulesOf(settings);
    const parsed = parseSignup(values, { ...rules, requestsMax: settings.requestsMax, offersMax: settings.offersMax });
    if (!parsed.ok) return parsed;
    const stamp = ctx.now().toISOString();
    const existing = await findSignup(trx, collection.id, viewer.id);
    const row = { requests: JSON.stringify(parsed.value.requests), offers: JSON.stringify(parsed.value.offers), status: 'active' };
    if (existing) await updateSignup(trx, existing.id, row, stamp);
    else await insertSignup(trx, { collectionId: collection.id, userId: viewer.id, ...row, createdAt: stamp, updatedAt: stamp });
    return ok({ created: !existing || existing.status !== 'active' });
  });
}

export async function withdrawSignup(ctx: AppContext, viewer: Viewer, collection: Collection): Promise<Result<null>> {
  return inTransaction(ctx, async (trx) => {
    const settings = await findSettings(trx, collection.id);
    const signup = await findSignup(trx, collection.id, viewer.id);
    if (!settings || !signup || signup.status !== 'active') return invalid({ form: 'You have no sign-up in this exchange.' });
    const closed = signupClosedReason(settings, ctx.now());
    if (closed) return invalid({ form: `${closed} Ask the moderators if you cannot take part.` });
    await updateSignup(trx, signup.id, { status: 'withdrawn' }, ctx.now().toISOString());
    return ok(null);
  });
}

export const promptsOf = (json: string): Prompt[] => JSON.parse(json) as Prompt[];

/** Queues a run of the matcher; the page shows its progress. */
export async function startMatching(ctx: AppContext, viewer: Viewer, collection: Collection): Promise<Result<{ runId: number }>> {
  return inTransaction(ctx, async (trx) => {
    if (!(await isModerator(trx, collection.id, viewer))) return notModerator();
    const settings = await findSettings(trx, collection.id);
    if (!settings) return invalid({ form: 'Save the exchange’s settings first.' });
    if (settings.sentAt !== null || settings.closedAt !== null) return invalid({ form: 'The assignments have been sent: the exchange cannot be matched again.' });
    const latest = await latestRun(trx, collection.id);
    if (latest && (latest.status === 'queued' || latest.status === 'running')) return invalid({ form: 'The matcher is running already: wait for it to finish.' });
    if ((await activeSignups(trx, collection.id)).length < 2) return invalid({ form: 'An exchange needs at least two sign-ups to match.' });
    const now = ctx.now();
    const runId = await insertRun(trx, collection.id, viewer.id, now.toISOString());
    await enqueue(trx, 'matchGiftExchange', { runId }, { now, maxAttempts: 3 });
    return ok({ runId });
  });
}

async function signupOfLogin(db: Queryable, collectionId: number, login: string): Promise<SignupRow | null> {
  const user = await findUserByLogin(db, login);
  if (!user) return null;
  return (await activeSignups(db, collectionId)).find((s) => s.userId === user.id) ?? null;
}

/** A moderator fixes a pair by hand; conflicting pins are refused beside the field at fault. */
export async function addPin(ctx: AppContext, viewer: Viewer, collection: Collection, giverLogin: string, recipientLogin: string): Promise<Result<null>> {
  return inTransaction(ctx, async (trx) => {
    if (!(await isModerator(trx, collection.id, viewer))) return notModerator();
    const settings = await findSettings(trx, collection.id);
    if (settings?.sentAt) return invalid({ form: 'The assignments have been sent: pins no longer change them.' });
    const giver = await signupOfLogin(trx, collection.id, giverLogin);
    if (!giver) return invalid({ giver: `“${giverLogin}” has not signed up to this exchange.` });
    const recipient = await signupOfLogin(trx, collection.id, recipientLogin);
    if (!recipient) return invalid({ recipient: `“${recipientLogin}” has not signed up to this exchange.` });
    if (giver.id === recipient.id) return invalid({ recipient: 'Nobody may be pinned to give to themselves.' });
    const pins = await pinsOf(trx, collection.id);
    const asGiver = pins.find((p) => p.giverSignupId === giver.id);
    if (asGiver) return invalid({ giver: `${giver.login} is already pinned to give to ${asGiver.recipientLogin}: remove that pin first.` });
    const asRecipient = pins.find((p) => p.recipientSignupId === recipient.id);
    if (asRecipient) return invalid({ recipient: `${recipient.login} already gets a gift from ${asRecipient.giverLogin} by a pin: remove that pin first.` });
    await insertPin(trx, { collectionId: collection.id, giverSignupId: giver.id, recipientSignupId: recipient.id, createdBy: viewer.id, createdAt: ctx.now().toISOString() });
    return ok(null);
  });
}

export async function removePin(ctx: AppContext, viewer: Viewer, collection: Collection, pinId: number): Promise<Result<null>> {
  return inTransaction(ctx, async (trx) => {
    if (!(await isModerator(trx, collection.id, viewer))) return notModerator();
    if ((await deletePin(trx, collection.id, pinId)) === 0) return invalid({ form: 'That pin is gone already.' });
    return ok(null);
  });
}

/**
 * Sends the newest finished run's pairs: one assignment each, its mail queued in the same
 * transaction and keyed by the exchange, giver and recipient, so sending again mails nobody twice.
 */
export async function sendAssignments(ctx: AppContext, viewer: Viewer, collection: Collection): Promise<Result<{ sent: number }>> {
  return inTransaction(ctx, async (trx) => {
    if (!(await isModerator(trx, collection.id, viewer))) return notModerator();
    const settings = await findSettings(trx, collection.id);
    if (!settings) return invalid({ form: 'Save the exchange’s settings first.' });
    if (settings.sentAt !== null) return invalid({ form: 'The assignments have been sent already.' });
    const latest = await latestRun(trx, collection.id);
    if (!latest || latest.status !== 'done' || latest.result === null) return invalid({ form: 'Run the matcher, and let it finish, before sending assignments.' });
    const result = JSON.parse(latest.result) as RunResult;
    const signups = new Map((await activeSignups(trx, collection.id)).map((s) => [s.id, s]));
    const now = ctx.now().toISOString();
    let sent = 0;
    for (const pair of result.pairs) {
      const giver = signups.get(pair.giverSignupId);
      const recipient = signups.get(pair.recipientSignupId);
      if (!giver || !recipient) continue;
      const id = await insertAssignment(trx, { collectionId: collection.id, giverUserId: giver.userId, recipientSignupId: recipient.id, score: pair.score, status: 'sent', isPinchHit: 0, sentAt: now });
      await queueMail(ctx, trx, [assignmentMail(ctx, collection, settings, { id, giverLogin: giver.login, giverEmail: giver.email, giverUserId: giver.userId, recipientLogin: recipient.login, requests: promptsOf(recipient.requests), key: `exchange:${collection.id}:giver:${giver.userId}:recipient:${recipient.id}` })]);
      sent++;
    }
    await setExchangeStamp(trx, collection.id, 'sentAt', now);
    return ok({ sent });
  });
}

/** Ends the challenge's matching: no more sign-ups, runs or pins. Gifts may still be posted to the collection. */
export async function closeExchange(ctx: AppContext, viewer: Viewer, collection: Collection): Promise<Result<null>> {
  return inTransaction(ctx, async (trx) => {
    if (!(await isModerator(trx, collection.id, viewer))) return notModerator();
    const settings = await findSettings(trx, collection.id);
    if (!settings) return invalid({ form: 'Save the exchange’s settings first.' });
    if (settings.closedAt !== null) return invalid({ form: 'This exchange is closed already.' });
    await setExchangeStamp(trx, collection.id, 'closedAt', ctx.now().toISOString());
    return ok(null);
  });
}

export async function volunteerAsPinchHitter(ctx: AppContext, viewer: Viewer, collection: Collection): Promise<Result<null>> {
  return inTransaction(ctx, async (trx) => {
    await addPinchHitter(trx, collection.id, viewer.id, ctx.now().toISOString());
    return ok(null);
  });
}
