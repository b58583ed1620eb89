import { z } from 'zod';
import type { FieldErrors, Result } from '../context.ts';
import { invalid, ok } from '../context.ts';
import { formCheckbox, formText, validateForm } from '../web/forms.tsx';
import { parseId } from '../web/params.ts';
import { SERIES_LIMITS, type SeriesInput, type SeriesRequest } from './series.types.ts';

// The series form (/series/:id/edit) and the "Add to series" fields of the work form. Shape
// and limits here; who may add what is the service's (it needs the database).

const POSITION_MESSAGE = `Enter a part number from 1 to ${SERIES_LIMITS.position}.`;

/** '' is "not given"; anything else must be a whole number in range. */
const positionField = formText(10)
  .refine((v) => v === '' || (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= SERIES_LIMITS.position), POSITION_MESSAGE)
  .transform((v) => (v === '' ? null : Number(v)));

/** A work by its number or its address here (/works/12, or a full link to it). */
function workIdOf(text: string): number | null {
  const match = /^(?:(?:https?:\/\/[^/]+)?\/works\/)?(\d{1,12})\/?(?:[?#].*)?$/.exec(text.trim());
  return match ? parseId(match[1]) : null;
}

export const workSeriesFieldsSchema = z
  .object({
    seriesId: formText(20).refine((v) => v === '' || parseId(v) !== null, 'Choose one of your series.').transform((v) => (v === '' ? null : parseId(v))),
    newSeriesTitle: formText(SERIES_LIMITS.title).transform((v) => (v === '' ? null : v)),
    seriesPosition: positionField,
  })
  .superRefine((v, ctx) => {
    if (v.seriesId !== null && v.newSeriesTitle !== null) ctx.addIssue({ code: 'custom', path: ['newSeriesTitle'], message: 'Choose one of your series or name a new one, not both.' });
    if (v.seriesPosition !== null && v.seriesId === null && v.newSeriesTitle === null) ctx.addIssue({ code: 'custom', path: ['seriesPosition'], message: 'Choose a series for the part number, or leave it empty.' });
  });

/** The work form's series fields, or null when none was filled in. */
export function toSeriesRequest(data: z.output<typeof workSeriesFieldsSchema>): SeriesRequest | null {
  if (data.seriesId === null && data.newSeriesTitle === null) return null;
  return { seriesId: data.seriesId, newTitle: data.newSeriesTitle, position: data.seriesPosition };
}

const seriesFieldsSchema = z.object({
  title: formText(SERIES_LIMITS.title).refine((v) => v.length > 0, 'Give the series a title.'),
  summary: formText(SERIES_LIMITS.summary).transform((v) => (v === '' ? null : v)),
  notes: formText(SERIES_LIMITS.notes).transform((v) => (v === '' ? null : v)),
  isComplete: formCheckbox(),
  addWork: formText(2000).refine((v) => v === '' || workIdOf(v) !== null, 'Enter the number or the address of one of your works, for example /works/12.'),
});

export const positionFieldName = (workId: number) => `position-${workId}`;
export const removeFieldName = (workId: number) => `remove-${workId}`;

/** The series form for the parts shown on it (`partIds`); messages by field. */
export function readSeriesForm(values: Record<string, string>, partIds: number[]): Result<SeriesInput> {
  const form = validateForm(seriesFieldsSchema, values);
  const errors: FieldErrors = form.ok ? {} : { ...form.errors };
  const positions = new Map<number, number>();
  const remove = new Set<number>();
  for (const workId of partIds) {
    const name = positionFieldName(workId);
    const typed = (values[name] ?? '').trim();
    if (!/^\d+$/.test(typed) || Number(typed) < 1 || Number(typed) > SERIES_LIMITS.position) errors[name] = POSITION_MESSAGE;
    else positions.set(workId, Number(typed));
    if ((values[removeFieldName(workId)] ?? '') !== '') remove.add(workId);
  }
  if (!form.ok || Object.keys(errors).length > 0) return invalid(errors);
  const { title, summary, notes, isComplete, addWork } = form.value;
  return ok({ title, summary, notes, isComplete, positions, remove, addWorkId: addWork === '' ? null : workIdOf(addWork) });
}
