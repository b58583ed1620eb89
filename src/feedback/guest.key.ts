import { createHmac } from 'node:crypto';
import { isIPv6 } from 'node:net';
import type { AppContext } from '../context.ts';
import { siteSecret } from '../db/site.secret.ts';

// A guest is known by a keyed hash of the address they came from, never the address: with
// the archive's own secret, the hash cannot be turned back into an address by trying all
// 2^32 of them. The key names the work too, so rows on two works cannot be matched up to
// follow one guest around the archive.

const SECRET_NAME = 'guest-key';

/**
 * The part of an address that names one household: an IPv4 address whole, an IPv6 address
 * by its /64 (a home network gets a /64 and its devices rotate through it: RFC 4941), an
 * IPv4 address written as IPv6 (::ffff:1.2.3.4) as IPv4.
 */
export function guestNetwork(address: string): string {
  let a = address.trim().toLowerCase().replace(/^\[|\]$/g, '');
  const zone = a.indexOf('%');
  if (zone !== -1) a = a.slice(0, zone);
  if (!isIPv6(a)) return a;
  const groups = expandIPv6(a);
  if (groups.slice(0, 5).every((g) => g === '0000') && groups[5] === 'ffff') {
    const low = parseInt(groups[6]! + groups[7]!, 16);
    return [low >>> 24, (low >>> 16) & 255, (low >>> 8) & 255, low & 255].join('.');
  }
  return `${groups.slice(0, 4).join(':')}::/64`;
}

/** The eight groups of an IPv6 address, each as four hex digits. */
function expandIPv6(address: string): string[] {
  let text = address;
  // A trailing dotted quad is the last two groups.
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (quad) {
    const [b1, b2, b3, b4] = quad.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, quad.index)}${((b1 << 8) | b2).toString(16)}:${((b3 << 8) | b4).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const middle = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...middle, ...right].map((group) => group.padStart(4, '0'));
}

export function guestKeyWith(secret: Buffer, workId: number, address: string): string {
  return createHmac('sha256', secret).update(`kudos\u0000${workId}\u0000${guestNetwork(address)}`).digest('base64url');
}

// One secret per open database, read once: it never changes once made.

/**
 * The archive's guest-key secret: made on first need, by whichever process asks first
 * (`insert … on conflict do nothing`, then read back what was kept), so every web process
 * of one archive keys guests alike.
 */
export function guestSecret(ctx: AppContext): Promise<Buffer> {
  return siteSecret(ctx, SECRET_NAME);
}

export async function guestKey(ctx: AppContext, workId: number, address: string): Promise<string> {
  return guestKeyWith(await guestSecret(ctx), workId, address);
}

/**
 * The same keyed hash of the address's network for every work: what comments keep, so rate
 * limits and spam rules can count one guest across the archive without the address itself.
 */
export async function addressKey(ctx: AppContext, address: string): Promise<string> {
  return createHmac('sha256', await guestSecret(ctx)).update(`address\u0000${guestNetwork(address)}`).digest('base64url');
}
