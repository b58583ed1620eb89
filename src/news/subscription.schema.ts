import { z } from 'zod';
import { parseId } from '../web/params.ts';
import type { TargetType } from './subscription.repository.ts';

// The subscribe form's fields, by AO3's names: subscribable_type is the kind of thing as AO3
// names its classes (Work, User; Tag is ours), subscribable_id its id.

const TYPES: Readonly<Record<string, TargetType>> = { work: 'work', user: 'creator', creator: 'creator', tag: 'tag', series: 'series' };

export const subscribeFormSchema = z.object({
  subscribable_type: z
    .string({ error: 'Say what to subscribe to: a work, a series, a creator or a tag.' })
    .transform((v) => TYPES[v.trim().toLowerCase()])
    .refine((v): v is TargetType => v !== undefined, 'Say what to subscribe to: a work, a series, a creator or a tag.'),
  subscribable_id: z
    .string({ error: 'Say which one to subscribe to.' })
    .transform((v) => parseId(v.trim()))
    .refine((v): v is number => v !== null, 'Say which one to subscribe to, by its number.'),
  return_to: z.string().optional(),
});

/** ?type= on the list page, as AO3's (works, users; tags are ours). */
export const LIST_TYPES: Readonly<Record<string, TargetType>> = { works: 'work', users: 'creator', tags: 'tag', series: 'series' };

export function listTypeOf(value: string | undefined): TargetType | null {
  return value === undefined ? null : (LIST_TYPES[value] ?? null);
}
