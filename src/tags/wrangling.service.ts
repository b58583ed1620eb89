import type { Transaction } from 'kysely';
import type { AppContext, FieldErrors, Result } from '../context.ts';
import { invalid, ok } from '../context.ts';
import type { Database, Tag } from '../db/schema.ts';
import { inTransaction } from '../db/transaction.ts';
import { enqueueTagFilters } from './tag.jobs.ts';
import { tagKey } from './tag.names.ts';
import { findTagsByKeys } from './tag.repository.ts';
import { canHaveFandoms, checkWrangle, isFixedType, synonymTargetProblem, typeLabel, type NamedTag, type WrangleRequest } from './tag.rules.ts';
import {
  addFandom,
  fandomsOf,
  findTagById,
  findTagsByIds,
  lockWrangling,
  makeCanonical,
  makeSynonyms,
  metaTagsOf,
  moveSynonyms,
  replaceFandoms,
  replaceMetaTags,
  sameIds,
  setTagWrangling,
  subTagIdsBelow,
  subTagsOf,
  synonymsOf,
} from './wrangling.repository.ts';

// Wrangling use cases. Each runs in one transaction and, when the change can move works
// between filters (a new synonym, a changed metatag), queues rebuildTagFilters in that same
// transaction: the job exists exactly when the change committed. Fandom parents do not
// change filters, as on AO3, so they queue nothing.

async function named(trx: Transaction<Database>, names: string[]): Promise<NamedTag[]> {
  const found = await findTagsByKeys(trx, names.map(tagKey));
  const byKey = new Map(found.map((t) => [t.nameKey, t]));
  return names.map((name) => ({ name, tag: byKey.get(tagKey(name)) }));
}

async function canonicalOf(trx: Transaction<Database>, tag: Tag | undefined): Promise<Tag | undefined> {
  return tag?.mergerId ? findTagById(trx, tag.mergerId) : undefined;
}

export interface WrangleOutcome {
  /** Whether works will be re-filtered (a job was queued). */
  refiltering: boolean;
}

/** Applies the edit form of one tag: canonical, synonym of, fandoms, metatags. */
export async function wrangleTag(ctx: AppContext, tagId: number, request: WrangleRequest): Promise<Result<WrangleOutcome>> {
  const now = ctx.now();
  return inTransaction(ctx, async (trx) => {
    await lockWrangling(trx);
    const tag = await findTagById(trx, tagId);
    if (!tag) return invalid({ form: 'That tag no longer exists.' });
    const synonymTarget = request.synonymOf ? (await named(trx, [request.synonymOf]))[0]! : null;
    const [synonyms, subTags, currentMetas, fandoms, metaTags, below] = await Promise.all([
      synonymsOf(trx, tag.id),
      subTagsOf(trx, tag.id),
      metaTagsOf(trx, tag.id),
      named(trx, request.fandoms),
      named(trx, request.metaTags),
      subTagIdsBelow(trx, tag.id),
    ]);
    const errors = checkWrangle(
      {
        tag,
        synonymTarget,
        targetCanonical: await canonicalOf(trx, synonymTarget?.tag),
        synonymNames: synonyms.map((s) => s.name),
        subTagNames: subTags.map((s) => s.name),
        fandoms,
        metaTags,
        subTagIdsBelow: below,
      },
      request,
    );
    if (Object.keys(errors).length > 0) return invalid(errors);

    const mergerId = synonymTarget?.tag?.id ?? null;
    const isCanonical = request.isCanonical ? 1 : 0;
    const metaIds = isCanonical ? metaTags.map((m) => m.tag!.id) : [];
    const mergerChanged = mergerId !== tag.mergerId;
    const metasChanged = !sameIds(currentMetas, metaIds);
    if (isCanonical !== tag.isCanonical || mergerChanged) {
      await setTagWrangling(trx, tag.id, { isCanonical, mergerId });
    }
    // A canonical merged into another takes its synonyms along (the rules allow nothing else).
    if (mergerId !== null && synonyms.length > 0) {
      await moveSynonyms(trx, tag.id, mergerId);
    }
    if (metasChanged) await replaceMetaTags(trx, tag.id, metaIds);
    if (canHaveFandoms(tag.type)) {
      const fandomIds = fandoms.map((f) => f.tag!.id);
      if (!sameIds(await fandomsOf(trx, tag.id), fandomIds)) await replaceFandoms(trx, tag.id, fandomIds);
    }
    const refiltering = mergerChanged || metasChanged;
    if (refiltering) await enqueueTagFilters(trx, [tag.id], now);
    return ok({ refiltering });
  });
}

export type BulkAction = 'canonical' | 'synonym' | 'fandom';

export interface BulkRequest {
  action: BulkAction;
  tagIds: number[];
  /** For 'synonym': the canonical the tags become synonyms of. */
  synonymOf: string;
  /** The fandom bin the tags were chosen in: 'canonical' and 'fandom' file them there. */
  fandomId: number | null;
}

/**
 * Wrangles several unwrangled tags at once, from a fandom's bin. All or nothing: a tag the
 * action does not fit refuses the whole request, with its name in the message.
 */
export async function bulkWrangle(ctx: AppContext, request: BulkRequest): Promise<Result<{ count: number }>> {
  const now = ctx.now();
  return inTransaction(ctx, async (trx) => {
    await lockWrangling(trx);
    const tags = await findTagsByIds(trx, [...new Set(request.tagIds)]);
    if (tags.length !== new Set(request.tagIds).size) return invalid({ tagIds: 'Some of those tags no longer exist; reload the page.' });
    const fixed = tags.filter((t) => isFixedType(t.type));
    if (fixed.length > 0) return invalid({ tagIds: `${typeLabel(fixed[0]!.type)} tags are a fixed list and cannot be wrangled.` });
    const fandom = request.fandomId === null ? undefined : await findTagById(trx, request.fandomId);
    if (request.fandomId !== null && (!fandom || fandom.type !== 'Fandom')) return invalid({ form: 'That fandom no longer exists.' });
    const errors: FieldErrors = {};
    const ids = tags.map((t) => t.id);

    if (request.action === 'synonym') {
      if (!request.synonymOf) return invalid({ synonymOf: 'Name the canonical tag they are synonyms of.' });
      const target = (await named(trx, [request.synonymOf]))[0]!;
      const targetCanonical = await canonicalOf(trx, target.tag);
      for (const tag of tags) {
        const problem = tag.isCanonical === 1 ? `“${tag.name}” is canonical; merge it from its own page.` : synonymTargetProblem(tag, target, targetCanonical);
        if (problem) {
          errors.synonymOf = problem;
          break;
        }
      }
      if (errors.synonymOf) return invalid(errors);
      await makeSynonyms(trx, ids, target.tag!.id);
      await enqueueTagFilters(trx, ids, now);
      return ok({ count: ids.length });
    }

    const synonym = tags.find((t) => t.mergerId !== null);
    if (request.action === 'canonical') {
      if (synonym) return invalid({ tagIds: `“${synonym.name}” is a synonym, and a synonym cannot be canonical.` });
      await makeCanonical(trx, ids);
    } else if (!fandom) {
      return invalid({ action: 'Choose tags in a fandom’s list to file them under it.' });
    } else if (fandom.isCanonical !== 1) {
      return invalid({ action: `“${fandom.name}” is not canonical yet; wrangle the fandom first, then file tags under it.` });
    }
    // Filters do not change: an unwrangled tag already filtered as itself, and still does.
    // Only canonical fandoms hold tags; in a bin of an unwrangled fandom, canonical is all.
    if (fandom?.isCanonical === 1) await addFandom(trx, tags.filter((t) => canHaveFandoms(t.type)).map((t) => t.id), fandom.id);
    return ok({ count: ids.length });
  });
}
