import { load, type CheerioAPI } from 'cheerio';
import { fieldId } from '../../src/web/forms.tsx';

// Pages are checked as a reader's browser sees them: parsed as HTML (parse5, as the browser
// does), then queried with CSS selectors. A check then means "this element holds this", not
// "these characters stand in this order", so it survives attribute order and spacing, and
// fails when the element is missing or holds something else.

export interface Link {
  text: string;
  href: string;
}

export interface Page {
  /** The parsed document, for what the functions below do not cover. */
  $: CheerioAPI;
  /** Whether anything matches `selector`. */
  exists(selector: string): boolean;
  count(selector: string): number;
  /** The text of the first match, white space collapsed; null when nothing matches. */
  text(selector: string): string | null;
  /** The text of every match, in document order. */
  all(selector: string): string[];
  /** An attribute of the first match; null when nothing matches or it has no such attribute. */
  attr(selector: string, name: string): string | null;
  /** The inner HTML of the first match, as the parser serialises it; null when nothing matches. */
  html(selector: string): string | null;
  /**
   * What the form control named `name` would send: an input's value ('' when it has none), a
   * textarea's text, the selected option of a select; null when there is no such control.
   */
  value(name: string): string | null;
  /** Whether the checkbox or radio button named `name` (with `value`, if given) is checked; null when there is none. */
  checked(name: string, value?: string): boolean | null;
  /** The text of the label that points (by `for`) at the control named `name`; null when there is none. */
  labelOf(name: string): string | null;
  /** The message shown beside a field (Field in src/web/forms.tsx), without its hidden "Error: ". */
  fieldError(name: string): string | null;
  /** The definition beside a term in a description list: `term('Words:')` on a work's stats. */
  term(label: string): string | null;
  /** Every link: its text and its href as written. */
  links(): Link[];
}

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();
const quoted = (value: string) => JSON.stringify(value);

export function page(html: string): Page {
  const $ = load(html);
  const first = (selector: string) => {
    const found = $(selector).first();
    return found.length ? found : null;
  };
  const textOf = (node: Parameters<CheerioAPI>[0]) => squash($(node).text());
  return {
    $,
    exists: (selector) => $(selector).length > 0,
    count: (selector) => $(selector).length,
    text: (selector) => {
      const found = first(selector);
      return found ? squash(found.text()) : null;
    },
    all: (selector) => $(selector).toArray().map(textOf),
    attr: (selector, name) => first(selector)?.attr(name) ?? null,
    html: (selector) => first(selector)?.html() ?? null,
    value(name) {
      const control = first(`[name=${quoted(name)}]`);
      if (!control) return null;
      const tag = control.prop('tagName')?.toLowerCase();
      if (tag === 'textarea') return control.text();
      if (tag === 'select') {
        const chosen = control.find('option[selected]').first();
        const option = chosen.length ? chosen : control.find('option').first();
        return option.length ? (option.attr('value') ?? option.text()) : null;
      }
      return control.attr('value') ?? '';
    },
    checked(name, value) {
      const selector = `input[name=${quoted(name)}]${value === undefined ? '' : `[value=${quoted(value)}]`}`;
      const control = first(selector);
      return control ? control.attr('checked') !== undefined : null;
    },
    labelOf(name) {
      const id = first(`[name=${quoted(name)}]`)?.attr('id');
      if (!id) return null;
      const label = first(`label[for=${quoted(id)}]`);
      return label ? squash(label.text()) : null;
    },
    fieldError(name) {
      const message = first(`#${fieldId(name)}-error`);
      if (!message) return null;
      return squash(message.clone().find('.visually-hidden').remove().end().text());
    },
    term(label) {
      const dt = $('dt')
        .filter((_, node) => textOf(node) === label)
        .first();
      if (!dt.length) return null;
      const dd = dt.nextAll('dd').first();
      return dd.length ? squash(dd.text()) : null;
    },
    links: () => $('a[href]').toArray().map((node) => ({ text: textOf(node), href: $(node).attr('href')! })),
  };
}
