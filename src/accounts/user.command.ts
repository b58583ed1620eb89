import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { boot, UsageError } from '../boot.ts';
import type { AppContext } from '../context.ts';
import { askForNewPassword, PromptCancelled, type PasswordAnswer } from './password.prompt.ts';
import { loginOrEmailTaken } from './user.repository.ts';
import { checkEmail, checkLogin, createUser, ROLES, type Role } from './user.service.ts';

/** `records-room user create [--admin | --role ROLE] [--email ADDRESS] NAME` */
export async function runUserCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      admin: { type: 'boolean' },
      role: { type: 'string' },
      email: { type: 'string' },
      data: { type: 'string' },
    },
  });
  const [action, login, ...extra] = positionals;
  if (action !== 'create' || !login || extra.length > 0) {
    throw new UsageError('usage: records-room user create [--admin | --role ROLE] [--email ADDRESS] NAME');
  }
  const role = (values.admin ? 'admin' : (values.role ?? 'user')) as Role;
  if (!ROLES.includes(role)) throw new UsageError(`--role must be one of: ${ROLES.join(', ')}.`);

  const email = values.email ?? `${login}@localhost.invalid`;
  const ctx = await boot({ DATA_DIR: values.data });
  try {
    // The name and address first: nobody should type a password twice to learn the name is taken.
    const problems = await accountProblems(ctx, login, email);
    if (problems.length > 0) return fail(problems);
    let answer: PasswordAnswer;
    try {
      answer = await askForNewPassword();
    } catch (error) {
      if (!(error instanceof PromptCancelled)) throw error;
      process.stderr.write('Cancelled: no account was created.\n');
      return 130;
    }
    if (!answer.ok) return fail([answer.message]);
    const generated = answer.password === '';
    const password = generated ? randomBytes(12).toString('base64url') : answer.password;
    const result = await createUser(ctx, { login, email, password, role });
    if (!result.ok) return fail(Object.entries(result.errors).map(([field, message]) => `${field}: ${message}`));
    console.log(`Created ${role} "${result.value.login}".`);
    if (generated) console.log(`Password: ${password}\nLog in at ${ctx.config.baseUrl}/login and change it.`);
    return 0;
  } finally {
    await ctx.db.close();
  }
}

async function accountProblems(ctx: AppContext, login: string, email: string): Promise<string[]> {
  const problems: string[] = [];
  const loginProblem = checkLogin(login.trim());
  if (loginProblem) problems.push(`login: ${loginProblem}`);
  const emailProblem = checkEmail(email.trim());
  if (emailProblem) problems.push(`email: ${emailProblem}`);
  if (problems.length > 0) return problems;
  const taken = await loginOrEmailTaken(ctx.db.kysely, login.trim(), email.trim());
  if (taken.login) problems.push('login: That user name is already taken.');
  if (taken.email) problems.push('email: An account with that e-mail address already exists.');
  return problems;
}

function fail(problems: string[]): number {
  for (const problem of problems) process.stderr.write(`${problem}\n`);
  return 1;
}
