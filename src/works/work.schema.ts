import { z } from 'zod';
import { splitTagList, checkTagName } from '../tags/tag.names.ts';
import { CATEGORIES, RATINGS, WARNINGS, type Rating } from '../tags/tag.types.ts';
import { formCheckbox, formText } from '../web/forms.tsx';
import { collectionNamesOf } from '../collections/collection.schema.ts';
import type { ChapterInput, NewWorkInput, WorkInput } from './work.types.ts';
import { LANGUAGES, LIMITS } from './work.types.ts';

// Form schemas for works and chapters. They check shape and limits; rules that need the
// database (pseuds, tags already used as another type) live in the services.

const many = z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.string().max(200)).max(100));

const required = (max: number, message: string) => formText(max).refine((v) => v.length > 0, message);
const optional = (max: number) => formText(max).transform((v) => (v.length > 0 ? v : null));

const tagField = (options: { required?: string } = {}) =>
  formText(10_000)
    .transform((v) => splitTagList(v))
    .superRefine((names, ctx) => {
      if (options.required && names.length === 0) ctx.addIssue({ code: 'custom', message: options.required });
      for (const name of names) {
        const problem = checkTagName(name);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }
    });

/** The earliest publication date the form accepts: before it, a date is surely a typing slip. */
export const EARLIEST_PUBLISHED_ON = '1960-01-01';

/** A calendar day YYYY-MM-DD that exists (2023-02-30 does not); '' means "not set". Not-in-the-future needs the clock: the service checks it. */
const publishedOnField = formText(20)
  .refine((v) => v === '' || isRealDay(v), 'Enter the publication date as a real date, for example 2001-09-14.')
  .refine((v) => v === '' || !isRealDay(v) || v >= EARLIEST_PUBLISHED_ON, `The publication date cannot be before ${EARLIEST_PUBLISHED_ON}.`)
  .transform((v) => (v === '' ? null : v));

export function isRealDay(v: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === v;
}

export const workFormSchema = z.object({
  title: required(LIMITS.title, 'Give the work a title.'),
  summary: optional(LIMITS.summary),
  notes: optional(LIMITS.notes),
  endNotes: optional(LIMITS.notes),
  rating: z
    .string({ error: 'Choose a rating.' })
    .refine((v): v is Rating => (RATINGS as readonly string[]).includes(v), 'Choose a rating.'),
  warnings: many.pipe(
    z
      .array(z.string().refine((v) => (WARNINGS as readonly string[]).includes(v), 'Choose warnings from the list.'))
      .min(1, 'Choose at least one archive warning (or “Choose Not To Use Archive Warnings”).'),
  ),
  categories: many.pipe(z.array(z.string().refine((v) => (CATEGORIES as readonly string[]).includes(v), 'Choose categories from the list.'))),
  fandoms: tagField({ required: 'Name at least one fandom.' }),
  relationships: tagField(),
  characters: tagField(),
  freeforms: tagField(),
  language: z.string({ error: 'Choose a language.' }).refine((v) => v in LANGUAGES, 'Choose a language from the list.'),
  pseudIds: many.pipe(
    z
      .array(z.string().regex(/^\d{1,12}$/, 'Choose one of your pseuds.').transform(Number))
      .min(1, 'Choose at least one of your pseuds.'),
  ),
  coCreators: formText(2000).transform((v) => splitTagList(v)),
  isRestricted: formCheckbox(),
  isComplete: formCheckbox(),
  expectedChapters: formText(10)
    .refine((v) => v === '' || v === '?' || /^\d+$/.test(v), 'Enter a number of chapters, or leave it empty if you do not know.')
    .transform((v) => (v === '' || v === '?' ? null : Number(v)))
    .refine((v) => v === null || (v >= 1 && v <= LIMITS.expectedChapters), `Expect between 1 and ${LIMITS.expectedChapters} chapters.`),
  publishedOn: publishedOnField,
  collections: formText(5000).transform(collectionNamesOf),
});

export const chapterFormSchema = z.object({
  chapterTitle: optional(LIMITS.chapterTitle),
  chapterSummary: optional(LIMITS.summary),
  chapterNotes: optional(LIMITS.notes),
  chapterEndNotes: optional(LIMITS.notes),
  text: formText(LIMITS.chapterText, { trim: false }).refine((v) => v.trim().length > 0, 'The chapter needs some text.'),
  submissionKey: formText(100).transform((v) => (v.length > 0 ? v : null)),
});

export const newWorkFormSchema = workFormSchema.extend({
  ...chapterFormSchema.shape,
  action: z.enum(['post', 'draft', 'preview']).catch('post'),
});

export function toChapterInput(data: z.output<typeof chapterFormSchema>): ChapterInput {
  return { title: data.chapterTitle, summary: data.chapterSummary, notes: data.chapterNotes, endNotes: data.chapterEndNotes, text: data.text };
}

export function toWorkInput(data: z.output<typeof workFormSchema>): WorkInput {
  return {
    title: data.title,
    summary: data.summary,
    notes: data.notes,
    endNotes: data.endNotes,
    rating: data.rating,
    warnings: data.warnings,
    categories: data.categories,
    fandoms: data.fandoms,
    relationships: data.relationships,
    characters: data.characters,
    freeforms: data.freeforms,
    language: data.language,
    pseudIds: data.pseudIds,
    coCreators: data.coCreators,
    isRestricted: data.isRestricted,
    expectedChapters: data.expectedChapters,
    isComplete: data.isComplete,
    publishedOn: data.publishedOn,
    collections: data.collections,
  };
}

export function toNewWorkInput(data: z.output<typeof newWorkFormSchema>): NewWorkInput {
  return { ...toWorkInput(data), chapter: toChapterInput(data), asDraft: data.action === 'draft', submissionKey: data.submissionKey };
}

/** Body fields as strings, with repeated names (checkboxes) as arrays; files are ignored. */
export function formFields(body: Record<string, unknown>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(body)) {
    if (name === '_csrf') continue;
    if (typeof value === 'string') out[name] = value;
    else if (Array.isArray(value)) out[name] = value.filter((v): v is string => typeof v === 'string');
  }
  return out;
}
