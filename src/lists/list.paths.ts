import type { AppContext } from '../context.ts';

// A list's addresses on the site and its List-Id (RFC 2919), in one place.

export const listPath = (slug: string): string => `/lists/${slug}`;
export const listPostPath = (slug: string, postId: number): string => `/lists/${slug}/posts/${postId}`;
export const listFeedPath = (slug: string): string => `/lists/${slug}/feed.atom`;

/**
 * `Level Three <level-three.lists.example.org>`. The phrase is the list's name in atoms:
 * RFC 5322 specials (. , : ; @ and the like) would need a quoted string, and nodemailer
 * encodes a quoted one as an RFC 2047 word, which filters matching on List-Id do not read.
 */
export function listIdHeader(ctx: AppContext, list: { name: string; slug: string }): string {
  const phrase = list.name.replace(/[()<>[\]:;@\\,."\r\n]+/g, ' ').replace(/\s+/g, ' ').trim();
  return `${phrase} <${list.slug}.lists.${ctx.config.mailDomain}>`;
}
