import type { Kysely } from 'kysely';
import { tagKey } from '../../tags/tag.names.ts';

// Prompt tags are the archive's tags (issue 15): a prompt_tags row is joined to the tags row of
// the same key when read, so a prompt tagged with a synonym shows and is filtered under its
// canonical, as a work is, and a tag made or wrangled later reaches prompts at once. A prompt
// makes no tags itself: its one field has no type, and a name it made a Freeform could no longer
// be a work's character or fandom (a name is one tag archive-wide).
// Rows written before used their own key (lower case only); this gives them the tags' key
// (NFC, spaces collapsed, lower case: tagKey), keeping every row but a same-key repeat.
export async function up(db: Kysely<any>): Promise<void> {
  await rekeyPromptTags(db);
}

/** Gives every prompt tag row the tags' key of its name; a row that becomes a repeat of its prompt's is dropped. */
export async function rekeyPromptTags(db: Kysely<any>): Promise<void> {
  // The connection's camel-case plugin names columns and result keys in camelCase.
  const rows: { promptId: number; name: string; nameKey: string }[] = await db.selectFrom('promptTags').select(['promptId', 'name', 'nameKey']).orderBy('promptId').execute();
  const kept = new Set(rows.filter((r) => r.nameKey === tagKey(r.name)).map((r) => `${r.promptId} ${r.nameKey}`));
  for (const row of rows) {
    const key = tagKey(row.name);
    if (row.nameKey === key) continue;
    const mine = db.deleteFrom('promptTags').where('promptId', '=', row.promptId).where('nameKey', '=', row.nameKey);
    if (kept.has(`${row.promptId} ${key}`)) await mine.execute();
    else {
      await db.updateTable('promptTags').set({ nameKey: key }).where('promptId', '=', row.promptId).where('nameKey', '=', row.nameKey).execute();
      kept.add(`${row.promptId} ${key}`);
    }
  }
}

export async function down(): Promise<void> {
  // The old keys were the names in lower case; the tags' keys serve as well, so nothing is undone.
}
