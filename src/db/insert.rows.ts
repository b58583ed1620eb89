import type { CompiledQuery, Kysely } from 'kysely';
import { engineOf } from './dialect.ts';
import type { Database } from './schema.ts';
import type { Queryable } from './database.ts';
import { chunks } from '../arrays.ts';

// Kysely builds an insert value by value: an operation node per value, frozen, then walked by
// the camel-case plugin and by the compiler. For the importer's groups (hundreds of rows of a
// dozen columns) building cost as much as SQLite's work. Rows of one table with the same
// columns compile to the same SQL for the same number of rows, so each such shape is built by
// Kysely once and reused with the new rows' values. Every Kysely instance here has the same
// plugins (database.ts), so the SQL depends on the engine and the shape alone.

type Row = Record<string, unknown>;

export interface InsertShape {
  returning?: string;
  onConflictDoNothing?: boolean;
}

// Bounded as a safety net; a run meets a few dozen shapes (a group's remainders vary).
const MAX_SHAPES = 500;
const shapes = new Map<string, CompiledQuery>();

function build(db: Queryable, table: keyof Database, rows: Row[], shape: InsertShape): CompiledQuery {
  // The table and columns vary at run time here, beyond what Kysely's types can follow.
  let query = (db as unknown as Kysely<any>).insertInto(table).values(rows);
  if (shape.onConflictDoNothing) query = query.onConflict((oc) => oc.doNothing());
  if (shape.returning) return query.returning(shape.returning).compile();
  return query.compile();
}

/** The rows' values in column order, or null when a row's columns differ from the first's or a value is not a plain parameter. */
function valuesOf(rows: Row[], columns: string[]): unknown[] | null {
  const values: unknown[] = [];
  for (const row of rows) {
    const keys = Object.keys(row);
    if (keys.length !== columns.length) return null;
    for (let i = 0; i < keys.length; i++) {
      const value = row[keys[i]!];
      if (keys[i] !== columns[i] || value === undefined || (value !== null && typeof value === 'object')) return null;
      values.push(value);
    }
  }
  return values;
}

/**
 * The insert of these rows as Kysely compiles it, built once per shape of rows. The kept
 * statement is built from stand-ins (each value's position), so it holds none of the rows, and
 * it is kept only when its parameters are exactly those positions, in order.
 */
export function compiledInsert<T extends keyof Database>(db: Queryable, table: T, rows: Row[], shape: InsertShape = {}): CompiledQuery {
  const columns = Object.keys(rows[0] ?? {});
  const values = valuesOf(rows, columns);
  if (values === null) return build(db, table, rows, shape);
  const key = `${engineOf(db)} ${table} ${rows.length} ${columns.join(',')} ${shape.returning ?? ''} ${shape.onConflictDoNothing ? 'nothing' : ''}`;
  let template = shapes.get(key);
  if (!template) {
    const positions = rows.map((_, r) => Object.fromEntries(columns.map((column, c) => [column, r * columns.length + c])));
    template = build(db, table, positions, shape);
    if (template.parameters.length !== values.length || template.parameters.some((p, i) => p !== i)) return build(db, table, rows, shape);
    if (shapes.size >= MAX_SHAPES) shapes.clear();
    shapes.set(key, template);
  }
  return { ...template, parameters: values };
}

/** Rows a statement, unless the caller says otherwise: small enough for any table's parameter limits. */
export const ROWS_PER_STATEMENT = 50;

/** Inserts rows many to a statement, `perStatement` at a time. */
export async function insertRows<T extends keyof Database>(db: Queryable, table: T, rows: Row[], shape: InsertShape = {}, perStatement = ROWS_PER_STATEMENT): Promise<void> {
  for (const chunk of chunks(rows, perStatement)) await db.executeQuery(compiledInsert(db, table, chunk, shape));
}
