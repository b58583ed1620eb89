import type { FieldErrors } from '../context.ts';
import { CsrfField, ErrorSummary } from '../web/forms.tsx';
import { ChapterFields, WORK_FIELD_LABELS, str, type FormValues } from './work.form.tsx';

export function ChapterForm(props: {
  heading: string;
  action: string;
  values: FormValues;
  errors: FieldErrors;
  csrfToken: string;
  cancelHref: string;
  button: string;
}) {
  return (
    <section>
      <h1>{props.heading}</h1>
      <ErrorSummary errors={props.errors} labels={WORK_FIELD_LABELS} />
      <form method="post" action={props.action} novalidate>
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name="submissionKey" value={str(props.values, 'submissionKey')} />
        <ChapterFields values={props.values} errors={props.errors} withMeta />
        <div class="actions">
          <button type="submit">{props.button}</button>
          <a href={props.cancelHref}>Cancel</a>
        </div>
      </form>
    </section>
  );
}

/** Reordering without JavaScript: a number box per chapter. */
export function ManageChapters(props: {
  workId: number;
  title: string;
  chapters: { id: number; position: number; title: string | null }[];
  values: FormValues;
  errors: FieldErrors;
  csrfToken: string;
}) {
  return (
    <section>
      <h1>Manage chapters of “{props.title}”</h1>
      <ErrorSummary errors={props.errors} />
      <p>Give each chapter its new position, then save. To delete a chapter, open its edit page.</p>
      <form method="post" action={`/works/${props.workId}/chapters/manage`}>
        <CsrfField token={props.csrfToken} />
        <table class="plain">
          <thead>
            <tr><th scope="col">Chapter</th><th scope="col">Position</th><th scope="col">Actions</th></tr>
          </thead>
          <tbody>
            {props.chapters.map((c) => (
              <tr>
                <td><label for={`position-${c.id}`}>{c.position}. {c.title ?? `Chapter ${c.position}`}</label></td>
                <td>
                  <input
                    type="number"
                    id={`position-${c.id}`}
                    name={`position_${c.id}`}
                    min={1}
                    max={props.chapters.length}
                    value={str(props.values, `position_${c.id}`) || String(c.position)}
                  />
                </td>
                <td>
                  <a href={`/works/${props.workId}/chapters/${c.id}/edit`}>Edit</a> ·{' '}
                  <a href={`/works/${props.workId}/chapters/${c.id}/confirm_delete`}>Delete</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <div class="actions">
          <button type="submit">Save order</button>
          <a href={`/works/${props.workId}`}>Cancel</a>
        </div>
      </form>
    </section>
  );
}
