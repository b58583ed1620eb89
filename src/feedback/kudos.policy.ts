import type { Viewer } from '../accounts/session.service.ts';
import type { Work } from '../db/schema.ts';
import type { CreatorRow } from '../works/work.repository.ts';
import { decideRead, isCreator, type ReadDecision } from '../works/work.visibility.ts';

/**
 * Who may leave kudos on a work: whoever may read it (work.visibility.ts: someone else's
 * draft or a hidden work does not exist for them, a restricted one asks guests to log in),
 * except its own creators; and nobody on a draft or a hidden work, which only its creators
 * and administrators see.
 */
export type KudosDecision = ReadDecision | 'own-work' | 'draft' | 'hidden';

export function decideKudos(viewer: Viewer | null, work: Pick<Work, 'isDraft' | 'isRestricted' | 'hiddenAt' | 'inUnrevealedCollection'>, creators: CreatorRow[]): KudosDecision {
  const read = decideRead(viewer, work, creators);
  if (read !== 'allowed') return read;
  if (isCreator(viewer, creators)) return 'own-work';
  if (work.isDraft === 1) return 'draft';
  if (work.hiddenAt !== null) return 'hidden';
  return 'allowed';
}
