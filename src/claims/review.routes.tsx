import type { Hono } from 'hono';
import { z } from 'zod';
import { requireRole, returnPath } from '../web/guards.ts';
import { findBatch } from '../imports/import.repository.ts';
import type { AppEnv, WebContext } from '../web/env.ts';
import { notFound, renderError } from '../web/errors.tsx';
import { formText, readForm, validateForm } from '../web/forms.tsx';
import { renderPage } from '../web/layout.tsx';
import { redirectWithFlash } from '../web/respond.ts';
import { parseId } from '../web/params.ts';
import { ConfirmPage } from '../web/confirm.tsx';
import { RESEND_WINDOW_MINUTES, resendInvitations, type ResendResult } from './invitation.service.ts';
import { deleteRequestedWork, REMOVAL_REASON_MAX, removalRequestOf, restoreRequestedWork, type RemovalProblem } from './removal.service.ts';
import { RestorePage, removalProblemText } from './review.views.tsx';

// The archivists' actions on claims: re-sending invitations from a batch page, and deciding
// removal requests (delete for good after a confirmation page, or restore with a reason).
// Each route: authorise (archivists and admins) → validate → service → redirect or render.

const restoreSchema = z.object({ reason: formText(REMOVAL_REASON_MAX) });

function showProblem(c: WebContext, problem: RemovalProblem) {
  const { heading, message } = removalProblemText(problem);
  return renderError(c, problem.kind === 'unknown-work' ? 404 : 409, heading, message);
}

const names = (results: ResendResult[]) => results.map((r) => r.name).join(', ');

/** One line per kind of outcome, e.g. "Invitation sent to Ada. Not sent again to Bram: …". */
function resendSummary(results: ResendResult[]): string {
  const by = (status: ResendResult['status']) => results.filter((r) => r.status === status);
  const parts = [
    by('sent').length ? `Invitation sent to ${names(by('sent'))}.` : 'No invitation was sent.',
    by('recently-sent').length ? `Not sent again to ${names(by('recently-sent'))}: invited less than ${RESEND_WINDOW_MINUTES} minutes ago.` : '',
    by('blocked').length ? `Not sent to ${names(by('blocked'))}: they asked not to be imported.` : '',
    by('failed').length ? `Could not be sent to ${names(by('failed'))}; try again later.` : '',
  ];
  return parts.filter(Boolean).join(' ');
}

/** A single creator's re-send that cannot happen gets a page saying why, not a quiet redirect. */
function refusedResend(c: WebContext, result: ResendResult): Response | Promise<Response> | null {
  switch (result.status) {
    case 'not-in-batch':
      return notFound(c);
    case 'blocked':
      return renderError(c, 409, 'Imports are blocked for this creator', `${result.name} asked that works under their address not be imported, so no invitation is sent to them.`);
    case 'unreachable':
      return renderError(c, 409, 'No address for this creator', `There is no address to write to for ${result.name}.`);
    case 'nothing-waiting':
      return renderError(c, 409, 'Nothing is waiting for this creator', `${result.name} has no works left to decide on, so no invitation was sent.`);
    case 'no-mail':
      return renderError(c, 409, 'Mail is not set up', 'This archive has no mailer, so no invitation can be sent.');
    default:
      return null;
  }
}

/**
 * Where to come back to after logging in: a page itself after a GET; after a refused form post,
 * which cannot be replayed, the page its form was on (/imports/3/invitations → /imports/3,
 * /imports/removals/9/delete → /imports).
 */
function formPage(c: WebContext): string {
  if (c.req.method === 'GET') return returnPath(c);
  const batch = /^\/imports\/\d+/.exec(new URL(c.req.url).pathname);
  return batch ? batch[0] : '/imports';
}

export function mountReviewRoutes(app: Hono<AppEnv>): void {
  app.post('/imports/:id/invitations', async (c) => {
    const archivist = await requireRole(c, 'archivist', formPage(c));
    if (archivist instanceof Response) return archivist;
    const id = parseId(c.req.param('id'));
    const batch = id === null ? undefined : await findBatch(c.var.app.db.kysely, id);
    if (!batch) return notFound(c);
    if (!c.var.app.mailer) return refusedResend(c, { name: '', status: 'no-mail' })!;
    const results = await resendInvitations(c.var.app, archivist, batch.id, null);
    const message = results.length === 0 ? 'Every creator of this batch has decided already: no invitation was sent.' : resendSummary(results);
    return redirectWithFlash(c, `/imports/${batch.id}`, message);
  });

  app.post('/imports/:id/creators/:creatorId/invitation', async (c) => {
    const archivist = await requireRole(c, 'archivist', formPage(c));
    if (archivist instanceof Response) return archivist;
    const id = parseId(c.req.param('id'));
    const creatorId = parseId(c.req.param('creatorId'));
    const batch = id === null ? undefined : await findBatch(c.var.app.db.kysely, id);
    if (!batch || creatorId === null) return notFound(c);
    const [result] = await resendInvitations(c.var.app, archivist, batch.id, creatorId);
    const refused = refusedResend(c, result!);
    if (refused) return refused;
    return redirectWithFlash(c, `/imports/${batch.id}`, resendSummary([result!]));
  });

  app.get('/imports/removals/:workId/delete', async (c) => {
    const archivist = await requireRole(c, 'archivist', formPage(c));
    if (archivist instanceof Response) return archivist;
    const workId = parseId(c.req.param('workId'));
    if (workId === null) return notFound(c);
    const request = await removalRequestOf(c.var.app, workId);
    if (!request.ok) return showProblem(c, request.errors);
    return renderPage(
      c,
      { title: 'Delete imported work', noIndex: true },
      <ConfirmPage
        heading={`Delete “${request.value.title}” for good?`}
        message={[
          'Its creator asked for its removal. This deletes the work, its chapters and everything attached to it; it cannot be undone.',
          request.value.keptBy.length > 0 ? `Another of its original creators kept it (${request.value.keptBy.join(', ')}): it goes for them too.` : '',
          'The record of the import keeps its title, who deleted it and when.',
        ].filter(Boolean).join(' ')}
        action={`/imports/removals/${workId}/delete`}
        button="Yes, delete this work"
        cancelHref="/imports"
        csrfToken={c.var.csrfToken}
      />,
    );
  });

  app.post('/imports/removals/:workId/delete', async (c) => {
    const archivist = await requireRole(c, 'archivist', formPage(c));
    if (archivist instanceof Response) return archivist;
    const workId = parseId(c.req.param('workId'));
    if (workId === null) return notFound(c);
    const result = await deleteRequestedWork(c.var.app, archivist, workId);
    if (!result.ok) return result.errors.kind === 'invalid' ? notFound(c) : showProblem(c, result.errors);
    return redirectWithFlash(c, '/imports', `“${result.value.title}” was deleted.`);
  });

  const renderRestore = async (c: WebContext, workId: number, reason: string, errors: Record<string, string>) => {
    const request = await removalRequestOf(c.var.app, workId);
    if (!request.ok) return showProblem(c, request.errors);
    const page = <RestorePage title={request.value.title} requestedAt={request.value.requestedAt} action={`/imports/removals/${workId}/restore`} reason={reason} errors={errors} csrfToken={c.var.csrfToken} />;
    return renderPage(c, { title: 'Restore imported work', noIndex: true }, page, Object.keys(errors).length > 0 ? 422 : 200);
  };

  app.get('/imports/removals/:workId/restore', async (c) => {
    const archivist = await requireRole(c, 'archivist', formPage(c));
    if (archivist instanceof Response) return archivist;
    const workId = parseId(c.req.param('workId'));
    if (workId === null) return notFound(c);
    return renderRestore(c, workId, '', {});
  });

  app.post('/imports/removals/:workId/restore', async (c) => {
    const archivist = await requireRole(c, 'archivist', formPage(c));
    if (archivist instanceof Response) return archivist;
    const workId = parseId(c.req.param('workId'));
    if (workId === null) return notFound(c);
    const form = await readForm(c);
    const parsed = validateForm(restoreSchema, form);
    if (!parsed.ok) return renderRestore(c, workId, form.reason ?? '', parsed.errors);
    const result = await restoreRequestedWork(c.var.app, archivist, workId, parsed.value.reason);
    if (!result.ok) return result.errors.kind === 'invalid' ? renderRestore(c, workId, parsed.value.reason, result.errors.fields) : showProblem(c, result.errors);
    return redirectWithFlash(c, '/imports', `“${result.value.title}” was restored and waits for its creator again.`);
  });
}
