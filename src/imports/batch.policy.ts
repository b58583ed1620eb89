import type { Viewer } from '../accounts/session.service.ts';
import { ARCHIVIST_ROLES } from './import.service.ts';

// Who may see import batches and their review flags: archivists and administrators. The pages
// name sources and flags that the public work page does not, so nobody else sees them.

export type ArchivistDecision = { allowed: true } | { allowed: false; reason: 'anonymous' | 'not-archivist' };

export function canReviewImports(viewer: Viewer | null): ArchivistDecision {
  if (!viewer) return { allowed: false, reason: 'anonymous' };
  if (!ARCHIVIST_ROLES.includes(viewer.role)) return { allowed: false, reason: 'not-archivist' };
  return { allowed: true };
}
