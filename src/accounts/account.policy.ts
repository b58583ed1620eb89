import type { Pseud, User } from '../db/schema.ts';
import type { Viewer } from './session.service.ts';
import type { Role } from './user.service.ts';

// Who may do what with an account and its pseuds. Routes ask here and nowhere else.
// Only the owner manages an account for now; admins get their own tools in a later issue.

export type Decision = { allowed: true } | { allowed: false; reason: 'anonymous' | 'not-owner' | 'default-pseud' };

const allowed: Decision = { allowed: true };

/** Settings, password, preferences, deletion and pseud management of `owner`. */
export function canManageAccount(viewer: Viewer | null, owner: Pick<User, 'id'>): Decision {
  if (!viewer) return { allowed: false, reason: 'anonymous' };
  if (viewer.id !== owner.id) return { allowed: false, reason: 'not-owner' };
  return allowed;
}

/** A pseud can be deleted by its owner, except the default one: every account keeps a name to write under. */
export function canDeletePseud(viewer: Viewer | null, owner: Pick<User, 'id'>, pseud: Pick<Pseud, 'isDefault'>): Decision {
  const manage = canManageAccount(viewer, owner);
  if (!manage.allowed) return manage;
  if (pseud.isDefault === 1) return { allowed: false, reason: 'default-pseud' };
  return allowed;
}

/** Accounts that exist for the archive's own use (orphan_account) have no pages of their own to manage. */
export function isSystemAccount(user: Pick<User, 'role'>): boolean {
  return user.role === 'system';
}

/** The roles that open staff pages; `user` is everyone's. */
export type StaffRole = Exclude<Role, 'user'>;

/** Whether a viewer (or account) holds `role`: administrators hold every role. */
export function hasRole(viewer: Pick<Viewer, 'role'> | null | undefined, role: StaffRole): boolean {
  return viewer?.role === role || viewer?.role === 'admin';
}
