import { z } from 'zod';
import type { AppContext } from '../context.ts';
import type { Queryable } from '../db/database.ts';
import { enqueue } from '../jobs/job.repository.ts';
import { tellLists } from '../lists/list.announce.ts';
import { tellSubscribers } from './subscription.announce.ts';

// A work posted, or a chapter added to a posted work, is news: the services that post enqueue
// `announceWork` in their own transaction (so it exists if and only if the post committed), and
// the job tells every announcer. Each announcer queues its mail keyed by the event, so a retry
// after a crash queues nothing twice.

export interface WorkNews {
  workId: number;
  /** The chapter that is new: the first one for a new work (and for a work joining a series). */
  chapterId: number;
  /** 'series': a posted work joined a series (seriesId), news for that series' subscribers alone. */
  news: 'work' | 'chapter' | 'series';
  seriesId?: number;
}

export type Announcer = (ctx: AppContext, news: WorkNews) => Promise<void>;

const ANNOUNCERS: readonly Announcer[] = [tellSubscribers, tellLists];

const newsSchema = z.object({
  workId: z.number().int().positive(),
  chapterId: z.number().int().positive(),
  news: z.enum(['work', 'chapter', 'series']),
  seriesId: z.number().int().positive().optional(),
});

export async function announceWork(ctx: AppContext, payload: unknown): Promise<void> {
  const { seriesId, ...rest } = newsSchema.parse(payload);
  const news: WorkNews = seriesId === undefined ? rest : { ...rest, seriesId };
  for (const announce of ANNOUNCERS) await announce(ctx, news);
}

/** Called by the posting services inside their transaction. */
export async function queueWorkNews(db: Queryable, news: WorkNews, now: Date): Promise<void> {
  await enqueue(db, 'announceWork', news, { now });
}
