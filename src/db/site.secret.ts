import { randomBytes } from 'node:crypto';
import type { AppContext } from '../context.ts';
import type { Db } from './database.ts';
import { findSecret, insertSecretOnce } from './secret.repository.ts';

// Secrets the archive makes for itself once and keeps in site_secrets (guests' keyed hashes,
// mail tokens): 32 random bytes, stored by whichever process comes first, read by all, and
// kept in memory per database after the first read.

const cache = new WeakMap<Db, Map<string, Promise<Buffer>>>();

export function siteSecret(ctx: AppContext, name: string): Promise<Buffer> {
  let secrets = cache.get(ctx.db);
  if (!secrets) cache.set(ctx.db, (secrets = new Map()));
  let secret = secrets.get(name);
  if (!secret) {
    secret = (async () => {
      let stored = await findSecret(ctx.db.kysely, name);
      if (stored === undefined) {
        await insertSecretOnce(ctx.db.kysely, name, randomBytes(32).toString('base64url'), ctx.now().toISOString());
        stored = await findSecret(ctx.db.kysely, name);
      }
      if (stored === undefined) throw new Error(`siteSecret: "${name}" was neither found nor stored`);
      return Buffer.from(stored, 'base64url');
    })();
    secrets.set(name, secret);
    const held = secrets;
    secret.catch(() => held.delete(name));
  }
  return secret;
}
