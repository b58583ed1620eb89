import type { Queryable } from '../db/database.ts';

export async function findSecret(db: Queryable, name: string): Promise<string | undefined> {
  const row = await db.selectFrom('siteSecrets').select('value').where('name', '=', name).executeTakeFirst();
  return row?.value;
}

/** Stores `value` under `name` unless another process stored one first; either way the kept one wins. */
export async function insertSecretOnce(db: Queryable, name: string, value: string, createdAt: string): Promise<void> {
  await db
    .insertInto('siteSecrets')
    .values({ name, value, createdAt })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
}
