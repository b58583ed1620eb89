import type { AppContext } from '../context.ts';
import { addToCommentCount, insertComment, nextPath } from '../feedback/comment.repository.ts';
import { escapeHtml, toStoredHtml } from '../text/html.ts';
import type { EfictionReader, EfictionReview } from './efiction.source.repository.ts';
import { chaptersOfWorks, externalCreatorNames, insertLegacyIds, mappedIds, type LegacyRow } from './legacy-id.repository.ts';

// eFiction's reviews become the works' comments (issue 14). Each is a published comment on
// the chapter it reviewed (or the work's first chapter, for a review of the whole story), dated
// as it was written, signed with the reviewer's name as a guest, and linked to the external
// creator when the reviewer is one of the archive's imported authors (by uid). Nobody's inbox
// is told: these are old news, and the creators are not here yet. The work's comment count
// moves in the same transaction, and so does the review's row in legacy_ids, so a run again
// (or after an interrupted one) adds none twice.
//
// Ratings: eFiction rated reviews with stars (1–10, shown as five stars with halves) or like
// and dislike; comments have no rating, so a star rating is kept as the comment's last line
// ("Rated 7 out of 10."), a "like" as "Liked it.", and a dislike or no rating is dropped.
//
// Reviews are imported after the stories, so a reviewer whose own story comes later in sid
// order is still known as an author. Reviews of series (type 'SE') have no chapter here and
// are left, counted.

const PAGE = 500;

export interface ReviewsSummary {
  /** Comments made of reviews in this run. */
  imported: number;
  /** Reviews not imported: of a series, of a story not here, or empty. */
  left: number;
}

function ratingLine(review: EfictionReview, ratings: number): string | null {
  if (review.rating === null) return null;
  if (ratings === 1 && review.rating >= 1 && review.rating <= 10) return `Rated ${review.rating} out of 10.`;
  if (ratings === 2 && review.rating >= 1) return 'Liked it.';
  return null;
}

/** The comment's HTML: the review as written (cleaned as any comment is), then its rating. */
export function reviewBody(review: EfictionReview, ratings: number): string | null {
  const line = ratingLine(review, ratings);
  const text = review.text.trim();
  if (text === '' && line === null) return null;
  const body = text === '' ? '' : toStoredHtml(text);
  return line === null ? body : `${body}<p>${escapeHtml(line)}</p>`;
}

export async function importReviews(ctx: AppContext, reader: EfictionReader, source: string, ratings: number): Promise<ReviewsSummary> {
  const summary: ReviewsSummary = { imported: 0, left: 0 };
  const db = ctx.db.kysely;
  let after = 0;
  for (let page = await reader.reviewsAfter(after, PAGE); page.length > 0; page = await reader.reviewsAfter(after, PAGE)) {
    after = page[page.length - 1]!.id;
    const done = await mappedIds(db, source, 'review', page.map((r) => r.id));
    const todo = page.filter((r) => !done.has(r.id));
    const ofStories = todo.filter((r) => r.type === 'ST');
    const works = await mappedIds(db, source, 'story', ofStories.map((r) => r.storyId));
    const chapters = await mappedIds(db, source, 'chapter', ofStories.map((r) => r.chapterId).filter((id) => id > 0));
    const authors = await mappedIds(db, source, 'author', ofStories.map((r) => r.reviewerId).filter((id) => id > 0));
    const chaptersByWork = await chaptersOfWorks(db, [...new Set([...works.values()].filter((id): id is number => id !== null))]);
    const names = await externalCreatorNames(db, [...authors.values()].filter((id): id is number => id !== null));
    await db.transaction().execute(async (trx) => {
      const now = ctx.now().toISOString();
      const legacy: LegacyRow[] = [];
      const added = new Map<number, number>();
      for (const review of todo) {
        const workId = review.type === 'ST' ? works.get(review.storyId) ?? null : null;
        const own = workId === null ? undefined : chaptersByWork.get(workId);
        const body = reviewBody(review, ratings);
        if (workId === null || !own || own.length === 0 || body === null) {
          summary.left++;
          continue;
        }
        const mappedChapter = chapters.get(review.chapterId) ?? null;
        const chapterId = mappedChapter !== null && own.includes(mappedChapter) ? mappedChapter : own[0]!;
        const externalCreatorId = review.reviewerId > 0 ? authors.get(review.reviewerId) ?? null : null;
        const written = (review.date ?? ctx.now()).toISOString();
        const commentId = await insertComment(trx, {
          workId, chapterId, parentId: null, path: await nextPath(trx, chapterId, ''), depth: 0,
          userId: null, pseudId: null,
          guestName: (review.reviewer || (externalCreatorId !== null ? names.get(externalCreatorId) : null) || 'Anonymous reviewer').slice(0, 60),
          guestEmail: null, addressKey: null, externalCreatorId,
          body, status: 'published', editedAt: null, createdAt: written, updatedAt: written,
        });
        added.set(workId, (added.get(workId) ?? 0) + 1);
        legacy.push({ kind: 'review', legacyId: review.id, newId: commentId });
      }
      for (const [workId, count] of added) await addToCommentCount(trx, workId, count);
      await insertLegacyIds(trx, source, legacy, now);
      summary.imported += legacy.length;
    });
  }
  return summary;
}
