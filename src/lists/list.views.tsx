import type { FieldErrors } from '../context.ts';
import type { ListPost } from '../db/schema.ts';
import { tagPath } from '../tags/tag.names.ts';
import { Checkbox, CsrfField, ErrorSummary, Field } from '../web/forms.tsx';
import { listFeedPath, listPath, listPostPath } from './list.paths.ts';
import type { ListRow } from './list.repository.ts';
import { LIST_NAME_MAX } from './list.schema.ts';

// The pages of lists: the index, a list with its join form and archive, one post, and the
// archivists' forms. A post is shown as the plain text it went out as.

export interface FormState {
  values: Record<string, string>;
  errors: FieldErrors;
}

const day = (iso: string) => iso.slice(0, 10);

function Scope(props: { list: ListRow }) {
  const { list } = props;
  return list.tagName && list.tagUrlName ? (
    <>
      Works under <a href={tagPath(list.tagUrlName)}>{list.tagName}</a>
    </>
  ) : (
    <>Every work posted on the archive</>
  );
}

export function ListIndex(props: { lists: ListRow[]; canRun: boolean }) {
  return (
    <section>
      <h1>Lists</h1>
      <p>Announcement lists send each new work and chapter to your inbox in the classic list format, as each is posted or in a daily digest. Anyone may join with an e-mail address.</p>
      {props.canRun ? (
        <p>
          <a href="/lists/new">Start a new list</a>
        </p>
      ) : null}
      {props.lists.length === 0 ? (
        <p>There are no lists yet.</p>
      ) : (
        <ul class="lists">
          {props.lists.map((list) => (
            <li>
              <h2>
                <a href={listPath(list.slug)}>{list.name}</a>
              </h2>
              <p>
                <Scope list={list} />
              </p>
              {list.description ? <p>{list.description}</p> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

const newListLabels = { name: 'Name', tag: 'Tag', description: 'Description' };

export function NewListForm(props: { form: FormState; csrfToken: string }) {
  const { values, errors } = props.form;
  return (
    <section>
      <h1>Start a new list</h1>
      <ErrorSummary errors={errors} labels={newListLabels} />
      <form method="post" action="/lists/new" novalidate>
        <CsrfField token={props.csrfToken} />
        <Field name="name" label={newListLabels.name} value={values.name} error={errors.name} hint="Goes at the start of every subject, as [Name]; the list's address is made from it." maxLength={LIST_NAME_MAX} required />
        <Field name="tag" label={newListLabels.tag} value={values.tag} error={errors.tag} hint="A fandom or any tag: works under it (its synonyms and subtags too) are announced. Leave it empty for every work on the archive." maxLength={150} autocompleteTags="Fandom" />
        <Field name="description" type="textarea" label={newListLabels.description} value={values.description} error={errors.description} rows={4} maxLength={2000} />
        <div class="actions">
          <button type="submit">Start the list</button>
        </div>
      </form>
    </section>
  );
}

export const joinLabels = { address: 'E-mail address', digest: 'Daily digest' };

export interface ListPageView {
  list: ListRow;
  posts: ListPost[];
  /** The cursor of the next (older) page, when there is one. */
  olderHref: string | null;
  canRun: boolean;
  join: FormState;
  csrfToken: string;
}

export function ListPage(props: ListPageView) {
  const { list, join } = props;
  return (
    <section class="list">
      <h1>{list.name}</h1>
      <p>
        <Scope list={list} />
      </p>
      {list.description ? <p>{list.description}</p> : null}
      {props.canRun ? (
        <p>
          <a href={`${listPath(list.slug)}/announce`}>Post an announcement</a>
        </p>
      ) : null}
      <h2 id="join">Join the list</h2>
      <p>We mail a confirmation link to the address; it joins when the link is used. Every message has a link to leave.</p>
      <ErrorSummary errors={join.errors} labels={joinLabels} />
      <form method="post" action={`${listPath(list.slug)}/join`} novalidate>
        <CsrfField token={props.csrfToken} />
        <Field name="address" type="email" label={joinLabels.address} value={join.values.address} error={join.errors.address} autocomplete="email" maxLength={254} required />
        <Checkbox name="digest" label="Send me one digest a day instead of each post" checked={join.values.digest !== undefined && join.values.digest !== ''} error={join.errors.digest} />
        <Checkbox name="mime" label="As a MIME digest: each post a message of its own inside the digest, for mail programs that open digests" checked={join.values.mime !== undefined && join.values.mime !== ''} error={join.errors.mime} />
        <div class="actions">
          <button type="submit">Join</button>
        </div>
      </form>
      <h2 id="archive">Past posts</h2>
      <p>
        <a href={listFeedPath(list.slug)}>Atom feed of the posts</a>
      </p>
      {props.posts.length === 0 ? (
        <p>Nothing has been posted to the list yet.</p>
      ) : (
        <ol class="list-archive">
          {props.posts.map((post) => (
            <li id={`post_${post.id}`}>
              <a href={listPostPath(list.slug, post.id)}>{post.subject}</a> <span class="date">{day(post.postedAt)}</span>
            </li>
          ))}
        </ol>
      )}
      {props.olderHref ? (
        <p>
          <a href={props.olderHref} rel="next">Older posts</a>
        </p>
      ) : null}
    </section>
  );
}

export function ListPostPage(props: { list: ListRow; post: ListPost }) {
  const { list, post } = props;
  return (
    <article class="list-post">
      <p>
        <a href={listPath(list.slug)}>{list.name}</a>, posted {day(post.postedAt)}
      </p>
      <h1>{post.subject}</h1>
      {post.workId ? (
        <p>
          <a href={`/works/${post.workId}${post.kind === 'update' && post.chapterId ? `/chapters/${post.chapterId}` : ''}`}>Read the work</a>
        </p>
      ) : null}
      <pre class="list-post-body">{post.body}</pre>
    </article>
  );
}

export function ConfirmJoinPrompt(props: { list: ListRow; token: string; address: string; digest: boolean; csrfToken: string }) {
  return (
    <section>
      <h1>Join {props.list.name}</h1>
      <p>
        Confirm that {props.address} joins the {props.list.name} list{props.digest ? ', with one digest a day' : ''}?
      </p>
      <form method="post" action={`${listPath(props.list.slug)}/confirm/${props.token}`}>
        <CsrfField token={props.csrfToken} />
        <button type="submit">Join the list</button>
      </form>
    </section>
  );
}

const announceLabels = { subject: 'Subject', text: 'Announcement' };

export function AnnounceForm(props: { list: ListRow; form: FormState; csrfToken: string }) {
  const { values, errors } = props.form;
  return (
    <section>
      <h1>Post an announcement to {props.list.name}</h1>
      <p>It goes to every member, as each post does (in the digest for digest members), and stays in the list's archive.</p>
      <ErrorSummary errors={errors} labels={announceLabels} />
      <form method="post" action={`${listPath(props.list.slug)}/announce`} novalidate>
        <CsrfField token={props.csrfToken} />
        <Field name="subject" label={announceLabels.subject} value={values.subject} error={errors.subject} hint={`Sent as “[${props.list.name}] ANNOUNCEMENT: …”.`} maxLength={150} required />
        <Field name="text" type="textarea" label={announceLabels.text} value={values.text} error={errors.text} hint="Plain text." rows={10} maxLength={20_000} required />
        <div class="actions">
          <button type="submit">Post it</button>
        </div>
      </form>
    </section>
  );
}

export function Notice(props: { heading: string; text: string; back?: { href: string; label: string } }) {
  return (
    <section>
      <h1>{props.heading}</h1>
      <p>{props.text}</p>
      {props.back ? (
        <p>
          <a href={props.back.href}>{props.back.label}</a>
        </p>
      ) : null}
    </section>
  );
}
