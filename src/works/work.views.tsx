import type { Child } from 'hono/jsx';
import type { Chapter } from '../db/schema.ts';
import { ImportProvenance, type ProvenanceView } from '../imports/import.provenance.tsx';
import { withUserClasses } from '../text/html.ts';
import { CsrfField } from '../web/forms.tsx';
import { Byline, TagList, WorkStats } from './blurb.views.tsx';
import type { WorkSummaryView } from './work.presenter.ts';

export interface ChapterNavView {
  previousHref: string | null;
  nextHref: string | null;
  fullWorkHref: string | null;
  indexHref: string;
}

export interface WorkPageView {
  work: WorkSummaryView;
  notesHtml: string | null;
  endNotesHtml: string | null;
  /** The first of several chapters: the work has end notes, shown after its last chapter. */
  endNotesLater?: boolean;
  chapters: Chapter[];
  /** How many chapters the work has in all (the page may show one of them). */
  chapterTotal: number;
  nav: ChapterNavView | null;
  canEdit: boolean;
  canDelete: boolean;
  csrfToken: string;
  /** Where an imported work came from (src/imports); null for works posted here. */
  provenance?: ProvenanceView | null;
  /** The series the work is in, with the previous and next parts (src/series). */
  series?: Child;
  /** "For <recipient>": the work's gifts (src/challenges/exchange.views.tsx GiftLine). */
  gifts?: Child;
  /** Readers' answers under the text (src/feedback): the kudos button and who left kudos. */
  feedback?: Child;
}

function MetaRow(props: { label: string; tags: { name: string; href: string }[]; class?: string }) {
  if (props.tags.length === 0) return null;
  return (
    <>
      <dt>{props.label}:</dt>
      <dd><TagList tags={props.tags} class={props.class} /></dd>
    </>
  );
}

/** The tag block at the top of a work, in AO3's order. */
export function WorkMeta(props: { work: WorkSummaryView }) {
  const w = props.work;
  return (
    <dl class="work-meta" aria-label="Work information">
      <MetaRow label="Rating" tags={w.rating ? [w.rating] : []} />
      <MetaRow label="Archive Warning" tags={w.warnings} class="warning" />
      <MetaRow label="Category" tags={w.categories} />
      <MetaRow label="Fandom" tags={w.fandoms} />
      <MetaRow label="Relationship" tags={w.relationships} />
      <MetaRow label="Characters" tags={w.characters} />
      <MetaRow label="Additional Tags" tags={w.freeforms} />
      <dt>Stats:</dt>
      <dd><WorkStats work={w} /></dd>
    </dl>
  );
}

function OwnerActions(props: { view: WorkPageView }) {
  const { work, canEdit, canDelete, csrfToken } = props.view;
  if (!canEdit && !canDelete) return null;
  return (
    <nav class="actions" aria-label="Work actions">
      {canEdit && work.isDraft ? (
        <form method="post" action={`/works/${work.id}/post`} class="inline">
          <CsrfField token={csrfToken} />
          <button type="submit">Post draft</button>
        </form>
      ) : null}
      {canEdit ? <a class="button secondary" href={`/works/${work.id}/edit`}>Edit work</a> : null}
      {canEdit ? <a class="button secondary" href={`/works/${work.id}/chapters/new`}>Add chapter</a> : null}
      {canEdit && props.view.chapterTotal > 1 ? <a class="button secondary" href={`/works/${work.id}/chapters/manage`}>Manage chapters</a> : null}
      {canEdit ? <a class="button secondary" href={`/works/${work.id}/orphan`}>Orphan</a> : null}
      {canDelete ? <a class="button secondary" href={`/works/${work.id}/confirm_delete`}>Delete</a> : null}
    </nav>
  );
}

function Notes(props: { heading: string; html: string | null }) {
  if (!props.html) return null;
  return (
    <section class="notes">
      <h3>{props.heading}</h3>
      <div dangerouslySetInnerHTML={{ __html: withUserClasses(props.html) }} />
    </section>
  );
}

function ChapterSection(props: { chapter: Chapter; view: WorkPageView }) {
  const { chapter, view } = props;
  const multi = view.chapterTotal > 1;
  const headingId = `chapter-${chapter.position}-heading`;
  // A one-chapter work shows its chapter's title when the author gave it one.
  const heading = multi ? (
    <h3 class="chapter-heading" id={headingId}>
      <a href={`/works/${view.work.id}/chapters/${chapter.id}`}>Chapter {chapter.position}</a>
      {chapter.title ? `: ${chapter.title}` : ''}
    </h3>
  ) : chapter.title ? (
    <h3 class="chapter-heading" id={headingId}>{chapter.title}</h3>
  ) : null;
  return (
    <article class="chapter" id={`chapter-${chapter.position}`} aria-labelledby={heading ? headingId : 'work-title'}>
      {heading}
      {view.canEdit && multi ? (
        <p class="chapter-heading muted"><a href={`/works/${view.work.id}/chapters/${chapter.id}/edit`}>Edit chapter {chapter.position}</a></p>
      ) : null}
      <Notes heading="Chapter Summary" html={chapter.summary} />
      <Notes heading="Chapter Notes" html={chapter.notes} />
      <div class="userstuff" dangerouslySetInnerHTML={{ __html: withUserClasses(chapter.body) }} />
      <Notes heading="Chapter End Notes" html={chapter.endNotes} />
    </article>
  );
}

function ChapterNav(props: { nav: ChapterNavView | null }) {
  const nav = props.nav;
  if (!nav) return null;
  return (
    <nav class="chapter-nav" aria-label="Chapters">
      {nav.previousHref ? <a rel="prev" href={nav.previousHref}>← Previous chapter</a> : <span />}
      <a href={nav.indexHref}>Chapter index</a>
      {nav.fullWorkHref ? <a href={nav.fullWorkHref}>Entire work</a> : null}
      {nav.nextHref ? <a rel="next" href={nav.nextHref}>Next chapter →</a> : <span />}
    </nav>
  );
}

/** A work with one chapter, or all of them (`?view_full_work=true`). */
export function WorkPage(props: { view: WorkPageView }) {
  const { view } = props;
  const w = view.work;
  return (
    <div class="work">
      <OwnerActions view={view} />
      {w.isDraft ? <p class="flash">This is a draft: only its creators can see it until it is posted.</p> : null}
      {w.isHidden ? <p class="flash">This work is hidden: only its creators and the archive’s administrators can see it, and it is listed nowhere.</p> : null}
      <WorkMeta work={w} />
      {view.series}
      <div class="preface">
        <h2 class="title" id="work-title">{w.title}</h2>
        <p class="byline">by <Byline work={w} /></p>
        {view.gifts ?? null}
        <ImportProvenance provenance={view.provenance ?? null} />
        <Notes heading="Summary" html={w.summaryHtml} />
        <Notes heading="Notes" html={view.notesHtml} />
        {view.endNotesLater ? <p class="muted">See the end of the work for more notes.</p> : null}
      </div>
      <ChapterNav nav={view.nav} />
      {view.chapters.map((chapter) => <ChapterSection chapter={chapter} view={view} />)}
      <Notes heading="End Notes" html={view.endNotesHtml} />
      <ChapterNav nav={view.nav} />
      {view.series}
      {view.feedback}
    </div>
  );
}

/** Shown before Mature and Explicit works, unless the reader chose to skip it. */
export function AdultNotice(props: { work: WorkSummaryView; proceedHref: string; alwaysHref: string | null; preferencesHref: string | null }) {
  return (
    <section class="notice" aria-labelledby="adult-heading">
      <h1 id="adult-heading">This work could have adult content</h1>
      <p>
        <strong>{props.work.title}</strong> is rated {props.work.rating?.name}. If you continue, you agree that you are
        willing to see such content.
      </p>
      <p class="actions">
        <a class="button" href={props.proceedHref}>Yes, continue</a>
        {props.alwaysHref ? <a class="button secondary" href={props.alwaysHref}>Yes, and don’t ask me again</a> : null}
        <a class="button secondary" href="/">No, go back</a>
      </p>
      <p class="muted">
        This browser is not asked again for this work until it is closed.{' '}
        {props.preferencesHref ? <>You can turn this notice off in your <a href={props.preferencesHref}>preferences</a>.</> : 'Logged-in readers can turn this notice off in their preferences.'}
      </p>
    </section>
  );
}

export function ChapterIndex(props: { work: WorkSummaryView; chapters: { id: number; position: number; title: string | null; createdAt: string }[] }) {
  return (
    <section>
      <h1>Chapter index for <a href={props.work.href}>{props.work.title}</a></h1>
      <ol>
        {props.chapters.map((c) => (
          <li>
            <a href={`/works/${props.work.id}/chapters/${c.id}`}>{c.position}. {c.title ?? `Chapter ${c.position}`}</a>{' '}
            <span class="muted">({c.createdAt.slice(0, 10)})</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
