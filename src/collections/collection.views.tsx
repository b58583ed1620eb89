import type { Child } from 'hono/jsx';
import type { FieldErrors } from '../context.ts';
import type { Collection } from '../db/schema.ts';
import { Checkbox, CsrfField, ErrorSummary, Field, Select } from '../web/forms.tsx';
import type { ItemRow, ParticipantRow } from './collection.repository.ts';
import { COLLECTION_FIELD_LABELS, COLLECTION_LIMITS } from './collection.schema.ts';
import { describeWordRule, wordRuleOf } from './word-rule.ts';

// The pages of collections: the index, the form, a collection's page with its settings said
// plainly, its people, and the lists of items waiting on someone.

export const collectionPath = (name: string) => `/collections/${encodeURIComponent(name)}`;

export interface FormState {
  values: Record<string, string>;
  errors: FieldErrors;
}

const status = (c: Collection) => (c.isClosed ? 'Closed: no new works' : c.isModerated ? 'Moderated: works wait for a moderator’s approval' : 'Open: anyone may add a work');

export function CollectionIndex(props: { collections: Collection[]; loggedIn: boolean }) {
  return (
    <section>
      <h1>Collections</h1>
      {props.loggedIn ? <p class="actions"><a href="/collections/new">New collection</a></p> : null}
      {props.collections.length === 0 ? <p class="muted">There are no collections yet.</p> : null}
      <ul class="collections">
        {props.collections.map((c) => (
          <li><a href={collectionPath(c.name)}>{c.title}</a> <span class="muted">({c.name}) {status(c)}</span></li>
        ))}
      </ul>
    </section>
  );
}

export function CollectionForm(props: { form: FormState; action: string; isNew: boolean; csrfToken: string }) {
  const { values, errors } = props.form;
  const L = COLLECTION_FIELD_LABELS;
  return (
    <section>
      <h1>{props.isNew ? 'New collection' : 'Collection settings'}</h1>
      <ErrorSummary errors={errors} labels={L} />
      <form method="post" action={props.action} novalidate>
        <CsrfField token={props.csrfToken} />
        {props.isNew ? (
          <Field name="name" label={L.name!} value={values.name} error={errors.name} hint="The address: letters, digits and underscores, no spaces." maxLength={COLLECTION_LIMITS.name} required />
        ) : (
          <input type="hidden" name="name" value={values.name ?? ''} />
        )}
        <Field name="title" label={L.title!} value={values.title} error={errors.title} maxLength={COLLECTION_LIMITS.title} required />
        {props.isNew ? <Field name="parentName" label={L.parentName!} value={values.parentName} error={errors.parentName} hint="For a sub-collection (a round of a challenge): the parent's name. Only its owners may." /> : null}
        <Field name="description" type="textarea" label={L.description!} value={values.description} error={errors.description} rows={4} />
        <Field name="rules" type="textarea" label={L.rules!} value={values.rules} error={errors.rules} rows={4} />
        <Checkbox name="isModerated" label="Moderated: works wait for approval" checked={!!values.isModerated} error={errors.isModerated} />
        <Checkbox name="isClosed" label="Closed: no new works" checked={!!values.isClosed} error={errors.isClosed} />
        <Checkbox name="isAnonymous" label="Anonymous: creators hidden until revealed" checked={!!values.isAnonymous} error={errors.isAnonymous} />
        <Checkbox name="isUnrevealed" label="Unrevealed: works hidden until revealed" checked={!!values.isUnrevealed} error={errors.isUnrevealed} />
        <Field name="revealWorksAt" label={L.revealWorksAt!} value={values.revealWorksAt} error={errors.revealWorksAt} hint="YYYY-MM-DD or a date and time, UTC. Empty: a moderator reveals by hand." />
        <Field name="revealCreatorsAt" label={L.revealCreatorsAt!} value={values.revealCreatorsAt} error={errors.revealCreatorsAt} />
        <Select name="wordRule" label={L.wordRule!} value={values.wordRule} error={errors.wordRule} options={[{ value: '', label: 'None' }, { value: 'exactly', label: 'Exactly' }, { value: 'at_most', label: 'At most' }, { value: 'multiple_of', label: 'A multiple of' }]} />
        <Field name="wordRuleCount" label={L.wordRuleCount!} value={values.wordRuleCount} error={errors.wordRuleCount} />
        <Select name="wordRuleScope" label={L.wordRuleScope!} value={values.wordRuleScope} error={errors.wordRuleScope} options={[{ value: 'work', label: 'Work' }, { value: 'chapter', label: 'Chapter' }]} />
        <div class="actions"><button type="submit">{props.isNew ? 'Create collection' : 'Save settings'}</button></div>
      </form>
    </section>
  );
}

export function CollectionPage(props: { collection: Collection; parent: Collection | undefined; subCollections: Collection[]; people: ParticipantRow[]; role: string | undefined; challenge?: Child; csrfToken: string }) {
  const { collection: c } = props;
  const rule = wordRuleOf(c);
  const base = collectionPath(c.name);
  const byRole = (role: string) => props.people.filter((p) => p.role === role).map((p) => p.login).join(', ') || 'none';
  const maintains = props.role === 'owner' || props.role === 'moderator';
  return (
    <section>
      <h1>{c.title}</h1>
      {props.parent ? <p>Part of <a href={collectionPath(props.parent.name)}>{props.parent.title}</a></p> : null}
      {c.description ? <p class="description">{c.description}</p> : null}
      <dl class="collection-settings">
        <div><dt>Status:</dt><dd>{status(c)}</dd></div>
        <div><dt>Anonymous:</dt><dd>{c.isAnonymous ? `Yes: creators are hidden${c.revealCreatorsAt ? ` until ${c.revealCreatorsAt.slice(0, 16).replace('T', ' ')} UTC` : ' until a moderator reveals them'}` : 'No'}</dd></div>
        <div><dt>Unrevealed:</dt><dd>{c.isUnrevealed ? `Yes: works are hidden${c.revealWorksAt ? ` until ${c.revealWorksAt.slice(0, 16).replace('T', ' ')} UTC` : ' until a moderator reveals them'}` : 'No'}</dd></div>
        <div><dt>Word rule:</dt><dd>{rule ? describeWordRule(rule) : 'None'}</dd></div>
        <div><dt>Owners:</dt><dd>{byRole('owner')}</dd></div>
        <div><dt>Moderators:</dt><dd>{byRole('moderator')}</dd></div>
      </dl>
      {c.rules ? <><h2>Rules</h2><p class="rules">{c.rules}</p></> : null}
      {props.subCollections.length > 0 ? (
        <>
          <h2>Sub-collections</h2>
          <ul class="sub-collections">{props.subCollections.map((s) => <li><a href={collectionPath(s.name)}>{s.title}</a></li>)}</ul>
        </>
      ) : null}
      <p class="actions">
        <a href={`${base}/works`}>Works</a>
        {maintains ? <a href={`${base}/items`}>Review works</a> : null}
        {props.role === 'owner' ? <a href={`${base}/edit`}>Settings</a> : null}
        {props.role === 'owner' ? <a href={`${base}/participants`}>People</a> : null}
        {props.role === 'owner' ? <a href={`/collections/new?parent=${encodeURIComponent(c.name)}`}>New sub-collection</a> : null}
        {maintains && c.isUnrevealed ? <a href={`${base}/reveal/works`}>Reveal works</a> : null}
        {maintains && c.isAnonymous ? <a href={`${base}/reveal/creators`}>Reveal creators</a> : null}
      </p>
      {props.challenge ?? null}
      {props.role === 'invited' ? (
        <form method="post" action={`${base}/membership`} class="actions">
          <CsrfField token={props.csrfToken} />
          <span>You are invited to be a member.</span>
          <button type="submit" name="answer" value="accept">Accept</button>
          <button type="submit" name="answer" value="decline" class="secondary">Decline</button>
        </form>
      ) : null}
    </section>
  );
}

export function ParticipantsPage(props: { collection: Collection; people: ParticipantRow[]; form: FormState; csrfToken: string }) {
  const base = collectionPath(props.collection.name);
  const { values, errors } = props.form;
  return (
    <section>
      <h1>People of {props.collection.title}</h1>
      <ErrorSummary errors={errors} labels={{ login: 'Login' }} />
      <ul>
        {props.people.map((p) => (
          <li>
            {p.login} ({p.role === 'invited' ? 'invited to be a member' : p.role}){' '}
            <form method="post" action={`${base}/participants/${p.userId}/remove`} class="inline">
              <CsrfField token={props.csrfToken} />
              <button type="submit" class="secondary">Remove</button>
            </form>
          </li>
        ))}
      </ul>
      <form method="post" action={`${base}/participants`} novalidate>
        <CsrfField token={props.csrfToken} />
        <Field name="login" label="Login" value={values.login} error={errors.login} required />
        <Select name="role" label="As" value={values.role ?? 'moderator'} error={errors.role} options={[{ value: 'moderator', label: 'Moderator' }, { value: 'owner', label: 'Owner' }, { value: 'member', label: 'Member (invited)' }]} />
        <div class="actions"><button type="submit">Add</button></div>
      </form>
    </section>
  );
}

const side = (s: string) => (s === 'approved' ? 'approved' : s === 'rejected' ? 'rejected' : 'waiting');

/** Items with the viewer's answer buttons. `asCreator`: the creator's page; else the moderators'. */
export function ItemList(props: { heading: string; items: ItemRow[]; asCreator: boolean; csrfToken: string; empty: string }) {
  return (
    <section>
      <h1>{props.heading}</h1>
      {props.items.length === 0 ? <p class="muted">{props.empty}</p> : null}
      <ul class="items">
        {props.items.map((i) => {
          const mine = props.asCreator ? i.creatorStatus : i.collectionStatus;
          return (
            <li class="item" data-item={i.id}>
              <a href={`/works/${i.workId}`}>{i.workTitle}</a> in <a href={collectionPath(i.name)}>{i.title}</a>:{' '}
              <span class="status">creator {side(i.creatorStatus)}, collection {side(i.collectionStatus)}</span>
              <form method="post" action={`/collection_items/${i.id}`} class="actions">
                <CsrfField token={props.csrfToken} />
                {mine !== 'approved' ? <button type="submit" name="decision" value="approved">Approve</button> : null}
                {mine !== 'rejected' ? <button type="submit" name="decision" value="rejected" class="secondary">Reject</button> : null}
                <a href={`/collection_items/${i.id}/remove`}>Remove</a>
              </form>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/**
 * On a work's page: the collections it is in; for its creators the form to add it to one, and
 * for a moderator of other collections the form to invite it to one of theirs.
 */
export function WorkCollections(props: { workId: number; collections: { name: string; title: string }[]; canAdd: boolean; inviteTo?: { name: string; title: string }[]; error?: string | undefined; value?: string | undefined; csrfToken: string }) {
  return (
    <section class="work-collections" aria-label="Collections">
      {props.collections.length > 0 ? (
        <p>Collections: {props.collections.map((c, i) => <>{i > 0 ? ', ' : ''}<a href={collectionPath(c.name)}>{c.title}</a></>)}</p>
      ) : null}
      {props.canAdd ? (
        <form method="post" action={`/works/${props.workId}/collection_items`} novalidate>
          <CsrfField token={props.csrfToken} />
          <Field name="collections" label="Add to Collections" value={props.value} error={props.error} hint="A collection's name." />
          <div class="actions"><button type="submit">Add</button></div>
        </form>
      ) : null}
      {!props.canAdd && props.inviteTo && props.inviteTo.length > 0 ? (
        <form method="post" action={`/works/${props.workId}/collection_items`} class="invite-to-collection" novalidate>
          <CsrfField token={props.csrfToken} />
          <Select name="collections" label="Invite to collection" value="" options={props.inviteTo.map((c) => ({ value: c.name, label: c.title }))} hint="One you moderate. The work joins once its creator accepts." />
          <div class="actions"><button type="submit">Invite</button></div>
        </form>
      ) : null}
    </section>
  );
}

/**
 * The work form's "Collections" fieldset (AO3's): the collections the work is in or asked into,
 * and names to add it to. Taking it out stays on its page's Remove links, which warn first when
 * leaving would reveal it.
 */
export function WorkCollectionsField(props: { value: string; error: string | undefined; current: { id: number; name: string; title: string; creatorStatus: string; collectionStatus: string }[] }) {
  return (
    <fieldset>
      <legend>Collections</legend>
      {props.current.length > 0 ? (
        <ul class="current-collections">
          {props.current.map((i) => (
            <li><a href={collectionPath(i.name)}>{i.title}</a> <span class="muted">(creator {side(i.creatorStatus)}, collection {side(i.collectionStatus)})</span> <a href={`/collection_items/${i.id}/remove`}>Remove</a></li>
          ))}
        </ul>
      ) : null}
      <Field name="collections" label="Add to Collections (optional)" value={props.value} error={props.error} hint="Collection names, separated by commas. A moderated collection shows the work once a moderator approves it." />
    </fieldset>
  );
}
