import { randomBytes } from 'node:crypto';
import type { Viewer } from '../../src/accounts/session.service.ts';
import { listPseuds } from '../../src/accounts/user.repository.ts';
import { createUser, type Role } from '../../src/accounts/user.service.ts';
import type { AppContext } from '../../src/context.ts';
import type { NewWorkInput } from '../../src/works/work.types.ts';
import { postWork } from '../../src/works/work.service.ts';

export interface TestUser extends Viewer {
  pseudId: number;
  password: string;
}

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}${randomBytes(2).toString('hex')}`;

/** A user with a default pseud; only what a test cares about needs saying. */
export async function makeUser(ctx: AppContext, overrides: { login?: string; role?: Role; password?: string } = {}): Promise<TestUser> {
  const login = overrides.login ?? `user_${unique()}`.slice(0, 40);
  const password = overrides.password ?? 'correct horse battery';
  const result = await createUser(ctx, { login, email: `${login}@example.invalid`, password, role: overrides.role ?? 'user' });
  if (!result.ok) throw new Error(`makeUser: ${JSON.stringify(result.errors)}`);
  const [pseud] = await listPseuds(ctx.db.kysely, result.value.id);
  return { id: result.value.id, login, role: overrides.role ?? 'user', showAdultContent: false, pseudId: pseud!.id, password };
}

/** A posted one-chapter work by `user`. */
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
