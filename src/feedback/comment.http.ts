import { listPseuds } from '../accounts/user.repository.ts';
import { safeReturnPath } from '../accounts/account.http.ts';
import type { FieldErrors } from '../context.ts';
import type { Work } from '../db/schema.ts';
import type { WebContext } from '../web/env.ts';
import { parseId } from '../web/params.ts';
import { creatorsOfWorks, findWork, type CreatorRow } from '../works/work.repository.ts';
import { decideRead } from '../works/work.visibility.ts';
import { mayViewComment } from './comment.policy.ts';
import { findComment, type CommentRow } from './comment.repository.ts';
import type { CommentFormView } from './comment.views.tsx';

// What the comment routes share: loading a work or a comment as the viewer may see it, the
// comment form for this viewer, and where to go back to.

export const THREADS_PER_PAGE = 20;
const MAX_PAGE = 5000;

export interface WorkLoad {
  work: Work;
  creators: CreatorRow[];
}

export async function loadWorkById(c: WebContext, id: number | null): Promise<WorkLoad | null> {
  if (id === null) return null;
  const db = c.var.app.db.kysely;
  // Both by the id alone, so together (a missing work's creators are simply none).
  const [work, creators] = await Promise.all([findWork(db, id), creatorsOfWorks(db, [id])]);
  return work ? { work, creators } : null;
}

/**
 * The comment in `:id` with its work, when this viewer may see both; null when, for them,
 * it does not exist (its work is someone else's draft, or it waits for approval, …).
 * A restricted work's comment asks a guest to log in, as the work does.
 */
export async function loadComment(c: WebContext): Promise<(WorkLoad & { comment: CommentRow }) | 'login-required' | null> {
  const id = parseId(c.req.param('id'));
  const comment = id === null ? undefined : await findComment(c.var.app.db.kysely, id);
  if (!comment) return null;
  const loaded = await loadWorkById(c, comment.workId);
  if (!loaded) return null;
  const read = decideRead(c.var.viewer, loaded.work, loaded.creators);
  if (read === 'not-found') return null;
  if (read === 'login-required') return 'login-required';
  if (!mayViewComment(c.var.viewer, comment, loaded.creators)) return null;
  return { ...loaded, comment };
}

export function pageNumber(c: WebContext): number {
  const page = Number(c.req.query('page') ?? '1');
  return Number.isInteger(page) && page >= 1 && page <= MAX_PAGE ? page : 1;
}

/** The same-site page a form asked to come back to (the inbox, a chapter), else `fallback`. */
export function backTo(value: string | undefined, fallback: string): string {
  return safeReturnPath(value) ?? fallback;
}

/** The comment form as this viewer fills it: a guest signs; an account with pseuds picks one. */
export async function commentForm(
  c: WebContext,
  options: { action: string; heading: string; button: string; values?: Record<string, string>; errors?: FieldErrors; returnTo?: string; chapterId?: number },
): Promise<CommentFormView> {
  const viewer = c.var.viewer;
  const pseuds = viewer ? (await listPseuds(c.var.app.db.kysely, viewer.id)).map((p) => ({ id: p.id, name: p.name })) : [];
  return {
    action: options.action,
    heading: options.heading,
    button: options.button,
    csrfToken: c.var.csrfToken,
    guest: viewer === null,
    pseuds,
    values: options.values ?? {},
    errors: options.errors ?? {},
    ...(options.returnTo ? { returnTo: options.returnTo } : {}),
    ...(options.chapterId ? { chapterId: options.chapterId } : {}),
  };
}
