import type { FieldErrors } from '../context.ts';
import { Checkbox, CsrfField, ErrorSummary, RadioGroup, Select } from '../web/forms.tsx';
import { counted } from '../text/plural.ts';

// The claim pages: a link that does not work, the invitation to log in, and the choice itself.

export interface ClaimWorkView {
  id: number;
  title: string;
  state: string;
}

export interface ClaimFormValues {
  action: string;
  pseudId: string;
  makePublic: boolean;
  block: boolean;
}

const STATE_LABELS: Record<string, string> = {
  unclaimed: 'waiting for your decision',
  claimed: 'claimed',
  orphaned: 'orphaned',
  'removal-requested': 'removal requested',
};

const labels = { action: 'What to do', pseudId: 'Pseud', form: 'Claim' };

export function ClaimLinkProblem(props: { expired: boolean }) {
  return (
    <section>
      <h1>{props.expired ? 'This claim link has expired' : 'This claim link is not valid'}</h1>
      <p>
        {props.expired
          ? 'Claim links last a limited time. Write to the archivists from the address the invitation went to, and they will send you a new one.'
          : 'Check that you copied the whole link from the e-mail. If it still does not work, write to the archivists.'}
      </p>
    </section>
  );
}

export function ClaimLoginPage(props: { name: string; loginHref: string }) {
  return (
    <section>
      <h1>Works by {props.name}</h1>
      <p>Stories credited to {props.name} were rescued from an old archive. To claim them, orphan them, or ask for their removal, log in first.</p>
      <p class="actions">
        <a class="button" href={props.loginHref}>Log in</a>
        <a class="button secondary" href="/signup">Create an account</a>
      </p>
      <p class="hint">New here? Create an account, then follow the link in your e-mail again.</p>
    </section>
  );
}

function WorkList(props: { works: ClaimWorkView[] }) {
  return (
    <ul>
      {props.works.map((w) => (
        <li><a href={`/works/${w.id}`}>{w.title}</a> <span class="muted">({STATE_LABELS[w.state] ?? w.state})</span></li>
      ))}
    </ul>
  );
}

export function ClaimPage(props: {
  name: string;
  action: string;
  works: ClaimWorkView[];
  pseuds: { id: number; name: string }[];
  isBlocked: boolean;
  isViewersAddress: boolean;
  withdrawAction: string;
  values: ClaimFormValues;
  errors: FieldErrors;
  csrfToken: string;
}) {
  const pending = props.works.filter((w) => w.state === 'unclaimed');
  const removalAsked = props.works.some((w) => w.state === 'removal-requested');
  return (
    <section class="claim">
      <h1>Works by {props.name}</h1>
      <ErrorSummary errors={props.errors} labels={labels} />
      {props.isViewersAddress ? (
        <p class="flash">This invitation was sent to the address of the account you are logged in with. Your default pseud is chosen below; nothing is claimed until you save.</p>
      ) : null}
      <WorkList works={props.works} />
      {removalAsked ? (
        <form method="post" action={props.withdrawAction}>
          <CsrfField token={props.csrfToken} />
          <p>
            You asked for the removal of the works marked so above; they are hidden until the archivists remove them. Changed your mind?{' '}
            <button type="submit" class="secondary">Withdraw my removal request</button>
          </p>
        </form>
      ) : null}
      {props.isBlocked ? <p class="flash">Future imports under this address are blocked.</p> : null}
      {pending.length === 0 && props.isBlocked ? null : (
      <form method="post" action={props.action}>
        <CsrfField token={props.csrfToken} />
        {pending.length > 0 ? (
          <>
            <RadioGroup
              name="action"
              legend={`What should happen to the ${pending.length === 1 ? 'work' : counted(pending.length, 'work')} waiting for you?`}
              value={props.values.action}
              error={props.errors.action}
              choices={[
                { value: 'claim', label: 'Claim them to one of my pseuds', hint: 'They become yours: you can edit, orphan or delete them like anything you post.' },
                { value: 'orphan', label: 'Orphan them', hint: 'They stay on the archive under orphan_account, with no link to you.' },
                { value: 'remove', label: 'Ask for their removal', hint: 'They are hidden at once, and the archivists remove them.' },
                { value: 'none', label: 'Leave them with the archivist for now' },
              ]}
            />
            <Select name="pseudId" label="Pseud to claim them to" value={props.values.pseudId} error={props.errors.pseudId} options={props.pseuds.map((p) => ({ value: String(p.id), label: p.name }))} />
            <Checkbox
              name="makePublic"
              label="Show claimed works to everyone, not only to logged-in readers"
              checked={props.values.makePublic}
              hint="Imported works are restricted to logged-in readers. Leave this unticked to keep them so; you can change it later by editing each work."
            />
          </>
        ) : <input type="hidden" name="action" value="none" />}
        {props.isBlocked ? null : (
          <Checkbox name="block" label="Do not import any more works under my old address" checked={props.values.block} hint="The importer will skip works credited to this address from now on." />
        )}
        <div class="actions"><button type="submit">Save my choice</button></div>
      </form>
      )}
    </section>
  );
}
