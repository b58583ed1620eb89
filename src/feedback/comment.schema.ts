import { z } from 'zod';
import { formText } from '../web/forms.tsx';

/** As AO3: a comment holds at most 10,000 characters, counted as typed. */
export const COMMENT_MAX_LENGTH = 10_000;
export const GUEST_NAME_MAX_LENGTH = 40;

const body = formText(COMMENT_MAX_LENGTH).pipe(z.string().min(1, 'Write your comment first: it is empty.'));

export const commentFormSchema = z.object({
  body,
  pseud_id: z.string().optional(),
});

export const guestFormSchema = z.object({
  body,
  name: formText(GUEST_NAME_MAX_LENGTH).pipe(z.string().min(1, 'Give a name to sign your comment with.')),
  email: formText(254).pipe(z.string().min(1, 'Give your e-mail address: it is never shown, only used to send you replies.').pipe(z.email('That doesn’t look like an e-mail address.'))),
});

export const commentSettingsSchema = z.object({
  comment_permission: z.enum(['registered', 'everyone', 'nobody'], { error: 'Choose who may comment.' }),
  moderate_comments: z
    .string()
    .optional()
    .transform((v) => v !== undefined && v !== ''),
});
