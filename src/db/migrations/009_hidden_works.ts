import { sql, type Kysely } from 'kysely';

// A posted work taken out of sight gets its own columns (works/work.visibility.ts): a
// removal request used to turn the work back into a draft, which its creator could then
// "post" again, and which told a draft and a hidden work apart by nothing. A moderator's
// hiding or a collection's unrevealed works are more reasons in the same columns.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('works').addColumn('hidden_at', 'text').execute();
  await db.schema.alterTable('works').addColumn('hidden_reason', 'text').execute();
  // Imported works are stored posted, so an imported draft is one hidden by a removal request.
  await sql`update works set is_draft = 0, hidden_reason = 'removal-requested',
      hidden_at = (select removal_requested_at from imported_works where imported_works.work_id = works.id)
    where is_draft = 1 and id in (select work_id from imported_works where removal_requested_at is not null)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`update works set is_draft = 1 where hidden_at is not null`.execute(db);
  await db.schema.alterTable('works').dropColumn('hidden_reason').execute();
  await db.schema.alterTable('works').dropColumn('hidden_at').execute();
}
