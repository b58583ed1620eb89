import { describe, expect, it } from 'vitest';
import { guestKeyWith, guestNetwork } from './guest.key.ts';

describe('guestNetwork', () => {
  it('keeps IPv4 whole and reads IPv4 written as IPv6 as IPv4', () => {
    expect(guestNetwork('203.0.113.7')).toBe('203.0.113.7');
    expect(guestNetwork('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(guestNetwork('::FFFF:203.0.113.7')).toBe('203.0.113.7');
  });

  it('keys IPv6 by its /64, however it is written', () => {
    const network = '2001:0db8:0000:0001::/64';
    expect(guestNetwork('2001:db8:0:1::1')).toBe(network);
    expect(guestNetwork('2001:DB8:0:1:aaaa:bbbb:cccc:dddd')).toBe(network);
    expect(guestNetwork('[2001:db8:0:1::5]')).toBe(network);
    expect(guestNetwork('fe80::1%eth0')).toBe('fe80:0000:0000:0000::/64');
    expect(guestNetwork('2001:db8:0:1::203.0.113.7')).toBe(network);
    expect(guestNetwork('2001:db8:0:2::1')).not.toBe(network);
  });

  it('passes anything else through', () => {
    expect(guestNetwork('unknown')).toBe('unknown');
  });
});

describe('guestKeyWith', () => {
  const secret = Buffer.alloc(32, 7);
  it('never holds the address, and differs by work and by secret', () => {
    const key = guestKeyWith(secret, 1, '203.0.113.7');
    expect(key).not.toContain('203');
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(guestKeyWith(secret, 1, '203.0.113.7')).toBe(key);
    expect(guestKeyWith(secret, 2, '203.0.113.7')).not.toBe(key);
    expect(guestKeyWith(Buffer.alloc(32, 8), 1, '203.0.113.7')).not.toBe(key);
    expect(guestKeyWith(secret, 1, '2001:db8::1')).toBe(guestKeyWith(secret, 1, '2001:db8::ffff'));
  });
});
