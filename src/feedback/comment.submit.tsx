import { clientAddress } from '../accounts/account.http.ts';
import type { FieldErrors } from '../context.ts';
import type { WebContext } from '../web/env.ts';
import { FORM_ERROR, validateForm } from '../web/forms.tsx';
import { renderPage } from '../web/layout.tsx';
import { parseId } from '../web/params.ts';
import { loginPath, redirectWithFlash } from '../web/respond.ts';
import { backTo, type WorkLoad } from './comment.http.ts';
import type { CommentRow } from './comment.repository.ts';
import { commentFormSchema, guestFormSchema } from './comment.schema.ts';
import { decideAnswer, postComment, RATE_LIMITED, type CommentAuthor } from './comment.service.ts';
import { honeypotTripped } from './honeypot.tsx';
import { COMMENT_REFUSALS, CommentRefused, UNPUBLISHED } from './comment.views.tsx';

// Posting a comment or a reply, from whichever page its form is on.

export type Status = 200 | 403 | 404 | 409 | 422 | 429;

export const POSTED = 'Comment created!';
export const HELD = 'Thank you: your comment will appear once the work’s creators approve it.';

/** Where no form can be shown again: the answer, and the reader's text to keep. */
export function refusedPage(c: WebContext, status: 403 | 404, message: string, typed: string) {
  const heading = status === 404 ? 'Page not found' : 'Your comment was not posted';
  const link = c.var.viewer ? null : { href: loginPath(new URL(c.req.url).pathname), text: 'Log in' };
  return renderPage(c, { title: heading, noIndex: true }, <CommentRefused heading={heading} message={message} typed={typed} link={status === 403 ? link : null} />, status);
}

export interface Submission {
  load: WorkLoad;
  chapterId: number;
  parent: CommentRow | null;
  values: Record<string, string>;
  /** The page with the form again, as typed, with the errors. */
  again: (errors: FieldErrors, status: Status) => Promise<Response> | Response;
  /** Where to go once posted, unless the form asked to come back somewhere. */
  done: (commentId: number) => string;
}

/**
 * Posts a comment or reply: who may (comment.policy), what was typed (the schema), then the
 * service. Every refusal keeps what the reader wrote.
 */
export async function submitComment(c: WebContext, s: Submission): Promise<Response> {
  const { work, creators } = s.load;
  const viewer = c.var.viewer;
  const decision = await decideAnswer(c.var.app.db.kysely, viewer, work, creators, s.parent);
  const typed = s.values.body ?? '';
  if (decision === 'not-found') return refusedPage(c, 404, 'There is no such work: it may have been deleted.', typed);
  if (decision === 'login-required') return refusedPage(c, 403, COMMENT_REFUSALS['login-required'], typed);
  if (decision === 'unpublished') return s.again({ [FORM_ERROR]: UNPUBLISHED }, 409);
  if (decision !== 'allowed') return s.again({ [FORM_ERROR]: COMMENT_REFUSALS[decision] }, 403);
  let author: CommentAuthor;
  if (viewer) {
    const form = validateForm(commentFormSchema, s.values);
    if (!form.ok) return s.again(form.errors, 422);
    const pseudId = form.value.pseud_id ? parseId(form.value.pseud_id) : null;
    if (form.value.pseud_id && pseudId === null) return s.again({ pseud_id: 'Choose one of your own pseuds.' }, 422);
    author = { kind: 'account', viewer, pseudId, address: clientAddress(c) };
  } else {
    const form = validateForm(guestFormSchema, s.values);
    if (!form.ok) return s.again(form.errors, 422);
    author = { kind: 'guest', name: form.value.name, email: form.value.email, address: clientAddress(c) };
  }
  // A robot that filled the honeypot is told its comment was taken; nothing is stored.
  if (honeypotTripped(s.values)) return redirectWithFlash(c, `/works/${work.id}/comments`, POSTED);
  const result = await postComment(c.var.app, { work, creators, chapterId: s.chapterId, parent: s.parent, author, body: s.values.body ?? '' });
  if (!result.ok) return s.again(result.errors, RATE_LIMITED in result.errors ? 429 : 422);
  const { commentId, status } = result.value;
  return redirectWithFlash(c, backTo(s.values.return_to, s.done(commentId)), status === 'published' ? POSTED : HELD);
}

