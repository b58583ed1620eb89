import type { NewUser, Pseud, User } from '../db/schema.ts';
import type { Queryable } from '../db/database.ts';

export function findUserById(db: Queryable, id: number): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findUserByLogin(db: Queryable, login: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('loginKey', '=', login.toLowerCase()).executeTakeFirst();
}

/** The account whose current address this is (any case), confirmed or not. */
export function findUserByEmail(db: Queryable, address: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('emailKey', '=', address.toLowerCase()).executeTakeFirst();
}

export function findUserByLoginOrEmail(db: Queryable, loginOrEmail: string): Promise<User | undefined> {
  const key = loginOrEmail.toLowerCase();
  return db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb.or([eb('loginKey', '=', key), eb('emailKey', '=', key)]))
    .executeTakeFirst();
}

export async function hasAdministrator(db: Queryable): Promise<boolean> {
  return (await db.selectFrom('users').select('id').where('role', '=', 'admin').limit(1).executeTakeFirst()) !== undefined;
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

/** The pseud, when it is one of the user's own. */
export function findOwnPseud(db: Queryable, userId: number, pseudId: number): Promise<{ id: number } | undefined> {
  return db.selectFrom('pseuds').select('id').where('id', '=', pseudId).where('userId', '=', userId).executeTakeFirst();
}

/** Which of these pseuds are the user's own. */
export function ownPseudIds(db: Queryable, userId: number, pseudIds: number[]): Promise<{ id: number }[]> {
  return db.selectFrom('pseuds').select('id').where('userId', '=', userId).where('id', 'in', pseudIds).execute();
}

export function findPseud(db: Queryable, userId: number, name: string): Promise<Pseud | undefined> {
  return db
    .selectFrom('pseuds')
    .selectAll()
    .where('userId', '=', userId)
    .where('nameKey', '=', name.toLowerCase())
    .executeTakeFirst();
}

export async function updateUser(
  db: Queryable,
  id: number,
  changes: { passwordHash?: string; showAdultContent?: boolean; historyEnabled?: boolean; updatedAt: string },
): Promise<void> {
  await db
    .updateTable('users')
    .set({
      updatedAt: changes.updatedAt,
      ...(changes.passwordHash !== undefined ? { passwordHash: changes.passwordHash } : {}),
      ...(changes.showAdultContent !== undefined ? { showAdultContent: changes.showAdultContent ? 1 : 0 } : {}),
      ...(changes.historyEnabled !== undefined ? { historyEnabled: changes.historyEnabled ? 1 : 0 } : {}),
    })
    .where('id', '=', id)
    .execute();
}

export async function deleteUser(db: Queryable, id: number): Promise<void> {
  await db.deleteFrom('users').where('id', '=', id).execute();
}

/** Works (drafts included) that any of the user's pseuds is an approved creator of. */
export async function countWorksOfUser(db: Queryable, userId: number): Promise<number> {
  const row = await db
    .selectFrom('creatorships')
    .innerJoin('pseuds', 'pseuds.id', 'creatorships.pseudId')
    .select((eb) => eb.fn.count<number>('creatorships.workId').distinct().as('count'))
    .where('pseuds.userId', '=', userId)
    .where('creatorships.isApproved', '=', 1)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function countWorksOfPseud(db: Queryable, pseudId: number): Promise<number> {
  const row = await db
    .selectFrom('creatorships')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('pseudId', '=', pseudId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function updatePseud(db: Queryable, id: number, changes: { name: string; description: string | null }): Promise<void> {
  await db
    .updateTable('pseuds')
    .set({ name: changes.name, nameKey: changes.name.toLowerCase(), description: changes.description })
    .where('id', '=', id)
    .execute();
}

export function findDefaultPseud(db: Queryable, userId: number): Promise<Pseud | undefined> {
  return db.selectFrom('pseuds').selectAll().where('userId', '=', userId).where('isDefault', '=', 1).executeTakeFirst();
}

/**
 * Hands every work of pseud `fromId` to pseud `toId` (same user) and deletes `fromId`.
 * Where both are already on a work, the moving row is dropped first: (work_id, pseud_id)
 * is the primary key of creatorships.
 */
export async function movePseudWorksAndDelete(db: Queryable, fromId: number, toId: number): Promise<void> {
  await db
    .deleteFrom('creatorships')
    .where('pseudId', '=', fromId)
    .where('workId', 'in', (eb) => eb.selectFrom('creatorships').select('workId').where('pseudId', '=', toId))
    .execute();
  await db.updateTable('creatorships').set({ pseudId: toId }).where('pseudId', '=', fromId).execute();
  await db.deleteFrom('pseuds').where('id', '=', fromId).execute();
}
