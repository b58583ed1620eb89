import { describe, expect, it } from 'vitest';
import { safeReturnPath } from './account.http.ts';

describe('safeReturnPath', () => {
  it('keeps paths on this site, with their query', () => {
    expect(safeReturnPath('/works/1')).toBe('/works/1');
    expect(safeReturnPath('/works/1?view_full_work=true#chapter-2')).toBe('/works/1?view_full_work=true');
    expect(safeReturnPath('/tags/F%2FF/works')).toBe('/tags/F%2FF/works');
  });

  it('refuses anything that could leave the site', () => {
    for (const value of ['https://evil.example/', '//evil.example/', '/\\evil.example', '\\\\evil.example', 'javascript:alert(1)', 'works/1', '/\tevil', `/${'a'.repeat(3000)}`, '', undefined, null]) {
      expect(safeReturnPath(value), String(value)).toBeNull();
    }
  });

  it('refuses paths that normalise to another host', () => {
    for (const value of ['/.//evil.example', '/..//evil.example', '/%2e//evil.example', '/%2E%2E//evil.example', '/a/..//evil.example', '/a/b/../..//evil.example', '/./\\evil.example']) {
      expect(safeReturnPath(value), value).toBeNull();
    }
  });

  it('keeps encoded slashes and backslashes as the path they are on this site', () => {
    expect(safeReturnPath('/%2f/evil.example')).toBe('/%2f/evil.example');
    expect(safeReturnPath('/%5C/evil.example')).toBe('/%5C/evil.example');
  });

  it('leaves encoded line breaks encoded, so they cannot split a header', () => {
    expect(safeReturnPath('/%0d%0aSet-Cookie:x')).toBe('/%0d%0aSet-Cookie:x');
  });
});
