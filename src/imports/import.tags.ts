import type { TagRequest } from '../tags/tag.service.ts';
import { checkTagName, normaliseTagName, tagKey } from '../tags/tag.names.ts';
import { TAG_TYPE_LABELS, USER_TAGS_MAX, type TagType } from '../tags/tag.types.ts';
import type { ImportedWork, ReviewFlag } from '../legacy/legacy.types.ts';

// The tags of an imported work, made safe for storing: a form can send a person back to fix a
// tag, an import cannot, so a name that cannot be a tag, or is already a tag of another type,
// is left out and flagged for review instead of failing the whole work. The first half needs
// only the work (worker threads do it); the second compares with the archive's tags.

export interface TagPlan {
  requests: TagRequest[];
  flags: ReviewFlag[];
}

/** Distinct, well-formed tag names of the work, at most USER_TAGS_MAX of the free ones. */
export function tagRequests(work: ImportedWork): TagPlan {
  const wanted: { type: TagType; names: string[] }[] = [
    { type: 'Rating', names: [work.rating] },
    { type: 'ArchiveWarning', names: work.warnings },
    { type: 'Category', names: work.categories },
    { type: 'Fandom', names: work.fandoms },
    { type: 'Relationship', names: work.relationships },
    { type: 'Character', names: work.characters },
    { type: 'Freeform', names: work.freeforms },
  ];
  const flags: ReviewFlag[] = [];
  const requests: TagRequest[] = [];
  const seen = new Set<string>();
  let userTags = 0;
  for (const { type, names } of wanted) {
    for (const raw of names) {
      const name = normaliseTagName(raw);
      const problem = checkTagName(name);
      if (problem) {
        flags.push({ code: 'tag-left-out', detail: problem });
        continue;
      }
      if (seen.has(tagKey(name))) continue;
      const isUserTag = !['Rating', 'ArchiveWarning', 'Category'].includes(type);
      if (isUserTag && ++userTags > USER_TAGS_MAX) {
        flags.push({ code: 'tag-left-out', detail: `“${name}”: more than ${USER_TAGS_MAX} tags` });
        continue;
      }
      seen.add(tagKey(name));
      requests.push({ type, name, field: type });
    }
  }
  return { requests, flags };
}

/** Leaves out names the archive already has as a tag of another type, with a flag for each. */
export function usableTags(requests: TagRequest[], typeOfKey: (key: string) => string | undefined): TagPlan {
  const flags: ReviewFlag[] = [];
  const usable = requests.filter((request) => {
    const type = typeOfKey(tagKey(request.name));
    if (!type || type === request.type) return true;
    const label = TAG_TYPE_LABELS[type as TagType]?.one.toLowerCase() ?? type;
    flags.push({ code: 'tag-left-out', detail: `“${request.name}” is already a ${label} tag; not added as a ${TAG_TYPE_LABELS[request.type].one.toLowerCase()}` });
    return false;
  });
  return { requests: usable, flags };
}
