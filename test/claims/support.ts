import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { ParsedMail } from 'mailparser';
import { makeUser, type TestUser } from '../support/factories.ts';
import { useTestServer, type TestServer } from '../support/server.ts';
import { startMailCatcher, type MailCatcher } from '../support/mail.ts';

/** An archive whose mail goes to a real SMTP peer, with an archivist to import as. */
export interface ClaimsArchive {
  mail: MailCatcher;
  server: TestServer;
  archivist: TestUser;
}

/**
 * The claims tests' archive for one file, started in beforeAll hooks and closed after: `mail`
 * and `server` are handles that may be taken apart at once, `archivist` is there from the hooks on.
 */
export function useClaimsArchive(): ClaimsArchive {
  let catcher: MailCatcher | undefined;
  let archivist: TestUser | undefined;
  beforeAll(async () => {
    catcher = await startMailCatcher();
  });
  // Registered first, so it runs last: the server is closed before its mail peer.
  afterAll(() => catcher?.close());
  const server = useTestServer(() => ({ SMTP_URL: running().url, MAIL_FROM: 'Records Room <archivists@records-room.invalid>' }));
  beforeAll(async () => {
    archivist = await makeUser(server.ctx, { role: 'archivist' });
  });
  const running = (): MailCatcher => {
    if (!catcher) throw new Error('useClaimsArchive: the archive runs only between beforeAll and afterAll');
    return catcher;
  };
  const mail: MailCatcher = {
    get url() {
      return running().url;
    },
    get received() {
      return running().received;
    },
    messageTo: (address) => running().messageTo(address),
    messagesTo: (address) => running().messagesTo(address),
    refuseNext: (count) => running().refuseNext(count),
    close: () => running().close(),
  };
  return {
    mail,
    server,
    get archivist() {
      if (!archivist) throw new Error('useClaimsArchive: the archivist is made in beforeAll');
      return archivist;
    },
  };
}

/** The claim path in an invitation: "/claims/TOKEN". */
export function claimPathIn(mail: ParsedMail): string {
  const match = mail.text?.match(/https?:\/\/\S+(\/claims\/[A-Za-z0-9_-]+)/);
  if (!match) throw new Error(`no claim link in: ${mail.text}`);
  return match[1]!;
}

let counter = 0;

/** A one-story legacy text file by `author` at `address`, in a folder of its own. */
export function legacyStory(author: string, address: string | null, title: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rr-claim-'));
  const file = path.join(dir, `story${counter++}.txt`);
  const lines = [
    `Title: ${title}`,
    `Author: ${author}`,
    ...(address ? [`E-mail: ${address}`] : []),
    'Fandom: Smallville',
    'Rating: PG',
    '',
    `The wind came off the fields in the evening and ${title.toLowerCase()} was all anyone in town talked about.`,
    '',
    'Clark listened from the porch steps while the radio played low in the kitchen behind him.',
    '',
    'END',
    '',
  ];
  writeFileSync(file, lines.join('\n'));
  return file;
}

/** The claim paths in every mail that reached `address`, oldest first. */
export function claimPathsTo(mail: MailCatcher, address: string): string[] {
  const to = (m: ParsedMail) => (Array.isArray(m.to) ? m.to : m.to ? [m.to] : []).flatMap((a) => a.value.map((v) => v.address?.toLowerCase()));
  return mail.received.filter((m) => to(m).includes(address.toLowerCase())).map(claimPathIn);
}

/** Waits a moment for mail that should not come, then returns how many reached `address`. */
export async function settledCountTo(mail: MailCatcher, address: string): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 100));
  return claimPathsTo(mail, address).length;
}
