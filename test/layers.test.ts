import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// SQL lives in repositories (`*.repository.ts`) and the database plumbing; everything else
// (services, routes, jobs, commands, views) calls them. Where the two engines differ, the
// repository asks `engineOf` of what it runs on; nothing else branches on the engine. This reads the source tree, so the rule is kept here and not by convention.

const SRC = path.resolve(import.meta.dirname, '../src');

/** `config.database.engine` may say where the data is, in these start-up messages. */
const ENGINE_NAMED_IN_MESSAGES = new Set(['cli.ts', 'boot.ts']);

const QUERY_CHAIN = /\b(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto|selectNoFrom)\(|\bsql(<[^>]*>)?`|\bsql\.(raw|ref|id|table|lit|join)\(|\.executeQuery\(/;
const ENGINE_CHECK = /\bengineOf\(|\.engine\b|\b(engine|postgres|sqlite)\s*[!=]==?|[!=]==?\s*['"](postgres|sqlite)['"]/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** Where SQL may be written: repositories, the database plumbing and migrations. */
function mayHoldQueries(file: string): boolean {
  return file.endsWith('.repository.ts') || file.startsWith('db/');
}

/** The lines of a source that break the rule, as "line: text". */
function offences(source: string, pattern: RegExp): string[] {
  return source
    .split('\n')
    .map((line, i) => [i + 1, line] as const)
    .filter(([, line]) => !/^\s*(\/\/|\*|\/\*)/.test(line) && pattern.test(line))
    .map(([n, line]) => `${n}: ${line.trim()}`);
}

describe('layers', () => {
  const files = sourceFiles(SRC).map((full) => path.relative(SRC, full).split(path.sep).join('/'));

  it('sees the source tree', () => {
    expect(files).toContain('works/work.service.ts');
    expect(files).toContain('works/work.routes.tsx');
    expect(files).toContain('works/derived.repository.ts');
  });

  it('recognises a query chain and an engine check', () => {
    for (const chain of ["await trx.selectFrom('works')", '  .insertInto(\'jobs\')', "db.updateTable('tags')", "x.deleteFrom('a')", 'sql`analyze`', 'sql<number>`count(*)`', 'sql.raw(LOADED)']) {
      expect(offences(chain, QUERY_CHAIN), chain).toHaveLength(1);
    }
    for (const check of ["ctx.db.engine === 'postgres'", 'engineOf(db)', "engine !== 'sqlite'", "if (kind === 'sqlite')"]) {
      expect(offences(check, ENGINE_CHECK), check).toHaveLength(1);
    }
    expect(offences("findTagById(trx, id); // selectFrom('tags')", QUERY_CHAIN)).toHaveLength(1);
    expect(offences("// e.g. trx.selectFrom('tags')", QUERY_CHAIN)).toHaveLength(0);
  });

  it('keeps query chains in repositories', () => {
    const found = files
      .filter((file) => !mayHoldQueries(file))
      .flatMap((file) => offences(readFileSync(path.join(SRC, file), 'utf8'), QUERY_CHAIN).map((line) => `${file}:${line}`));
    expect(found).toEqual([]);
  });

  it('asks which engine is running only where queries are written', () => {
    const found = files
      .filter((file) => !mayHoldQueries(file) && !ENGINE_NAMED_IN_MESSAGES.has(file))
      .flatMap((file) => offences(readFileSync(path.join(SRC, file), 'utf8'), ENGINE_CHECK).map((line) => `${file}:${line}`));
    expect(found).toEqual([]);
  });

  it('holds services and routes to it with no exception', () => {
    const useCases = files.filter((file) => /\.(service\.ts|routes\.tsx?)$/.test(file));
    expect(useCases.length).toBeGreaterThan(10);
    expect(useCases.filter(mayHoldQueries)).toEqual([]);
  });
});
