import type { Kysely } from 'kysely';
import { tagKey, toUrlName } from '../../tags/tag.names.ts';

// Prompt tags become the archive's tags (issue 15): each prompt_tags row points at a tags row,
// so a prompt tagged with a synonym shows and is filtered under its canonical tag, as a work is.
// The name as typed stays in prompt_tags (the key of the row, and what the prompter wrote).
// Existing rows are kept: each name is matched to the tag of that name, whatever its type, or a
// new unwrangled Freeform tag is made for it, as posting a prompt does from now on. The column
// stays nullable only because SQLite cannot add a NOT NULL column without a default; every row
// has a tag after this.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('prompt_tags').addColumn('tag_id', 'integer', (c) => c.references('tags.id').onDelete('cascade')).execute();
  await db.schema.createIndex('prompt_tags_tag_idx').on('prompt_tags').columns(['tag_id', 'prompt_id']).execute();

  // The connection's camel-case plugin names columns and result keys in camelCase.
  const rows: { promptId: number; name: string; nameKey: string }[] = await db.selectFrom('promptTags').select(['promptId', 'name', 'nameKey']).execute();
  if (rows.length === 0) return;
  const now = new Date().toISOString();
  const firstByKey = new Map<string, string>();
  for (const row of rows) if (!firstByKey.has(tagKey(row.name))) firstByKey.set(tagKey(row.name), row.name);
  const keys = [...firstByKey.keys()];
  // A few hundred at a time: SQLite's limit on bound parameters.
  for (let i = 0; i < keys.length; i += 200) {
    const chunk = keys.slice(i, i + 200);
    const existing = new Set((await db.selectFrom('tags').select('nameKey').where('nameKey', 'in', chunk).execute()).map((t: { nameKey: string }) => t.nameKey));
    const missing = chunk.filter((k) => !existing.has(k)).map((k) => firstByKey.get(k)!);
    if (missing.length > 0) {
      await db
        .insertInto('tags')
        .values(missing.map((name) => ({ type: 'Freeform', name, nameKey: tagKey(name), urlName: toUrlName(name), isCanonical: 0, createdAt: now })))
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
  }
  for (const row of rows) {
    const tag = await db.selectFrom('tags').select('id').where('nameKey', '=', tagKey(row.name)).executeTakeFirst();
    if (tag) await db.updateTable('promptTags').set({ tagId: tag.id }).where('promptId', '=', row.promptId).where('nameKey', '=', row.nameKey).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('prompt_tags_tag_idx').execute();
  await db.schema.alterTable('prompt_tags').dropColumn('tag_id').execute();
}
