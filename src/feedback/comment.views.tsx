import type { FieldErrors } from '../context.ts';
import { withUserClasses } from '../text/html.ts';
import { counted } from '../text/plural.ts';
import { Pagination } from '../works/blurb.views.tsx';
import { CsrfField, ErrorSummary, Field } from '../web/forms.tsx';
import type { CommentDecision } from './comment.policy.ts';
import type { CommentView } from './comment.presenter.ts';
import { COMMENT_MAX_LENGTH } from './comment.schema.ts';
import { HoneypotField } from './honeypot.tsx';

/** Why a comment form is not offered, in the words a reader sees. */
export const COMMENT_REFUSALS: Record<Exclude<CommentDecision, 'allowed'>, string> = {
  'not-found': 'There is no such work.',
  'login-required': 'This work is only for registered users of the archive: log in to comment on it.',
  draft: 'A draft can’t get comments until it is posted.',
  hidden: 'This work is hidden, so it can’t get comments.',
  closed: 'The creators of this work have turned off comments on it.',
  'registered-only': 'Only registered users can comment on this work: log in to comment.',
  frozen: 'This thread is frozen: it takes no new replies.',
};

export const UNPUBLISHED = 'That comment is not published, so it can’t be answered yet.';

export interface CommentFormView {
  action: string;
  csrfToken: string;
  /** A guest signs with a name and an address. */
  guest: boolean;
  pseuds: { id: number; name: string }[];
  values: Record<string, string>;
  errors: FieldErrors;
  returnTo?: string;
  chapterId?: number;
  button: string;
  heading: string;
}

export function CommentForm(props: { form: CommentFormView }) {
  const { form } = props;
  return (
    <form method="post" action={form.action} class="comment-form" id="comment-form">
      <h3>{form.heading}</h3>
      <ErrorSummary errors={form.errors} />
      <CsrfField token={form.csrfToken} />
      {form.returnTo ? <input type="hidden" name="return_to" value={form.returnTo} /> : null}
      {form.chapterId ? <input type="hidden" name="chapter_id" value={String(form.chapterId)} /> : null}
      {form.guest ? (
        <>
          <Field name="name" label="Name" value={form.values.name} error={form.errors.name} hint="Shown with your comment, marked (Guest)." maxLength={40} />
          <Field name="email" label="E-mail address" type="email" value={form.values.email} error={form.errors.email} hint="Never shown to anyone; used only to send you replies." />
        </>
      ) : form.pseuds.length > 1 ? (
        <p>
          <label for="comment-pseud">Comment as</label>{' '}
          <select id="comment-pseud" name="pseud_id">
            {form.pseuds.map((p) => <option value={String(p.id)} selected={form.values.pseud_id === String(p.id)}>{p.name}</option>)}
          </select>
        </p>
      ) : null}
      <HoneypotField />
      <Field name="body" label="Comment" type="textarea" rows={6} value={form.values.body} error={form.errors.body} hint={`Plain text or HTML; at most ${COMMENT_MAX_LENGTH.toLocaleString('en')} characters.`} />
      <button type="submit">{form.button}</button>
    </form>
  );
}

function Signature(props: { comment: CommentView }) {
  const { commenter } = props.comment;
  if (commenter.kind === 'guest') return <strong>{commenter.name} ({commenter.imported ? 'Imported author' : 'Guest'})</strong>;
  if (commenter.kind === 'gone') return <strong>(Deleted account)</strong>;
  if (commenter.kind === 'anonymous') return <strong>{commenter.name}</strong>;
  return <a href={commenter.href}><strong>{commenter.name}</strong></a>;
}

function ActionButton(props: { id: number; action: string; label: string; csrfToken: string; returnTo: string }) {
  return (
    <form method="post" action={`/comments/${props.id}/${props.action}`} class="inline">
      <CsrfField token={props.csrfToken} />
      <input type="hidden" name="return_to" value={props.returnTo} />
      <button type="submit" class="link">{props.label}</button>
    </form>
  );
}

function CommentItem(props: { comment: CommentView; csrfToken: string; returnTo: string }) {
  const { comment: c, csrfToken, returnTo } = props;
  const deleted = c.status === 'deleted';
  return (
    <li class={`comment ${c.status}`} id={`comment-${c.id}`}>
      {deleted ? (
        <p class="muted">(Previous comment deleted.)</p>
      ) : (
        <>
          <p class="byline">
            <Signature comment={c} /> <a href={`/comments/${c.id}`} class="muted">{c.when}</a>
            {c.status === 'pending' ? <span class="badge"> Awaiting approval</span> : null}
            {c.status === 'spam' ? <span class="badge"> Marked as spam</span> : null}
            {c.isFrozen ? <span class="badge"> Frozen</span> : null}
          </p>
          <blockquote class="userstuff" dangerouslySetInnerHTML={{ __html: withUserClasses(c.bodyHtml) }} />
          {c.edited ? <p class="muted">Edited</p> : null}
          <div class="actions">
            {c.mayReply ? <a href={`/comments/${c.id}#comment-form`}>Reply</a> : null}
            {c.mayEdit ? <a href={`/comments/${c.id}/edit`}>Edit</a> : null}
            {c.mayDelete ? <a href={`/comments/${c.id}/confirm_delete`}>Delete</a> : null}
            {c.mayModerate && c.status === 'pending' ? <ActionButton id={c.id} action="approve" label="Approve" csrfToken={csrfToken} returnTo={returnTo} /> : null}
            {c.mayModerate && c.status !== 'spam' ? <ActionButton id={c.id} action="spam" label="Spam" csrfToken={csrfToken} returnTo={returnTo} /> : null}
            {c.mayModerate && c.status === 'spam' ? <ActionButton id={c.id} action="not_spam" label="Not spam" csrfToken={csrfToken} returnTo={returnTo} /> : null}
            {c.mayModerate ? <ActionButton id={c.id} action={c.isFrozen ? 'unfreeze' : 'freeze'} label={c.isFrozen ? 'Unfreeze thread' : 'Freeze thread'} csrfToken={csrfToken} returnTo={returnTo} /> : null}
          </div>
        </>
      )}
      {c.replies.length > 0 ? <ol class="thread">{c.replies.map((r) => <CommentItem comment={r} csrfToken={csrfToken} returnTo={returnTo} />)}</ol> : null}
      {c.continueHref ? <p><a href={c.continueHref}>Continue this thread →</a></p> : null}
    </li>
  );
}

export function CommentThreads(props: { threads: CommentView[]; csrfToken: string; returnTo: string }) {
  if (props.threads.length === 0) return null;
  return <ol class="thread top">{props.threads.map((t) => <CommentItem comment={t} csrfToken={props.csrfToken} returnTo={props.returnTo} />)}</ol>;
}

/** Under a work's text: its comments and the way to add one. */
export function CommentsBlock(props: {
  workId: number;
  count: number;
  threads: CommentView[];
  moreHref: string | null;
  form: CommentFormView | null;
  /** For a guest on a cached page, or a refusal. */
  note: { text: string; href: string | null; link: string | null } | null;
  csrfToken: string;
  returnTo: string;
}) {
  return (
    <section class="comments" id="comments" aria-label="Comments">
      <h2>Comments ({props.count})</h2>
      <CommentThreads threads={props.threads} csrfToken={props.csrfToken} returnTo={props.returnTo} />
      {props.moreHref ? <p><a href={props.moreHref}>All comments on this work →</a></p> : null}
      {props.form ? <CommentForm form={props.form} /> : null}
      {props.note ? <p class="muted">{props.note.text} {props.note.href ? <a href={props.note.href}>{props.note.link}</a> : null}</p> : null}
    </section>
  );
}

export function CommentsPage(props: {
  heading: string;
  workHref: string;
  workTitle: string;
  threadCount: number;
  threads: CommentView[];
  page: number;
  pageCount: number;
  baseUrl: string;
  form: CommentFormView | null;
  refusal: string | null;
  settings: { permission: string; moderate: boolean; csrfToken: string; action: string; errors: FieldErrors } | null;
  csrfToken: string;
  returnTo: string;
}) {
  return (
    <section class="comments">
      <h1>{props.heading}</h1>
      <p><a href={props.workHref}>← Back to {props.workTitle}</a> · {counted(props.threadCount, 'thread')}</p>
      {props.settings ? <CommentSettingsForm settings={props.settings} /> : null}
      <CommentThreads threads={props.threads} csrfToken={props.csrfToken} returnTo={props.returnTo} />
      <Pagination page={props.page} pageCount={props.pageCount} baseUrl={props.baseUrl} />
      {props.form ? <CommentForm form={props.form} /> : null}
      {props.refusal ? <p class="muted">{props.refusal}</p> : null}
    </section>
  );
}

function CommentSettingsForm(props: { settings: { permission: string; moderate: boolean; csrfToken: string; action: string; errors: FieldErrors } }) {
  const s = props.settings;
  const choices = [
    { value: 'registered', label: 'Registered users only' },
    { value: 'everyone', label: 'Everyone, guests too' },
    { value: 'nobody', label: 'Nobody (comments off)' },
  ];
  return (
    <form method="post" action={s.action} class="filters">
      <h2>Comment settings</h2>
      <ErrorSummary errors={s.errors} />
      <CsrfField token={s.csrfToken} />
      <fieldset>
        <legend>Who may comment</legend>
        {choices.map((ch) => (
          <label><input type="radio" name="comment_permission" value={ch.value} checked={s.permission === ch.value} /> {ch.label}</label>
        ))}
      </fieldset>
      <label><input type="checkbox" name="moderate_comments" value="1" checked={s.moderate} /> New comments wait for my approval</label>
      <p><button type="submit">Save settings</button></p>
    </form>
  );
}

export function CommentPage(props: { workHref: string; workTitle: string; parentHref: string | null; threads: CommentView[]; page: number; pageCount: number; baseUrl: string; form: CommentFormView | null; refusal: string | null; csrfToken: string; returnTo: string }) {
  return (
    <section class="comments">
      <h1>Comment on {props.workTitle}</h1>
      <p>
        <a href={props.workHref}>← Back to the work</a>
        {props.parentHref ? <> · <a href={props.parentHref}>Parent comment</a></> : null}
      </p>
      <CommentThreads threads={props.threads} csrfToken={props.csrfToken} returnTo={props.returnTo} />
      <Pagination page={props.page} pageCount={props.pageCount} baseUrl={props.baseUrl} />
      {props.form ? <CommentForm form={props.form} /> : null}
      {props.refusal ? <p class="muted">{props.refusal}</p> : null}
    </section>
  );
}

/**
 * A comment that could not be taken where no form can be shown again (the work is gone, or
 * asks to log in): the answer, and what the reader wrote, to copy and keep.
 */
export function CommentRefused(props: { heading: string; message: string; typed: string; link: { href: string; text: string } | null }) {
  return (
    <section class="error-page">
      <h1>{props.heading}</h1>
      <p>{props.message} {props.link ? <a href={props.link.href}>{props.link.text}</a> : null}</p>
      {props.typed ? (
        <div class="field">
          <label for="kept-comment">What you wrote, to keep</label>
          <textarea id="kept-comment" readonly rows={6}>{props.typed}</textarea>
        </div>
      ) : null}
    </section>
  );
}

export function CommentEditPage(props: { commentId: number; csrfToken: string; values: Record<string, string>; errors: FieldErrors; cancelHref: string; moderated: boolean }) {
  return (
    <section>
      <h1>Edit comment</h1>
      <form method="post" action={`/comments/${props.commentId}/edit`}>
        <ErrorSummary errors={props.errors} />
        <CsrfField token={props.csrfToken} />
        <Field name="body" label="Comment" type="textarea" rows={8} value={props.values.body} error={props.errors.body} hint={props.moderated ? 'Comments on this work are moderated: an edit that changes more than a little waits for the creators’ approval again.' : undefined} />
        <div class="actions">
          <button type="submit">Update</button>
          <a href={props.cancelHref}>Cancel</a>
        </div>
      </form>
    </section>
  );
}
