import type { Viewer } from '../accounts/session.service.ts';

// Who may do what with tags. Routes ask here and nowhere else. Reading tag pages and
// autocomplete is public; wrangling is for tag wranglers and administrators, as on AO3.

export type WrangleDecision = { allowed: true } | { allowed: false; reason: 'anonymous' | 'not-wrangler' };

const WRANGLING_ROLES: readonly string[] = ['wrangler', 'admin'];

export function canWrangle(viewer: Viewer | null): WrangleDecision {
  if (!viewer) return { allowed: false, reason: 'anonymous' };
  if (!WRANGLING_ROLES.includes(viewer.role)) return { allowed: false, reason: 'not-wrangler' };
  return { allowed: true };
}
