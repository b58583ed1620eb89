import { withUserClasses } from '../text/html.ts';
import { counted } from '../text/plural.ts';
import { Pagination } from '../works/blurb.views.tsx';
import { CsrfField } from '../web/forms.tsx';
import type { InboxFilter } from './inbox.repository.ts';
import type { InboxItem } from './inbox.service.ts';

export const INBOX_FILTERS: { value: InboxFilter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'unread', label: 'Unread' },
  { value: 'read', label: 'Read' },
  { value: 'replied', label: 'Replied to' },
  { value: 'unreplied', label: 'Not replied to' },
];

export interface InboxPageView {
  login: string;
  items: InboxItem[];
  total: number;
  filter: InboxFilter;
  page: number;
  pageCount: number;
  csrfToken: string;
}

const BULK_FORM = 'inbox-selected';

function Commenter(props: { item: InboxItem }) {
  const { commenter } = props.item;
  if (commenter.kind === 'guest') return <strong>{commenter.name} ({commenter.imported ? 'Imported author' : 'Guest'})</strong>;
  if (commenter.kind === 'gone') return <strong>(Deleted account)</strong>;
  if (commenter.kind === 'anonymous') return <strong>{commenter.name}</strong>;
  return <a href={commenter.href}><strong>{commenter.name}</strong></a>;
}

/**
 * One event. The reply form is inside a <details>, so it opens without a script; the
 * checkbox belongs to the form of selected items by its `form` attribute, as forms may not nest.
 */
function InboxEntry(props: { item: InboxItem; view: InboxPageView }) {
  const { item, view } = props;
  const self = `/users/${encodeURIComponent(view.login)}/inbox`;
  const returnTo = `${self}?filter=${view.filter}&page=${view.page}`;
  const boxId = `inbox-item-${item.id}`;
  return (
    <li class={item.isRead ? 'inbox-item read' : 'inbox-item unread'} id={`notification-${item.id}`}>
      <p class="byline">
        <input type="checkbox" name="ids" value={String(item.id)} form={BULK_FORM} id={boxId} aria-label={`Select the comment by ${item.commenter.name}`} />{' '}
        <Commenter item={item} /> {item.kind === 'reply' ? 'replied to your comment on' : 'commented on'}{' '}
        <a href={item.chapterHref}>{item.placeLabel}</a> <span class="muted">{item.when}</span>
        {item.isRead ? null : <span class="badge"> Unread</span>}
        {item.isReplied ? <span class="badge"> Replied</span> : null}
        {item.isPending ? <span class="badge"> Awaiting your approval</span> : null}
      </p>
      <blockquote class="userstuff" dangerouslySetInnerHTML={{ __html: withUserClasses(item.bodyHtml) }} />
      {item.edited ? <p class="muted">Edited</p> : null}
      <div class="actions">
        <a href={item.commentHref}>View thread</a>
        <form method="post" action={self} class="inline">
          <CsrfField token={view.csrfToken} />
          <input type="hidden" name="ids" value={String(item.id)} />
          <input type="hidden" name="return_to" value={returnTo} />
          {item.isRead ? <button type="submit" name="action" value="unread" class="link">Mark unread</button> : <button type="submit" name="action" value="read" class="link">Mark read</button>}{' '}
          <button type="submit" name="action" value="delete" class="link">Delete from inbox</button>
        </form>
      </div>
      {item.mayReply ? (
        <details class="reply">
          <summary>Reply</summary>
          <form method="post" action={`/comments/${item.commentId}/replies`}>
            <CsrfField token={view.csrfToken} />
            <input type="hidden" name="return_to" value={returnTo} />
            <label for={`reply-${item.id}`}>Your reply to {item.commenter.name}</label>
            <textarea id={`reply-${item.id}`} name="body" rows={5} maxlength={10000} required />
            <button type="submit">Post reply</button>
          </form>
        </details>
      ) : null}
    </li>
  );
}

export function InboxPage(props: { view: InboxPageView }) {
  const { view } = props;
  const self = `/users/${encodeURIComponent(view.login)}/inbox`;
  return (
    <section class="inbox">
      <h1>My inbox</h1>
      <form method="get" action={self} class="filters inline">
        <label for="inbox-filter">Show</label>{' '}
        <select id="inbox-filter" name="filter">
          {INBOX_FILTERS.map((f) => <option value={f.value} selected={f.value === view.filter}>{f.label}</option>)}
        </select>{' '}
        <button type="submit">Filter</button>
      </form>
      <p>{counted(view.total, 'comment')}{view.filter === 'all' ? '' : ` (${INBOX_FILTERS.find((f) => f.value === view.filter)?.label.toLowerCase()})`}</p>
      {view.items.length === 0 ? (
        <p class="muted">{view.filter === 'all' ? 'Comments on your works and replies to your comments will arrive here.' : 'Nothing here with this filter.'}</p>
      ) : (
        <>
          <form method="post" action={self} id={BULK_FORM} class="actions">
            <CsrfField token={view.csrfToken} />
            <input type="hidden" name="return_to" value={`${self}?filter=${view.filter}&page=${view.page}`} />
            <span>Selected:</span>{' '}
            <button type="submit" name="action" value="read">Mark read</button>{' '}
            <button type="submit" name="action" value="unread">Mark unread</button>{' '}
            <button type="submit" name="action" value="delete">Delete from inbox</button>
          </form>
          <ol class="inbox-items">
            {view.items.map((item) => <InboxEntry item={item} view={view} />)}
          </ol>
          <Pagination page={view.page} pageCount={view.pageCount} baseUrl={`${self}?filter=${view.filter}`} />
        </>
      )}
    </section>
  );
}

/** The header's link, with the unread count; "99+" past the count the header reads. */
export function InboxLink(props: { login: string; unread: number; cap: number }) {
  const label = props.unread >= props.cap ? `${props.cap - 1}+` : String(props.unread);
  return (
    <a href={`/users/${encodeURIComponent(props.login)}/inbox`}>
      Inbox{props.unread > 0 ? <> <span class="badge" aria-label={`${counted(props.unread >= props.cap ? props.cap - 1 : props.unread, 'unread comment')}${props.unread >= props.cap ? ' or more' : ''}`}>{label}</span></> : null}
    </a>
  );
}
