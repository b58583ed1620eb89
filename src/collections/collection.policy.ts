import type { CollectionRole } from './collection.repository.ts';

// Who may do what in a collection. Owners change its settings and its people; moderators (and
// owners) review, invite and remove works and reveal; members and the invited are readers with
// a name on the list.

export const maintains = (role: CollectionRole | undefined): boolean => role === 'owner' || role === 'moderator';
export const owns = (role: CollectionRole | undefined): boolean => role === 'owner';
