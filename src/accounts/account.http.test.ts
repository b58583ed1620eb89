import { describe, expect, it } from 'vitest';
import { safeReturnPath } from './account.http.ts';

describe('safeReturnPath', () => {
  it('keeps paths on this site, with their query and fragment', () => {
    expect(safeReturnPath('/works/1')).toBe('/works/1');
    expect(safeReturnPath('/works/1?view_full_work=true#chapter-2')).toBe('/works/1?view_full_work=true#chapter-2');
    expect(safeReturnPath('/tags/F%2FF/works')).toBe('/tags/F%2FF/works');
  });

  it('refuses anything that could leave the site', () => {
    for (const value of ['https://evil.example/', '//evil.example/', '/\\evil.example', '\\\\evil.example', 'javascript:alert(1)', 'works/1', '/\tevil', `/${'a'.repeat(3000)}`, '', undefined, null]) {
      expect(safeReturnPath(value), String(value)).toBeNull();
    }
  });

  it('leaves encoded line breaks encoded, so they cannot split a header', () => {
    expect(safeReturnPath('/%0d%0aSet-Cookie:x')).toBe('/%0d%0aSet-Cookie:x');
  });
});
