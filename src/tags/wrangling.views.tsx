import type { FieldErrors } from '../context.ts';
import type { Tag } from '../db/schema.ts';
import { Checkbox, CsrfField, ErrorSummary, Field, fieldId, RadioGroup } from '../web/forms.tsx';
import { tagEditPath, tagPagePath } from './tag.names.ts';
import { canHaveFandoms, typeLabel } from './tag.rules.ts';
import { TAG_NAME_MAX } from './tag.types.ts';
import type { FandomBin, TagLink } from './wrangling.repository.ts';

export interface EditValues {
  isCanonical: string;
  synonymOf: string;
  fandoms: string;
  metaTags: string;
}

const EDIT_LABELS = { isCanonical: 'Canonical', synonymOf: 'Synonym of', fandoms: 'Fandoms', metaTags: 'Metatags' };

/** The wrangler's form for one tag. Lists are comma-separated names, as in the posting form. */
export function TagEditForm(props: { tag: Tag; values: EditValues; errors: FieldErrors; csrfToken: string; synonyms: TagLink[]; subTags: TagLink[] }) {
  const { tag, values, errors } = props;
  const names = (tags: TagLink[]) => tags.map((t, i) => <>{i > 0 ? ', ' : ''}<a href={tagPagePath(t.urlName)}>{t.name}</a></>);
  return (
    <section>
      <h1>Edit <span class="tag-name">{tag.name}</span> <span class="muted">({typeLabel(tag.type)})</span></h1>
      <ErrorSummary errors={errors} labels={EDIT_LABELS} />
      <form method="post" action={tagEditPath(tag.urlName)} novalidate>
        <CsrfField token={props.csrfToken} />
        <Checkbox name="isCanonical" label="Canonical" checked={values.isCanonical !== ''} error={errors.isCanonical}
          hint="Canonical tags are offered when posting and filter works, with their synonyms and subtags." />
        <Field name="synonymOf" label="Synonym of" value={values.synonymOf} error={errors.synonymOf} maxLength={TAG_NAME_MAX}
          hint="A canonical tag of the same type. Its works will include this tag’s works. Leave empty for none." />
        {canHaveFandoms(tag.type) ? (
          <Field name="fandoms" label="Fandoms" value={values.fandoms} error={errors.fandoms} hint="Canonical fandoms this tag belongs to, separated by commas." />
        ) : null}
        <Field name="metaTags" label="Metatags" value={values.metaTags} error={errors.metaTags}
          hint="Canonical tags of the same type above this one, separated by commas: works under this tag are listed under them too." />
        <dl class="work-meta">
          <dt>Synonyms</dt>
          <dd>{props.synonyms.length > 0 ? names(props.synonyms) : <span class="muted">none</span>}</dd>
          <dt>Subtags</dt>
          <dd>{props.subTags.length > 0 ? names(props.subTags) : <span class="muted">none</span>} <span class="muted">(set on each subtag’s page)</span></dd>
        </dl>
        <div class="actions">
          <button type="submit">Save tag</button>
          <a href={tagPagePath(tag.urlName)}>Cancel</a>
        </div>
      </form>
    </section>
  );
}

export interface BulkValues {
  action: string;
  synonymOf: string;
  tagIds: string[];
}

const BULK_LABELS = { action: 'What to do', synonymOf: 'Synonym of', tagIds: 'Tags' };

/** Checkboxes for unwrangled tags, grouped by type, and one action for the ticked ones. */
function BulkForm(props: { action: string; tags: TagLink[]; fandom: TagLink | null; values: BulkValues; errors: FieldErrors; csrfToken: string }) {
  const { values, errors } = props;
  const types = [...new Set(props.tags.map((t) => t.type))];
  const checked = new Set(values.tagIds);
  const choices = [
    { value: 'canonical', label: 'Make canonical', hint: props.fandom?.name ? `and file them under ${props.fandom.name}` : undefined },
    { value: 'synonym', label: 'Make synonyms of the tag named below' },
    ...(props.fandom ? [{ value: 'fandom', label: `File under ${props.fandom.name}, without making them canonical` }] : []),
  ];
  return (
    <form method="post" action={props.action} novalidate>
      <CsrfField token={props.csrfToken} />
      <ErrorSummary errors={errors} labels={BULK_LABELS} />
      <fieldset id={fieldId('tagIds')} aria-invalid={errors.tagIds ? 'true' : undefined}>
        <legend>Unwrangled tags</legend>
        {errors.tagIds ? <p class="error-message"><span class="visually-hidden">Error: </span>{errors.tagIds}</p> : null}
        {types.map((type) => (
          <>
            <h2>{typeLabel(type)}</h2>
            <div class="choices">
              {props.tags.filter((t) => t.type === type).map((t) => (
                <div class="choice">
                  <input type="checkbox" id={`tag-${t.id}`} name="tagIds" value={String(t.id)} checked={checked.has(String(t.id))} />{' '}
                  <label for={`tag-${t.id}`}>{t.name}</label> <a class="muted" href={tagEditPath(t.urlName)} aria-label={`Edit ${t.name}`}>edit</a>
                </div>
              ))}
            </div>
          </>
        ))}
      </fieldset>
      <RadioGroup name="action" legend="What to do with the ticked tags" choices={choices} value={values.action} error={errors.action} />
      <Field name="synonymOf" label="Synonym of" value={values.synonymOf} error={errors.synonymOf} maxLength={TAG_NAME_MAX} hint="For synonyms: the canonical tag, of the same type." />
      <div class="actions"><button type="submit">Wrangle ticked tags</button></div>
    </form>
  );
}

export function WranglingHome(props: { bins: FandomBin[]; fandoms: TagLink[]; values: BulkValues; errors: FieldErrors; csrfToken: string }) {
  return (
    <section>
      <h1>Tag wrangling</h1>
      <h2>Unwrangled tags by fandom</h2>
      {props.bins.length === 0 ? (
        <p class="muted">Every character, relationship and additional tag in use has been wrangled.</p>
      ) : (
        <table class="plain">
          <thead><tr><th scope="col">Fandom</th><th scope="col">Unwrangled tags</th></tr></thead>
          <tbody>
            {props.bins.map((bin) => (
              <tr>
                <td><a href={`/wrangling/fandoms/${encodeURIComponent(bin.urlName)}`}>{bin.name}</a></td>
                <td>{bin.tagCount.toLocaleString('en')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Unwrangled fandoms</h2>
      {props.fandoms.length === 0 ? (
        <p class="muted">No fandom tags are waiting.</p>
      ) : (
        <BulkForm action="/wrangling" tags={props.fandoms} fandom={null} values={props.values} errors={props.errors} csrfToken={props.csrfToken} />
      )}
    </section>
  );
}

export function FandomBinPage(props: { fandom: TagLink; tags: TagLink[]; values: BulkValues; errors: FieldErrors; csrfToken: string }) {
  return (
    <section>
      <p><a href="/wrangling">All fandoms</a></p>
      <h1>Unwrangled tags in <a href={tagPagePath(props.fandom.urlName)}>{props.fandom.name}</a></h1>
      {props.tags.length === 0 ? (
        <p class="muted">Nothing left to wrangle here.</p>
      ) : (
        <BulkForm
          action={`/wrangling/fandoms/${encodeURIComponent(props.fandom.urlName)}`}
          tags={props.tags}
          fandom={props.fandom}
          values={props.values}
          errors={props.errors}
          csrfToken={props.csrfToken}
        />
      )}
    </section>
  );
}
