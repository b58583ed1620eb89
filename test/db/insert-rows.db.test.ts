import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { compiledInsert, insertRows } from '../../src/db/insert.rows.ts';
import { useTestDatabase } from '../support/database.ts';

// Inserts whose statement is built once per shape of rows must store exactly what a statement
// built afresh stores, on both engines, whatever the rows hold.

const test = useTestDatabase();

const tag = (name: string, canonical = 0) => ({ type: 'Freeform', name, nameKey: name.toLowerCase(), urlName: name.toLowerCase().replace(/ /g, '-'), isCanonical: canonical, mergerId: null, createdAt: '2026-12-02T00:00:00.000Z' });
const stored = (prefix: string) =>
  test.db.kysely.selectFrom('tags').select(['name', 'nameKey', 'isCanonical', 'mergerId']).where('name', 'like', `${prefix}%`).orderBy('id').execute();

describe('inserting rows with statements built once', () => {
  it('stores every row of every statement, the reused ones included', async () => {
    const rows = Array.from({ length: 7 }, (_, i) => tag(`Batch ${i}`, i % 2));
    // Three to a statement: two statements of the same shape, then one of another.
    await insertRows(test.db.kysely, 'tags', rows, {}, 3);
    await insertRows(test.db.kysely, 'tags', [tag('Batch second 1'), tag('Batch second 2'), tag('Batch second 3')], {}, 3);
    expect(await stored('Batch')).toEqual([...rows, tag('Batch second 1'), tag('Batch second 2'), tag('Batch second 3')].map((r) => ({ name: r.name, nameKey: r.nameKey, isCanonical: r.isCanonical, mergerId: null })));
  });

  it('gives a reused statement the new values, and the returned ids of the new rows', async () => {
    const first = await test.db.kysely.executeQuery<{ id: number }>(compiledInsert(test.db.kysely, 'tags', [tag('Return one')], { returning: 'id' }));
    const second = await test.db.kysely.executeQuery<{ id: number }>(compiledInsert(test.db.kysely, 'tags', [tag('Return two')], { returning: 'id' }));
    expect(second.rows[0]!.id).toBeGreaterThan(first.rows[0]!.id);
    const names = await test.db.kysely.selectFrom('tags').select('name').where('id', 'in', [first.rows[0]!.id, second.rows[0]!.id]).orderBy('id').execute();
    expect(names.map((r) => r.name)).toEqual(['Return one', 'Return two']);
  });

  it('builds afresh rows whose columns differ, come in another order, or hold SQL', async () => {
    const { mergerId: _, ...withoutMerger } = tag('Odd missing');
    const reordered = { createdAt: '2026-12-02T00:00:00.000Z', name: 'Odd reordered', type: 'Freeform', nameKey: 'odd reordered', urlName: 'odd-reordered', isCanonical: 1, mergerId: null };
    const withSql = { ...tag('Odd sql'), name: sql<string>`'Odd ' || 'computed'` };
    await insertRows(test.db.kysely, 'tags', [tag('Odd plain'), withoutMerger, reordered, withSql], {}, 4);
    expect((await stored('Odd')).map((r) => [r.name, r.isCanonical])).toEqual([['Odd plain', 0], ['Odd missing', 0], ['Odd reordered', 1], ['Odd computed', 0]]);
  });

  it('skips conflicting rows when asked', async () => {
    await insertRows(test.db.kysely, 'tags', [tag('Clash'), tag('Clash'), tag('Clash after')], { onConflictDoNothing: true });
    expect((await stored('Clash')).map((r) => r.name)).toEqual(['Clash', 'Clash after']);
  });
});
