import type { AppContext, Result } from '../context.ts';
import { invalid, ok } from '../context.ts';
import type { Queryable } from '../db/database.ts';
import { inTransaction } from '../db/transaction.ts';
import { queueMail } from '../mail/outbox.service.ts';
import { emailTakenByOther, setConfirmedEmail, useAccountToken } from './account-token.repository.ts';
import { resumeDelivery } from '../mail/bounce.repository.ts';
import { checkAccountToken, issueAccountToken, type TokenCheck } from './account-token.service.ts';
import { verifyPassword } from './password.ts';
import { checkEmail } from './user.service.ts';
import { findUserById } from './user.repository.ts';

// Confirming an address, at sign-up and on a change. An unconfirmed account still logs in
// and posts; features that act on mail from an address (post by mail, claim offers) ask for a
// confirmed one. On a change the new address becomes the account's only when its link is
// used, and the old address is told that a change was asked for.

export const CONFIRM_PATH = '/confirm_email/';

/** Queues the confirmation mail for `address` (the current address, or the new one of a change). */
export async function queueConfirmation(ctx: AppContext, db: Queryable, user: { id: number; login: string }, address: string): Promise<void> {
  const { id, token } = await issueAccountToken(ctx, db, 'confirm_email', user.id, address);
  const link = `${ctx.config.baseUrl}${CONFIRM_PATH}${token}`;
  await queueMail(ctx, db, [
    {
      key: `confirm:${user.id}:${id}`,
      to: address,
      userId: user.id,
      subject: 'Confirm your e-mail address for Records Room',
      text:
        `Hello ${user.login},\n\nPlease confirm that ${address} is your address on Records Room by opening this link ` +
        `and pressing the button there:\n\n${link}\n\nThe link works once and for three days. ` +
        `If you did not ask for this, ignore this message: nothing changes.\n`,
    },
  ]);
}

export async function resendConfirmation(ctx: AppContext, userId: number): Promise<Result<{ address: string }>> {
  const user = await findUserById(ctx.db.kysely, userId);
  if (!user) return invalid({ form: 'No such account.' });
  if (user.emailConfirmedAt) return invalid({ form: 'Your address is already confirmed.' });
  return inTransaction(ctx, async (trx) => {
    await queueConfirmation(ctx, trx, user, user.email);
    return ok({ address: user.email });
  });
}

export type ConfirmOutcome = Exclude<TokenCheck, { status: 'ready' }> | { status: 'taken' } | { status: 'ready' | 'done'; address: string };

export async function previewConfirmation(ctx: AppContext, token: string): Promise<ConfirmOutcome> {
  const check = await checkAccountToken(ctx, ctx.db.kysely, 'confirm_email', token);
  return check.status === 'ready' ? { status: 'ready', address: check.address } : check;
}

export async function confirmEmail(ctx: AppContext, token: string): Promise<ConfirmOutcome> {
  return ctx.db.kysely.transaction().execute(async (trx): Promise<ConfirmOutcome> => {
    const check = await checkAccountToken(ctx, trx, 'confirm_email', token);
    if (check.status !== 'ready') return check;
    // Someone else confirmed this address since the link was sent: an address names one account.
    if (await emailTakenByOther(trx, check.userId, check.address)) return { status: 'taken' };
    const now = ctx.now().toISOString();
    if (!(await useAccountToken(trx, check.id, now))) return { status: 'used' };
    await setConfirmedEmail(trx, check.userId, check.address, now);
    // The link was followed, so the mailbox reads mail now, whatever it bounced before.
    await resumeDelivery(trx, check.address, now);
    return { status: 'done', address: check.address };
  });
}

/** Asks for a change of address: checks the password, mails the new address a link and tells the old one. */
export async function requestEmailChange(ctx: AppContext, userId: number, input: { email: string; password: string }): Promise<Result<{ address: string }>> {
  const user = await findUserById(ctx.db.kysely, userId);
  if (!user) return invalid({ form: 'No such account.' });
  const address = input.email.trim();
  const problem = checkEmail(address);
  if (problem) return invalid({ email: problem });
  if (!(await verifyPassword(user.passwordHash, input.password))) return invalid({ password: 'That is not your current password.' });
  if (address.toLowerCase() === user.emailKey) return invalid({ email: 'That is already your address.' });
  if (await emailTakenByOther(ctx.db.kysely, user.id, address)) return invalid({ email: 'An account with that e-mail address already exists.' });
  return inTransaction(ctx, async (trx) => {
    await queueConfirmation(ctx, trx, user, address);
    await queueMail(ctx, trx, [
      {
        key: `email-change:${user.id}:${ctx.now().getTime()}`,
        to: user.email,
        userId: user.id,
        subject: 'A change of e-mail address was asked for on Records Room',
        text:
          `Hello ${user.login},\n\nSomeone logged in as you asked to change the e-mail address of your Records Room account ` +
          `from this one to another. Nothing changes until the new address is confirmed.\n\n` +
          `If this was not you, log in and change your password: ${ctx.config.baseUrl}/login\n`,
      },
    ]);
    return ok({ address });
  });
}
