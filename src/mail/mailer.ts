import { readFileSync } from 'node:fs';
import nodemailer from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';

// Outgoing mail. One mailer is built at start-up from the config and passed in the AppContext:
// SMTP when SMTP_URL is set (nodemailer reads host, port, auth and options such as
// `?ignoreTLS=true` from the URL), otherwise every message is written to the console, so a
// small archive without a mail server still shows what would have been sent. The archive's
// own mail goes through the outbox (outbox.service.ts), which calls this to deliver.

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string | undefined;
  /** Shown as the sender's name; the address is always the archive's own (DMARC). */
  fromName?: string | undefined;
  headers?: Record<string, string> | undefined;
  /** The envelope sender, where bounces go (a VERP address per recipient). */
  returnPath?: string | undefined;
  messageId?: string | undefined;
  /** A MIME node sent whole after the text part (the message becomes multipart/mixed). */
  attachedPart?: string | undefined;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

export interface MailSettings {
  smtpUrl: string | null;
  mailFrom: string;
  dkim?: { domain: string; selector: string; privateKeyFile: string } | null;
}

export function createMailer(settings: MailSettings, log: (line: string) => void = (line) => console.log(line)): Mailer {
  if (!settings.smtpUrl) {
    return {
      async send(message) {
        log(`[mail] To: ${message.to}\n[mail] Subject: ${message.subject}\n${message.text.replace(/^/gm, '[mail] ')}`);
      },
      close() {},
    };
  }
  const options: SMTPPool.Options = {};
  if (settings.dkim) {
    // Read once at start-up: a missing key file stops the archive with a clear message
    // rather than failing every message later.
    options.dkim = { domainName: settings.dkim.domain, keySelector: settings.dkim.selector, privateKey: readFileSync(settings.dkim.privateKeyFile, 'utf8') };
  }
  // A pool keeps the connection open between messages: a digest run sends thousands.
  // nodemailer reads the URL's host, port, auth and query options and adds them to these.
  const transport = nodemailer.createTransport({ url: settings.smtpUrl, pool: true, maxConnections: 2, ...options } as SMTPPool.Options);
  const from = parseFrom(settings.mailFrom);
  return {
    async send(message) {
      await transport.sendMail({
        from: { name: message.fromName ?? from.name, address: from.address },
        to: message.to,
        subject: message.subject,
        text: message.text,
        ...(message.html ? { html: message.html } : {}),
        ...(message.headers ? { headers: message.headers } : {}),
        ...(message.messageId ? { messageId: message.messageId } : {}),
        ...(message.attachedPart ? { attachments: [{ raw: message.attachedPart }] } : {}),
        ...(message.returnPath ? { envelope: { from: message.returnPath, to: message.to } } : {}),
      });
    },
    close: () => transport.close(),
  };
}

/** `Name <address>` or a bare address. */
export function parseFrom(from: string): { name: string; address: string } {
  const match = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(from);
  if (match) return { name: match[1]!.trim(), address: match[2]!.trim() };
  return { name: '', address: from.trim() };
}
