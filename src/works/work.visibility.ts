import type { Expression, SqlBool } from 'kysely';
import type { Viewer } from '../accounts/session.service.ts';
import type { Work } from '../db/schema.ts';
import type { CreatorRow } from './work.repository.ts';

// Who may see a work, in one place: the per-work decision for pages and the read API, the
// SQL condition every listing, count, search, facet, tag page and the home page use, what
// of a work's creators is shown, and the adult-content notice. No other file writes its
// own draft, restricted or hidden condition.
//
//  - A draft exists only for its creators.
//  - A hidden work (posted, then taken out of sight: `hidden_at`) exists only for its
//    creators and the archive's administrators, and is listed nowhere, not even to them.
//  - A restricted work is for logged-in readers; anonymous readers are asked to log in.
//  - A work in an unrevealed collection (works.in_unrevealed_collection, migration 028) exists
//    only for its creators and the archive's administrators until the reveal, and is listed
//    nowhere meanwhile.
//  - A work in an anonymous collection (works.in_anon_collection) shows none of its creators
//    ("Anonymous") to anyone but its creators and the archive's administrators, on every
//    surface: shownCreators is the one answer, announcedCreators the one for mail.

/**
 * Why a posted work is out of sight for now. A moderator's hiding, or a collection's
 * unrevealed works, slot in here as more reasons; the rule above stays the same.
 */
export type HiddenReason = 'removal-requested' | 'unrevealed';

export type ReadDecision = 'allowed' | 'not-found' | 'login-required';

type Visibility = Pick<Work, 'isDraft' | 'isRestricted' | 'hiddenAt' | 'inUnrevealedCollection'>;

/** What shownCreators needs of the work: whether it is anonymous now. */
export type Anonymity = Pick<Work, 'inAnonCollection'>;

/** What shownCreators needs of the viewer. */
export type CreatorAudience = Pick<Viewer, 'id' | 'role'> | null;

export function isCreator(viewer: Viewer | null, creators: CreatorRow[]): boolean {
  return viewer !== null && creators.some((c) => c.userId === viewer.id && c.isApproved === 1);
}

export function decideRead(viewer: Viewer | null, work: Visibility, creators: CreatorRow[]): ReadDecision {
  if (work.isDraft === 1 && !isCreator(viewer, creators)) return 'not-found';
  if ((work.hiddenAt !== null || work.inUnrevealedCollection === 1) && !isCreator(viewer, creators) && viewer?.role !== 'admin') return 'not-found';
  if (work.isRestricted === 1 && viewer === null) return 'login-required';
  return 'allowed';
}

/**
 * Whether the work is out of this viewer's sight only because a collection holds it back until
 * its reveal: its page then says so (AO3's "Mystery Work") instead of a bare 404, naming no more
 * than the collection and the date. A draft or hidden work stays a plain 404.
 */
export function isMystery(viewer: Viewer | null, work: Visibility, creators: CreatorRow[]): boolean {
  return work.isDraft === 0 && work.hiddenAt === null && work.inUnrevealedCollection === 1 && decideRead(viewer, work, creators) === 'not-found';
}

/**
 * The SQL condition, on `works`, of a posted work an unrevealed collection holds back: what a
 * collection's listing shows as a placeholder, without title, tags, summary or creator.
 */
export function mysteryWorks(eb: any): Expression<SqlBool> {
  return eb.and([eb('works.isDraft', '=', 0), eb('works.hiddenAt', 'is', null), eb('works.inUnrevealedCollection', '=', 1)]);
}

/** The read API shows only what an anonymous reader could see, whoever asks. */
export function isPublic(work: Visibility): boolean {
  return decideRead(null, work, []) === 'allowed';
}

/**
 * The creators a work's page, blurb, API, feed, search snippet and mail show to this viewer:
 * those who accepted, unless the work is anonymous now (in an anonymous collection), when
 * only its own creators and the archive's administrators see them (AO3 shows them the names
 * beside "Anonymous" too). Collection moderators are not told: a moderator is a fan of the
 * challenge, and AO3's leaks came from exactly such side doors. An empty answer renders as
 * "Anonymous".
 */
export function shownCreators<T extends Pick<CreatorRow, 'isApproved' | 'userId'>>(viewer: CreatorAudience, work: Anonymity, creators: T[]): T[] {
  const approved = creators.filter((c) => c.isApproved === 1);
  if (work.inAnonCollection !== 1) return approved;
  const own = viewer !== null && approved.some((c) => c.userId === viewer.id);
  return own || viewer?.role === 'admin' ? approved : [];
}

/**
 * Whether an act by `actorId` on this work may be shown under the actor's name (a bookmark of
 * it, a claim of the prompt it fills): a creator's own act on their anonymous work names them as
 * surely as a byline, so it is shown only where shownCreators would show them. Anyone else's
 * act is theirs to show.
 */
export function showsActor<T extends Pick<CreatorRow, 'isApproved' | 'userId'>>(viewer: CreatorAudience, work: Anonymity, creators: T[], actorId: number): boolean {
  if (!creators.some((c) => c.isApproved === 1 && c.userId === actorId)) return true;
  return viewer?.id === actorId || shownCreators(viewer, work, creators).some((c) => c.userId === actorId);
}

/**
 * showsActor as the SQL condition of a listing of acts (bookmarks) joined to `works`, for a
 * viewer who is not the actor: `actorIsCreator` says (in the repository's own query) that the
 * act's person is an approved creator of the work.
 */
export function listedActs(eb: any, actorIsCreator: Expression<SqlBool>): Expression<SqlBool> {
  return eb.or([eb('works.inAnonCollection', '=', 0), eb.not(actorIsCreator)]);
}

/**
 * The condition for a listing grouped by its creators (a series' parts, the boxes on a part's
 * page): an anonymous work stays out of it but for its own creators and the administrators,
 * since the group names its creators and links its other parts. `viewerIsCreator` is the
 * repository's condition that the viewer is an approved creator of `works` (null for a guest).
 */
export function listedWithCreators(eb: any, viewer: CreatorAudience, viewerIsCreator: Expression<SqlBool> | null): Expression<SqlBool> {
  if (viewer?.role === 'admin') return eb.lit(true);
  const named = eb('works.inAnonCollection', '=', 0);
  return viewerIsCreator === null ? named : eb.or([named, viewerIsCreator]);
}

/** Whether a viewer who is not its creator sees this work's creators as "Anonymous". */
export function isAnonymous(work: Anonymity): boolean {
  return work.inAnonCollection === 1;
}

/**
 * The creators whose subscribers are told of a new work: those a reader who is not its creator
 * sees on it (shownCreators for nobody). An anonymous work names nobody, so no creator's
 * subscribers hear of it; nor does any mail carry a byline other than "Anonymous".
 */
export function announcedCreators<T extends Pick<CreatorRow, 'isApproved' | 'userId'>>(work: Anonymity, creators: T[]): T[] {
  return shownCreators(null, work, creators);
}

/** Whom a listing is for. */
export interface ListingAudience {
  loggedIn: boolean;
  /**
   * The creator's own drafts instead of posted works. Only with a scope of one creator,
   * whom the route has checked is the viewer.
   */
  draftsOnly?: boolean;
  /** A listing scoped to one creator, seen by someone else: their anonymous works stay out. */
  anonymousHiddenFrom?: boolean;
}

/**
 * The condition a work must meet to be listed, on `works`. The sort indexes lead with
 * `is_draft` (migration 004), so that equality comes first; the rest is tested on the
 * works row the query reads anyway, as cheap as the restricted test always was.
 * The expression builder is untyped: the FROM differs from query to query.
 */
export function listedWorks(eb: any, audience: ListingAudience): Expression<SqlBool> {
  const all: Expression<SqlBool>[] = [eb('works.isDraft', '=', audience.draftsOnly ? 1 : 0), eb('works.hiddenAt', 'is', null)];
  // An unrevealed work is listed nowhere, not even to its creators (as a hidden one): their
  // dashboard of drafts is the exception, since a draft is theirs alone anyway.
  if (!audience.draftsOnly) all.push(eb('works.inUnrevealedCollection', '=', 0));
  if (!audience.loggedIn) all.push(eb('works.isRestricted', '=', 0));
  // A listing of one creator's works, for anyone but that creator, leaves out their anonymous
  // works: listing them there, or counting them in its facets, would name the creator.
  if (audience.anonymousHiddenFrom) all.push(eb('works.inAnonCollection', '=', 0));
  return eb.and(all);
}

// The adult-content notice. "Yes, continue" is a link with ?view_adult=true, as on AO3;
// the answer is kept in a cookie for the browser session (the works said yes to), or for
// a year when a guest says not to ask again. Logged-in readers have the same choice as a
// preference. No script is needed for any of it.

/** Each id costs about seven bytes; a cookie may hold about 4,000. */
const REMEMBERED_WORKS = 200;
const ALWAYS = 'all';

export interface AdultChoice {
  /** `view_adult` in the address: 'true' for this work, 'always' for every work. */
  asked: string | undefined;
  /** The cookie as the browser sent it. */
  cookie: string | undefined;
}

function rememberedIds(cookie: string | undefined): string[] {
  if (!cookie || cookie === ALWAYS) return [];
  return cookie.split('.').filter((id) => /^\d{1,12}$/.test(id));
}

/** Whether the notice stands before this work for this viewer. */
export function needsAdultNotice(viewer: Viewer | null, workId: number, creators: CreatorRow[], isAdult: boolean, choice: AdultChoice): boolean {
  if (!isAdult || viewer?.showAdultContent === true || isCreator(viewer, creators)) return false;
  if (choice.asked === 'true' || choice.asked === 'always' || choice.cookie === ALWAYS) return false;
  return !rememberedIds(choice.cookie).includes(String(workId));
}

/**
 * The cookie to set after the reader's answer in the address, or null when there is
 * nothing new to remember. `lasting` is true for "do not ask again".
 */
export function adultCookieAfter(workId: number, choice: AdultChoice): { value: string; lasting: boolean } | null {
  if (choice.asked === 'always') return choice.cookie === ALWAYS ? null : { value: ALWAYS, lasting: true };
  if (choice.asked !== 'true' || choice.cookie === ALWAYS) return null;
  const ids = rememberedIds(choice.cookie);
  if (ids.includes(String(workId))) return null;
  return { value: [...ids, String(workId)].slice(-REMEMBERED_WORKS).join('.'), lasting: false };
}
