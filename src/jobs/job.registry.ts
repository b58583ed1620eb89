import { rebuildTagFilters, rebuildWorkFilters } from '../tags/tag.jobs.ts';
import type { JobHandlers } from './job.types.ts';
import { deliverMail } from '../mail/outbox.jobs.ts';
import { scoreBounces } from '../mail/bounce.jobs.ts';
import { announceWork } from '../news/announce.jobs.ts';
import { sendDigests } from '../news/digest.jobs.ts';
import { revealDue } from '../collections/collection.service.ts';
import { matchGiftExchange } from '../challenges/exchange.jobs.ts';
import { sendListDigest, sendListDigests, sendListPost } from '../lists/list.send.ts';

// Every job the archive runs, by the name stored in the jobs table. A rename must keep the
// old name here until queued rows with it are gone.
export const JOB_HANDLERS: JobHandlers = {
  rebuildWorkFilters,
  rebuildTagFilters,
  deliverMail,
  announceWork,
  scoreBounces,
  sendDigests,
  sendListPost,
  sendListDigests,
  sendListDigest,
  revealCollection: revealDue,
  matchGiftExchange,
};
