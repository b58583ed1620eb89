import { hasRole } from '../accounts/account.policy.ts';
import type { Viewer } from '../accounts/session.service.ts';

// Who may run lists: archivists (and administrators, who hold every role) make lists and post
// announcements. Anyone, logged in or not, may read a list's archive and join it with an address.

export function mayRunLists(viewer: Viewer | null): boolean {
  return hasRole(viewer, 'archivist');
}
