import { describe, expect, it } from 'vitest';
import { canWrangle } from './tag.policy.ts';

const viewer = (role: string) => ({ id: 1, login: 'someone', role, showAdultContent: false });

describe('who may wrangle', () => {
  it('is wranglers and admins only', () => {
    expect(canWrangle(null)).toEqual({ allowed: false, reason: 'anonymous' });
    for (const role of ['user', 'archivist', 'system']) expect(canWrangle(viewer(role))).toEqual({ allowed: false, reason: 'not-wrangler' });
    for (const role of ['wrangler', 'admin']) expect(canWrangle(viewer(role)).allowed).toBe(true);
  });
});
