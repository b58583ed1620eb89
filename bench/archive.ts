// A scratch archive for a benchmark: migrated, with one author and one posted work. The benches
// measure a page or a write on that work; everything else about it is the same in each.
import { listPseuds } from '../src/accounts/user.repository.ts';
import { createUser } from '../src/accounts/user.service.ts';
import { parseConfig } from '../src/config.ts';
import { createContext, type AppContext } from '../src/context.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import type { NewWorkInput } from '../src/works/work.types.ts';
import { postWork } from '../src/works/work.service.ts';

/** Opens (and migrates) the archive in `dataDir`, or at `databaseUrl` when given. */
export async function openBenchArchive(dataDir: string, databaseUrl?: string): Promise<AppContext> {
  const parsed = parseConfig({ DATA_DIR: dataDir, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) });
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  const db = openDatabase(parsed.config.database);
  await migrateToLatest(db);
  return createContext(parsed.config, db);
}

/** An author `login` and one posted, complete, one-chapter work of theirs; `work` says what differs. */
export async function postBenchWork(ctx: AppContext, login: string, work: Partial<NewWorkInput> & { text: string }): Promise<number> {
  const author = await createUser(ctx, { login, email: `${login}@example.invalid`, password: 'benchmark password' });
  if (!author.ok) throw new Error(JSON.stringify(author.errors));
  const [pseud] = await listPseuds(ctx.db.kysely, author.value.id);
  const { text, ...fields } = work;
  const posted = await postWork(ctx, { id: author.value.id, login, role: 'user', showAdultContent: false }, {
    title: 'A Bench Work',
    summary: null,
    notes: null,
    endNotes: null,
    rating: 'General Audiences',
    warnings: ['No Archive Warnings Apply'],
    categories: ['Gen'],
    fandoms: ['Smallville'],
    relationships: [],
    characters: ['Clark Kent'],
    freeforms: [],
    language: 'en',
    pseudIds: [pseud!.id],
    coCreators: [],
    isRestricted: false,
    expectedChapters: 1,
    isComplete: true,
    chapter: { title: null, summary: null, notes: null, endNotes: null, text },
    asDraft: false,
    submissionKey: null,
    ...fields,
  });
  if (!posted.ok) throw new Error(JSON.stringify(posted.errors));
  return posted.value.workId;
}
