import type { Viewer } from '../accounts/session.service.ts';
import type { Work } from '../db/schema.ts';
import type { CreatorRow } from './work.repository.ts';

// Who may read, edit and delete a work. One place, so every route and the API agree.

export function isCreator(viewer: Viewer | null, creators: CreatorRow[]): boolean {
  return viewer !== null && creators.some((c) => c.userId === viewer.id && c.isApproved === 1);
}

export type ReadDecision = 'allowed' | 'not-found' | 'login-required';

/** Drafts exist only for their creators; restricted works only for logged-in readers. */
export function decideRead(viewer: Viewer | null, work: Work, creators: CreatorRow[]): ReadDecision {
  if (work.isDraft === 1 && !isCreator(viewer, creators)) return 'not-found';
  if (work.isRestricted === 1 && viewer === null) return 'login-required';
  return 'allowed';
}

/** The public API shows only what an anonymous reader could see. */
export function isPublic(work: Work): boolean {
  return work.isDraft === 0 && work.isRestricted === 0;
}

export function canEdit(viewer: Viewer | null, creators: CreatorRow[]): boolean {
  return isCreator(viewer, creators);
}

/** Creators delete their work; administrators may remove one too. */
export function canDelete(viewer: Viewer | null, creators: CreatorRow[]): boolean {
  return isCreator(viewer, creators) || viewer?.role === 'admin';
}
