import { randomBytes } from 'node:crypto';
import nodemailer from 'nodemailer';
import { parseFrom } from '../mail/mailer.ts';

// A list's MIME digest (RFC 2046, 5.1.5, as list servers send them): the day's posts as a
// multipart/digest node, each post a message/rfc822 part of its own. Each embedded message is
// written by nodemailer's stream transport, so its headers and text are encoded as any mail the
// archive sends (quoted-printable UTF-8, RFC 2047 subjects) and the node is 7-bit clean; the
// digest message carries it after its table of contents (outbox.attached_part).

export interface MimePost {
  subject: string;
  body: string;
  postedAt: string;
}

const writer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });

async function embedded(from: { name: string; address: string }, post: MimePost): Promise<string> {
  const info = await writer.sendMail({ from, subject: post.subject, text: post.body, date: new Date(post.postedAt), headers: { 'MIME-Version': '1.0' } });
  return (info.message as Buffer).toString('ascii');
}

/** The multipart/digest node of these posts, with its own headers, ready to send whole. */
export async function mimeDigestPart(listName: string, mailFrom: string, posts: MimePost[]): Promise<string> {
  const from = { name: listName, address: parseFrom(mailFrom).address };
  const boundary = `digest-${randomBytes(12).toString('hex')}`;
  const parts = await Promise.all(posts.map((post) => embedded(from, post)));
  // Inside multipart/digest a part's type is message/rfc822 by default; it is said all the same,
  // for mail readers that do not know the default.
  return [
    `Content-Type: multipart/digest; boundary="${boundary}"`,
    `Content-Description: ${posts.length === 1 ? '1 post' : `${posts.length} posts`}`,
    '',
    ...parts.flatMap((message) => [`--${boundary}`, 'Content-Type: message/rfc822', '', message.replace(/\r\n$/, '')]),
    `--${boundary}--`,
    '',
  ].join('\r\n');
}
