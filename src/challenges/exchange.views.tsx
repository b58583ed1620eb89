import type { ExchangeRun, ExchangeSettings } from '../db/schema.ts';
import type { Collection } from '../db/schema.ts';
import type { FieldErrors } from '../context.ts';
import { CsrfField, ErrorSummary, Field, FORM_ERROR } from '../web/forms.tsx';
import type { AssignmentRow, PinRow } from './exchange.repository.ts';
import { EXCHANGE_TYPES, promptField, TYPE_LABELS, type TagSetting, type TypeRules } from './exchange.schema.ts';
import { promptLines, type RunResult } from './exchange.matching.ts';
import { BlurbList, Pagination } from '../works/blurb.views.tsx';
import type { WorkSummaryView } from '../works/work.presenter.ts';
import { counted } from '../text/plural.ts';

// The gift exchange's pages. Nothing needs JavaScript: the matching page refreshes itself by
// the Refresh header while a run is going, and has a link to do it by hand.

export interface FormState {
  values: Record<string, string>;
  errors: FieldErrors;
}

const base = (c: Collection) => `/collections/${c.name}/exchange`;
const date = (iso: string | null) => (iso ? iso.slice(0, 16).replace('T', ' ') + ' UTC' : 'not set');

export function SettingsForm(props: { collection: Collection; form: FormState; csrfToken: string }) {
  const { values, errors } = props.form;
  return (
    <section>
      <h1>Exchange settings: {props.collection.title}</h1>
      <ErrorSummary errors={errors} />
      <form method="post" action={`${base(props.collection)}/settings`}>
        <CsrfField token={props.csrfToken} />
        <Field name="signupOpensAt" label="Sign-ups open on" value={values.signupOpensAt} error={errors.signupOpensAt} hint="YYYY-MM-DD or a date and time, UTC; empty: now." />
        <Field name="signupClosesAt" label="Sign-ups close on" value={values.signupClosesAt} error={errors.signupClosesAt} />
        <Field name="assignmentsDueAt" label="Assignments due on" value={values.assignmentsDueAt} error={errors.assignmentsDueAt} />
        <Field name="revealWorksAt" label="Reveal works on" value={values.revealWorksAt} error={errors.revealWorksAt} />
        <Field name="revealCreatorsAt" label="Reveal creators on" value={values.revealCreatorsAt} error={errors.revealCreatorsAt} />
        <Field name="requestsMax" label="Requests per sign-up (at most)" value={values.requestsMax ?? '1'} error={errors.requestsMax} />
        <Field name="offersMax" label="Offers per sign-up (at most)" value={values.offersMax ?? '1'} error={errors.offersMax} />
        {EXCHANGE_TYPES.map((type) => (
          <fieldset class="field">
            <legend>{TYPE_LABELS[type].many}</legend>
            <Field name={`tags_${type}`} type="textarea" rows={3} label={`Tag set: ${TYPE_LABELS[type].many}`} hint="One per line or comma separated; empty: not asked for." value={values[`tags_${type}`]} error={errors[`tags_${type}`]} />
            <Field name={`min_${type}`} label="At least, per request or offer" value={values[`min_${type}`]} error={errors[`min_${type}`]} />
            <Field name={`max_${type}`} label="At most, per request or offer" value={values[`max_${type}`]} error={errors[`max_${type}`]} />
            <Field name={`required_${type}`} label="In common for a match" value={values[`required_${type}`]} error={errors[`required_${type}`]} />
          </fieldset>
        ))}
        <button type="submit">Save settings</button>
      </form>
    </section>
  );
}

export function ExchangePage(props: {
  collection: Collection;
  settings: ExchangeSettings | undefined;
  tagSet: TagSetting;
  typeRules: TypeRules;
  closedReason: string | null;
  signedUp: boolean;
  loggedIn: boolean;
  moderator: boolean;
  form: FormState;
  csrfToken: string;
}) {
  const { collection, settings, form } = props;
  const slots = (kind: 'request' | 'offer', count: number) =>
    Array.from({ length: count }, (_, i) => (
      <fieldset class="field">
        <legend>{kind === 'request' ? 'Request' : 'Offer'} {i + 1}</legend>
        {EXCHANGE_TYPES.filter((t) => props.tagSet[t]).map((type) => {
          const rule = props.typeRules[type]!;
          const name = promptField(kind, i, type);
          return <Field name={name} label={TYPE_LABELS[type].many} hint={`${rule.min}–${rule.max}, comma separated, from: ${props.tagSet[type]!.join(', ')}`} value={form.values[name]} error={form.errors[name]} />;
        })}
        <Field name={promptField(kind, i, 'note')} type="textarea" rows={3} label="Prompt or notes" value={form.values[promptField(kind, i, 'note')]} error={form.errors[promptField(kind, i, 'note')]} />
      </fieldset>
    ));
  return (
    <section>
      <h1>{collection.title}: gift exchange</h1>
      {props.moderator ? (
        <p class="actions">
          <a href={`${base(collection)}/settings`}>Settings</a> · <a href={`${base(collection)}/matching`}>Matching</a> · <a href={`${base(collection)}/close`}>Close the challenge</a>
        </p>
      ) : null}
      {!settings ? (
        <p>This exchange is not taking sign-ups yet.</p>
      ) : (
        <>
          <dl>
            <dt>Sign-ups open</dt><dd>{date(settings.signupOpensAt)}</dd>
            <dt>Sign-ups close</dt><dd>{date(settings.signupClosesAt)}</dd>
            <dt>Assignments due</dt><dd>{date(settings.assignmentsDueAt)}</dd>
          </dl>
          {props.closedReason ? <p class="notice" id="signup-closed">{props.closedReason}</p> : null}
          {props.loggedIn ? (
            <form method="post" action={`${base(collection)}/signup`}>
              <h2>{props.signedUp ? 'Your sign-up' : 'Sign up'}</h2>
              <ErrorSummary errors={form.errors} />
              {form.errors[FORM_ERROR] ? <p class="error-message" id="form-error">{form.errors[FORM_ERROR]}</p> : null}
              <CsrfField token={props.csrfToken} />
              {slots('request', settings.requestsMax)}
              {slots('offer', settings.offersMax)}
              <button type="submit">{props.signedUp ? 'Save changes' : 'Sign up'}</button>
            </form>
          ) : (
            <p><a href={`/login?return_to=${encodeURIComponent(base(collection))}`}>Log in</a> to sign up.</p>
          )}
          {props.loggedIn && props.signedUp && !props.closedReason ? (
            <form method="post" action={`${base(collection)}/withdraw`}><CsrfField token={props.csrfToken} /><button type="submit" class="danger">Withdraw my sign-up</button></form>
          ) : null}
          {props.loggedIn ? (
            <form method="post" action={`${base(collection)}/pinch-hitters`}><CsrfField token={props.csrfToken} /><button type="submit">Offer to pinch hit</button></form>
          ) : null}
        </>
      )}
    </section>
  );
}

export function MatchingPage(props: {
  collection: Collection;
  settings: ExchangeSettings;
  run: ExchangeRun | undefined;
  result: RunResult | null;
  pins: PinRow[];
  assignments: AssignmentRow[];
  pinchHitters: string[];
  signups: number;
  pinForm: FormState;
  pinchForm: FormState & { assignmentId?: number };
  csrfToken: string;
}) {
  const { collection, run, result } = props;
  const path = `${base(collection)}/matching`;
  const running = run && (run.status === 'queued' || run.status === 'running');
  const sent = props.settings.sentAt !== null;
  return (
    <section>
      <h1>Matching: {collection.title}</h1>
      <p>{props.signups} active sign-ups.</p>
      <ErrorSummary errors={{ ...props.pinForm.errors }} />
      <p id="run-status">
        {!run ? 'The matcher has not run yet.' : running ? `The matcher is ${run.status}: ${run.done} of ${run.total || props.signups} done.` : run.status === 'failed' ? `The last run failed: ${run.error}` : `Matched at ${date(run.finishedAt)}.`}
        {running ? <> <a href={path}>Refresh</a></> : null}
      </p>
      {!sent ? (
        <form method="post" action={`${path}/run`}><CsrfField token={props.csrfToken} /><button type="submit">{run ? 'Run the matcher again' : 'Run the matcher'}</button></form>
      ) : null}
      {result ? (
        <>
          <h2>Pairs</h2>
          <table id="pairs">
            <thead><tr><th>Giver</th><th>Recipient</th><th>Overlap</th><th>Notes</th></tr></thead>
            <tbody>
              {result.pairs.map((p) => (
                <tr><td>{p.giverLogin}</td><td>{p.recipientLogin}</td><td>{p.score}</td><td>{[p.pinned ? 'pinned' : '', p.compatible ? '' : 'incompatible', p.mutual ? 'mutual' : ''].filter(Boolean).join(', ')}</td></tr>
              ))}
            </tbody>
          </table>
          <h2>Unmatched</h2>
          {result.unmatched.length === 0 ? <p>Everyone is matched.</p> : (
            <ul id="unmatched">{result.unmatched.map((u) => <li>{u.login}: {u.reason}</li>)}</ul>
          )}
          {result.pinProblems.length > 0 ? <ul id="pin-problems">{result.pinProblems.map((p) => <li>{p}</li>)}</ul> : null}
        </>
      ) : null}
      <h2>Pins</h2>
      <ul id="pins">
        {props.pins.map((p) => (
          <li>{p.giverLogin} → {p.recipientLogin} <form method="post" action={`${path}/pins/${p.id}/delete`} class="inline"><CsrfField token={props.csrfToken} /><button type="submit">Remove</button></form></li>
        ))}
      </ul>
      {!sent ? (
        <form method="post" action={`${path}/pins`}>
          <CsrfField token={props.csrfToken} />
          <Field name="giver" label="Giver (login)" value={props.pinForm.values.giver} error={props.pinForm.errors.giver} />
          <Field name="recipient" label="Recipient (login)" value={props.pinForm.values.recipient} error={props.pinForm.errors.recipient} />
          <button type="submit">Pin</button>
        </form>
      ) : null}
      {result && !sent && !running ? (
        <form method="post" action={`${base(collection)}/send`}><CsrfField token={props.csrfToken} /><button type="submit">Send assignments</button></form>
      ) : null}
      {sent ? (
        <>
          <h2>Assignments</h2>
          <p>Pinch hitters: {props.pinchHitters.join(', ') || 'none yet'}.</p>
          <ul id="assignments">
            {props.assignments.map((a) => (
              <li id={`assignment-${a.id}`}>
                {a.giverLogin} → {a.recipientLogin}: {a.status}{a.isPinchHit ? ' (pinch hit)' : ''}
                {a.status === 'defaulted' ? (
                  <form method="post" action={`${base(collection)}/assignments/${a.id}/pinch-hit`}>
                    <CsrfField token={props.csrfToken} />
                    <Field name="login" label="Pinch hitter (login)" value={props.pinchForm.assignmentId === a.id ? props.pinchForm.values.login : ''} error={props.pinchForm.assignmentId === a.id ? props.pinchForm.errors.login : undefined} />
                    <button type="submit">Give to pinch hitter</button>
                  </form>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

export function AssignmentsPage(props: { login: string; assignments: AssignmentRow[]; errors: FieldErrors & { assignmentId?: string }; values: Record<string, string>; csrfToken: string }) {
  return (
    <section>
      <h1>Assignments of {props.login}</h1>
      {props.assignments.length === 0 ? <p>No assignments.</p> : null}
      {props.assignments.map((a) => {
        const mine = String(a.id) === props.errors.assignmentId;
        return (
          <article class="assignment" id={`assignment-${a.id}`}>
            <h2>{a.collectionTitle}: for {a.recipientLogin}{a.isPinchHit ? ' (pinch hit)' : ''}</h2>
            <p class="status">Status: {a.status}</p>
            {a.status === 'sent' ? (
              <>
                {JSON.parse(a.requests).map((r: Parameters<typeof promptLines>[0], i: number) => (
                  <div class="request"><h3>Request {i + 1}</h3><ul>{promptLines(r).map((l) => <li>{l}</li>)}</ul></div>
                ))}
                {mine && props.errors[FORM_ERROR] ? <p class="error-message">{props.errors[FORM_ERROR]}</p> : null}
                <form method="post" action={`/assignments/${a.id}/fulfil`}>
                  <CsrfField token={props.csrfToken} />
                  <Field name="workId" label="Your gift: the work’s number" value={mine ? props.values.workId : ''} error={mine ? props.errors.workId : undefined} />
                  <button type="submit">Post as the gift</button>
                </form>
                <form method="post" action={`/assignments/${a.id}/default`}><CsrfField token={props.csrfToken} /><button type="submit" class="danger">Default (drop this assignment)</button></form>
              </>
            ) : null}
          </article>
        );
      })}
    </section>
  );
}

export function CloseConfirm(props: { collection: Collection; unmatched: { login: string; reason: string }[]; csrfToken: string }) {
  return (
    <section>
      <h1>Close {props.collection.title}?</h1>
      {props.unmatched.length > 0 ? (
        <>
          <p>{props.unmatched.length === 1 ? 'One participant is' : `${props.unmatched.length} participants are`} not matched:</p>
          <ul id="unmatched">{props.unmatched.map((u) => <li>{u.login}: {u.reason}</li>)}</ul>
        </>
      ) : <p>Everyone is matched.</p>}
      <p>Closing ends sign-ups, matching and pins. Gifts may still be posted.</p>
      <form method="post" action={`${base(props.collection)}/close`} class="actions">
        <CsrfField token={props.csrfToken} />
        <button type="submit" class="danger">Close the challenge</button>
        <a href={`${base(props.collection)}/matching`}>Cancel</a>
      </form>
    </section>
  );
}

/** The gift line of a work's page: "For <recipient>", with the recipient's refusal button. */
export function GiftLine(props: { gifts: { id: number; login: string | null; recipientName: string; recipientUserId: number | null }[]; viewerId: number | null; csrfToken: string }) {
  if (props.gifts.length === 0) return null;
  return (
    <div class="gifts">
      {props.gifts.map((g) => (
        <div class="gift">
          For {g.login ? <a href={`/users/${g.login}`}>{g.login}</a> : g.recipientName}
          {props.viewerId !== null && g.recipientUserId === props.viewerId ? (
            <form method="post" action={`/gifts/${g.id}/refuse`} class="inline"><CsrfField token={props.csrfToken} /><button type="submit">Refuse this gift</button></form>
          ) : null}
        </div>
      ))}
    </div>
  );
}

/** /users/:login/gifts: the works given to a user, or (`refused`, for the user alone) those they refused. */
export function GiftsPage(props: { login: string; refused: boolean; own: boolean; works: WorkSummaryView[]; total: number; page: number; pageCount: number }) {
  const self = `/users/${encodeURIComponent(props.login)}/gifts`;
  return (
    <section>
      <h1>{props.refused ? `Gifts ${props.login} refused` : `Gifts for ${props.login}`}</h1>
      <p class="muted">{counted(props.total, props.refused ? 'refused gift' : 'gift')}</p>
      {props.own ? <p class="actions">{props.refused ? <a href={self}>Accepted gifts</a> : <a href={`${self}?refused=true`}>Refused gifts</a>}</p> : null}
      <BlurbList works={props.works} empty={props.refused ? 'No refused gifts.' : 'No gifts yet.'} />
      <Pagination page={props.page} pageCount={props.pageCount} baseUrl={props.refused ? `${self}?refused=true` : self} />
    </section>
  );
}
