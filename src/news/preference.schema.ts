import { z } from 'zod';
import { DELIVERIES, KIND_WORDS, NEWS_KINDS, type Delivery, type NewsKind } from './news.kinds.ts';

/** The form's field for a kind of news: `mail_comment`, `mail_reply`, … */
export const fieldOf = (kind: NewsKind): string => `mail_${kind}`;

const choice = (kind: NewsKind) => z.enum(DELIVERIES, { error: `Choose how you want ${KIND_WORDS[kind]}: each as it happens, in a daily digest, or none.` });

/** One choice for every kind; a missing or unknown value is that field's error. */
export const mailChoicesForm = z.object(Object.fromEntries(NEWS_KINDS.map((kind) => [fieldOf(kind), choice(kind)])) as Record<string, ReturnType<typeof choice>>).transform(
  (form) => Object.fromEntries(NEWS_KINDS.map((kind) => [kind, form[fieldOf(kind)]!])) as Record<NewsKind, Delivery>,
);
