import type { AppContext } from '../context.ts';
import { ok } from '../context.ts';
import { inTransaction } from '../db/transaction.ts';
import { enqueue } from '../jobs/job.repository.ts';
import type { WorkNews } from '../news/announce.jobs.ts';
import { tagsOfWorks } from '../tags/tag.repository.ts';
import { htmlToText } from '../text/html.ts';
import { creatorsOfWorks, findChapter, findWork } from '../works/work.repository.ts';
import { shownCreators } from '../works/work.visibility.ts';
import { formatWorkPost, type WorkPostFacts } from './list.format.ts';
import { insertListPost, listsForWork } from './list.repository.ts';

// The lists' announcer (news/announce.jobs.ts ANNOUNCERS): a work posted, or a chapter added,
// becomes one post on each list it belongs to (the archive-wide lists, and those of a tag it
// counts under in work_filters, synonyms and subtags included). The post and the job that
// sends it to the members are written in one transaction; the post's unique (list, chapter)
// makes a second telling of the same news post nothing.

export async function tellLists(ctx: AppContext, news: WorkNews): Promise<void> {
  // A work that joins a series is news for the series' subscribers; the lists had the work when it was posted.
  if (news.news === 'series') return;
  const db = ctx.db.kysely;
  const work = await findWork(db, news.workId);
  // Drafts and hidden works are never announced; a restricted one is, by its title and link.
  if (!work || work.isDraft === 1 || work.hiddenAt !== null) return;
  const lists = await listsForWork(db, work.id);
  if (lists.length === 0) return;
  const chapter = await findChapter(db, work.id, news.chapterId);
  if (!chapter) return;
  const [creators, tags] = await Promise.all([creatorsOfWorks(db, [work.id]), tagsOfWorks(db, [work.id])]);
  const named = (type: string) => tags.filter((t) => t.type === type).map((t) => t.name);
  const kind = news.news === 'work' ? 'new' : 'update';
  const base = `${ctx.config.baseUrl}/works/${work.id}`;
  const facts: WorkPostFacts = {
    kind,
    title: work.title,
    authors: shownCreators(null, work, creators).map((c) => c.pseudName),
    fandoms: named('Fandom'),
    rating: named('Rating')[0] ?? null,
    relationships: named('Relationship'),
    warnings: named('ArchiveWarning'),
    summary: work.summary ? htmlToText(work.summary) : null,
    words: work.wordCount,
    chapters: `${kind === 'new' ? work.chapterCount : chapter.position}/${work.expectedChapters ?? '?'}`,
    link: kind === 'new' ? base : `${base}/chapters/${chapter.id}`,
    isRestricted: work.isRestricted === 1,
    chapter: kind === 'update' ? { position: chapter.position, title: chapter.title } : null,
  };
  await inTransaction(ctx, async (trx) => {
    const now = ctx.now();
    for (const list of lists) {
      const post = formatWorkPost(list.name, facts);
      const postId = await insertListPost(trx, { listId: list.id, kind, workId: work.id, chapterId: chapter.id, subject: post.subject, body: post.body, postedBy: null, postedAt: now.toISOString() });
      if (postId !== undefined) await enqueue(trx, 'sendListPost', { postId }, { now });
    }
    return ok(null);
  });
}
