import type { Child } from 'hono/jsx';
import { withUserClasses } from '../text/html.ts';
import type { TagLink, WorkSummaryView } from './work.presenter.ts';
import type { ViewerWorkState } from '../readers/viewer.state.ts';

export function TagList(props: { tags: TagLink[]; class?: string; label?: string }) {
  if (props.tags.length === 0) return null;
  return (
    <ul class="tags" aria-label={props.label}>
      {props.tags.map((t) => (
        <li class={props.class}><a href={t.href}>{t.name}</a></li>
      ))}
    </ul>
  );
}

export function Byline(props: { work: WorkSummaryView }) {
  const creators = props.work.creators;
  if (creators.length === 0) return <span>Anonymous</span>;
  // Its own creators (and administrators) see who they are beside "Anonymous", as on AO3.
  return (
    <>
      {props.work.isAnonymous ? 'Anonymous [' : ''}
      {creators.map((c, i) => (
        <>
          {i > 0 ? ', ' : ''}
          <a rel="author" href={c.href}>{c.label}</a>
          {c.imported === 'unclaimed' ? <span class="muted"> (imported, not yet claimed)</span> : null}
        </>
      ))}
      {props.work.isAnonymous ? ']' : ''}
    </>
  );
}

export function WorkStats(props: { work: WorkSummaryView }) {
  const w = props.work;
  return (
    <dl class="stats">
      <div><dt>Language:</dt><dd>{w.language}</dd></div>
      {w.publishedOn ? <div><dt>Published:</dt><dd><time datetime={w.publishedOn}>{w.publishedOn}</time></dd></div> : null}
      {w.publishedOn && w.updatedOn !== w.publishedOn ? (
        <div><dt>{w.isComplete ? 'Completed:' : 'Updated:'}</dt><dd><time datetime={w.updatedOn}>{w.updatedOn}</time></dd></div>
      ) : null}
      <div><dt>Words:</dt><dd>{w.wordCount.toLocaleString('en')}</dd></div>
      <div><dt>Chapters:</dt><dd>{w.chapters}</dd></div>
      {w.kudosCount > 0 ? <div><dt>Kudos:</dt><dd><a href={`/works/${w.id}/kudos`}>{w.kudosCount.toLocaleString('en')}</a></dd></div> : null}
      {w.bookmarkCount > 0 ? <div><dt>Bookmarks:</dt><dd><a href={`/works/${w.id}/bookmarks`}>{w.bookmarkCount.toLocaleString('en')}</a></dd></div> : null}
    </dl>
  );
}

/** What the logged-in viewer has done with the work; guests' (cacheable) pages never carry it. */
export function ViewerMarkers(props: { state: ViewerWorkState }) {
  const s = props.state;
  const marks = [
    s.kudosGiven ? 'You left kudos' : null,
    s.bookmarked ? 'Bookmarked' : null,
    s.lastReadAt ? `Read ${s.lastReadAt.slice(0, 10)}` : null,
    s.updatedSinceRead ? 'Updated since you read it' : null,
    s.markedForLater ? 'Marked for later' : null,
  ].filter((x): x is string => x !== null);
  if (marks.length === 0) return null;
  return (
    <ul class="viewer-state muted" aria-label="You and this work">
      {marks.map((m) => <li class={m === 'Updated since you read it' ? 'updated-since' : undefined}>{m}</li>)}
    </ul>
  );
}

/** A work in a list: title, creators, fandoms, the required tags, tags, summary and stats;
 * `children` adds to the end (search puts the matching passage there). */
export function WorkBlurb(props: { work: WorkSummaryView; children?: Child }) {
  const w = props.work;
  return (
    <li class="blurb" id={`work_${w.id}`}>
      <h3>
        <a href={w.href}>{w.title}</a>
        {w.isRestricted ? <span class="muted"> (registered users only)</span> : null}
        {w.isDraft ? <span class="muted"> (draft)</span> : null}
      </h3>
      <p class="byline">by <Byline work={w} /></p>
      <p class="fandoms">{w.fandoms.map((f, i) => <>{i > 0 ? ', ' : ''}<a href={f.href}>{f.name}</a></>)}</p>
      <p class="required-tags muted">
        {[w.rating?.name, ...w.categories.map((x) => x.name), w.isComplete ? 'Complete Work' : 'Work in Progress']
          .filter(Boolean)
          .join(' · ')}
      </p>
      <TagList tags={w.warnings} class="warning" label="Warnings" />
      <TagList tags={[...w.relationships, ...w.characters, ...w.freeforms]} label="Tags" />
      {w.summaryHtml ? <blockquote class="summary userstuff-summary" dangerouslySetInnerHTML={{ __html: withUserClasses(w.summaryHtml) }} /> : null}
      <WorkStats work={w} />
      {w.viewerState ? <ViewerMarkers state={w.viewerState} /> : null}
      {props.children}
    </li>
  );
}

export function BlurbList(props: { works: WorkSummaryView[]; empty?: string }) {
  if (props.works.length === 0) return <p class="muted">{props.empty ?? 'No works yet.'}</p>;
  return (
    <ol class="blurbs">
      {props.works.map((w) => <WorkBlurb work={w} />)}
    </ol>
  );
}

/** Previous/next page links that keep the rest of the query string. */
export function Pagination(props: { page: number; pageCount: number; baseUrl: string }) {
  if (props.pageCount <= 1) return null;
  const link = (page: number) => {
    const url = new URL(props.baseUrl, 'http://x');
    url.searchParams.set('page', String(page));
    return `${url.pathname}${url.search}`;
  };
  return (
    <nav aria-label="Pages">
      <ul class="pagination">
        {props.page > 1 ? <li><a rel="prev" href={link(props.page - 1)}>← Previous</a></li> : null}
        <li aria-current="page">Page {props.page} of {props.pageCount}</li>
        {props.page < props.pageCount ? <li><a rel="next" href={link(props.page + 1)}>Next →</a></li> : null}
      </ul>
    </nav>
  );
}
