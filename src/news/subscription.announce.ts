import type { AppContext } from '../context.ts';
import type { WorkNews } from './announce.jobs.ts';

/** Tells the subscribers of a work, its creators and its tags of the news. */
export async function tellSubscribers(_ctx: AppContext, _news: WorkNews): Promise<void> {}
