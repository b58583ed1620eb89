import { hasRole } from '../accounts/account.policy.ts';
import type { Viewer } from '../accounts/session.service.ts';
import type { Tag } from '../db/schema.ts';

// Who may do what with tags. Routes ask here and nowhere else. Reading tag pages and
// autocomplete is public; wrangling is for tag wranglers and administrators, as on AO3.

export type WrangleDecision = { allowed: true } | { allowed: false; reason: 'anonymous' | 'not-wrangler' };

export function canWrangle(viewer: Viewer | null): WrangleDecision {
  if (!viewer) return { allowed: false, reason: 'anonymous' };
  if (!hasRole(viewer, 'wrangler')) return { allowed: false, reason: 'not-wrangler' };
  return { allowed: true };
}

/**
 * Whether a tag is there for this viewer whatever its works: wrangled tags are public (the
 * posting form offers canonical names), and wranglers see every tag. Any other tag is there
 * only while a work the viewer may see carries it: a tag used on drafts or restricted works
 * alone must answer like an unknown one, or its name would tell of them.
 */
export function tagShownWithoutWorks(viewer: Viewer | null, tag: Pick<Tag, 'isCanonical' | 'mergerId'>): boolean {
  return tag.isCanonical === 1 || tag.mergerId !== null || canWrangle(viewer).allowed;
}
