/** The value attribute of the input named `name`, unescaped only as far as the test needs. */
export function inputValue(html: string, name: string): string | null {
  const tag = html.match(new RegExp(`<input[^>]*name="${name}"[^>]*>`))?.[0];
  if (!tag) return null;
  return tag.match(/value="([^"]*)"/)?.[1] ?? '';
}

export function textareaValue(html: string, name: string): string | null {
  return html.match(new RegExp(`<textarea[^>]*name="${name}"[^>]*>([^<]*)</textarea>`))?.[1] ?? null;
}

/** The error message shown beside a field (see Field in src/web/forms.tsx). */
export function fieldError(html: string, name: string): string | null {
  const match = html.match(new RegExp(`<p class="error-message" id="field-${name}-error">(.*?)</p>`, 's'));
  return match ? match[1]!.replace(/<[^>]+>/g, '').replace(/^Error: /, '') : null;
}
