import type { Viewer } from '../accounts/session.service.ts';
import type { CreatorRow } from './work.repository.ts';
import { isCreator } from './work.visibility.ts';

// Who may edit and delete a work. Who may see one is work.visibility.ts.

export function canEdit(viewer: Viewer | null, creators: CreatorRow[]): boolean {
  return isCreator(viewer, creators);
}

/** Creators delete their work; administrators may remove one too. */
export function canDelete(viewer: Viewer | null, creators: CreatorRow[]): boolean {
  return isCreator(viewer, creators) || viewer?.role === 'admin';
}
