import { describe, expect, it } from 'vitest';
import { readReply } from './reply.text.ts';

const message = (head: string[], body: string) => Buffer.from([...head, '', body].join('\r\n'), 'utf8');

describe('readReply', () => {
  it('keeps what was written above the quote and drops the quote and the signature', () => {
    const raw = message(['From: Ann <Ann@Example.test>', 'Subject: Re: Comment', 'Content-Type: text/plain; charset=utf-8'], 'Merci, très gentil.\r\n\r\nOn Thu, 3 Dec 2026, Records Room wrote:\r\n> A comment\r\n> on your work\r\n\r\n-- \r\nAnn\r\n');
    expect(readReply(raw)).toEqual({ text: 'Merci, très gentil.', fromAddress: 'ann@example.test', automatic: false });
  });

  it('reads a quoted-printable part of a multipart message', () => {
    const raw = message(
      ['From: ann@example.test', 'Content-Type: multipart/alternative; boundary="b"'],
      ['--b', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable', '', 'Caf=C3=A9 at dawn.', '', '> quoted', '--b', 'Content-Type: text/html', '', '<p>Caf&eacute; at dawn.</p>', '--b--', ''].join('\r\n'),
    );
    expect(readReply(raw).text).toBe('Café at dawn.');
  });

  it('is empty when only the quote was sent', () => {
    expect(readReply(message(['From: ann@example.test'], '> everything quoted\r\n> and nothing else\r\n')).text).toBe('');
  });

  it('knows an answer no person wrote (RFC 3834 and the older marks)', () => {
    expect(readReply(message(['From: ann@example.test', 'Auto-Submitted: auto-replied'], 'Away.')).automatic).toBe(true);
    expect(readReply(message(['From: ann@example.test', 'Precedence: auto_reply'], 'Away.')).automatic).toBe(true);
    expect(readReply(message(['From: ann@example.test', 'Auto-Submitted: no'], 'Here.')).automatic).toBe(false);
  });
});
