import type { AppContext } from '../context.ts';
import { readMailToken } from './mail.token.ts';
import { findOutboxMessage } from './outbox.repository.ts';
import { MAIL_STREAMS } from './stream.registry.ts';

export type Unsubscribe =
  | { status: 'invalid' }
  | { status: 'gone' }
  | { status: 'ready'; what: string; offer: string | null }
  | { status: 'switched'; text: string }
  | { status: 'done'; what: string }
  | { status: 'already'; what: string };

async function resolve(ctx: AppContext, token: string) {
  const id = await readMailToken(ctx, 'unsubscribe', token);
  const message = id === null ? undefined : await findOutboxMessage(ctx.db.kysely, id);
  if (!message?.stream) return null;
  const colon = message.stream.indexOf(':');
  const stream = MAIL_STREAMS[colon === -1 ? message.stream : message.stream.slice(0, colon)];
  if (!stream) return null;
  return { message, stream, target: colon === -1 ? '' : message.stream.slice(colon + 1) };
}

/** What an unsubscribe link would stop, for the page with its one button. */
export async function previewUnsubscribe(ctx: AppContext, token: string): Promise<Unsubscribe> {
  const found = await resolve(ctx, token);
  if (!found) return { status: 'invalid' };
  const what = await found.stream.describe(ctx, found.target, found.message);
  if (what === null) return { status: 'gone' };
  const alternative = await found.stream.alternative?.(ctx, found.target);
  return { status: 'ready', what, offer: alternative?.offer ?? null };
}

/** Takes the stream's other way instead of stopping it (the second button of the page). */
export async function switchDelivery(ctx: AppContext, token: string): Promise<Unsubscribe> {
  const found = await resolve(ctx, token);
  if (!found) return { status: 'invalid' };
  const what = await found.stream.describe(ctx, found.target, found.message);
  const alternative = what === null ? null : await found.stream.alternative?.(ctx, found.target);
  if (!alternative) return { status: 'gone' };
  return { status: 'switched', text: await alternative.apply() };
}

/** Stops the stream a token names: from the page's button, or a mail client's one-click POST. */
export async function unsubscribe(ctx: AppContext, token: string): Promise<Unsubscribe> {
  const found = await resolve(ctx, token);
  if (!found) return { status: 'invalid' };
  const what = await found.stream.describe(ctx, found.target, found.message);
  if (what === null) return { status: 'gone' };
  return (await found.stream.end(ctx, found.target, found.message)) ? { status: 'done', what } : { status: 'already', what };
}
