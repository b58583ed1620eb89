import type { Kysely, Transaction } from 'kysely';
import type { Viewer } from '../accounts/session.service.ts';
import type { FieldErrors } from '../context.ts';
import type { Database, Tag } from '../db/schema.ts';
import { tagShownWithoutWorks } from './tag.policy.ts';
import { TAG_TYPE_LABELS, type TagType } from './tag.types.ts';
import { findTagsByKeys, insertMissingTags, tagOnListedWork } from './tag.repository.ts';
import { tagKey } from './tag.names.ts';

export interface TagRequest {
  type: TagType;
  name: string;
  /** The form field to blame when the name cannot be used. */
  field: string;
}

/**
 * Finds or creates the typed tags of a work. A name is one tag archive-wide (its URL is
 * its name), so a name already used as another type is refused with a message rather than
 * silently filed under the wrong heading.
 */
export async function resolveTags(
  trx: Transaction<Database>,
  requests: TagRequest[],
  now: string,
): Promise<{ ok: true; tagIds: number[] } | { ok: false; errors: FieldErrors }> {
  const existing = await findTagsByKeys(trx, [...new Set(requests.map((r) => tagKey(r.name)))]);
  const byKey = new Map(existing.map((t) => [t.nameKey, t]));
  const errors: FieldErrors = {};
  const missing: { type: string; name: string }[] = [];
  for (const request of requests) {
    const found = byKey.get(tagKey(request.name));
    if (found && found.type !== request.type) {
      const label = TAG_TYPE_LABELS[found.type as TagType]?.one.toLowerCase() ?? found.type;
      errors[request.field] ??= `“${request.name}” is already used as a ${label} tag; put it there, or name this one differently.`;
    } else if (!found && !missing.some((m) => tagKey(m.name) === tagKey(request.name))) {
      missing.push({ type: request.type, name: request.name });
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  for (const tag of await insertMissingTags(trx, missing, now)) byKey.set(tag.nameKey, tag);
  return { ok: true, tagIds: requests.map((r) => byKey.get(tagKey(r.name))!.id) };
}

/** Whether the viewer may know the tag exists (tag.policy.ts); one cheap lookup at most. */
export async function tagVisibleTo(db: Kysely<Database>, viewer: Viewer | null, tag: Tag): Promise<boolean> {
  return tagShownWithoutWorks(viewer, tag) || (await tagOnListedWork(db, tag.id, viewer !== null));
}
