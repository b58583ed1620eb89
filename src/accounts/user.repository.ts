import type { Kysely, Transaction } from 'kysely';
import type { Database, NewUser, Pseud, User } from '../db/schema.ts';

type Queryable = Kysely<Database> | Transaction<Database>;

export function findUserById(db: Queryable, id: number): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findUserByLogin(db: Queryable, login: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('loginKey', '=', login.toLowerCase()).executeTakeFirst();
}

export function findUserByLoginOrEmail(db: Queryable, loginOrEmail: string): Promise<User | undefined> {
  const key = loginOrEmail.toLowerCase();
  return db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb.or([eb('loginKey', '=', key), eb('emailKey', '=', key)]))
    .executeTakeFirst();
}

export async function loginOrEmailTaken(db: Queryable, login: string, email: string) {
  const rows = await db
    .selectFrom('users')
    .select(['loginKey', 'emailKey'])
    .where((eb) => eb.or([eb('loginKey', '=', login.toLowerCase()), eb('emailKey', '=', email.toLowerCase())]))
    .execute();
  return {
    login: rows.some((r) => r.loginKey === login.toLowerCase()),
    email: rows.some((r) => r.emailKey === email.toLowerCase()),
  };
}

export async function insertUser(db: Queryable, user: NewUser): Promise<number> {
  const row = await db.insertInto('users').values(user).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function insertPseud(
  db: Queryable,
  pseud: { userId: number; name: string; isDefault: boolean; description?: string | null; createdAt: string },
): Promise<number> {
  const row = await db
    .insertInto('pseuds')
    .values({
      userId: pseud.userId,
      name: pseud.name,
      nameKey: pseud.name.toLowerCase(),
      description: pseud.description ?? null,
      isDefault: pseud.isDefault ? 1 : 0,
      createdAt: pseud.createdAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function listPseuds(db: Queryable, userId: number): Promise<Pseud[]> {
  return db.selectFrom('pseuds').selectAll().where('userId', '=', userId).orderBy('isDefault', 'desc').orderBy('nameKey').execute();
}

export function findPseud(db: Queryable, userId: number, name: string): Promise<Pseud | undefined> {
  return db
    .selectFrom('pseuds')
    .selectAll()
    .where('userId', '=', userId)
    .where('nameKey', '=', name.toLowerCase())
    .executeTakeFirst();
}
