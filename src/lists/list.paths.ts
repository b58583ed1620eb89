import type { AppContext } from '../context.ts';

// A list's addresses on the site and its List-Id (RFC 2919), in one place.

export const listPath = (slug: string): string => `/lists/${slug}`;
export const listPostPath = (slug: string, postId: number): string => `/lists/${slug}/posts/${postId}`;
export const listFeedPath = (slug: string): string => `/lists/${slug}/feed.atom`;

/** `Level Three <level-three.lists.example.org>`: the phrase is the list's name, without the characters a phrase may not hold. */
export function listIdHeader(ctx: AppContext, list: { name: string; slug: string }): string {
  const phrase = list.name.replace(/["\\<>()\r\n]/g, '').trim();
  return `"${phrase}" <${list.slug}.lists.${ctx.config.mailDomain}>`;
}
