import EmailReplyParser from 'email-reply-parser';
import { parseMessage } from '../legacy/email.ts';

// What a person wrote in a mail that answers one of ours: the message is read by the importer's
// own parsing (MIME, charsets, the text part or the HTML one as text), then email-reply-parser
// drops what they quoted ("On … wrote:" and the "> " lines), signatures ("-- ") and the like.

export interface ReadReply {
  /** The answer itself, trimmed; empty when nothing but quotes and signature was written. */
  text: string;
  /** The address in From, lower case; null when there is none. */
  fromAddress: string | null;
  /** An out-of-office answer or another machine's (RFC 3834), which nobody wrote to us. */
  automatic: boolean;
}

export function readReply(raw: Buffer): ReadReply {
  const message = parseMessage(raw, 'reply');
  const visible = new EmailReplyParser().read(message.text).getVisibleText();
  return { text: visible.replace(/\s+$/, '').replace(/^\s*\n/, '').trim(), fromAddress: message.mail?.fromAddress ?? null, automatic: isAutomatic(headBlock(raw)) };
}

function headBlock(raw: Buffer): string {
  const text = raw.subarray(0, 64 * 1024).toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  return (end === -1 ? text : text.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
}

/** Auto-Submitted other than "no" (RFC 3834), and the older marks vacation programs still send. */
function isAutomatic(head: string): boolean {
  const auto = /^auto-submitted:\s*([^\s;]+)/im.exec(head);
  if (auto && auto[1]!.toLowerCase() !== 'no') return true;
  return /^(precedence:\s*(auto_reply|bulk|junk|list)|x-autoreply:|x-autorespond:)/im.test(head);
}
