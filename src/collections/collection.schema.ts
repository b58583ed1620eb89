import { z } from 'zod';
import { formCheckbox, formText } from '../web/forms.tsx';
import type { WordRule } from './word-rule.ts';

// The collection form. Names are addresses (/collections/:name), so they keep AO3's alphabet:
// letters, digits and underscores, starting with a letter or digit.

/** The names typed in a "Collections" field (AO3's): comma separated, each once whatever its case, at most 20. */
export function collectionNamesOf(typed: string): string[] {
  const byKey = new Map<string, string>();
  for (const name of typed.split(',').map((n) => n.trim()).filter(Boolean)) if (!byKey.has(name.toLowerCase())) byKey.set(name.toLowerCase(), name);
  return [...byKey.values()].slice(0, 20);
}

export const COLLECTION_LIMITS = { name: 255, title: 255, description: 5000, rules: 5000, wordRuleCount: 100_000 } as const;

export const COLLECTION_FIELD_LABELS: Record<string, string> = {
  name: 'Collection name',
  title: 'Display title',
  description: 'Description',
  rules: 'Rules',
  parentName: 'Parent collection',
  revealWorksAt: 'Reveal works on',
  revealCreatorsAt: 'Reveal creators on',
  wordRule: 'Word rule',
  wordRuleCount: 'Words',
  wordRuleScope: 'Counted per',
  challengeType: 'Challenge',
  form: 'Collection',
};

export type ChallengeType = 'drabble' | 'prompt_meme' | 'gift_exchange';

export interface CollectionInput {
  name: string;
  title: string;
  description: string | null;
  rules: string | null;
  /** The parent's name, for a sub-collection. */
  parentName: string | null;
  isModerated: boolean;
  isClosed: boolean;
  isAnonymous: boolean;
  isUnrevealed: boolean;
  /** ISO-8601 UTC, or null. */
  revealWorksAt: string | null;
  revealCreatorsAt: string | null;
  wordRule: WordRule | null;
  challengeType: ChallengeType | null;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_]*$/;

const optionalText = (max: number) => formText(max).transform((v) => (v === '' ? null : v));

/** A date (YYYY-MM-DD: the start of that day, UTC) or a date and time (UTC unless it says); null when empty or unreadable. */
function readRevealDate(value: string): Date | null {
  const text = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : /[zZ]$|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`;
  const time = Date.parse(text);
  return Number.isNaN(time) ? null : new Date(time);
}

const revealDate = formText(40)
  .refine((v) => v === '' || readRevealDate(v) !== null, 'Enter a date as YYYY-MM-DD, or a date and time.')
  .transform((v) => (v === '' ? null : readRevealDate(v)!.toISOString()));

export const collectionFormSchema = z
  .object({
    name: formText(COLLECTION_LIMITS.name).refine((v) => v !== '', 'Enter a name for the collection’s address.').refine((v) => v === '' || NAME.test(v), 'Use only letters, digits and underscores, starting with a letter or digit.'),
    title: formText(COLLECTION_LIMITS.title).refine((v) => v !== '', 'Enter a title.'),
    description: optionalText(COLLECTION_LIMITS.description),
    rules: optionalText(COLLECTION_LIMITS.rules),
    parentName: optionalText(COLLECTION_LIMITS.name),
    isModerated: formCheckbox(),
    isClosed: formCheckbox(),
    isAnonymous: formCheckbox(),
    isUnrevealed: formCheckbox(),
    revealWorksAt: revealDate,
    revealCreatorsAt: revealDate,
    wordRule: z.enum(['', 'exactly', 'at_most', 'multiple_of'], { error: 'Choose a word rule from the list.' }).optional().transform((v) => v ?? ''),
    wordRuleCount: formText(10),
    wordRuleScope: z.enum(['', 'chapter', 'work'], { error: 'Choose chapter or work.' }).optional().transform((v) => v ?? ''),
    challengeType: z.enum(['', 'drabble', 'prompt_meme', 'gift_exchange'], { error: 'Choose a challenge type from the list.' }).optional().transform((v) => v ?? ''),
  })
  .superRefine((form, check) => {
    if (form.wordRule === '') return;
    const count = Number(form.wordRuleCount);
    if (!/^\d+$/.test(form.wordRuleCount) || count < 1 || count > COLLECTION_LIMITS.wordRuleCount) {
      check.addIssue({ code: 'custom', path: ['wordRuleCount'], message: `Enter a whole number of words from 1 to ${COLLECTION_LIMITS.wordRuleCount.toLocaleString('en')}.` });
    }
  })
  .transform(
    (form): CollectionInput => ({
      name: form.name,
      title: form.title,
      description: form.description,
      rules: form.rules,
      parentName: form.parentName,
      isModerated: form.isModerated,
      isClosed: form.isClosed,
      isAnonymous: form.isAnonymous,
      isUnrevealed: form.isUnrevealed,
      revealWorksAt: form.revealWorksAt,
      revealCreatorsAt: form.revealCreatorsAt,
      wordRule: form.wordRule === '' ? null : { kind: form.wordRule, count: Number(form.wordRuleCount), scope: form.wordRuleScope === 'chapter' ? 'chapter' : 'work' },
      challengeType: form.challengeType === '' ? null : form.challengeType,
    }),
  );
