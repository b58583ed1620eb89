import type { AppContext } from '../../src/context.ts';
import { createUser } from '../../src/accounts/user.service.ts';
import { makeWork as makeWorkBy } from '../support/factories.ts';

let made = 0;

export interface MadeUser {
  id: number;
  login: string;
  email: string;
  password: string;
}

/** An account with a default pseud; fills in what a test does not care about. */
export async function makeUser(ctx: AppContext, overrides: Partial<Omit<MadeUser, 'id'>> = {}): Promise<MadeUser> {
  made += 1;
  const login = overrides.login ?? `reader${made}_${Math.random().toString(36).slice(2, 8)}`;
  const input = {
    login,
    email: overrides.email ?? `${login}@example.org`,
    password: overrides.password ?? 'correct horse battery',
  };
  const result = await createUser(ctx, input);
  if (!result.ok) throw new Error(`makeUser: ${JSON.stringify(result.errors)}`);
  return { id: result.value.id, ...input };
}

/** The value attribute of the input named `name`, unescaped only as far as the test needs. */
export function inputValue(html: string, name: string): string | null {
  const tag = html.match(new RegExp(`<input[^>]*name="${name}"[^>]*>`))?.[0];
  if (!tag) return null;
  return tag.match(/value="([^"]*)"/)?.[1] ?? '';
}

export function textareaValue(html: string, name: string): string | null {
  return html.match(new RegExp(`<textarea[^>]*name="${name}"[^>]*>([^<]*)</textarea>`))?.[1] ?? null;
}

/** The error message shown beside a field (see Field in src/web/forms.tsx). */
export function fieldError(html: string, name: string): string | null {
  const match = html.match(new RegExp(`<p class="error-message" id="field-${name}-error">(.*?)</p>`, 's'));
  return match ? match[1]!.replace(/<[^>]+>/g, '').replace(/^Error: /, '') : null;
}

export function setCookieHeader(response: Response, name: string): string | undefined {
  return response.headers.getSetCookie().find((line) => line.startsWith(`${name}=`));
}

/** A posted work credited to `pseudIds`, all of them `owner`'s (the works tests' factory). */
export async function makeWork(ctx: AppContext, owner: MadeUser, options: { pseudIds: number[]; title?: string }): Promise<number> {
  const poster = { id: owner.id, login: owner.login, role: 'user', showAdultContent: false, pseudId: options.pseudIds[0]!, password: owner.password };
  return makeWorkBy(ctx, poster, { pseudIds: options.pseudIds, ...(options.title ? { title: options.title } : {}) });
}

export async function defaultPseudId(ctx: AppContext, userId: number): Promise<number> {
  const row = await ctx.db.kysely.selectFrom('pseuds').select('id').where('userId', '=', userId).where('isDefault', '=', 1).executeTakeFirstOrThrow();
  return row.id;
}
