import type { Collection } from '../db/schema.ts';
import type { Queryable } from '../db/database.ts';
import { findSettings } from './exchange.repository.ts';
import { signupClosedReason } from './exchange.service.ts';

// The challenge's pages, linked from the collection's page: what a visitor may do there (sign up
// while sign-ups are open, read the prompts, see the towers), and the moderators' own pages.

export interface ChallengeLink {
  href: string;
  label: string;
}

export async function challengeLinks(db: Queryable, collection: Collection, viewer: { loggedIn: boolean; maintains: boolean }, now: Date): Promise<ChallengeLink[]> {
  const base = `/collections/${encodeURIComponent(collection.name)}`;
  const links: ChallengeLink[] = [];
  if (collection.challengeType === 'gift_exchange') {
    const settings = await findSettings(db, collection.id);
    const open = settings !== undefined && collection.isClosed === 0 && signupClosedReason(settings, now) === null;
    links.push({ href: `${base}/exchange`, label: open ? 'Sign up for the gift exchange' : 'The gift exchange' });
    if (viewer.maintains) {
      links.push({ href: `${base}/exchange/settings`, label: 'Exchange settings' });
      // Matching needs settings (and sign-ups); the pages say so themselves.
      if (settings) links.push({ href: `${base}/exchange/matching`, label: 'Matching and assignments' });
      if (settings && settings.closedAt === null) links.push({ href: `${base}/exchange/close`, label: 'Close the exchange' });
    }
  } else if (collection.challengeType === 'prompt_meme') {
    links.push({ href: `${base}/prompts`, label: 'Prompts' });
    if (viewer.loggedIn && collection.isClosed === 0) links.push({ href: `${base}/prompts/new`, label: 'Post a prompt' });
  } else if (collection.challengeType === 'drabble') {
    links.push({ href: `${base}/challenge`, label: 'Towers and drabbles' });
  }
  return links;
}

export function ChallengeNav(props: { links: ChallengeLink[] }) {
  if (props.links.length === 0) return null;
  return (
    <nav class="challenge-nav" aria-label="Challenge">
      <h2>Challenge</h2>
      <ul>{props.links.map((link) => <li><a href={link.href}>{link.label}</a></li>)}</ul>
    </nav>
  );
}
