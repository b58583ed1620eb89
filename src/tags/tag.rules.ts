import type { FieldErrors } from '../context.ts';
import type { Tag } from '../db/schema.ts';
import { TAG_TYPE_LABELS, type TagType } from './tag.types.ts';

// The wrangling rules, as AO3's (see research/ao3.md §1.2), with no database in sight so
// they can be tested on their own. The service gathers the facts and applies the result.
//   - Ratings, warnings and categories are fixed lists: nobody wrangles them.
//   - A synonym points at a canonical tag of the same type, and is never canonical itself.
//   - A canonical tag with synonyms or subtags keeps its status: un-canonising it is refused,
//     except that making it a synonym of another canonical moves its synonyms along (two
//     canonicals for one thing are merged in one step); its subtags must be moved first.
//   - Only canonical tags have metatags or subtags; a metatag has the same type and is
//     canonical; no tag is its own metatag, however far up.
//   - Characters, relationships and additional tags belong to canonical fandoms.

export const FIXED_TAG_TYPES: readonly string[] = ['Rating', 'ArchiveWarning', 'Category'];
export const PARENTED_TAG_TYPES = ['Character', 'Relationship', 'Freeform'] as const;
/** How many names one field of the edit form may list. */
export const MAX_LINKED_NAMES = 50;

export interface WrangleRequest {
  isCanonical: boolean;
  /** Name of the canonical this tag should be a synonym of; empty for none. */
  synonymOf: string;
  fandoms: string[];
  metaTags: string[];
}

export interface NamedTag {
  name: string;
  /** The tag with that name, if there is one. */
  tag: Tag | undefined;
}

export interface WrangleFacts {
  tag: Tag;
  synonymTarget: NamedTag | null;
  /** The canonical of `synonymTarget` when that is itself a synonym, to suggest it. */
  targetCanonical: Tag | undefined;
  synonymNames: string[];
  subTagNames: string[];
  fandoms: NamedTag[];
  metaTags: NamedTag[];
  /** Every tag below this one, however far down: none of them can become its metatag. */
  subTagIdsBelow: Set<number>;
}

export function typeLabel(type: string): string {
  return TAG_TYPE_LABELS[type as TagType]?.one ?? type;
}

const quoteList = (names: string[], max = 5) =>
  names.slice(0, max).map((n) => `“${n}”`).join(', ') + (names.length > max ? ` and ${names.length - max} more` : '');

export function isFixedType(type: string): boolean {
  return FIXED_TAG_TYPES.includes(type);
}

export function canHaveFandoms(type: string): boolean {
  return (PARENTED_TAG_TYPES as readonly string[]).includes(type);
}

/** Why a tag cannot be a synonym target, or null when it can. */
export function synonymTargetProblem(tag: Pick<Tag, 'id' | 'type' | 'name'>, target: NamedTag, targetCanonical: Tag | undefined): string | null {
  if (!target.tag) return `There is no tag named “${target.name}”.`;
  if (target.tag.id === tag.id) return 'A tag cannot be a synonym of itself.';
  if (target.tag.type !== tag.type) {
    return `“${target.tag.name}” is a ${typeLabel(target.tag.type)} tag; a ${typeLabel(tag.type)} tag can only be a synonym of another ${typeLabel(tag.type)} tag.`;
  }
  if (target.tag.isCanonical !== 1) {
    if (targetCanonical?.id === tag.id) return `“${target.tag.name}” is a synonym of this tag; to swap them, make “${target.tag.name}” canonical on its own page first.`;
    return targetCanonical
      ? `“${target.tag.name}” is itself a synonym of “${targetCanonical.name}”; choose “${targetCanonical.name}”.`
      : `“${target.tag.name}” is not canonical; make it canonical first.`;
  }
  return null;
}

export function checkWrangle(facts: WrangleFacts, request: WrangleRequest): FieldErrors {
  const { tag } = facts;
  const errors: FieldErrors = {};
  if (isFixedType(tag.type)) return { form: `${typeLabel(tag.type)} tags are a fixed list and cannot be wrangled.` };

  const becomesSynonym = facts.synonymTarget !== null;
  if (becomesSynonym && request.isCanonical) {
    errors.synonymOf = 'A synonym cannot be canonical: untick “Canonical” or clear this field.';
  } else if (facts.synonymTarget) {
    const problem = synonymTargetProblem(tag, facts.synonymTarget, facts.targetCanonical);
    if (problem) errors.synonymOf = problem;
  }

  const losesCanonical = tag.isCanonical === 1 && !request.isCanonical;
  if (losesCanonical && facts.subTagNames.length > 0) {
    errors.isCanonical = `“${tag.name}” is the metatag of ${quoteList(facts.subTagNames)}; remove those links on their pages first.`;
  } else if (losesCanonical && !becomesSynonym && facts.synonymNames.length > 0) {
    errors.isCanonical = `“${tag.name}” has synonyms (${quoteList(facts.synonymNames)}); make it a synonym of another canonical tag to move them, or move them first.`;
  }

  if (request.fandoms.length > MAX_LINKED_NAMES) errors.fandoms = `List at most ${MAX_LINKED_NAMES} fandoms.`;
  else if (request.fandoms.length > 0 && !canHaveFandoms(tag.type)) {
    errors.fandoms = 'Only characters, relationships and additional tags belong to fandoms.';
  } else {
    const missing = facts.fandoms.filter((f) => !f.tag).map((f) => f.name);
    const notFandoms = facts.fandoms.filter((f) => f.tag && f.tag.type !== 'Fandom').map((f) => f.name);
    const notCanonical = facts.fandoms.filter((f) => f.tag?.type === 'Fandom' && f.tag.isCanonical !== 1).map((f) => f.name);
    if (missing.length > 0) errors.fandoms = `No tag is named ${quoteList(missing)}.`;
    else if (notFandoms.length > 0) errors.fandoms = `${quoteList(notFandoms)} ${notFandoms.length === 1 ? 'is not a fandom' : 'are not fandoms'}.`;
    else if (notCanonical.length > 0) errors.fandoms = `${quoteList(notCanonical)} ${notCanonical.length === 1 ? 'is' : 'are'} not canonical; only canonical fandoms can hold tags.`;
  }

  if (request.metaTags.length > MAX_LINKED_NAMES) errors.metaTags = `List at most ${MAX_LINKED_NAMES} metatags.`;
  else if (request.metaTags.length > 0) {
    const missing = facts.metaTags.filter((m) => !m.tag).map((m) => m.name);
    const wrongType = facts.metaTags.filter((m) => m.tag && m.tag.type !== tag.type).map((m) => m.name);
    const notCanonical = facts.metaTags.filter((m) => m.tag && m.tag.type === tag.type && m.tag.isCanonical !== 1).map((m) => m.name);
    const loops = facts.metaTags.filter((m) => m.tag && (m.tag.id === tag.id || facts.subTagIdsBelow.has(m.tag.id))).map((m) => m.name);
    if (!request.isCanonical || becomesSynonym) errors.metaTags = 'Only canonical tags can have metatags.';
    else if (missing.length > 0) errors.metaTags = `No tag is named ${quoteList(missing)}.`;
    else if (wrongType.length > 0) errors.metaTags = `A metatag has the same type as its subtag (${typeLabel(tag.type)}); ${quoteList(wrongType)} ${wrongType.length === 1 ? 'is' : 'are'} not.`;
    else if (notCanonical.length > 0) errors.metaTags = `${quoteList(notCanonical)} ${notCanonical.length === 1 ? 'is' : 'are'} not canonical; only canonical tags can be metatags.`;
    else if (loops.length > 0) errors.metaTags = `“${tag.name}” is already above ${quoteList(loops)} (or is the same tag), so ${loops.length === 1 ? 'it' : 'they'} cannot be its metatag: that would make a loop.`;
  }
  return errors;
}
