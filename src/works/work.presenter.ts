import type { Kysely } from 'kysely';
import type { Database, Work } from '../db/schema.ts';
import { tagPath } from '../tags/tag.names.ts';
import { tagsOfWorks } from '../tags/tag.repository.ts';
import { ADULT_RATINGS, type TagType } from '../tags/tag.types.ts';
import { creatorsOfWorks, type CreatorRow } from './work.repository.ts';
import { isAnonymous, shownCreators, type CreatorAudience } from './work.visibility.ts';
import { LANGUAGES } from './work.types.ts';
import { groupBy } from '../arrays.ts';
import { viewerStates, type ViewerWorkState } from '../readers/viewer.state.ts';

export interface TagLink {
  name: string;
  href: string;
}

export interface CreatorLink {
  /** "pseud (login)" when the pseud differs from the login, as on AO3. */
  label: string;
  href: string;
  /** An imported work's original creator, credited to the archivist until they claim it. */
  imported?: 'unclaimed' | null;
}

/** Everything a blurb or a work's tag block shows, ready to render. */
export interface WorkSummaryView {
  id: number;
  href: string;
  title: string;
  /** What of its creators this viewer may see (work.visibility.ts shownCreators); empty for an anonymous work. */
  creators: CreatorLink[];
  /** In an anonymous collection now: the byline reads "Anonymous" (with the names, for its creators). */
  isAnonymous: boolean;
  rating: TagLink | null;
  warnings: TagLink[];
  categories: TagLink[];
  fandoms: TagLink[];
  relationships: TagLink[];
  characters: TagLink[];
  freeforms: TagLink[];
  language: string;
  summaryHtml: string | null;
  publishedOn: string | null;
  updatedOn: string;
  wordCount: number;
  /** Readers' kudos (src/feedback keeps works.kudos_count). */
  kudosCount: number;
  /** Public bookmarks (src/feedback keeps works.bookmark_count). */
  bookmarkCount: number;
  /** "2/5" or "2/?" */
  chapters: string;
  isComplete: boolean;
  isRestricted: boolean;
  isDraft: boolean;
  /** Posted, then taken out of sight (work.visibility.ts). */
  isHidden: boolean;
  isAdult: boolean;
  /** The logged-in viewer's kudos, bookmark, reading and mark (src/readers/viewer.state.ts); absent for guests. */
  viewerState?: ViewerWorkState;
}

export function creatorLink(c: Pick<CreatorRow, 'pseudName' | 'login'> & { heldState?: string | null }): CreatorLink {
  const same = c.pseudName.toLowerCase() === c.login.toLowerCase();
  // "by Aelita (imported, not yet claimed)", not the archivist's login: the work is theirs.
  if (c.heldState === 'unclaimed') return { label: c.pseudName, href: `/users/${encodeURIComponent(c.login)}/pseuds/${encodeURIComponent(c.pseudName)}`, imported: 'unclaimed' };
  return {
    label: same ? c.pseudName : `${c.pseudName} (${c.login})`,
    href: `/users/${encodeURIComponent(c.login)}/pseuds/${encodeURIComponent(c.pseudName)}`,
  };
}

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : null);

type TagRow = Awaited<ReturnType<typeof tagsOfWorks>>[number];

export function presentWork(work: Work, creators: CreatorRow[], tags: TagRow[], viewer: CreatorAudience): WorkSummaryView {
  const ofType = (type: TagType) => tags.filter((t) => t.type === type).map((t) => ({ name: t.name, href: tagPath(t.urlName) }));
  const rating = ofType('Rating')[0] ?? null;
  return {
    id: work.id,
    href: `/works/${work.id}`,
    title: work.title,
    creators: shownCreators(viewer, work, creators).map(creatorLink),
    isAnonymous: isAnonymous(work),
    rating,
    warnings: ofType('ArchiveWarning'),
    categories: ofType('Category'),
    fandoms: ofType('Fandom'),
    relationships: ofType('Relationship'),
    characters: ofType('Character'),
    freeforms: ofType('Freeform'),
    language: LANGUAGES[work.language] ?? work.language,
    summaryHtml: work.summary,
    publishedOn: day(work.publishedAt),
    updatedOn: day(work.updatedAt)!,
    wordCount: work.wordCount,
    kudosCount: work.kudosCount,
    bookmarkCount: work.bookmarkCount,
    chapters: `${work.chapterCount}/${work.expectedChapters ?? '?'}`,
    isComplete: work.isComplete === 1,
    isRestricted: work.isRestricted === 1,
    isDraft: work.isDraft === 1,
    isHidden: work.hiddenAt !== null,
    isAdult: rating !== null && ADULT_RATINGS.includes(rating.name),
  };
}

/** Blurbs for a page of works: creators and tags come in one query each, never per work, and
 * so does a logged-in viewer's state (`viewerId`), which logged-out pages never carry. */
export async function presentWorks(db: Kysely<Database>, works: Work[], viewer: CreatorAudience = null): Promise<WorkSummaryView[]> {
  const viewerId = viewer?.id ?? null;
  const ids = works.map((w) => w.id);
  const [creators, tags, states] = await Promise.all([creatorsOfWorks(db, ids), tagsOfWorks(db, ids), viewerId === null ? null : viewerStates(db, viewerId, ids)]);
  const creatorsByWork = groupBy(creators, (c) => c.workId);
  const tagsByWork = groupBy(tags, (t) => t.workId);
  return works.map((w) => {
    const view = presentWork(w, creatorsByWork.get(w.id) ?? [], tagsByWork.get(w.id) ?? [], viewer);
    const state = states?.get(w.id);
    return state ? { ...view, viewerState: state } : view;
  });
}
