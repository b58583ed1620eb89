import type { Chapter } from '../db/schema.ts';
import type { WebContext } from '../web/env.ts';
import { notFound } from '../web/errors.tsx';
import { renderPage } from '../web/layout.tsx';
import { tagsOfWorks } from '../tags/tag.repository.ts';
import { provenanceOf } from '../imports/import.provenance.tsx';
import type { LoadedWork } from './work.loader.ts';
import { canDelete, canEdit } from './work.policy.ts';
import { adultCookieAfter, isCreator, isPublic, needsAdultNotice, type AdultChoice } from './work.visibility.ts';
import { HIT_HEADER } from '../readers/hit.middleware.ts';
import { ADULT_COOKIE, getCookie, setAppCookie } from '../web/cookies.ts';
import { presentWork } from './work.presenter.ts';
import { chapterIndex, chaptersWithText, findChapter, findChapterAt } from './work.repository.ts';
import { AdultNotice, WorkPage, type ChapterNavView } from './work.views.tsx';
import { decideKudos } from '../feedback/kudos.policy.ts';
import { kudosSummary } from '../feedback/kudos.service.ts';
import { KudosBlock } from '../feedback/kudos.views.tsx';
import { WorkBookmarkLinks } from '../feedback/bookmark.views.tsx';
import { workCommentsSection } from '../feedback/comment.block.tsx';
import { findReading } from '../readers/reading.repository.ts';
import { noteVisit } from '../readers/reading.service.ts';
import { ReadingBlock } from '../readers/reading.views.tsx';
import { workSubscribeButton } from '../news/subscription.block.tsx';
import { seriesBoxes } from '../series/series.presenter.ts';
import { SeriesBoxes } from '../series/series.views.tsx';
import { collectionsToInviteTo, itemsOfWork } from '../collections/collection.repository.ts';
import { WorkCollections } from '../collections/collection.views.tsx';
import { giftsOfWork } from '../challenges/exchange.repository.ts';
import { GiftLine } from '../challenges/exchange.views.tsx';

/** Accounts named under a work's text; the rest are counted, and all named on its kudos page. */
const KUDOS_NAMED = 50;

type Mode = { kind: 'first' } | { kind: 'chapter'; chapterId: number } | { kind: 'full' };

/**
 * Renders a readable work: the first chapter (/works/:id), one chapter, or all of them.
 * Mature and Explicit works show a notice first unless the reader opted out.
 */
export async function showWork(c: WebContext, loaded: LoadedWork, mode: Mode) {
  const db = c.var.app.db.kysely;
  const { work, creators } = loaded;
  const viewer = c.var.viewer;
  // One chapter is read beside the tags (a page behind the adult notice reads it for nothing);
  // the entire work's text only once the notice is passed.
  const oneChapter = mode.kind === 'full' ? null : mode.kind === 'chapter' ? findChapter(db, work.id, mode.chapterId) : findChapterAt(db, work.id, 1);
  const [tags, index, chapter] = await Promise.all([tagsOfWorks(db, [work.id]), chapterIndex(db, work.id), oneChapter]);
  const view = presentWork(work, creators, tags, viewer);

  const url = new URL(c.req.url);
  const choice: AdultChoice = { asked: url.searchParams.get('view_adult') ?? undefined, cookie: getCookie(c, ADULT_COOKIE) };
  if (needsAdultNotice(viewer, work.id, creators, view.isAdult, choice)) {
    const answer = (value: string) => {
      const next = new URL(url);
      next.searchParams.set('view_adult', value);
      return next.pathname + next.search;
    };
    const preferencesHref = viewer ? `/users/${encodeURIComponent(viewer.login)}/preferences` : null;
    return renderPage(c, { title: view.title, noIndex: true }, <AdultNotice work={view} proceedHref={answer('true')} alwaysHref={viewer ? null : answer('always')} preferencesHref={preferencesHref} />);
  }
  const remember = view.isAdult ? adultCookieAfter(work.id, choice) : null;
  if (remember) setAppCookie(c, ADULT_COOKIE, remember.value, remember.lasting ? new Date(c.var.app.now().getTime() + 365 * 86_400_000) : undefined);

  let chapters: Chapter[];
  if (mode.kind === 'full') chapters = await chaptersWithText(db, work.id);
  else {
    if (!chapter) return notFound(c);
    chapters = [chapter];
  }

  // Links keep the answer in the address too, for a browser that refuses cookies.
  const carry = choice.asked === 'true' || choice.asked === 'always' ? '?view_adult=true' : '';
  let nav: ChapterNavView | null = null;
  if (index.length > 1) {
    const position = mode.kind === 'full' ? null : chapters[0]!.position;
    const at = (p: number) => index.find((x) => x.position === p);
    const previous = position !== null ? at(position - 1) : undefined;
    const next = position !== null ? at(position + 1) : undefined;
    nav = {
      previousHref: previous ? `/works/${work.id}/chapters/${previous.id}${carry}` : null,
      nextHref: next ? `/works/${work.id}/chapters/${next.id}${carry}` : null,
      fullWorkHref: mode.kind === 'full' ? null : `/works/${work.id}?view_full_work=true${carry ? '&view_adult=true' : ''}`,
      indexHref: `/works/${work.id}/navigate`,
    };
  }

  // The work's own notes open its first chapter and its end notes close its last, as on AO3;
  // the entire work shows each once. Chapter notes stay with their chapter.
  const position = mode.kind === 'full' ? null : chapters[0]!.position;
  const single = chapters.length === 1 && index.length > 1 ? chapters[0]! : null;
  // A moderator may invite a posted work that is not theirs to one of their collections.
  const mayInvite = viewer !== null && !isCreator(viewer, creators) && work.isDraft === 0 && work.hiddenAt === null;
  const [kudos, provenance, comments, subscribeButton, series, items, gifts, inviteTo, reading] = await Promise.all([
    kudosSummary(db, work, viewer, KUDOS_NAMED),
    provenanceOf(db, work.id),
    workCommentsSection(c, loaded, chapters.map((ch) => ch.id)),
    workSubscribeButton(c, work, creators),
    seriesBoxes(db, viewer, work.id),
    itemsOfWork(db, work.id),
    giftsOfWork(db, work.id),
    mayInvite ? collectionsToInviteTo(db, viewer.id, work.id) : Promise.resolve([]),
    // Read before this visit is noted below, for "continue reading".
    viewer ? findReading(db, viewer.id, work.id) : undefined,
  ]);
  // Only where both sides agreed: AO3 names an anonymous work's collections too (they do not name its creators).
  const inCollections = items.filter((i) => i.creatorStatus === 'approved' && i.collectionStatus === 'approved');
  const kudosView = { workId: work.id, summary: kudos, decision: decideKudos(viewer, work, creators), loggedIn: viewer !== null, csrfToken: c.var.csrfToken, returnTo: url.pathname + url.search };
  // A hit (src/readers/hit.middleware.ts), unless the reader is one of its creators; drafts and
  // hidden works are seen only by them and by administrators, whose views are not readers' hits.
  const readByReader = !isCreator(viewer, creators) && work.isDraft === 0 && work.hiddenAt === null;
  if (readByReader) c.header(HIT_HEADER, String(work.id));
  // A logged-in reader's page is never cached, so their visit is noted here, after the
  // chapter reached last time was read for "continue reading".
  if (viewer && readByReader) await noteVisit(c.var.app, viewer, work, mode.kind === 'chapter' ? chapters[0]!.id : null);
  const reached = reading?.chapterId && reading.chapterPosition && reading.chapterPosition > 1 && index.length > 1 && !(mode.kind === 'chapter' && mode.chapterId === reading.chapterId) ? reading : null;
  const readingView = viewer
    ? {
        workId: work.id,
        continueHref: reached ? `/works/${work.id}/chapters/${reached.chapterId}${carry}` : null,
        continuePosition: reached?.chapterPosition ?? null,
        markedForLater: reading?.toRead === 1,
        canMark: work.isDraft === 0 && work.hiddenAt === null,
        csrfToken: c.var.csrfToken,
        returnTo: url.pathname + url.search,
      }
    : null;
  const title = single ? `${view.title}, Chapter ${single.position}${single.title ? `: ${single.title}` : ''}` : view.title;
  return renderPage(
    c,
    {
      title,
      description: `${view.title} by ${view.creators.map((x) => x.label).join(', ') || 'Anonymous'}`,
      noIndex: view.isDraft || view.isHidden,
      ...(isPublic(work) ? { feed: { href: `/works/${work.id}/feed.atom`, title: `Chapters of ${view.title}` } } : {}),
    },
    <WorkPage
      view={{
        work: view,
        notesHtml: position === null || position === 1 ? work.notes : null,
        endNotesHtml: position === null || position === index.length ? work.endNotes : null,
        endNotesLater: position === 1 && index.length > 1 && work.endNotes !== null,
        chapters,
        chapterTotal: index.length,
        nav,
        canEdit: canEdit(viewer, creators),
        canDelete: canDelete(viewer, creators),
        csrfToken: c.var.csrfToken,
        // The provenance names the original creator: not on a work this viewer sees as "Anonymous".
        provenance: view.isAnonymous && view.creators.length === 0 ? null : provenance,
        series: <SeriesBoxes boxes={series} />,
        gifts: <GiftLine gifts={gifts} viewerId={viewer?.id ?? null} csrfToken={c.var.csrfToken} />,
        feedback: (
          <>
            {readingView ? <ReadingBlock view={readingView} /> : null}
            <WorkCollections workId={work.id} collections={inCollections} canAdd={isCreator(viewer, creators) && work.isDraft === 0} inviteTo={inviteTo} csrfToken={c.var.csrfToken} />
            {subscribeButton}
            <KudosBlock view={kudosView} />
            <WorkBookmarkLinks workId={work.id} publicCount={work.bookmarkCount} canBookmark={work.isDraft === 0 && work.hiddenAt === null} />
            {comments}
          </>
        ),
      }}
    />,
  );
}
