import type { Child } from 'hono/jsx';
import { z } from 'zod';
import { invalid, ok, type FieldErrors, type Result } from '../context.ts';
import type { WebContext } from './env.ts';
import { counted } from '../text/plural.ts';

// Form building blocks shared by every feature. Each control gets the id `field-<name>`, so an
// error summary can link straight to it; hints and errors are tied to their control with
// aria-describedby, and a wrong control says so with aria-invalid (GOV.UK's pattern, which
// screen readers announce well). Nothing here needs JavaScript.

/** Key of a message that belongs to the whole form rather than one field. */
export const FORM_ERROR = 'form';

export function fieldId(name: string): string {
  return `field-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

function Hint(props: { id: string; hint?: Child }) {
  return props.hint ? <p class="hint" id={`${props.id}-hint`}>{props.hint}</p> : null;
}

function ErrorMessage(props: { id: string; error?: string | null | undefined }) {
  return props.error ? (
    <p class="error-message" id={`${props.id}-error`}>
      <span class="visually-hidden">Error: </span>
      {props.error}
    </p>
  ) : null;
}

export interface FieldProps {
  /** The form field's name; the control's id is `fieldId(name)`. */
  name: string;
  label: Child;
  type?: 'text' | 'email' | 'password' | 'search' | 'url' | 'number' | 'date' | 'textarea';
  /** What was typed before; never rendered for passwords. */
  value?: string | number | null | undefined;
  error?: string | null | undefined;
  hint?: Child;
  required?: boolean;
  /** Sets the browser's limit; the server checks again, so this is only a courtesy. */
  maxLength?: number;
  autocomplete?: string;
  autofocus?: boolean;
  /** Textarea height in lines. */
  rows?: number;
  /** Extra class on the control, e.g. `chapter-text`. */
  class?: string;
  /** Tag type whose canonical names the optional script suggests (see assets/autocomplete.js). */
  autocompleteTags?: string;
}

/** One labelled text control (input or textarea) with its hint and error message. */
export function Field(props: FieldProps) {
  const id = fieldId(props.name);
  const type = props.type ?? 'text';
  const common = {
    id,
    name: props.name,
    required: props.required,
    maxlength: props.maxLength,
    autocomplete: props.autocomplete,
    autofocus: props.autofocus,
    class: props.class,
    'aria-describedby': describedBy(id, props.hint, props.error),
    'aria-invalid': props.error ? 'true' : undefined,
    'data-autocomplete': props.autocompleteTags,
  };
  const value = props.value === null || props.value === undefined ? '' : String(props.value);
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <Hint id={id} hint={props.hint} />
      <ErrorMessage id={id} error={props.error} />
      {type === 'textarea' ? (
        <textarea {...common} rows={props.rows ?? 6}>{value}</textarea>
      ) : (
        <input {...common} type={type} value={type === 'password' ? '' : value} />
      )}
    </div>
  );
}

export interface CheckboxProps {
  name: string;
  label: Child;
  checked?: boolean;
  /** Sent when ticked; an unticked box sends nothing. */
  value?: string;
  hint?: Child;
  error?: string | null | undefined;
}

/** A single checkbox with its label after it, as people expect. */
export function Checkbox(props: CheckboxProps) {
  const id = fieldId(props.name);
  return (
    <div class="field checkbox">
      <ErrorMessage id={id} error={props.error} />
      <div class="choice">
        <input
          type="checkbox"
          id={id}
          name={props.name}
          value={props.value ?? '1'}
          checked={props.checked ?? false}
          aria-describedby={describedBy(id, props.hint, props.error)}
          aria-invalid={props.error ? 'true' : undefined}
        />{' '}
        <label for={id}>{props.label}</label>
      </div>
      <Hint id={id} hint={props.hint} />
    </div>
  );
}

export interface Choice {
  value: string;
  label: Child;
  hint?: Child;
}

export interface RadioGroupProps {
  name: string;
  legend: Child;
  choices: Choice[];
  value?: string | null | undefined;
  hint?: Child;
  error?: string | null | undefined;
  required?: boolean;
}

/** A fieldset of radio buttons; the first one carries `fieldId(name)` for error links. */
export function RadioGroup(props: RadioGroupProps) {
  const id = fieldId(props.name);
  return (
    <fieldset class="field" aria-describedby={describedBy(id, props.hint, props.error)}>
      <legend>{props.legend}</legend>
      <Hint id={id} hint={props.hint} />
      <ErrorMessage id={id} error={props.error} />
      {props.choices.map((choice, index) => {
        const choiceId = index === 0 ? id : `${id}-${choice.value.replace(/[^A-Za-z0-9_-]/g, '-')}`;
        return (
          <div class="choice">
            <input
              type="radio"
              id={choiceId}
              name={props.name}
              value={choice.value}
              checked={props.value === choice.value}
              required={props.required}
              aria-invalid={props.error ? 'true' : undefined}
              aria-describedby={choice.hint ? `${choiceId}-hint` : undefined}
            />{' '}
            <label for={choiceId}>{choice.label}</label>
            {choice.hint ? <p class="hint" id={`${choiceId}-hint`}>{choice.hint}</p> : null}
          </div>
        );
      })}
    </fieldset>
  );
}

export interface SelectProps {
  name: string;
  label: Child;
  options: { value: string; label: string }[];
  value?: string | null | undefined;
  hint?: Child;
  error?: string | null | undefined;
  required?: boolean;
}

/** A labelled drop-down list. */
export function Select(props: SelectProps) {
  const id = fieldId(props.name);
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <Hint id={id} hint={props.hint} />
      <ErrorMessage id={id} error={props.error} />
      <select
        id={id}
        name={props.name}
        required={props.required}
        aria-describedby={describedBy(id, props.hint, props.error)}
        aria-invalid={props.error ? 'true' : undefined}
      >
        {props.options.map((option) => (
          <option value={option.value} selected={props.value === option.value}>{option.label}</option>
        ))}
      </select>
    </div>
  );
}

/**
 * The list of problems at the top of a form, each linking to its field. `labels` names the
 * fields; a message under `FORM_ERROR` (or a name without a label) is shown without a link.
 */
export function ErrorSummary(props: { errors: FieldErrors; labels?: Record<string, string>; heading?: string }) {
  const entries = Object.entries(props.errors);
  if (entries.length === 0) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1}>
      <h2 id="error-summary-title">{props.heading ?? (entries.length === 1 ? 'There is a problem' : `There are ${counted(entries.length, 'problem')}`)}</h2>
      <ul>
        {entries.map(([name, message]) => {
          const label = props.labels?.[name];
          return <li>{label && name !== FORM_ERROR ? <a href={`#${fieldId(name)}`}>{label}: {message}</a> : message}</li>;
        })}
      </ul>
    </div>
  );
}

/** The hidden CSRF field every state-changing form must carry (see csrf.ts). */
export function CsrfField(props: { token: string }) {
  return <input type="hidden" name="_csrf" value={props.token} />;
}

/** Form fields as strings: the last value of a repeated name wins, uploads and `_csrf` are left out. */
export async function readForm(c: WebContext): Promise<Record<string, string>> {
  return (await readFormLists(c)).values;
}

/** The same, with every value of each name as well, for checkboxes that share a name. */
export async function readFormLists(c: WebContext): Promise<{ values: Record<string, string>; lists: Record<string, string[]> }> {
  const body = await c.req.parseBody({ all: true });
  const values: Record<string, string> = {};
  const lists: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(body)) {
    if (name === '_csrf') continue;
    const strings = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
    if (strings.length === 0) continue;
    values[name] = strings[strings.length - 1]!;
    lists[name] = strings;
  }
  return { values, lists };
}

/** Runs a zod schema over form input; problems come back keyed by field, first message per field. */
export function validateForm<S extends z.ZodType>(schema: S, input: unknown): Result<z.output<S>> {
  const result = schema.safeParse(input);
  if (result.success) return ok(result.data);
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const name = issue.path.length > 0 ? String(issue.path[0]) : FORM_ERROR;
    errors[name] ??= issue.message;
  }
  return invalid(errors);
}

/**
 * A text field for a zod form schema: missing counts as empty, surrounding spaces are trimmed
 * (unless `trim: false`, for passwords), and anything longer than `max` is refused with a message.
 */
export function formText(max: number, options: { trim?: boolean } = {}) {
  const tooLong = `That is too long: use at most ${max.toLocaleString('en')} characters.`;
  const base = options.trim === false ? z.string() : z.string().trim();
  return z
    .string({ error: 'Enter text here.' })
    .optional()
    .transform((v) => v ?? '')
    .pipe(base.max(max, tooLong));
}

/** A checkbox for a zod form schema: ticked when any value was sent. */
export function formCheckbox() {
  return z
    .string()
    .optional()
    .transform((v) => v !== undefined && v !== '');
}
