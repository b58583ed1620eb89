import { counted } from '../text/plural.ts';
import { CsrfField } from '../web/forms.tsx';
import { Pagination } from '../works/blurb.views.tsx';

/** On a work's page, for a logged-in reader: "continue reading" and the Mark for Later button. */
export interface ReadingBlockView {
  workId: number;
  /** The chapter reached last time, when it is not the one on this page. */
  continueHref: string | null;
  continuePosition: number | null;
  markedForLater: boolean;
  /** Drafts and hidden works cannot be marked. */
  canMark: boolean;
  csrfToken: string;
  returnTo: string;
}

export function ReadingBlock(props: { view: ReadingBlockView }) {
  const v = props.view;
  return (
    <div class="reading actions" id="reading">
      {v.continueHref ? (
        <p>
          <a href={v.continueHref} rel="bookmark">Continue reading (Chapter {v.continuePosition})</a>
        </p>
      ) : null}
      {v.canMark ? (
        <form method="post" action={`/works/${v.workId}/${v.markedForLater ? 'mark_as_read' : 'mark_for_later'}`} class="inline">
          <CsrfField token={v.csrfToken} />
          <input type="hidden" name="return_to" value={v.returnTo} />
          <button type="submit">{v.markedForLater ? 'Mark as read' : 'Mark for later'}</button>
        </form>
      ) : null}
    </div>
  );
}

/** One entry of the history or of Mark for Later, ready to render (reading.presenter.ts). */
export interface ReadingItemView {
  id: number;
  title: string;
  /** The work's address while the reader may still open it; null when deleted, a draft or hidden. */
  href: string | null;
  /** "deleted", "a draft again", "hidden", "registered users only"; null when shown as usual. */
  state: string | null;
  lastReadOn: string | null;
  visitCount: number;
  continueHref: string | null;
  continuePosition: number | null;
  updatedSinceRead: boolean;
  markedForLater: boolean;
}

export interface ReadingListView {
  login: string;
  show: 'history' | 'to-read';
  items: ReadingItemView[];
  total: number;
  page: number;
  pageCount: number;
  historyEnabled: boolean;
  csrfToken: string;
}

function ReadingItem(props: { item: ReadingItemView; base: string; csrfToken: string; show: ReadingListView['show'] }) {
  const r = props.item;
  return (
    <li class="blurb reading-item" id={`reading_${r.id}`}>
      <h3>
        {r.href ? <a href={r.href}>{r.title}</a> : r.title}
        {r.state ? <span class="muted"> ({r.state})</span> : null}
      </h3>
      <ul class="viewer-state muted">
        {r.lastReadOn ? <li>Last visited {r.lastReadOn} ({counted(r.visitCount, 'visit')})</li> : <li>Not read yet</li>}
        {r.updatedSinceRead ? <li class="updated-since">Updated since you read it</li> : null}
        {r.markedForLater ? <li>Marked for later</li> : null}
      </ul>
      <div class="actions">
        {r.continueHref ? <a href={r.continueHref}>Continue reading (Chapter {r.continuePosition})</a> : null}
        {props.show === 'history' ? (
          <form method="post" action={`${props.base}/${r.id}/delete`} class="inline">
            <CsrfField token={props.csrfToken} />
            <button type="submit">Delete from history</button>
          </form>
        ) : r.href ? (
          <form method="post" action={`${r.href}/mark_as_read`} class="inline">
            <CsrfField token={props.csrfToken} />
            <input type="hidden" name="return_to" value={`${props.base}?show=to-read`} />
            <button type="submit">Mark as read</button>
          </form>
        ) : null}
      </div>
    </li>
  );
}

export function ReadingListPage(props: { view: ReadingListView }) {
  const v = props.view;
  const base = `/users/${encodeURIComponent(v.login)}/readings`;
  const heading = v.show === 'to-read' ? 'Marked for Later' : 'History';
  return (
    <section>
      <h1>{heading}</h1>
      <nav aria-label="Lists">
        <a href={base} aria-current={v.show === 'history' ? 'page' : undefined}>Full history</a> ·{' '}
        <a href={`${base}?show=to-read`} aria-current={v.show === 'to-read' ? 'page' : undefined}>Marked for later</a>
      </nav>
      {v.show === 'history' && !v.historyEnabled ? (
        <p class="muted">
          Your history is turned off in your <a href={`/users/${encodeURIComponent(v.login)}/preferences`}>preferences</a>: new visits are not kept.
        </p>
      ) : null}
      <p>{counted(v.total, v.show === 'to-read' ? 'work marked for later' : 'work in your history')}</p>
      {v.show === 'history' && v.total > 0 ? (
        <p>
          <a href={`${base}/clear`}>Clear history</a>
        </p>
      ) : null}
      {v.items.length === 0 ? (
        <p class="muted">{v.show === 'to-read' ? 'Nothing is marked for later.' : 'Nothing in your history yet.'}</p>
      ) : (
        <ol class="blurbs">
          {v.items.map((item) => <ReadingItem item={item} base={base} csrfToken={v.csrfToken} show={v.show} />)}
        </ol>
      )}
      <Pagination page={v.page} pageCount={v.pageCount} baseUrl={v.show === 'to-read' ? `${base}?show=to-read` : base} />
    </section>
  );
}
