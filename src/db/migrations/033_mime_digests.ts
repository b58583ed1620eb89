import type { Kysely } from 'kysely';

// MIME digests (issue 13, "The list"): a list member may take the daily digest as a MIME digest
// (RFC 2046 multipart/digest: each post a message of its own, which mail programs list and open
// one by one) instead of one plain text.
//  - list_members.mime_digest: the member's choice, read only when `digest` is set.
//  - outbox.attached_part: a MIME node sent after the message's text part, whole and already
//    encoded (the digest's multipart/digest). Most messages have none.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('list_members').addColumn('mime_digest', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('outbox').addColumn('attached_part', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('outbox').dropColumn('attached_part').execute();
  await db.schema.alterTable('list_members').dropColumn('mime_digest').execute();
}
