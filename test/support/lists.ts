import { expect } from 'vitest';
import type { ReceivedMail, MailCatcher } from './mail.ts';
import { drainJobs, makeUser, type TestUser } from './factories.ts';
import type { Agent, TestServer } from './server.ts';
import { page } from './dom.ts';

// What the list tests share: starting a list through its form, and joining through the join
// form and the link in the confirmation mail.

let serial = 0;

export async function archivistAgent(server: TestServer): Promise<{ archivist: TestUser; agent: Agent }> {
  const archivist = await makeUser(server.ctx, { role: 'archivist' });
  return { archivist, agent: await server.agent().signInAs(archivist.id) };
}

/** Starts a list through /lists/new and returns its slug. */
export async function startList(agent: Agent, fields: { name?: string; tag?: string; description?: string } = {}): Promise<string> {
  const name = fields.name ?? `List ${++serial} ${Date.now().toString(36)}`;
  const response = await agent.post('/lists/new', { name, tag: fields.tag ?? '', description: fields.description ?? '' });
  expect(response.status, await response.clone().text()).toBe(303);
  const location = response.headers.get('location') ?? '';
  expect(location).toMatch(/^\/lists\/[a-z0-9-]+$/);
  return location.slice('/lists/'.length);
}

/** The site path of the first link in `text` that starts with `path`. */
export function linkIn(text: string | undefined, path: string): string {
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`https?://[^/\\s]+(${escaped}[A-Za-z0-9._/-]+)`).exec(text ?? '');
  if (!match) throw new Error(`no ${path} link in ${text}`);
  return match[1]!;
}

export function lastMailTo(mail: MailCatcher, address: string, subject: RegExp): ReceivedMail {
  const found = mail.messagesTo(address).filter((m) => subject.test(m.subject ?? ''));
  const last = found[found.length - 1];
  if (!last) throw new Error(`no mail to ${address} with a subject like ${subject}; got ${mail.messagesTo(address).map((m) => m.subject).join(' | ')}`);
  return last;
}

/** Sends the join form; the answer's page text. */
/** `digest`: true for the plain-text digest, 'mime' for the MIME digest. */
export async function askToJoin(server: TestServer, slug: string, address: string, digest: boolean | 'mime' = false): Promise<string> {
  const response = await server.agent().post(`/lists/${slug}/join`, { address, ...(digest === 'mime' ? { mime: '1' } : digest ? { digest: '1' } : {}) });
  expect(response.status).toBe(200);
  return page(await response.text()).text('main') ?? '';
}

/** Joins and confirms through the mailed link; the confirmation link used. */
export async function joinAndConfirm(server: TestServer, mail: MailCatcher, slug: string, address: string, digest: boolean | 'mime' = false): Promise<string> {
  const before = mail.messagesTo(address).length;
  await askToJoin(server, slug, address, digest);
  await drainJobs(server.ctx);
  await waitFor(() => mail.messagesTo(address).length > before);
  const link = linkIn(lastMailTo(mail, address, /^Confirm that you want to join/).text, `/lists/${slug}/confirm/`);
  const done = await server.agent().post(link);
  expect(done.status).toBe(200);
  expect(page(await done.text()).text('h1')).toBe('You have joined');
  await drainJobs(server.ctx);
  return link;
}

export async function waitFor(condition: () => boolean, what = 'the mail'): Promise<void> {
  for (let i = 0; i < 150; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`waited in vain for ${what}`);
}

/** Lets any message still on its way arrive, before a test says none came. */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 150));
