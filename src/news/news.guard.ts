import type { Viewer } from '../accounts/session.service.ts';
import type { Queryable } from '../db/database.ts';
import { groupBy } from '../arrays.ts';
import { decideRead } from '../works/work.visibility.ts';
import { creatorsOfWorks, type CreatorRow } from '../works/work.repository.ts';
import { worksForGuard, type Recipient } from './news.repository.ts';

// The one rule for whether news of a work may reach a person: the work exists (not deleted
// since), is posted (not a draft, nor a draft again), and the person may read it now by the
// archive's own rule (decideRead: hidden works only to their creators and administrators,
// restricted ones to anyone logged in, which every recipient is; a work in an unrevealed
// collection only to its creators). It is asked when the news is queued and again just
// before it is sent, so a change in between stops the mail. What a message may say of an
// anonymous work's creators is shownCreators' and announcedCreators' (work.visibility.ts),
// applied by the announcers as they write it: a creator's subscribers hear of such a work
// only at the reveal.

export interface NewsGuard {
  mayHear(workId: number, recipient: Recipient): boolean;
}

export async function newsGuard(db: Queryable, workIds: readonly number[]): Promise<NewsGuard> {
  const ids = [...new Set(workIds)];
  const works = new Map((ids.length ? await worksForGuard(db, ids) : []).map((w) => [w.id, w]));
  const creators = groupBy(ids.length ? await creatorsOfWorks(db, ids) : [], (c: CreatorRow) => c.workId);
  return {
    mayHear(workId, recipient) {
      const work = works.get(workId);
      if (!work || work.isDraft === 1) return false;
      const viewer: Viewer = { id: recipient.id, login: recipient.login, role: recipient.role, showAdultContent: false };
      return decideRead(viewer, work, creators.get(workId) ?? []) === 'allowed';
    },
  };
}
