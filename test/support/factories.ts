import { randomBytes } from 'node:crypto';
import type { Viewer } from '../../src/accounts/session.service.ts';
import { setConfirmedEmail } from '../../src/accounts/account-token.repository.ts';
import { listPseuds } from '../../src/accounts/user.repository.ts';
import { createUser, type Role } from '../../src/accounts/user.service.ts';
import type { AppContext } from '../../src/context.ts';
import type { Tag } from '../../src/db/schema.ts';
import { runJobs } from '../../src/jobs/job.worker.ts';
import { filtersOfWork } from '../../src/tags/filter.repository.ts';
import { tagKey, toUrlName } from '../../src/tags/tag.names.ts';
import type { WrangleRequest } from '../../src/tags/tag.rules.ts';
import { wrangleTag } from '../../src/tags/wrangling.service.ts';
import { addWorkToCollection, createCollection } from '../../src/collections/collection.service.ts';
import { insertGift } from '../../src/challenges/exchange.repository.ts';
import type { CollectionInput } from '../../src/collections/collection.schema.ts';
import type { NewWorkInput } from '../../src/works/work.types.ts';
import { postWork } from '../../src/works/work.service.ts';

// The one set of factories: each fills in what a test does not care about, so a test says only
// what it checks (`makeWork(ctx, user, { rating: 'Explicit' })`).

export interface TestUser extends Viewer {
  email: string;
  /** The user's default pseud. */
  pseudId: number;
  password: string;
}

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}${randomBytes(2).toString('hex')}`;

/** A user with a default pseud, made through the sign-up use case; `confirmed`: their address too, as its link would. */
export async function makeUser(ctx: AppContext, overrides: { login?: string; email?: string; role?: Role; password?: string; confirmed?: boolean } = {}): Promise<TestUser> {
  const login = overrides.login ?? `user_${unique()}`.slice(0, 40);
  const email = overrides.email ?? `${login}@example.invalid`;
  const password = overrides.password ?? 'correct horse battery';
  const role = overrides.role ?? 'user';
  const result = await createUser(ctx, { login, email, password, role });
  if (!result.ok) throw new Error(`makeUser: ${JSON.stringify(result.errors)}`);
  const [pseud] = await listPseuds(ctx.db.kysely, result.value.id);
  if (overrides.confirmed) await setConfirmedEmail(ctx.db.kysely, result.value.id, email, ctx.now().toISOString());
  return { id: result.value.id, login, email, role, showAdultContent: false, pseudId: pseud!.id, password };
}

/** A posted one-chapter work by `user` (credited to the default pseud unless `pseudIds` says). */
export async function makeWork(ctx: AppContext, user: TestUser, overrides: Partial<NewWorkInput> = {}): Promise<number> {
  const input: NewWorkInput = {
    title: 'A Quiet Farm',
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
    pseudIds: [user.pseudId],
    coCreators: [],
    isRestricted: false,
    expectedChapters: 1,
    isComplete: false,
    chapter: { title: null, summary: null, notes: null, endNotes: null, text: 'The barn was quiet.\n\nClark listened to the rain.' },
    asDraft: false,
    submissionKey: null,
    ...overrides,
  };
  const result = await postWork(ctx, user, input);
  if (!result.ok) throw new Error(`makeWork: ${JSON.stringify(result.errors)}`);
  return result.value.workId;
}

/** The form fields a browser sends for a new work; tests override what they check. */
export function workForm(user: TestUser, overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    title: 'Rain on the Roof',
    rating: 'Teen And Up Audiences',
    warnings: ['No Archive Warnings Apply'],
    categories: ['M/M'],
    fandoms: 'Smallville',
    relationships: 'Clark Kent/Lex Luthor',
    characters: 'Clark Kent, Lex Luthor',
    freeforms: 'Rain, Hurt/Comfort',
    language: 'en',
    pseudIds: String(user.pseudId),
    summary: 'Clark waits out a storm.',
    notes: '',
    endNotes: '',
    expectedChapters: '1',
    text: 'The rain came down on the roof of the barn.\n\nClark did not mind it.',
    action: 'post',
    ...overrides,
  };
}

/** A tag made directly (posting and wrangling forms are tested on their own); an existing name is kept as it is. */
export async function makeTag(ctx: AppContext, type: string, name: string, options: { canonical?: boolean } = {}): Promise<Tag> {
  await ctx.db.kysely
    .insertInto('tags')
    .values({ type, name, nameKey: tagKey(name), urlName: toUrlName(name), isCanonical: options.canonical ? 1 : 0, createdAt: new Date().toISOString() })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return tagNamed(ctx, name);
}

export async function tagNamed(ctx: AppContext, name: string): Promise<Tag> {
  return ctx.db.kysely.selectFrom('tags').selectAll().where('nameKey', '=', tagKey(name)).executeTakeFirstOrThrow();
}

/** Wrangles through the service, failing the test on a refusal; fields not given are sent empty. */
export async function wrangle(ctx: AppContext, name: string, request: Partial<WrangleRequest>): Promise<void> {
  const tag = await tagNamed(ctx, name);
  const result = await wrangleTag(ctx, tag.id, { isCanonical: false, synonymOf: '', fandoms: [], metaTags: [], ...request });
  if (!result.ok) throw new Error(`wrangle ${name}: ${JSON.stringify(result.errors)}`);
}

/** Names of a work's filter tags; inherited ones marked with "^". */
export async function filterNames(ctx: AppContext, workId: number): Promise<string[]> {
  const rows = await filtersOfWork(ctx.db.kysely, workId);
  const tags = await ctx.db.kysely.selectFrom('tags').select(['id', 'name']).execute();
  const names = new Map(tags.map((t) => [t.id, t.name]));
  return rows.map((r) => `${names.get(r.tagId)}${r.isInherited ? '^' : ''}`).sort();
}

/** Runs every queued job once, failing the test if any job failed or was put back for a retry. */
export async function drainJobs(ctx: AppContext): Promise<void> {
  const summary = await runJobs(ctx, { once: true, log: () => {} });
  if (summary.retried + summary.failed > 0) throw new Error(`jobs failed: ${JSON.stringify(summary)}`);
}

/** A collection owned by `owner`, open and unmoderated unless `overrides` say. */
export async function makeCollection(ctx: AppContext, owner: TestUser, overrides: Partial<CollectionInput> = {}): Promise<{ id: number; name: string }> {
  const input: CollectionInput = {
    name: `coll_${unique()}`.slice(0, 40),
    title: 'A Quiet Collection',
    description: null,
    rules: null,
    parentName: null,
    isModerated: false,
    isClosed: false,
    isAnonymous: false,
    isUnrevealed: false,
    revealWorksAt: null,
    revealCreatorsAt: null,
    wordRule: null,
    challengeType: null,
    ...overrides,
  };
  const result = await createCollection(ctx, owner, input);
  if (!result.ok) throw new Error(`makeCollection: ${JSON.stringify(result.errors)}`);
  return result.value;
}

/** `viewer` adds the work to the named collection (a request by its creator, an invitation by a moderator). */
export async function addToCollection(ctx: AppContext, viewer: TestUser, workId: number, name: string): Promise<number> {
  const result = await addWorkToCollection(ctx, viewer, workId, name);
  if (!result.ok) throw new Error(`addToCollection: ${JSON.stringify(result.errors)}`);
  return result.value.itemId;
}

/** A gift of a work to an account, as a giver outside any exchange's assignments would name it. */
export async function makeGift(ctx: AppContext, workId: number, recipient: TestUser): Promise<number> {
  return insertGift(ctx.db.kysely, { workId, recipientUserId: recipient.id, recipientName: recipient.login, assignmentId: null, createdAt: ctx.now().toISOString() });
}
