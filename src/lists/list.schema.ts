import { z } from 'zod';
import { formCheckbox, formText } from '../web/forms.tsx';

// The forms of lists: a new list (archivists), joining (anyone), an announcement (archivists).

export const LIST_NAME_MAX = 80;

export const newListSchema = z.object({
  name: formText(LIST_NAME_MAX)
    .pipe(z.string().min(1, 'Give the list a name.'))
    // The name is the subject's [tag]: brackets would end it early, and readers' filters match on it.
    .pipe(z.string().regex(/^[^[\]<>"\\]*$/, 'Leave out brackets, quotes and backslashes: the name goes in every subject as [Name].')),
  description: formText(2000),
  tag: formText(150),
});
export type NewListInput = z.output<typeof newListSchema>;

export const joinSchema = z.object({
  address: formText(254).pipe(z.string().min(1, 'Enter the e-mail address to join with.')),
  digest: formCheckbox(),
  /** The digest as a MIME digest; asking for it asks for the digest. */
  mime: formCheckbox(),
});
export type JoinInput = z.output<typeof joinSchema>;

export const announcementSchema = z.object({
  subject: formText(150).pipe(z.string().min(1, 'Give the announcement a subject.')),
  text: formText(20_000).pipe(z.string().min(1, 'Write the announcement.')),
});
export type AnnouncementInput = z.output<typeof announcementSchema>;
