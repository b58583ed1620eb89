import { describe, expect, it } from 'vitest';
import { worksOf } from './dryrun.support.ts';

// Invented posts; the addresses are of reserved domains.
describe('privacy pass', () => {
  it('takes every address out of every field, and a repair never names it', async () => {
    const post = [
      'Harvest Moon',
      'by Example Writer (writer@example.org)',
      '',
      'The frost came in overnight and nobody had covered the beans. She wrote to',
      'frost.fan@example.net about it, and then she went out to look.',
      '',
      '--',
      'Example Writer    writer@example.org    "a sig with an address"',
    ].join('\n');
    const [work] = await worksOf('harvest.txt', post);
    expect(work).toBeDefined();
    const blob = JSON.stringify({ ...work, sources: [] });
    expect(blob).not.toMatch(/@example\.(org|net)/);
    for (const repair of work?.repairs ?? []) expect(repair.before).not.toContain('@');
  });
});
