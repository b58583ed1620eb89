import nodemailer from 'nodemailer';

// Outgoing mail. One mailer is built at start-up from the config and passed in the AppContext:
// SMTP when SMTP_URL is set (nodemailer reads host, port, auth and options such as
// `?ignoreTLS=true` from the URL), otherwise every message is written to the console, so a
// small archive without a mail server still shows what would have been sent.

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

export interface MailSettings {
  smtpUrl: string | null;
  mailFrom: string;
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
  const transport = nodemailer.createTransport(settings.smtpUrl);
  return {
    async send(message) {
      await transport.sendMail({ from: settings.mailFrom, to: message.to, subject: message.subject, text: message.text });
    },
    close: () => transport.close(),
  };
}
