import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Checkbox, CsrfField, ErrorSummary, Field, FORM_ERROR, formCheckbox, formText, RadioGroup, validateForm } from './forms.tsx';

// The shared form components (src/web/forms.tsx) were written with the account pages; these
// pin the markup other features rely on: ids, labels, and errors tied to their controls.

const html = (node: unknown) => String(node);

describe('Field', () => {
  it('labels the control and ties hint and error to it', () => {
    const out = html(Field({ name: 'title', label: 'Title', value: 'A <b>bold</b> "title"', hint: 'Up to 255 characters.', error: 'Too long.' }));
    expect(out).toContain('<label for="field-title">Title</label>');
    expect(out).toContain('<p class="hint" id="field-title-hint">Up to 255 characters.</p>');
    expect(out).toContain('id="field-title-error"');
    expect(out).toContain('aria-describedby="field-title-hint field-title-error"');
    expect(out).toContain('aria-invalid="true"');
    expect(out).toContain('value="A &lt;b&gt;bold&lt;/b&gt; &quot;title&quot;"');
  });

  it('never sends a password back, and renders textareas', () => {
    expect(html(Field({ name: 'password', label: 'Password', type: 'password', value: 'secret' }))).not.toContain('secret');
    const area = html(Field({ name: 'summary', label: 'Summary', type: 'textarea', value: '</textarea><script>', rows: 3 }));
    expect(area).toContain('<textarea');
    expect(area).toContain('&lt;/textarea&gt;&lt;script&gt;</textarea>');
    expect(area).not.toContain('aria-invalid');
  });
});

describe('Checkbox, RadioGroup, CsrfField', () => {
  it('renders the checked state and links errors', () => {
    expect(html(Checkbox({ name: 'restricted', label: 'Only logged-in users', checked: true }))).toMatch(/id="field-restricted"[^>]*checked/);
    const radios = html(RadioGroup({ name: 'works', legend: 'Works', value: 'delete', error: 'Choose one.', choices: [{ value: 'orphan', label: 'Orphan' }, { value: 'delete', label: 'Delete' }] }));
    expect(radios).toContain('<legend>Works</legend>');
    expect(radios).toContain('id="field-works"');
    expect(radios).toMatch(/id="field-works-delete"[^>]*checked/);
    expect(html(CsrfField({ token: 'abc' }))).toBe('<input type="hidden" name="_csrf" value="abc"/>');
  });
});

describe('ErrorSummary', () => {
  it('links each labelled field and shows form-wide messages plainly', () => {
    const out = html(ErrorSummary({ errors: { title: 'Enter a title.', [FORM_ERROR]: 'Something else.' }, labels: { title: 'Title' } }));
    expect(out).toContain('role="alert"');
    expect(out).toContain('<a href="#field-title">Title: Enter a title.</a>');
    expect(out).toContain('<li>Something else.</li>');
    expect(ErrorSummary({ errors: {} })).toBeNull();
  });
});

describe('validateForm with formText and formCheckbox', () => {
  const schema = z.object({ name: formText(5), secret: formText(5, { trim: false }), agree: formCheckbox() });

  it('trims, fills in missing fields and reads checkboxes', () => {
    expect(validateForm(schema, { name: '  ab  ', secret: ' x ', agree: '1' })).toEqual({ ok: true, value: { name: 'ab', secret: ' x ', agree: true } });
    expect(validateForm(schema, {})).toEqual({ ok: true, value: { name: '', secret: '', agree: false } });
  });

  it('returns one message per field for oversized input', () => {
    const result = validateForm(schema, { name: 'abcdef', secret: '123456' });
    expect(result).toEqual({
      ok: false,
      errors: { name: 'That is too long: use at most 5 characters.', secret: 'That is too long: use at most 5 characters.' },
    });
  });
});
