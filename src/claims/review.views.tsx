import type { FieldErrors } from '../context.ts';
import { CsrfField, ErrorSummary, Field } from '../web/forms.tsx';
import type { RemovalProblem } from './removal.service.ts';

// The archivists' side of claims: re-sending invitations from a batch page, and the queue of
// removal requests on /imports with its delete and restore pages.

const when = (iso: string | null) => (iso ? iso.slice(0, 16).replace('T', ' ') : '—');

export interface RemovalRequestView {
  id: number;
  title: string;
  batchId: number;
  removalRequestedAt: string | null;
  requestedBy: string | null;
}

export interface RemovalDecisionView {
  id: number;
  event: string;
  workId: number | null;
  workTitle: string | null;
  batchId: number | null;
  actorLogin: string | null;
  note: string | null;
  createdAt: string;
}

const DECISION_LABELS: Record<string, string> = {
  'work-deleted': 'deleted',
  'work-restored': 'restored',
  'removal-withdrawn': 'request withdrawn by the creator',
};

export function RemovalQueue(props: { removals: RemovalRequestView[]; decisions: RemovalDecisionView[] }) {
  return (
    <>
      {props.removals.length > 0 ? (
        <section aria-labelledby="removals-heading">
          <h2 id="removals-heading">Removal requests</h2>
          <p class="hint">Their creators asked for these works to be removed; they are hidden until you delete them, or restore them if the request was a mistake.</p>
          <ul class="removal-requests">
            {props.removals.map((r) => (
              <li>
                <a href={`/works/${r.id}`}>{r.title}</a> (batch <a href={`/imports/${r.batchId}`}>#{r.batchId}</a>, asked {when(r.removalRequestedAt)}
                {r.requestedBy ? ` by ${r.requestedBy}` : ''}){' '}
                <a href={`/imports/removals/${r.id}/delete`}>Delete for good…</a> · <a href={`/imports/removals/${r.id}/restore`}>Restore…</a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {props.decisions.length > 0 ? (
        <section aria-labelledby="decisions-heading">
          <h2 id="decisions-heading">Recent removal decisions</h2>
          <ul class="removal-decisions">
            {props.decisions.map((d) => (
              <li>
                {d.event === 'work-deleted' || !d.workId ? <>“{d.workTitle}”</> : <a href={`/works/${d.workId}`}>{d.workTitle}</a>}
                {d.batchId ? <> (batch <a href={`/imports/${d.batchId}`}>#{d.batchId}</a>)</> : null}: {DECISION_LABELS[d.event] ?? d.event}
                {d.actorLogin ? ` by ${d.actorLogin}` : ''} on {when(d.createdAt)}
                {d.note ? <> — <q>{d.note}</q></> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

export function RestorePage(props: { title: string; requestedAt: string; action: string; reason: string; errors: FieldErrors; csrfToken: string }) {
  return (
    <section>
      <h1>Restore “{props.title}”?</h1>
      <ErrorSummary errors={props.errors} labels={{ reason: 'Reason', form: 'Restore' }} />
      <p>
        Its creator asked for its removal on {when(props.requestedAt)}. Restoring shows it again (to logged-in readers) and puts it back in their hands: their claim
        link works again, and they can claim, orphan or ask for removal once more.
      </p>
      <p>Restore only when the request was a mistake: the creator wrote to say so, or it did not come from them. A creator can also withdraw it themselves from their claim link.</p>
      <form method="post" action={props.action}>
        <CsrfField token={props.csrfToken} />
        <Field name="reason" type="textarea" rows={3} label="Why is it restored?" hint="Kept with your name in the record of this work." value={props.reason} error={props.errors.reason} maxLength={500} required />
        <div class="actions">
          <button type="submit">Restore the work</button> <a href="/imports">Cancel</a>
        </div>
      </form>
    </section>
  );
}

/** What an archivist is told when a work is not (or no longer) waiting for a decision. */
export function removalProblemText(problem: RemovalProblem): { heading: string; message: string } {
  if (problem.kind === 'unknown-work') return { heading: 'No such work', message: 'There is no imported work with that number.' };
  if (problem.kind === 'not-requested') return { heading: 'No removal was requested', message: 'Nobody asked for this work to be removed, so there is nothing to decide.' };
  const what = DECISION_LABELS[problem.event] ?? problem.event;
  return { heading: 'Already decided', message: `This removal request was already decided: ${what}${problem.by ? ` by ${problem.by}` : ''} on ${when(problem.at)}.` };
}

export function ResendAllForm(props: { batchId: number; csrfToken: string }) {
  return (
    <form method="post" action={`/imports/${props.batchId}/invitations`} class="inline">
      <CsrfField token={props.csrfToken} />
      <button type="submit" class="secondary">Re-send invitations to every creator still waiting</button>
    </form>
  );
}

export function ResendButton(props: { batchId: number; creatorId: number; name: string; csrfToken: string }) {
  return (
    <form method="post" action={`/imports/${props.batchId}/creators/${props.creatorId}/invitation`} class="inline">
      <CsrfField token={props.csrfToken} />
      <button type="submit" class="link" aria-label={`Re-send the invitation to ${props.name}`}>re-send invitation</button>
    </form>
  );
}
