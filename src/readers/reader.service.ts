import { findUserByLogin } from '../accounts/user.repository.ts';
import type { AppContext, Result } from '../context.ts';
import { invalid, ok } from '../context.ts';
import { tagKey } from '../tags/tag.names.ts';
import { findTagsByKeys } from '../tags/tag.repository.ts';
import { addBlockedCreator, addBlockedTag, insertSavedSearch, listSavedSearches } from './reader.repository.ts';

export const MAX_SAVED_SEARCHES = 100;

export async function blockTag(ctx: AppContext, userId: number, name: string): Promise<Result<{ name: string }>> {
  const trimmed = name.replace(/\s+/g, ' ').trim();
  if (!trimmed) return invalid({ tag: 'Name the tag to hide.' });
  const [tag] = await findTagsByKeys(ctx.db.kysely, [tagKey(trimmed)]);
  if (!tag) return invalid({ tag: `There is no tag called “${trimmed}” on the archive.` });
  await addBlockedTag(ctx.db.kysely, userId, tag.id, ctx.now().toISOString());
  return ok({ name: tag.name });
}

export async function blockCreator(ctx: AppContext, userId: number, login: string): Promise<Result<{ login: string }>> {
  const trimmed = login.trim();
  const user = trimmed ? await findUserByLogin(ctx.db.kysely, trimmed) : undefined;
  if (!user || user.role === 'system') return invalid({ creator: `There is no user called “${trimmed}”.` });
  if (user.id === userId) return invalid({ creator: 'You cannot hide your own works.' });
  await addBlockedCreator(ctx.db.kysely, userId, user.id, ctx.now().toISOString());
  return ok({ login: user.login });
}

// Only addresses of this archive's listings and searches can be saved: a saved search is a
// link in the reader's menu, and must never lead elsewhere.
const SAVABLE = /^\/(?:works(?:\/search)?|tags\/[^/?#]+\/works|users\/[^/?#]+(?:\/works|\/pseuds\/[^/?#]+\/works)?)(?:\?[^#]*)?$/;

export async function saveSearch(ctx: AppContext, userId: number, input: { name: string; path: string }): Promise<Result<{ path: string }>> {
  const name = input.name.replace(/\s+/g, ' ').trim();
  const typed = input.path.trim().replace(/([?&])after=[^&]*&?/, '$1').replace(/[?&]$/, '');
  const errors: Record<string, string> = {};
  if (!name) errors.name = 'Give the search a name.';
  else if (name.length > 100) errors.name = 'Use at most 100 characters.';
  // A line break in the address would become one in the Location header after saving (an
  // error page) and in every link to the search; the listings' own form never sends one.
  if (/[\x00-\x1f\x7f]/.test(typed)) errors.path = 'That address holds a line break or another control character, so it cannot be saved. Open the listing again and save it from there.';
  else if (typed.length > 2000 || !SAVABLE.test(typed)) errors.path = 'Only listings and searches of this archive can be saved.';
  if (Object.keys(errors).length > 0) return invalid(errors);
  if ((await listSavedSearches(ctx.db.kysely, userId)).length >= MAX_SAVED_SEARCHES) {
    return invalid({ name: `You have ${MAX_SAVED_SEARCHES} saved searches; delete one first.` });
  }
  // Kept as the URL parser writes it (percent-encoded), so it is always a valid header value.
  const url = new URL(typed, 'http://records-room.invalid');
  const path = url.pathname + url.search;
  await insertSavedSearch(ctx.db.kysely, { userId, name, path, createdAt: ctx.now().toISOString() });
  return ok({ path });
}
