import type { FieldErrors } from '../context.ts';
import { Checkbox, CsrfField, ErrorSummary, Field, fieldId } from '../web/forms.tsx';
import { PROMPT_FIELD_LABELS, PROMPT_LIMITS } from './prompt.schema.ts';

export interface PromptSummary {
  id: number;
  title: string;
  description: string | null;
  /** 'Anonymous' for an anonymous prompt, to everyone but its prompter. */
  prompter: string;
  tags: string[];
  claims: { login: string; expired: boolean; mine: boolean }[];
  fills: { workId: number; title: string }[];
}

export interface MemeHeader {
  name: string;
  title: string;
  isClosed: boolean;
  claimDays: number | null;
}

const base = (m: MemeHeader) => `/collections/${m.name}/prompts`;

function PromptBlurb(props: { meme: MemeHeader; prompt: PromptSummary }) {
  const { meme, prompt } = props;
  const live = prompt.claims.filter((x) => !x.expired).length;
  return (
    <li class="prompt">
      <h3>
        <a href={`${base(meme)}/${prompt.id}`}>{prompt.title}</a> <span class="prompter">by {prompt.prompter}</span>
      </h3>
      {prompt.tags.length ? (
        <ul class="tags commas">
          {prompt.tags.map((t) => (
            <li>
              <a href={`${base(meme)}?tag=${encodeURIComponent(t)}`}>{t}</a>
            </li>
          ))}
        </ul>
      ) : null}
      <p class="muted">
        {live} {live === 1 ? 'claim' : 'claims'}, {prompt.fills.length} {prompt.fills.length === 1 ? 'fill' : 'fills'}
      </p>
    </li>
  );
}

export function PromptListPage(props: { meme: MemeHeader; prompts: PromptSummary[]; tag: string | null; unfilled: boolean; loggedIn: boolean; moderator: { csrfToken: string } | null }) {
  const { meme } = props;
  return (
    <section class="prompt-meme">
      <h1>{meme.title}: prompts</h1>
      <p>
        {meme.isClosed ? <span class="closed">This prompt meme is closed. </span> : props.loggedIn ? <a href={`${base(meme)}/new`}>Post a prompt</a> : null}
        {meme.claimDays ? <> · Claims expire after {meme.claimDays} days.</> : null}
      </p>
      {props.moderator ? (
        <form method="post" action={`${base(meme)}/settings`} class="claim-settings">
          <CsrfField token={props.moderator.csrfToken} />
          <Field name="claimDays" label="Claims expire after (days)" type="number" value={meme.claimDays ?? ''} hint="Leave empty for claims that never expire." />
          <button type="submit">Save</button>
        </form>
      ) : null}
      <form method="get" action={base(meme)} class="filters">
        <Field name="tag" label="Tag" value={props.tag ?? ''} />
        <Checkbox name="unfilled" value="1" label="Only unfilled prompts" checked={props.unfilled} />
        <button type="submit">Filter</button>
      </form>
      {props.prompts.length === 0 ? <p>No prompts here yet.</p> : null}
      <ul class="prompts">
        {props.prompts.map((p) => (
          <PromptBlurb meme={meme} prompt={p} />
        ))}
      </ul>
    </section>
  );
}

export function NewPromptPage(props: { meme: MemeHeader; values: Record<string, string>; errors: FieldErrors; csrfToken: string }) {
  const { values, errors } = props;
  return (
    <section>
      <h1>Post a prompt to {props.meme.title}</h1>
      <ErrorSummary errors={errors} labels={PROMPT_FIELD_LABELS} />
      <form method="post" action={base(props.meme)}>
        <CsrfField token={props.csrfToken} />
        <Field name="title" label="Title" value={values.title} error={errors.title} maxLength={PROMPT_LIMITS.title} />
        <Field name="description" label="Description" type="textarea" value={values.description} error={errors.description} maxLength={PROMPT_LIMITS.description} />
        <Field name="tags" label="Tags" value={values.tags} error={errors.tags} hint="Separate tags with commas." />
        <Checkbox name="anonymous" value="1" label="Post anonymously (your name is shown to nobody)" checked={Boolean(values.anonymous)} />
        <button type="submit">Post prompt</button>
      </form>
    </section>
  );
}

export interface PromptPageProps {
  meme: MemeHeader;
  prompt: PromptSummary;
  viewer: { loggedIn: boolean; claimed: boolean; works: { id: number; title: string }[] };
  errors: FieldErrors;
  csrfToken: string;
}

export function PromptPage(props: PromptPageProps) {
  const { meme, prompt, viewer, errors } = props;
  const here = `${base(meme)}/${prompt.id}`;
  return (
    <article class="prompt-page">
      <p>
        <a href={base(meme)}>All prompts of {meme.title}</a>
      </p>
      <h1>{prompt.title}</h1>
      <p class="prompter">by {prompt.prompter}</p>
      {prompt.tags.length ? <p class="tags">Tags: {prompt.tags.join(', ')}</p> : null}
      {prompt.description ? <div class="userstuff description">{prompt.description}</div> : null}
      <ErrorSummary errors={errors} labels={PROMPT_FIELD_LABELS} />
      <h2>Claims</h2>
      {prompt.claims.length === 0 ? <p>Nobody has claimed it yet.</p> : null}
      <ul class="claims">
        {prompt.claims.map((x) => (
          <li class={x.expired ? 'claim expired' : 'claim'}>
            {x.login}
            {x.expired ? ' (expired)' : null}
          </li>
        ))}
      </ul>
      {viewer.loggedIn && !meme.isClosed ? (
        <form method="post" action={`${here}/${viewer.claimed ? 'unclaim' : 'claim'}`}>
          <CsrfField token={props.csrfToken} />
          <button type="submit">{viewer.claimed ? 'Unclaim' : 'Claim'}</button>
        </form>
      ) : null}
      <h2>Fills</h2>
      {prompt.fills.length === 0 ? <p>Not filled yet.</p> : null}
      <ul class="fills">
        {prompt.fills.map((f) => (
          <li>
            <a href={`/works/${f.workId}`}>{f.title}</a>
          </li>
        ))}
      </ul>
      {viewer.loggedIn && !meme.isClosed ? (
        <form method="post" action={`${here}/fill`} class="fill">
          <CsrfField token={props.csrfToken} />
          <label for={fieldId('workId')}>Fill it with one of your works in {meme.title}</label>
          <select name="workId" id={fieldId('workId')}>
            {viewer.works.map((w) => (
              <option value={String(w.id)}>{w.title}</option>
            ))}
          </select>
          {errors.workId ? (
            <p class="error-message" id={`${fieldId('workId')}-error`}>
              {errors.workId}
            </p>
          ) : null}
          <button type="submit">Fill</button>
          <p class="hint">
            Not written yet? <a href="/works/new">Post a new work</a>, add it to {meme.title}, then come back.
          </p>
        </form>
      ) : null}
    </article>
  );
}

export function ClaimsPage(props: { login: string; claims: { promptId: number; title: string; name: string; collectionTitle: string; expired: boolean }[] }) {
  return (
    <section>
      <h1>Prompts claimed by {props.login}</h1>
      {props.claims.length === 0 ? <p>No claims.</p> : null}
      <ul class="prompt-claims">
        {props.claims.map((x) => (
          <li class={x.expired ? 'claim expired' : 'claim'}>
            <a href={`/collections/${x.name}/prompts/${x.promptId}`}>{x.title}</a> in {x.collectionTitle}
            {x.expired ? ' (expired)' : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
