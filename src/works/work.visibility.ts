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

/**
 * Why a posted work is out of sight for now. A moderator's hiding, or a collection's
 * unrevealed works, slot in here as more reasons; the rule above stays the same.
 */
export type HiddenReason = 'removal-requested';

export type ReadDecision = 'allowed' | 'not-found' | 'login-required';

type Visibility = Pick<Work, 'isDraft' | 'isRestricted' | 'hiddenAt'>;

export function isCreator(viewer: Viewer | null, creators: CreatorRow[]): boolean {
  return viewer !== null && creators.some((c) => c.userId === viewer.id && c.isApproved === 1);
}

export function decideRead(viewer: Viewer | null, work: Visibility, creators: CreatorRow[]): ReadDecision {
  if (work.isDraft === 1 && !isCreator(viewer, creators)) return 'not-found';
  if (work.hiddenAt !== null && !isCreator(viewer, creators) && viewer?.role !== 'admin') return 'not-found';
  if (work.isRestricted === 1 && viewer === null) return 'login-required';
  return 'allowed';
}

/** The read API shows only what an anonymous reader could see, whoever asks. */
export function isPublic(work: Visibility): boolean {
  return decideRead(null, work, []) === 'allowed';
}

/**
 * The creators a work's page, blurb and API show: those who accepted. An anonymous work
 * (a collection's, as on AO3) would show none here, to everyone but its creators.
 */
export function shownCreators<T extends Pick<CreatorRow, 'isApproved'>>(creators: T[]): T[] {
  return creators.filter((c) => c.isApproved === 1);
}

/**
 * The creators whose subscribers are told of a new work: those a reader who is not its creator
 * sees on it. So when works can be anonymous, shownCreators shows none of an anonymous work's
 * creators to such a reader, and this names nobody: no creator's subscribers hear of it.
 */
export function announcedCreators<T extends Pick<CreatorRow, 'isApproved'>>(creators: T[]): T[] {
  return shownCreators(creators);
}

/** Whom a listing is for. */
export interface ListingAudience {
  loggedIn: boolean;
  /**
   * The creator's own drafts instead of posted works. Only with a scope of one creator,
   * whom the route has checked is the viewer.
   */
  draftsOnly?: boolean;
}

/**
 * The condition a work must meet to be listed, on `works`. The sort indexes lead with
 * `is_draft` (migration 004), so that equality comes first; the rest is tested on the
 * works row the query reads anyway, as cheap as the restricted test always was.
 * The expression builder is untyped: the FROM differs from query to query.
 */
export function listedWorks(eb: any, audience: ListingAudience): Expression<SqlBool> {
  const all: Expression<SqlBool>[] = [eb('works.isDraft', '=', audience.draftsOnly ? 1 : 0), eb('works.hiddenAt', 'is', null)];
  if (!audience.loggedIn) all.push(eb('works.isRestricted', '=', 0));
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
