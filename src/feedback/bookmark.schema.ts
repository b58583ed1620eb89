import { z } from 'zod';
import { formCheckbox, formText } from '../web/forms.tsx';
import { splitTagList, tagKey } from '../tags/tag.names.ts';

/** AO3's limits for bookmarks, in characters. */
export const BOOKMARK_LIMITS = { notes: 5000, tagsField: 3000, tag: 100, tags: 75, url: 2000, title: 255, creator: 255, summary: 1250 } as const;

export const BOOKMARK_FIELD_LABELS: Record<string, string> = {
  url: 'Address (URL)',
  title: 'Title',
  creator: 'Creator',
  summary: 'Summary',
  notes: 'Notes',
  tags: 'Your tags',
  form: 'Bookmark',
};

const tags = formText(BOOKMARK_LIMITS.tagsField)
  .transform((field) => splitTagList(field))
  .refine((names) => names.length <= BOOKMARK_LIMITS.tags, `Use at most ${BOOKMARK_LIMITS.tags} tags.`)
  .refine((names) => names.every((n) => n.length <= BOOKMARK_LIMITS.tag), `Keep each tag to ${BOOKMARK_LIMITS.tag} characters.`)
  .transform((names) => names.map((name) => ({ name, nameKey: tagKey(name) })));

export const bookmarkFormSchema = z.object({
  notes: formText(BOOKMARK_LIMITS.notes),
  tags,
  isPrivate: formCheckbox(),
  isRec: formCheckbox(),
});

const webAddress = formText(BOOKMARK_LIMITS.url).refine((value) => {
  if (value === '') return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}, 'Enter the story’s full address, starting with http:// or https://.');

export const externalBookmarkFormSchema = bookmarkFormSchema.extend({
  url: webAddress.transform((value) => new URL(value).href),
  title: formText(BOOKMARK_LIMITS.title).refine((v) => v !== '', 'Enter the story’s title.'),
  creator: formText(BOOKMARK_LIMITS.creator),
  summary: formText(BOOKMARK_LIMITS.summary),
});

export type BookmarkForm = z.output<typeof bookmarkFormSchema>;
export type ExternalBookmarkForm = z.output<typeof externalBookmarkFormSchema>;
