import type { Work } from '../db/schema.ts';
import { loginPath, redirectWithFlash } from '../web/respond.ts';
import type { WebContext } from '../web/env.ts';
import { forbidden, notFound } from '../web/errors.tsx';
import { requireViewer } from '../web/guards.ts';
import { parseId } from '../web/params.ts';
import { canDelete, canEdit } from './work.policy.ts';
import { decideRead, isMystery } from './work.visibility.ts';
import { unrevealedCollectionsOfWork } from '../collections/collection.repository.ts';
import { renderMysteryPage } from '../collections/mystery.views.tsx';
import { creatorsOfWorks, findWork, type CreatorRow } from './work.repository.ts';

export interface LoadedWork {
  work: Work;
  creators: CreatorRow[];
}

async function load(c: WebContext): Promise<LoadedWork | null> {
  const id = parseId(c.req.param('id'));
  if (id === null) return null;
  const db = c.var.app.db.kysely;
  // Both by the id alone, so together (a missing work's creators are simply none).
  const [work, creators] = await Promise.all([findWork(db, id), creatorsOfWorks(db, [id])]);
  return work ? { work, creators } : null;
}

export function currentPath(c: WebContext): string {
  const url = new URL(c.req.url);
  return url.pathname + url.search;
}

/**
 * The work in `:id` if the viewer may read it; otherwise the 404 or log-in answer. The work's
 * own page (`mysteryPage`) answers a work held back by an unrevealed collection with the
 * "Mystery Work" page, still a 404: the work is not there for this viewer yet.
 */
export async function loadReadableWork(c: WebContext, options: { mysteryPage?: boolean } = {}): Promise<LoadedWork | Response> {
  const loaded = await load(c);
  if (!loaded) return notFound(c);
  const decision = decideRead(c.var.viewer, loaded.work, loaded.creators);
  if (decision === 'not-found' && options.mysteryPage && isMystery(c.var.viewer, loaded.work, loaded.creators)) {
    const collections = await unrevealedCollectionsOfWork(c.var.app.db.kysely, loaded.work.id);
    return renderMysteryPage(c, collections);
  }
  if (decision === 'not-found') return notFound(c);
  if (decision === 'login-required') {
    return redirectWithFlash(c, loginPath(currentPath(c)), 'This work is only available to registered users of the archive. Log in to read it.');
  }
  return loaded;
}

/** The work in `:id` for one of its creators (or, for deletion, an admin). */
export async function loadEditableWork(c: WebContext, purpose: 'edit' | 'delete' = 'edit'): Promise<LoadedWork | Response> {
  const viewer = requireViewer(c);
  if (viewer instanceof Response) return viewer;
  const loaded = await load(c);
  if (!loaded) return notFound(c);
  const allowed = purpose === 'delete' ? canDelete(viewer, loaded.creators) : canEdit(viewer, loaded.creators);
  if (!allowed) {
    // Someone else's draft does not exist, as far as they can tell.
    return decideRead(viewer, loaded.work, loaded.creators) === 'not-found' ? notFound(c) : forbidden(c);
  }
  return loaded;
}
