// The kinds of news a user can get by mail, and how each comes by default. Kudos come as a
// daily digest by default: a popular work's kudos one mail each would bury everything else.

export const NEWS_KINDS = ['comment', 'reply', 'kudos', 'subscription'] as const;
export type NewsKind = (typeof NEWS_KINDS)[number];

export const DELIVERIES = ['each', 'daily', 'none'] as const;
export type Delivery = (typeof DELIVERIES)[number];

export const DEFAULT_DELIVERY: Readonly<Record<NewsKind, Delivery>> = { comment: 'each', reply: 'each', kudos: 'daily', subscription: 'each' };

/** What mail of each kind is, in words for pages ("You will no longer get …"). */
export const KIND_WORDS: Readonly<Record<NewsKind, string>> = {
  comment: 'mail about comments on your works',
  reply: 'mail about replies to your comments',
  kudos: 'mail about kudos on your works',
  subscription: 'mail about your subscriptions',
};

export const DELIVERY_WORDS: Readonly<Record<Delivery, string>> = { each: 'Each as it happens', daily: 'In a daily digest', none: 'None' };

export function isNewsKind(value: string): value is NewsKind {
  return (NEWS_KINDS as readonly string[]).includes(value);
}
