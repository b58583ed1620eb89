import type { FieldErrors } from '../context.ts';
import { withUserClasses } from '../text/html.ts';
import { counted } from '../text/plural.ts';
import { Checkbox, CsrfField, ErrorSummary, Field } from '../web/forms.tsx';
import { Pagination, WorkBlurb } from '../works/blurb.views.tsx';
import type { WorkSummaryView } from '../works/work.presenter.ts';
import type { SeriesSummaryView } from '../series/series.presenter.ts';
import { SeriesBlurb } from '../series/series.views.tsx';
import type { BookmarkedWorkState } from './bookmark.policy.ts';
import { BOOKMARK_FIELD_LABELS, BOOKMARK_LIMITS } from './bookmark.schema.ts';

export type BookmarkFormValues = Record<string, string>;

/** One bookmark as a list or its own page shows it. */
export interface BookmarkView {
  id: number;
  ownerLogin: string;
  /** The work's blurb, when the viewer may see the work. */
  work: WorkSummaryView | null;
  /** The series' blurb, for a bookmark of a series the viewer may see (src/series). */
  series: SeriesSummaryView | null;
  state: BookmarkedWorkState;
  title: string;
  url: string | null;
  creator: string | null;
  summaryHtml: string | null;
  notesHtml: string | null;
  tags: { name: string; href: string }[];
  isPrivate: boolean;
  isRec: boolean;
  bookmarkedOn: string;
  isOwner: boolean;
}

const STATE_NOTES: Record<BookmarkedWorkState, string | null> = {
  elsewhere: null,
  series: null,
  'series-gone': 'This series is no longer on the archive, or none of its works can be seen now. Only you can see this bookmark.',
  shown: null,
  deleted: 'This work has been deleted. Only you can see this bookmark.',
  draft: 'This work is a draft again. Only you can see this bookmark until it is posted.',
  hidden: 'This work is hidden for now. Only you can see this bookmark.',
  restricted: 'This work is now only for registered users; readers who are not logged in do not see this bookmark.',
};

function BookmarkDetails(props: { bookmark: BookmarkView }) {
  const b = props.bookmark;
  const note = STATE_NOTES[b.state];
  return (
    <div class="bookmark-details">
      <p class="muted">
        Bookmarked by <a href={`/users/${encodeURIComponent(b.ownerLogin)}/bookmarks`}>{b.ownerLogin}</a> on <time datetime={b.bookmarkedOn}>{b.bookmarkedOn}</time>
        {b.isRec ? <strong> · Recommended</strong> : null}
        {b.isPrivate ? <strong> · Private bookmark</strong> : null}
      </p>
      {note ? <p class="flash">{note}</p> : null}
      {b.tags.length > 0 ? (
        <ul class="tags" aria-label="Bookmarker’s tags">
          {b.tags.map((t) => <li><a href={t.href}>{t.name}</a></li>)}
        </ul>
      ) : null}
      {b.notesHtml ? <blockquote class="userstuff" dangerouslySetInnerHTML={{ __html: withUserClasses(b.notesHtml) }} /> : null}
      {b.isOwner ? (
        <p class="actions">
          <a class="button secondary" href={`/bookmarks/${b.id}/edit`}>Edit bookmark</a>
          <a class="button secondary" href={`/bookmarks/${b.id}/confirm_delete`}>Delete bookmark</a>
        </p>
      ) : null}
    </div>
  );
}

export function BookmarkItem(props: { bookmark: BookmarkView }) {
  const b = props.bookmark;
  if (b.work) {
    return (
      <WorkBlurb work={b.work}>
        <BookmarkDetails bookmark={b} />
      </WorkBlurb>
    );
  }
  if (b.series) {
    return (
      <SeriesBlurb view={b.series}>
        <BookmarkDetails bookmark={b} />
      </SeriesBlurb>
    );
  }
  return (
    <li class="blurb" id={`bookmark_${b.id}`}>
      <h3>
        {b.url ? <a href={b.url} rel="nofollow ugc noopener noreferrer">{b.title}</a> : b.title}
        {b.url ? <span class="muted"> (off-site)</span> : null}
      </h3>
      {b.creator ? <p class="byline">by {b.creator}</p> : null}
      {b.summaryHtml ? <blockquote class="summary" dangerouslySetInnerHTML={{ __html: withUserClasses(b.summaryHtml) }} /> : null}
      <BookmarkDetails bookmark={b} />
    </li>
  );
}

export function BookmarkListPage(props: {
  heading: string;
  bookmarks: BookmarkView[];
  total: number;
  page: number;
  pageCount: number;
  baseUrl: string;
  filters?: { action: string; tag: string; bookmarkTag: string } | undefined;
  newHref?: string | null | undefined;
}) {
  return (
    <section>
      <h1>{props.heading}</h1>
      <p class="muted">{counted(props.total, 'bookmark')}</p>
      {props.newHref ? <p><a href={props.newHref}>Bookmark a story on another site</a></p> : null}
      {props.filters ? (
        <form method="get" action={props.filters.action} class="actions" role="search" aria-label="Filter bookmarks">
          <Field name="tag" label="Work tagged" value={props.filters.tag} />
          <Field name="bookmark_tag" label="Bookmarker’s tag" value={props.filters.bookmarkTag} />
          <button type="submit">Filter</button>
        </form>
      ) : null}
      {props.bookmarks.length === 0 ? <p class="muted">No bookmarks here.</p> : <ol class="blurbs">{props.bookmarks.map((b) => <BookmarkItem bookmark={b} />)}</ol>}
      <Pagination page={props.page} pageCount={props.pageCount} baseUrl={props.baseUrl} />
    </section>
  );
}

export function BookmarkFormPage(props: {
  heading: string;
  action: string;
  values: BookmarkFormValues;
  errors: FieldErrors;
  csrfToken: string;
  external: boolean;
  cancelHref: string;
  button: string;
}) {
  const v = props.values;
  const e = props.errors;
  return (
    <section>
      <h1>{props.heading}</h1>
      <ErrorSummary errors={e} labels={BOOKMARK_FIELD_LABELS} />
      <form method="post" action={props.action} novalidate>
        <CsrfField token={props.csrfToken} />
        {props.external ? (
          <>
            <Field name="url" type="url" label="Address (URL)" value={v.url} error={e.url} required maxLength={BOOKMARK_LIMITS.url} />
            <Field name="title" label="Title" value={v.title} error={e.title} required maxLength={BOOKMARK_LIMITS.title} />
            <Field name="creator" label="Creator" value={v.creator} error={e.creator} maxLength={BOOKMARK_LIMITS.creator} />
            <Field name="summary" type="textarea" label="Summary" value={v.summary} error={e.summary} rows={4} maxLength={BOOKMARK_LIMITS.summary} />
          </>
        ) : null}
        <Field name="notes" type="textarea" label="Notes" value={v.notes} error={e.notes} rows={6} maxLength={BOOKMARK_LIMITS.notes} hint="Plain text or HTML, cleaned as chapter text is." />
        <Field name="tags" label="Your tags" value={v.tags} error={e.tags} hint="Separate tags with commas. Only your bookmarks carry them." />
        <Checkbox name="isRec" label="Recommend this story" checked={Boolean(v.isRec)} />
        <Checkbox name="isPrivate" label="Private bookmark (only you can see it)" checked={Boolean(v.isPrivate)} />
        <div class="actions">
          <button type="submit">{props.button}</button>
          <a href={props.cancelHref}>Cancel</a>
        </div>
      </form>
    </section>
  );
}

/** Under a work's text: the way to bookmark it, and its public bookmarks. */
export function WorkBookmarkLinks(props: { workId: number; publicCount: number; canBookmark: boolean }) {
  if (!props.canBookmark && props.publicCount === 0) return null;
  return (
    <p class="actions">
      {props.canBookmark ? <a class="button secondary" href={`/works/${props.workId}/bookmarks/new`}>Bookmark</a> : null}
      {props.publicCount > 0 ? <a href={`/works/${props.workId}/bookmarks`}>{counted(props.publicCount, 'public bookmark')}</a> : null}
    </p>
  );
}
