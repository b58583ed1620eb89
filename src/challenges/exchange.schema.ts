import { z } from 'zod';
import type { FieldErrors } from '../context.ts';
import { formText } from '../web/forms.tsx';

// The gift exchange's forms: the moderators' settings and a participant's sign-up. The tag set
// is a simple list of names per type; a request or offer names tags of those types, comma
// separated, and every name must be in the set (compared without case).

export const EXCHANGE_TYPES = ['fandom', 'character', 'relationship', 'freeform'] as const;
export type ExchangeType = (typeof EXCHANGE_TYPES)[number];
export const TYPE_LABELS: Record<ExchangeType, { one: string; many: string }> = {
  fandom: { one: 'fandom', many: 'fandoms' },
  character: { one: 'character', many: 'characters' },
  relationship: { one: 'relationship', many: 'relationships' },
  freeform: { one: 'additional tag', many: 'additional tags' },
};

/** Per type: how many tags a request or offer must (min) and may (max) name, and how many a pair must share. */
export interface TypeRuleSetting {
  min: number;
  max: number;
  required: number;
}

export type TagSetting = Partial<Record<ExchangeType, string[]>>;
export type TypeRules = Partial<Record<ExchangeType, TypeRuleSetting>>;

export interface SettingsInput {
  signupOpensAt: string | null;
  signupClosesAt: string;
  assignmentsDueAt: string | null;
  revealWorksAt: string | null;
  revealCreatorsAt: string | null;
  requestsMax: number;
  offersMax: number;
  tagSet: TagSetting;
  typeRules: TypeRules;
}

/** One request or offer: tag names per type and a free-text note (the prompt). */
export interface Prompt {
  tags: Partial<Record<ExchangeType, string[]>>;
  note: string;
}

export interface SignupInput {
  requests: Prompt[];
  offers: Prompt[];
}

export const MAX_PROMPTS = 5;
const NOTE_MAX = 5000;

function readDate(value: string): Date | null {
  const text = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : /[zZ]$|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`;
  const time = Date.parse(text);
  return Number.isNaN(time) ? null : new Date(time);
}

const dateField = formText(40)
  .refine((v) => v === '' || readDate(v) !== null, 'Enter a date as YYYY-MM-DD, or a date and time.')
  .transform((v) => (v === '' ? null : readDate(v)!.toISOString()));

const count = (label: string, max: number) =>
  formText(6)
    .transform((v) => (v === '' ? '0' : v))
    .pipe(z.string().regex(/^\d+$/, `Enter ${label} as a whole number.`))
    .transform(Number)
    .pipe(z.number().max(max, `Use at most ${max}.`));

/** Splits a list typed into one field: commas or new lines, blanks dropped, repeats (without case) dropped. */
export function splitNames(text: string | undefined): string[] {
  const seen = new Set<string>();
  const names: string[] = [];
  for (const raw of (text ?? '').split(/[,\n]/)) {
    const name = raw.trim().replace(/\s+/g, ' ');
    if (name === '' || seen.has(name.toLowerCase())) continue;
    seen.add(name.toLowerCase());
    names.push(name.slice(0, 150));
  }
  return names;
}

const baseSettings = z.object({
  signupOpensAt: dateField,
  signupClosesAt: dateField,
  assignmentsDueAt: dateField,
  revealWorksAt: dateField,
  revealCreatorsAt: dateField,
  requestsMax: count('the number of requests', MAX_PROMPTS),
  offersMax: count('the number of offers', MAX_PROMPTS),
});

/** The settings form: fixed fields by zod, then the per-type fields (tags_fandom, min_fandom, max_fandom, required_fandom). */
export function parseSettings(values: Record<string, string>): { ok: true; value: SettingsInput } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const base = baseSettings.safeParse(values);
  if (!base.success) for (const issue of base.error.issues) errors[String(issue.path[0] ?? 'form')] ??= issue.message;
  const tagSet: TagSetting = {};
  const typeRules: TypeRules = {};
  for (const type of EXCHANGE_TYPES) {
    const names = splitNames(values[`tags_${type}`]);
    const number = (field: string) => {
      const text = (values[`${field}_${type}`] ?? '').trim();
      if (text === '') return 0;
      if (!/^\d{1,2}$/.test(text)) {
        errors[`${field}_${type}`] = 'Enter a whole number from 0 to 99.';
        return 0;
      }
      return Number(text);
    };
    const rule = { min: number('min'), max: number('max'), required: number('required') };
    if (names.length === 0) continue;
    if (rule.max === 0) rule.max = Math.max(1, rule.min);
    if (rule.min > rule.max) errors[`min_${type}`] = `The least (${rule.min}) is more than the most (${rule.max}).`;
    if (rule.required > rule.max) errors[`required_${type}`] = `A pair cannot share more ${TYPE_LABELS[type].many} than a request may name (${rule.max}).`;
    tagSet[type] = names;
    typeRules[type] = rule;
  }
  if (Object.keys(tagSet).length === 0) errors.tags_fandom = 'Name at least one tag that may be requested and offered.';
  if (base.success) {
    const v = base.data;
    if (v.signupClosesAt === null) errors.signupClosesAt = 'Choose when sign-ups close.';
    else if (v.signupOpensAt !== null && v.signupOpensAt >= v.signupClosesAt) errors.signupClosesAt = 'Sign-ups must close after they open.';
    if (v.requestsMax < 1) errors.requestsMax = 'Allow at least one request.';
    if (v.offersMax < 1) errors.offersMax = 'Allow at least one offer.';
  }
  if (!base.success || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { ...base.data, signupClosesAt: base.data.signupClosesAt!, tagSet, typeRules } };
}

export const promptField = (kind: 'request' | 'offer', index: number, field: ExchangeType | 'note') => `${kind}${index + 1}_${field}`;

export interface SignupRules {
  tagSet: TagSetting;
  typeRules: TypeRules;
  requestsMax: number;
  offersMax: number;
}

/**
 * Reads a sign-up form against the exchange's rules: each filled slot's tags must be in the
 * tag set, as many as the type's least and most; at least one request and one offer.
 * Pure, so the messages are the same wherever a sign-up comes from.
 */
export function parseSignup(values: Record<string, string>, rules: SignupRules): { ok: true; value: SignupInput } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const read = (kind: 'request' | 'offer', max: number): Prompt[] => {
    const prompts: Prompt[] = [];
    for (let i = 0; i < max; i++) {
      const note = (values[promptField(kind, i, 'note')] ?? '').trim();
      const tags: Prompt['tags'] = {};
      let filled = note !== '';
      for (const type of EXCHANGE_TYPES) {
        const names = splitNames(values[promptField(kind, i, type)]);
        if (names.length > 0) filled = true;
        tags[type] = names;
      }
      if (!filled) continue;
      if (note.length > NOTE_MAX) errors[promptField(kind, i, 'note')] = `That is too long: use at most ${NOTE_MAX.toLocaleString('en')} characters.`;
      for (const type of EXCHANGE_TYPES) {
        const field = promptField(kind, i, type);
        const names = tags[type]!;
        const allowed = rules.tagSet[type];
        const rule = rules.typeRules[type];
        if (!allowed || !rule) {
          if (names.length > 0) errors[field] = `This exchange takes no ${TYPE_LABELS[type].many}.`;
          delete tags[type];
          continue;
        }
        const byKey = new Map(allowed.map((name) => [name.toLowerCase(), name]));
        const outside = names.filter((name) => !byKey.has(name.toLowerCase()));
        const label = TYPE_LABELS[type];
        if (outside.length > 0) errors[field] = `${outside.map((n) => `“${n}”`).join(', ')} ${outside.length === 1 ? 'is' : 'are'} not in this exchange’s tag set. Choose from: ${allowed.slice(0, 20).join(', ')}${allowed.length > 20 ? ', …' : ''}.`;
        else if (names.length < rule.min) errors[field] = `Name at least ${rule.min} ${rule.min === 1 ? label.one : label.many}.`;
        else if (names.length > rule.max) errors[field] = `Name at most ${rule.max} ${rule.max === 1 ? label.one : label.many}: you named ${names.length}.`;
        tags[type] = names.map((name) => byKey.get(name.toLowerCase()) ?? name);
      }
      prompts.push({ tags, note });
    }
    if (prompts.length === 0) errors[promptField(kind, 0, firstType(rules))] = `Fill in at least one ${kind}.`;
    return prompts;
  };
  const requests = read('request', rules.requestsMax);
  const offers = read('offer', rules.offersMax);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { requests, offers } };
}

export function firstType(rules: { tagSet: TagSetting }): ExchangeType {
  return EXCHANGE_TYPES.find((type) => rules.tagSet[type]) ?? 'fandom';
}

export const pinSchema = z.object({
  giver: formText(100).pipe(z.string().min(1, 'Enter the giver’s login.')),
  recipient: formText(100).pipe(z.string().min(1, 'Enter the recipient’s login.')),
});

export const pinchHitSchema = z.object({
  login: formText(100).pipe(z.string().min(1, 'Enter the login of a pinch hitter.')),
});

export const fulfilSchema = z.object({
  workId: formText(20).pipe(z.string().regex(/^\d+$/, 'Enter the number of your work (from its address, /works/NUMBER).')).transform(Number),
});

/** Far enough for anyone's gifts; an offset beyond it is refused, not scanned. */
const MAX_GIFTS_PAGE = 5000;

/** A recipient's gifts page: `?page=N` (anything else is the first page) and `?refused=true`, AO3's address for the refused ones. */
export const giftsQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(MAX_GIFTS_PAGE).catch(1),
  refused: z.string().optional().transform((v) => v === 'true'),
});
