import { sql } from 'kysely';
import type { Queryable } from '../db/database.ts';
import { engineOf } from '../db/dialect.ts';

/**
 * Every kudos on a work updates its one works row, and PostgreSQL holds that row's lock until
 * the commit is flushed to disk: kudos on one work queue behind each other's fsync (27 ms a
 * transaction on this machine under load, 10 ms without the wait: 37 a second at most
 * against 100). So a kudos transaction does not wait for the flush. A crash of PostgreSQL
 * itself (not of the archive) can lose the kudos of its last moments (up to three times
 * wal_writer_delay, 0.6 s by default), each row together with its count, never one without
 * the other. SQLite under WAL with synchronous=NORMAL already commits without a flush.
 */
export async function commitWithoutFlushWait(trx: Queryable): Promise<void> {
  if (engineOf(trx) === 'postgres') await sql`set local synchronous_commit = off`.execute(trx);
}

export interface NewKudos {
  workId: number;
  userId: number | null;
  guestKey: string | null;
  createdAt: string;
}

/**
 * Adds the kudos unless this account or guest already left one on the work; its id when it was
 * added, else null. Either unique key (migration 013) turns a second row into nothing, on both
 * engines: on PostgreSQL a parallel insert of the same key waits for the first to commit, then
 * does nothing, so a race makes one row and never an error.
 */
export async function insertKudos(db: Queryable, kudos: NewKudos): Promise<number | null> {
  const row = await db
    .insertInto('kudos')
    .values(kudos)
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

/** The listings' kudos count and sort read works.kudos_count; it moves with each row, in the same transaction. */
export async function addToKudosCount(db: Queryable, workId: number, change: number): Promise<void> {
  await db
    .updateTable('works')
    .set({ kudosCount: sql<number>`kudos_count + ${change}` })
    .where('id', '=', workId)
    .execute();
}

export async function kudosCounts(db: Queryable, workId: number): Promise<{ total: number; fromAccounts: number }> {
  const row = await db
    .selectFrom('kudos')
    .select((eb) => [eb.fn.countAll<number>().as('total'), eb.fn.count<number>('userId').as('fromAccounts')])
    .where('workId', '=', workId)
    .executeTakeFirstOrThrow();
  return { total: Number(row.total), fromAccounts: Number(row.fromAccounts) };
}

/** Logins of the accounts that left kudos on the work, latest first. */
export async function kudosLogins(db: Queryable, workId: number, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('kudos')
    .innerJoin('users', 'users.id', 'kudos.userId')
    .select('users.login')
    .where('kudos.workId', '=', workId)
    .orderBy('kudos.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => r.login);
}

export async function hasLeftKudos(db: Queryable, workId: number, userId: number): Promise<boolean> {
  const row = await db.selectFrom('kudos').select('id').where('workId', '=', workId).where('userId', '=', userId).executeTakeFirst();
  return row !== undefined;
}

/** Which of a page of works this account left kudos on, in one query (src/readers/viewer.state.ts). */
export async function kudosGivenAmong(db: Queryable, userId: number, workIds: number[]): Promise<number[]> {
  if (workIds.length === 0) return [];
  const rows = await db.selectFrom('kudos').select('workId').where('userId', '=', userId).where('workId', 'in', workIds).execute();
  return rows.map((r) => r.workId);
}
