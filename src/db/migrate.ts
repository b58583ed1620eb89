import { Migrator, type Migration, type MigrationResultSet } from 'kysely';
import type { Db } from './database.ts';
import * as archive from './migrations/001_archive.ts';
import * as search from './migrations/002_search.ts';
import * as wrangling from './migrations/003_wrangling.ts';
import * as listing from './migrations/004_listing.ts';
import * as imports from './migrations/005_imports.ts';
import * as readers from './migrations/006_readers.ts';
import * as searchPairs from './migrations/007_search_pairs.ts';
import * as claimEvents from './migrations/008_claim_events.ts';
import * as hiddenWorks from './migrations/009_hidden_works.ts';
import * as orphanInvitations from './migrations/010_orphan_invitations.ts';
import * as loginThrottles from './migrations/012_login_throttles.ts';
import * as kudos from './migrations/013_kudos.ts';
import * as bookmarks from './migrations/014_bookmarks.ts';
import * as comments from './migrations/015_comments.ts';
import * as legacyIds from './migrations/018_legacy_ids.ts';
import * as rateLimits from './migrations/019_rate_limits.ts';
import * as reading from './migrations/020_reading.ts';
import * as readings from './migrations/021_readings.ts';
import * as importedComments from './migrations/022_imported_comments.ts';
import * as mail from './migrations/023_mail.ts';
import * as accountMail from './migrations/024_account_mail.ts';
import * as news from './migrations/025_news.ts';
import * as subscriptions from './migrations/026_subscriptions.ts';
import * as lists from './migrations/027_lists.ts';
import * as collections from './migrations/028_collections.ts';
import * as series from './migrations/029_series.ts';
import * as prompts from './migrations/030_prompts.ts';
import * as giftExchanges from './migrations/031_gift_exchanges.ts';
import * as mimeDigests from './migrations/033_mime_digests.ts';
import * as promptTagIds from './migrations/036_prompt_tag_ids.ts';

// Migrations are listed here rather than read from a folder, so they run the same from
// source, from a bundle and under tests. Append new ones; never edit one that shipped.
const migrations: Record<string, Migration> = {
  '001_archive': archive,
  '002_search': search,
  '003_wrangling': wrangling,
  '004_listing': listing,
  '005_imports': imports,
  '006_readers': readers,
  '007_search_pairs': searchPairs,
  '008_claim_events': claimEvents,
  '009_hidden_works': hiddenWorks,
  '010_orphan_invitations': orphanInvitations,
  '012_login_throttles': loginThrottles,
  '013_kudos': kudos,
  '014_bookmarks': bookmarks,
  '015_comments': comments,
  '018_legacy_ids': legacyIds,
  '019_rate_limits': rateLimits,
  '020_reading': reading,
  '021_readings': readings,
  '022_imported_comments': importedComments,
  '023_mail': mail,
  '024_account_mail': accountMail,
  '025_news': news,
  '026_subscriptions': subscriptions,
  '027_lists': lists,
  '028_collections': collections,
  '029_series': series,
  '030_prompts': prompts,
  '031_gift_exchanges': giftExchanges,
  '033_mime_digests': mimeDigests,
  '036_prompt_tag_ids': promptTagIds,
};

export async function migrateToLatest(db: Db): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db: db.kysely,
    // Kysely looks for its bookkeeping tables in every schema it can see; naming ours keeps
    // several archives (or parallel test schemas) in one PostgreSQL database apart.
    ...(db.schema ? { migrationTableSchema: db.schema } : {}),
    provider: { getMigrations: async () => migrations },
  });
  const result = await migrator.migrateToLatest();
  if (result.error) throw result.error;
  return result;
}
