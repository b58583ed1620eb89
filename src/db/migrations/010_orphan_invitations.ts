import { sql, type Kysely } from 'kysely';

// Orphaning a work left its pending co-creator invitations open, and accepting one gave the
// invitee a work nobody else could edit any more (src/works/orphan.service.ts now ends them).
// This ends those already waiting on works credited to orphan_account alone.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`delete from creatorships
    where is_approved = 0
      and exists (select 1 from creatorships mine where mine.work_id = creatorships.work_id and mine.is_approved = 1)
      and not exists (
        select 1 from creatorships other
        join pseuds p on p.id = other.pseud_id
        join users u on u.id = p.user_id
        where other.work_id = creatorships.work_id and other.is_approved = 1 and u.login_key <> 'orphan_account'
      )`.execute(db);
}

// The ended invitations are not brought back: they should not have been open.
export async function down(): Promise<void> {}
