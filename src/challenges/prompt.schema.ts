import { z } from 'zod';
import { formCheckbox, formText } from '../web/forms.tsx';
import { checkTagName, normaliseTagName, tagKey } from '../tags/tag.names.ts';

export const PROMPT_LIMITS = { title: 255, description: 5000, tags: 20, tag: 100 } as const;

export interface PromptInput {
  title: string;
  description: string | null;
  tags: string[];
  isAnonymous: boolean;
}

export const PROMPT_FIELD_LABELS: Record<string, string> = { title: 'Title', description: 'Description', tags: 'Tags', workId: 'Work', claimDays: 'Claims expire after' };

/** Tags are typed as on a work's form: names separated by commas. */
export const promptFormSchema = z
  .object({
    title: formText(PROMPT_LIMITS.title),
    description: formText(PROMPT_LIMITS.description),
    tags: formText(PROMPT_LIMITS.tags * (PROMPT_LIMITS.tag + 2)),
    anonymous: formCheckbox(),
  })
  .superRefine((v, ctx) => {
    if (!v.title && !v.description) ctx.addIssue({ code: 'custom', path: ['title'], message: 'A prompt needs a title or a description.' });
    const tags = splitTags(v.tags);
    if (tags.length > PROMPT_LIMITS.tags) ctx.addIssue({ code: 'custom', path: ['tags'], message: `At most ${PROMPT_LIMITS.tags} tags.` });
    if (tags.some((t) => t.length > PROMPT_LIMITS.tag)) ctx.addIssue({ code: 'custom', path: ['tags'], message: `A tag has at most ${PROMPT_LIMITS.tag} characters.` });
    else {
      // They become the archive's tags, so they follow its rules for names.
      const problem = tags.map(checkTagName).find((p) => p !== null);
      if (problem) ctx.addIssue({ code: 'custom', path: ['tags'], message: problem });
    }
  })
  .transform(
    (v): PromptInput => ({ title: v.title || (v.description ?? '').slice(0, 60), description: v.description || null, tags: splitTags(v.tags), isAnonymous: v.anonymous }),
  );

export function splitTags(text: string | null | undefined): string[] {
  const seen = new Set<string>();
  return (text ?? '')
    .split(',')
    .map(normaliseTagName)
    .filter((t) => t && !seen.has(tagKey(t)) && seen.add(tagKey(t)));
}

export const fillFormSchema = z.object({ workId: z.coerce.number({ message: 'Choose one of your works in the collection.' }).int().positive('Choose one of your works in the collection.') });

export const claimDaysSchema = z.object({
  claimDays: z.union([z.literal('').transform(() => null), z.coerce.number({ message: 'Give a number of days, or leave it empty.' }).int('Give a whole number of days.').min(1, 'At least 1 day.').max(3650, 'At most 3,650 days.')]),
});
