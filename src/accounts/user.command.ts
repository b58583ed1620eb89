import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { boot, UsageError } from '../boot.ts';
import { createUser, ROLES, type Role } from './user.service.ts';

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

  const password = await askForPassword();
  const generated = password === '';
  const finalPassword = generated ? randomBytes(12).toString('base64url') : password;
  const ctx = await boot({ DATA_DIR: values.data });
  try {
    const result = await createUser(ctx, {
      login,
      email: values.email ?? `${login}@localhost.invalid`,
      password: finalPassword,
      role,
    });
    if (!result.ok) {
      for (const [field, message] of Object.entries(result.errors)) process.stderr.write(`${field}: ${message}\n`);
      return 1;
    }
    console.log(`Created ${role} "${result.value.login}".`);
    if (generated) console.log(`Password: ${finalPassword}\nLog in at ${ctx.config.baseUrl}/login and change it.`);
    return 0;
  } finally {
    await ctx.db.close();
  }
}

/** Asks on a terminal; elsewhere (scripts, CI) returns '' so a password is generated and printed. */
async function askForPassword(): Promise<string> {
  if (!process.stdin.isTTY) return '';
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return (await rl.question('Password (at least 8 characters; leave empty to generate one): ')).trim();
  } finally {
    rl.close();
  }
}
