import type { Child } from 'hono/jsx';
import type { FieldErrors } from '../context.ts';
import { CATEGORIES, RATINGS, WARNINGS } from '../tags/tag.types.ts';
import { Checkbox, CsrfField, ErrorSummary, Field, Select, fieldId } from '../web/forms.tsx';
import { ASSET_VERSION } from '../web/assets.ts';
import { LANGUAGES, LIMITS } from './work.types.ts';
import { EARLIEST_PUBLISHED_ON } from './work.schema.ts';

/** What the form shows: exactly what was typed, so a refused form loses nothing. */
export type FormValues = Record<string, string | string[] | undefined>;

export const str = (values: FormValues, name: string): string => {
  const v = values[name];
  return Array.isArray(v) ? (v[v.length - 1] ?? '') : (v ?? '');
};
const list = (values: FormValues, name: string): string[] => {
  const v = values[name];
  return Array.isArray(v) ? v : v ? [v] : [];
};

export const WORK_FIELD_LABELS: Record<string, string> = {
  title: 'Work title',
  pseudIds: 'Creator/Pseud',
  coCreators: 'Invite co-creators',
  rating: 'Rating',
  warnings: 'Archive warnings',
  categories: 'Categories',
  fandoms: 'Fandoms',
  relationships: 'Relationships',
  characters: 'Characters',
  freeforms: 'Additional tags',
  language: 'Language',
  summary: 'Summary',
  notes: 'Notes at the beginning',
  endNotes: 'Notes at the end',
  expectedChapters: 'Expected chapters',
  publishedOn: 'Publication date',
  seriesId: 'Series',
  newSeriesTitle: 'New series',
  seriesPosition: 'Part number',
  collections: 'Collections',
  chapterTitle: 'Chapter title',
  chapterSummary: 'Chapter summary',
  chapterNotes: 'Chapter notes',
  chapterEndNotes: 'Chapter end notes',
  text: 'Work text',
};

/** A fieldset of checkboxes sharing one name; the first box carries the field's id. */
export function CheckboxGroup(props: { name: string; legend: string; options: readonly (string | { value: string; label: string })[]; checked: string[]; error?: string | undefined; hint?: string }) {
  const id = fieldId(props.name);
  return (
    <fieldset class="field" aria-describedby={props.error ? `${id}-error` : undefined}>
      <legend>{props.legend}</legend>
      {props.hint ? <p class="hint">{props.hint}</p> : null}
      {props.error ? <p class="error-message" id={`${id}-error`}><span class="visually-hidden">Error: </span>{props.error}</p> : null}
      <div class="choices">
        {props.options.map((option, i) => {
          const optionId = i === 0 ? id : `${id}-${i}`;
          const { value, label } = typeof option === 'string' ? { value: option, label: option } : option;
          return (
            <span>
              <input type="checkbox" id={optionId} name={props.name} value={value} checked={props.checked.includes(value)} />{' '}
              <label for={optionId}>{label}</label>
            </span>
          );
        })}
      </div>
    </fieldset>
  );
}

export function ChapterFields(props: { values: FormValues; errors: FieldErrors; withMeta: boolean }) {
  const { values, errors } = props;
  return (
    <>
      <Field name="chapterTitle" label="Chapter title (optional)" value={str(values, 'chapterTitle')} error={errors.chapterTitle} maxLength={LIMITS.chapterTitle} />
      {props.withMeta ? (
        <>
          <Field name="chapterSummary" label="Chapter summary (optional)" type="textarea" rows={3} value={str(values, 'chapterSummary')} error={errors.chapterSummary} maxLength={LIMITS.summary} />
          <Field name="chapterNotes" label="Chapter notes (optional)" type="textarea" rows={3} value={str(values, 'chapterNotes')} error={errors.chapterNotes} maxLength={LIMITS.notes} />
        </>
      ) : null}
      <Field
        name="text"
        label="Work text"
        type="textarea"
        class="chapter-text"
        rows={24}
        required
        value={str(values, 'text')}
        error={errors.text}
        hint="Plain text (leave a blank line between paragraphs) or HTML. Scripts and styles are removed."
      />
      {props.withMeta ? (
        <Field name="chapterEndNotes" label="Chapter end notes (optional)" type="textarea" rows={3} value={str(values, 'chapterEndNotes')} error={errors.chapterEndNotes} maxLength={LIMITS.notes} />
      ) : null}
    </>
  );
}

export interface WorkFormProps {
  action: string;
  heading: string;
  values: FormValues;
  errors: FieldErrors;
  pseuds: { id: number; name: string }[];
  csrfToken: string;
  /** New works take their first chapter and can be saved as drafts. */
  isNew: boolean;
  cancelHref: string;
  extra?: Child;
}

/** The posting and editing form. Every field keeps what was typed when the form comes back. */
export function WorkForm(props: WorkFormProps) {
  const { values, errors } = props;
  const chosenPseuds = list(values, 'pseudIds');
  return (
    <section>
      <h1>{props.heading}</h1>
      <ErrorSummary errors={errors} labels={WORK_FIELD_LABELS} />
      <form method="post" action={props.action} novalidate>
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name="submissionKey" value={str(values, 'submissionKey')} />
        <fieldset>
          <legend>Tags</legend>
          <Select
            name="rating"
            label="Rating"
            required
            value={str(values, 'rating')}
            error={errors.rating}
            options={[{ value: '', label: 'Choose a rating' }, ...RATINGS.map((r) => ({ value: r, label: r }))]}
          />
          <CheckboxGroup name="warnings" legend="Archive warnings" options={WARNINGS} checked={list(values, 'warnings')} error={errors.warnings} />
          <CheckboxGroup name="categories" legend="Categories (optional)" options={CATEGORIES} checked={list(values, 'categories')} error={errors.categories} />
          <Field name="fandoms" label="Fandoms" required autocompleteTags="Fandom" value={str(values, 'fandoms')} error={errors.fandoms} hint="Separate tags with commas." />
          <Field name="relationships" label="Relationships (optional)" autocompleteTags="Relationship" value={str(values, 'relationships')} error={errors.relationships} hint="For example: Clark Kent/Lex Luthor, Chloe Sullivan & Lana Lang" />
          <Field name="characters" label="Characters (optional)" autocompleteTags="Character" value={str(values, 'characters')} error={errors.characters} />
          <Field name="freeforms" label="Additional tags (optional)" autocompleteTags="Freeform" value={str(values, 'freeforms')} error={errors.freeforms} />
        </fieldset>
        <fieldset>
          <legend>Preface</legend>
          <Field name="title" label="Work title" required maxLength={LIMITS.title} value={str(values, 'title')} error={errors.title} />
          {props.pseuds.length === 1 ? (
            <>
              <input type="hidden" name="pseudIds" value={String(props.pseuds[0]!.id)} />
              <p>Creator: <strong>{props.pseuds[0]!.name}</strong></p>
            </>
          ) : (
            <CheckboxGroup
              name="pseudIds"
              legend="Creator/Pseud"
              options={props.pseuds.map((p) => ({ value: String(p.id), label: p.name }))}
              checked={chosenPseuds}
              error={errors.pseudIds}
            />
          )}
          <Field name="coCreators" label="Invite co-creators (optional)" value={str(values, 'coCreators')} error={errors.coCreators} hint="Pseuds, separated by commas; write “pseud (user name)” if the pseud is not unique. They are shown once they accept." />
          <Field name="summary" label="Summary (optional)" type="textarea" rows={4} maxLength={LIMITS.summary} value={str(values, 'summary')} error={errors.summary} />
          <Field name="notes" label="Notes at the beginning (optional)" type="textarea" rows={4} maxLength={LIMITS.notes} value={str(values, 'notes')} error={errors.notes} />
          <Field name="endNotes" label="Notes at the end (optional)" type="textarea" rows={4} maxLength={LIMITS.notes} value={str(values, 'endNotes')} error={errors.endNotes} />
        </fieldset>
        <fieldset>
          <legend>Chapters and access</legend>
          <Field name="expectedChapters" label="Expected number of chapters" type="text" value={str(values, 'expectedChapters')} error={errors.expectedChapters} hint="Leave empty if you do not know yet (shown as “?”)." />
          <Checkbox
            name="isComplete"
            label="This work is complete"
            checked={str(values, 'isComplete') !== ''}
            hint="The expected number becomes the chapters posted. A work is in progress while fewer chapters are posted than expected."
          />
          <Checkbox name="isRestricted" label="Only show this work to registered users" checked={str(values, 'isRestricted') !== ''} />
          <Field
            name="publishedOn"
            label="Set a different publication date (optional)"
            type="date"
            value={str(values, 'publishedOn')}
            error={errors.publishedOn}
            hint={`Backdate a work first published elsewhere: a day from ${EARLIEST_PUBLISHED_ON} to today, as YYYY-MM-DD. Leave it empty to publish it today.`}
          />
          <Select
            name="language"
            label="Language"
            value={str(values, 'language') || 'en'}
            error={errors.language}
            options={Object.entries(LANGUAGES).map(([value, label]) => ({ value, label }))}
          />
        </fieldset>
        {props.isNew ? (
          <fieldset>
            <legend>First chapter</legend>
            <ChapterFields values={values} errors={errors} withMeta={false} />
          </fieldset>
        ) : null}
        {props.extra}
        <script src={`/assets/autocomplete.js?v=${ASSET_VERSION}`} defer />
        <div class="actions">
          {props.isNew ? (
            <>
              <button type="submit" name="action" value="post">Post</button>
              <button type="submit" name="action" value="draft" class="secondary">Save as draft</button>
            </>
          ) : (
            <button type="submit">Save changes</button>
          )}
          <a href={props.cancelHref}>Cancel</a>
        </div>
      </form>
    </section>
  );
}
