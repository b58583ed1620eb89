import type { Insertable } from 'kysely';
import type { Queryable } from '../db/database.ts';
import type { ExchangeAssignment, ExchangeRun, ExchangeSettings, ExchangeSettingsTable, ExchangeSignup, Gift, Work } from '../db/schema.ts';
import { listedWorks } from '../works/work.visibility.ts';

// Plain queries of gift exchanges (migration 031).

export function findSettings(db: Queryable, collectionId: number): Promise<ExchangeSettings | undefined> {
  return db.selectFrom('exchangeSettings').selectAll().where('collectionId', '=', collectionId).executeTakeFirst();
}

export async function saveSettingsRow(db: Queryable, row: Insertable<ExchangeSettingsTable>): Promise<void> {
  const { collectionId, ...rest } = row;
  await db
    .insertInto('exchangeSettings')
    .values(row)
    .onConflict((oc) => oc.column('collectionId').doUpdateSet(rest))
    .execute();
}

export async function setCollectionRevealDates(db: Queryable, collectionId: number, revealWorksAt: string | null, revealCreatorsAt: string | null, updatedAt: string): Promise<void> {
  await db.updateTable('collections').set({ revealWorksAt, revealCreatorsAt, updatedAt }).where('id', '=', collectionId).execute();
}

export async function setExchangeStamp(db: Queryable, collectionId: number, column: 'sentAt' | 'closedAt', at: string): Promise<void> {
  await db.updateTable('exchangeSettings').set({ [column]: at }).where('collectionId', '=', collectionId).execute();
}

export async function closeCollection(db: Queryable, collectionId: number, updatedAt: string): Promise<void> {
  await db.updateTable('collections').set({ isClosed: 1, updatedAt }).where('id', '=', collectionId).execute();
}

export function findSignup(db: Queryable, collectionId: number, userId: number): Promise<ExchangeSignup | undefined> {
  return db.selectFrom('exchangeSignups').selectAll().where('collectionId', '=', collectionId).where('userId', '=', userId).executeTakeFirst();
}

export async function insertSignup(db: Queryable, row: Omit<ExchangeSignup, 'id'>): Promise<number> {
  const { id } = await db.insertInto('exchangeSignups').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function updateSignup(db: Queryable, id: number, changes: Partial<Pick<ExchangeSignup, 'requests' | 'offers' | 'status'>>, updatedAt: string): Promise<void> {
  await db.updateTable('exchangeSignups').set({ ...changes, updatedAt }).where('id', '=', id).execute();
}

export interface SignupRow extends ExchangeSignup {
  login: string;
  email: string;
}

export function activeSignups(db: Queryable, collectionId: number): Promise<SignupRow[]> {
  return db
    .selectFrom('exchangeSignups')
    .innerJoin('users', 'users.id', 'exchangeSignups.userId')
    .selectAll('exchangeSignups')
    .select(['users.login', 'users.email'])
    .where('exchangeSignups.collectionId', '=', collectionId)
    .where('exchangeSignups.status', '=', 'active')
    .orderBy('exchangeSignups.id')
    .execute();
}

export function signupById(db: Queryable, id: number): Promise<SignupRow | undefined> {
  return db
    .selectFrom('exchangeSignups')
    .innerJoin('users', 'users.id', 'exchangeSignups.userId')
    .selectAll('exchangeSignups')
    .select(['users.login', 'users.email'])
    .where('exchangeSignups.id', '=', id)
    .executeTakeFirst();
}

export async function insertRun(db: Queryable, collectionId: number, requestedBy: number, createdAt: string): Promise<number> {
  const { id } = await db.insertInto('exchangeRuns').values({ collectionId, status: 'queued', requestedBy, createdAt }).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function updateRun(db: Queryable, id: number, changes: Partial<Pick<ExchangeRun, 'status' | 'done' | 'total' | 'result' | 'error' | 'finishedAt'>>): Promise<void> {
  await db.updateTable('exchangeRuns').set(changes).where('id', '=', id).execute();
}

export function findRun(db: Queryable, id: number): Promise<ExchangeRun | undefined> {
  return db.selectFrom('exchangeRuns').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The newest run, and the newest finished one (what the page shows and what is sent). */
export function latestRun(db: Queryable, collectionId: number, status?: string): Promise<ExchangeRun | undefined> {
  return db
    .selectFrom('exchangeRuns')
    .selectAll()
    .where('collectionId', '=', collectionId)
    .$if(status !== undefined, (q) => q.where('status', '=', status!))
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export interface PinRow {
  id: number;
  giverSignupId: number;
  recipientSignupId: number;
  giverLogin: string;
  recipientLogin: string;
}

export function pinsOf(db: Queryable, collectionId: number): Promise<PinRow[]> {
  return db
    .selectFrom('exchangePins')
    .innerJoin('exchangeSignups as g', 'g.id', 'exchangePins.giverSignupId')
    .innerJoin('users as gu', 'gu.id', 'g.userId')
    .innerJoin('exchangeSignups as r', 'r.id', 'exchangePins.recipientSignupId')
    .innerJoin('users as ru', 'ru.id', 'r.userId')
    .select(['exchangePins.id', 'exchangePins.giverSignupId', 'exchangePins.recipientSignupId', 'gu.login as giverLogin', 'ru.login as recipientLogin'])
    .where('exchangePins.collectionId', '=', collectionId)
    .orderBy('exchangePins.id')
    .execute();
}

export async function insertPin(db: Queryable, row: { collectionId: number; giverSignupId: number; recipientSignupId: number; createdBy: number; createdAt: string }): Promise<void> {
  await db.insertInto('exchangePins').values(row).execute();
}

export async function deletePin(db: Queryable, collectionId: number, id: number): Promise<number> {
  const result = await db.deleteFrom('exchangePins').where('collectionId', '=', collectionId).where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function insertAssignment(db: Queryable, row: Omit<ExchangeAssignment, 'id' | 'workId' | 'defaultedAt'>): Promise<number> {
  const { id } = await db.insertInto('exchangeAssignments').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

export interface AssignmentRow extends ExchangeAssignment {
  giverLogin: string;
  recipientLogin: string;
  recipientUserId: number;
  requests: string;
  collectionName: string;
  collectionTitle: string;
}

function assignmentQuery(db: Queryable) {
  return db
    .selectFrom('exchangeAssignments')
    .innerJoin('users as giver', 'giver.id', 'exchangeAssignments.giverUserId')
    .innerJoin('exchangeSignups as signup', 'signup.id', 'exchangeAssignments.recipientSignupId')
    .innerJoin('users as recipient', 'recipient.id', 'signup.userId')
    .innerJoin('collections', 'collections.id', 'exchangeAssignments.collectionId')
    .selectAll('exchangeAssignments')
    .select(['giver.login as giverLogin', 'recipient.login as recipientLogin', 'recipient.id as recipientUserId', 'signup.requests', 'collections.name as collectionName', 'collections.title as collectionTitle']);
}

export function assignmentsOf(db: Queryable, collectionId: number): Promise<AssignmentRow[]> {
  return assignmentQuery(db).where('exchangeAssignments.collectionId', '=', collectionId).orderBy('exchangeAssignments.id').execute();
}

export function assignmentsOfGiver(db: Queryable, userId: number): Promise<AssignmentRow[]> {
  return assignmentQuery(db).where('exchangeAssignments.giverUserId', '=', userId).orderBy('exchangeAssignments.id', 'desc').execute();
}

export function findAssignment(db: Queryable, id: number): Promise<AssignmentRow | undefined> {
  return assignmentQuery(db).where('exchangeAssignments.id', '=', id).executeTakeFirst();
}

export async function setAssignment(db: Queryable, id: number, changes: Partial<Pick<ExchangeAssignment, 'status' | 'workId' | 'defaultedAt'>>): Promise<void> {
  await db.updateTable('exchangeAssignments').set(changes).where('id', '=', id).execute();
}

export async function addPinchHitter(db: Queryable, collectionId: number, userId: number, createdAt: string): Promise<void> {
  await db.insertInto('exchangePinchHitters').values({ collectionId, userId, createdAt }).onConflict((oc) => oc.columns(['collectionId', 'userId']).doNothing()).execute();
}

export async function isPinchHitter(db: Queryable, collectionId: number, userId: number): Promise<boolean> {
  const row = await db.selectFrom('exchangePinchHitters').select('userId').where('collectionId', '=', collectionId).where('userId', '=', userId).executeTakeFirst();
  return row !== undefined;
}

export async function pinchHittersOf(db: Queryable, collectionId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('exchangePinchHitters')
    .innerJoin('users', 'users.id', 'exchangePinchHitters.userId')
    .select('users.login')
    .where('exchangePinchHitters.collectionId', '=', collectionId)
    .orderBy('users.login')
    .execute();
  return rows.map((r) => r.login);
}

export async function insertGift(db: Queryable, row: Omit<Gift, 'id' | 'refusedAt'>): Promise<number> {
  const { id } = await db.insertInto('gifts').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

export function findGift(db: Queryable, id: number): Promise<Gift | undefined> {
  return db.selectFrom('gifts').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The gift of a work to one account, refused or not. */
export function findGiftOfWork(db: Queryable, workId: number, recipientUserId: number): Promise<Gift | undefined> {
  return db.selectFrom('gifts').selectAll().where('workId', '=', workId).where('recipientUserId', '=', recipientUserId).executeTakeFirst();
}

/** A work's gifts that stand (not refused), with the recipient's login where they have an account. */
export function giftsOfWork(db: Queryable, workId: number): Promise<(Gift & { login: string | null })[]> {
  return db
    .selectFrom('gifts')
    .leftJoin('users', 'users.id', 'gifts.recipientUserId')
    .selectAll('gifts')
    .select('users.login')
    .where('gifts.workId', '=', workId)
    .where('gifts.refusedAt', 'is', null)
    .orderBy('gifts.id')
    .execute();
}

export async function setGiftRefused(db: Queryable, id: number, at: string): Promise<void> {
  await db.updateTable('gifts').set({ refusedAt: at }).where('id', '=', id).execute();
}

export interface GiftedWorksQuery {
  recipientUserId: number;
  /** The gifts the recipient refused instead of those that stand. */
  refused: boolean;
  /** Restricted works are listed only to logged-in readers (work.visibility.ts). */
  loggedIn: boolean;
}

/** A page of the works given to one account, newest gift first, and how many there are in all. */
export async function giftedWorks(db: Queryable, q: GiftedWorksQuery, limit: number, offset: number): Promise<{ works: Work[]; total: number }> {
  const matching = db
    .selectFrom('gifts')
    .innerJoin('works', 'works.id', 'gifts.workId')
    .where('gifts.recipientUserId', '=', q.recipientUserId)
    .where('gifts.refusedAt', q.refused ? 'is not' : 'is', null)
    .where((eb) => listedWorks(eb, { loggedIn: q.loggedIn }));
  const [works, count] = await Promise.all([
    matching.selectAll('works').orderBy('gifts.id', 'desc').limit(limit).offset(offset).execute(),
    matching.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { works, total: Number(count.n) };
}
