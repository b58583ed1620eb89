import type { Child } from 'hono/jsx';
import type { FieldErrors } from '../context.ts';
import { withUserClasses } from '../text/html.ts';
import { counted } from '../text/plural.ts';
import { Checkbox, CsrfField, ErrorSummary, Field, Select } from '../web/forms.tsx';
import { BlurbList } from '../works/blurb.views.tsx';
import type { CreatorLink, WorkSummaryView } from '../works/work.presenter.ts';
import type { SeriesBoxView, SeriesStats, SeriesSummaryView } from './series.presenter.ts';
import { positionFieldName, removeFieldName } from './series.schema.ts';
import { SERIES_LIMITS } from './series.types.ts';

function Creators(props: { creators: CreatorLink[] }) {
  if (props.creators.length === 0) return <span>Anonymous</span>;
  return (
    <>
      {props.creators.map((c, i) => (
        <>
          {i > 0 ? ', ' : ''}
          <a rel="author" href={c.href}>{c.label}</a>
        </>
      ))}
    </>
  );
}

function Stats(props: { stats: SeriesStats }) {
  const s = props.stats;
  return (
    <dl class="stats">
      {s.begunOn ? <div><dt>Series Begun:</dt><dd><time datetime={s.begunOn}>{s.begunOn}</time></dd></div> : null}
      {s.updatedOn ? <div><dt>Series Updated:</dt><dd><time datetime={s.updatedOn}>{s.updatedOn}</time></dd></div> : null}
      <div><dt>Words:</dt><dd>{s.words.toLocaleString('en')}</dd></div>
      <div><dt>Works:</dt><dd>{s.works.toLocaleString('en')}</dd></div>
      <div><dt>Complete:</dt><dd>{s.isComplete ? 'Yes' : 'No'}</dd></div>
      {s.bookmarks > 0 ? <div><dt>Bookmarks:</dt><dd>{s.bookmarks.toLocaleString('en')}</dd></div> : null}
    </dl>
  );
}

function Html(props: { heading: string; html: string | null }) {
  if (!props.html) return null;
  return (
    <section class="notes">
      <h3>{props.heading}</h3>
      <div class="userstuff" dangerouslySetInnerHTML={{ __html: withUserClasses(props.html) }} />
    </section>
  );
}

/** /series/:id: the series' preface, then its parts in order as blurbs. */
export function SeriesPage(props: { view: SeriesSummaryView; works: WorkSummaryView[]; editHref: string | null; actions?: Child }) {
  const v = props.view;
  return (
    <section class="series">
      <h1>{v.title}</h1>
      {props.editHref || props.actions ? (
        <nav class="actions" aria-label="Series actions">
          {props.editHref ? <a class="button secondary" href={props.editHref}>Edit series</a> : null}
          {props.actions}
        </nav>
      ) : null}
      <dl class="work-meta" aria-label="Series information">
        <dt>Creator:</dt>
        <dd><Creators creators={v.creators} /></dd>
        <dt>Stats:</dt>
        <dd><Stats stats={v.stats} /></dd>
      </dl>
      <Html heading="Description" html={v.summaryHtml} />
      <Html heading="Notes" html={v.notesHtml} />
      <h2>{counted(v.stats.works, 'work')} in this series</h2>
      <BlurbList works={props.works} />
    </section>
  );
}

/** A series in a list (/users/:login/series, bookmarks); `children` adds to the end. */
export function SeriesBlurb(props: { view: SeriesSummaryView; children?: Child }) {
  const v = props.view;
  return (
    <li class="blurb" id={`series_${v.id}`}>
      <h3><a href={v.href}>{v.title}</a></h3>
      <p class="byline">by <Creators creators={v.creators} /></p>
      {v.summaryHtml ? <blockquote class="summary userstuff-summary" dangerouslySetInnerHTML={{ __html: withUserClasses(v.summaryHtml) }} /> : null}
      <Stats stats={v.stats} />
      {props.children}
    </li>
  );
}

export function UserSeriesPage(props: { login: string; series: SeriesSummaryView[]; own: boolean }) {
  return (
    <section>
      <h1>Series by {props.login}</h1>
      {props.series.length === 0 ? (
        <p class="muted">{props.own ? 'You have no series yet. Add a work to a new series from its edit form.' : 'No series yet.'}</p>
      ) : (
        <>
          <p class="muted">{counted(props.series.length, 'series', 'series')}</p>
          <ol class="blurbs">{props.series.map((s) => <SeriesBlurb view={s} />)}</ol>
        </>
      )}
    </section>
  );
}

/** On a work's page: "Part 2 of Title", with the previous and next parts the viewer may see. */
export function SeriesBoxes(props: { boxes: SeriesBoxView[] }) {
  if (props.boxes.length === 0) return null;
  return (
    <nav class="series-nav" aria-label="Series">
      <ul>
        {props.boxes.map((b) => (
          <li>
            {b.previous ? <><a rel="prev" href={b.previous.href} title={b.previous.title}>← Previous Work</a>{' '}</> : null}
            Part {b.part} of <a href={b.href}>{b.title}</a>
            {b.next ? <>{' '}<a rel="next" href={b.next.href} title={b.next.title}>Next Work →</a></> : null}
          </li>
        ))}
      </ul>
    </nav>
  );
}

export const SERIES_FIELD_LABELS: Record<string, string> = {
  title: 'Series title',
  summary: 'Description',
  notes: 'Notes',
  addWork: 'Add a work',
};

export interface SeriesFormPart {
  workId: number;
  title: string;
  /** A note for the editor: "draft", "hidden". */
  note: string | null;
}

export interface SeriesFormProps {
  seriesId: number;
  values: Record<string, string>;
  errors: FieldErrors;
  parts: SeriesFormPart[];
  /** Parts of others' that the editor may not see: kept where they are. */
  unseenParts: number;
  csrfToken: string;
}

/** /series/:id/edit: the series' own fields and its parts' order. Everything typed comes back on a refusal. */
export function SeriesForm(props: SeriesFormProps) {
  const { values, errors } = props;
  const labels = { ...SERIES_FIELD_LABELS, ...Object.fromEntries(props.parts.map((p) => [positionFieldName(p.workId), `Part number of “${p.title}”`])) };
  return (
    <section>
      <h1>Edit series</h1>
      <ErrorSummary errors={errors} labels={labels} />
      <form method="post" action={`/series/${props.seriesId}/edit`} novalidate>
        <CsrfField token={props.csrfToken} />
        <Field name="title" label="Series title" required maxLength={SERIES_LIMITS.title} value={values.title} error={errors.title} />
        <Field name="summary" label="Description (optional)" type="textarea" rows={4} maxLength={SERIES_LIMITS.summary} value={values.summary} error={errors.summary} />
        <Field name="notes" label="Notes (optional)" type="textarea" rows={4} maxLength={SERIES_LIMITS.notes} value={values.notes} error={errors.notes} />
        <Checkbox name="isComplete" label="This series is complete" checked={(values.isComplete ?? '') !== ''} />
        <fieldset>
          <legend>Works in this series</legend>
          <p class="hint">Change the part numbers to reorder the works. Removing the last work deletes the series.</p>
          <ol class="series-parts">
            {props.parts.map((p) => (
              <li>
                <Field name={positionFieldName(p.workId)} label={<>Part number of <a href={`/works/${p.workId}`}>{p.title}</a>{p.note ? <span class="muted"> ({p.note})</span> : null}</>} value={values[positionFieldName(p.workId)]} error={errors[positionFieldName(p.workId)]} />
                <Checkbox name={removeFieldName(p.workId)} label={`Remove “${p.title}” from this series`} checked={(values[removeFieldName(p.workId)] ?? '') !== ''} />
              </li>
            ))}
          </ol>
          {props.unseenParts > 0 ? <p class="muted">{counted(props.unseenParts, 'other work')} by your co-creators not yet posted keep their places.</p> : null}
          <Field name="addWork" label="Add one of your works (optional)" value={values.addWork} error={errors.addWork} hint="Its number or its address, for example /works/12. It becomes the last part." />
        </fieldset>
        <div class="actions">
          <button type="submit">Save changes</button>
          <a href={`/series/${props.seriesId}`}>Cancel</a>
        </div>
      </form>
    </section>
  );
}

/** "Add to series" on a work's form: one of the poster's series, or a new one; the series it is in already. */
export function WorkSeriesFields(props: { values: Record<string, string | string[] | undefined>; errors: FieldErrors; choices: { id: number; title: string }[]; current: SeriesBoxView[] }) {
  const value = (name: string) => {
    const v = props.values[name];
    return Array.isArray(v) ? (v[v.length - 1] ?? '') : (v ?? '');
  };
  const { errors } = props;
  return (
    <fieldset>
      <legend>Series</legend>
      {props.current.length > 0 ? (
        <ul>
          {props.current.map((b) => (
            <li>Part {b.part} of <a href={b.href}>{b.title}</a> (<a href={`${b.href}/edit`}>edit the series</a> to reorder or remove it)</li>
          ))}
        </ul>
      ) : null}
      {props.choices.length > 0 ? (
        <Select
          name="seriesId"
          label="Add to one of your series (optional)"
          value={value('seriesId')}
          error={errors.seriesId}
          options={[{ value: '', label: 'Choose one of your series' }, ...props.choices.map((s) => ({ value: String(s.id), label: s.title }))]}
        />
      ) : errors.seriesId ? <p class="error-message" id="field-seriesId-error">{errors.seriesId}</p> : null}
      <Field name="newSeriesTitle" label={props.choices.length > 0 ? 'Or create and use a new one (optional)' : 'Add to a new series (optional)'} maxLength={SERIES_LIMITS.title} value={value('newSeriesTitle')} error={errors.newSeriesTitle} hint="The new series’ title." />
      <Field name="seriesPosition" label="Part number (optional)" value={value('seriesPosition')} error={errors.seriesPosition} hint="Leave it empty to make this work the last part." />
    </fieldset>
  );
}
