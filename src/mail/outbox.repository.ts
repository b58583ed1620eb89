import { sql } from 'kysely';
import type { Queryable } from '../db/database.ts';
import type { OutboxMessage } from '../db/schema.ts';
import { chunks } from '../arrays.ts';
import { compiledInsert } from '../db/insert.rows.ts';

export interface NewOutboxRow {
  messageKey: string;
  recipient: string;
  userId: number | null;
  stream: string | null;
  fromName: string | null;
  subject: string;
  textBody: string;
  htmlBody: string | null;
  headers: string;
  createdAt: string;
  workId: number | null;
}

// 14 columns a row: 500 rows keep a statement well inside SQLite's 32,766 bound parameters.
const ROWS_PER_INSERT = 500;

/** Adds the messages whose key is new and returns their ids; a key already queued is skipped. */
export async function insertOutboxRows(db: Queryable, rows: NewOutboxRow[]): Promise<number[]> {
  const ids: number[] = [];
  for (const batch of chunks(rows, ROWS_PER_INSERT)) {
    // Built by Kysely once per shape (insert.rows.ts): building 500 rows value by value cost
    // more than SQLite's own work when an event fans out to thousands of people.
    const inserted = await db.executeQuery<{ id: number }>(compiledInsert(db, 'outbox', batch as unknown as Record<string, unknown>[], { returning: 'id', onConflictDoNothing: true }));
    for (const row of inserted.rows) ids.push(row.id);
  }
  return ids;
}

export function findOutboxMessage(db: Queryable, id: number): Promise<OutboxMessage | undefined> {
  return db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Counts an attempt as begun, unless the message is already settled; false if it is. */
export async function beginAttempt(db: Queryable, id: number): Promise<boolean> {
  const result = await db
    .updateTable('outbox')
    .set({ status: 'sending', attempts: sql`attempts + 1` })
    .where('id', '=', id)
    .where('status', 'in', ['queued', 'sending'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function settleMessage(db: Queryable, id: number, status: 'sent' | 'suppressed' | 'failed', at: string, error: string | null = null): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ status, ...(status === 'sent' ? { sentAt: at } : {}), ...(error !== null ? { lastError: error.slice(0, 2000) } : {}) })
    .where('id', '=', id)
    .execute();
}

export async function recordAttemptError(db: Queryable, id: number, error: string): Promise<void> {
  await db.updateTable('outbox').set({ status: 'queued', lastError: error.slice(0, 2000) }).where('id', '=', id).execute();
}

/** Whether delivery to an address has stopped (after its bounces). */
export async function deliveryStopped(db: Queryable, address: string): Promise<boolean> {
  const row = await db.selectFrom('mailAddresses').select('stoppedAt').where('address', '=', address.toLowerCase()).executeTakeFirst();
  return Boolean(row?.stoppedAt);
}

export function outboxCounts(db: Queryable): Promise<{ status: string; count: number }[]> {
  return db
    .selectFrom('outbox')
    .select(['status', (eb) => eb.fn.countAll<number>().as('count')])
    .groupBy('status')
    .execute()
    .then((rows) => rows.map((row) => ({ status: row.status, count: Number(row.count) })));
}
