import { describe, expect, it } from 'vitest';
import { startMailCatcher } from '../../test/support/mail.ts';
import { createMailer } from './mailer.ts';

describe('the mailer', () => {
  it('writes messages to the console when no SMTP server is set', async () => {
    const lines: string[] = [];
    const mailer = createMailer({ smtpUrl: null, mailFrom: 'Records Room <a@b.invalid>' }, (line) => lines.push(line));
    await mailer.send({ to: 'someone@example.org', subject: 'Hello', text: 'First line\nSecond line' });
    expect(lines.join('\n')).toBe('[mail] To: someone@example.org\n[mail] Subject: Hello\n[mail] First line\n[mail] Second line');
  });

  it('sends through SMTP when SMTP_URL is set', async () => {
    const catcher = await startMailCatcher();
    try {
      const mailer = createMailer({ smtpUrl: catcher.url, mailFrom: 'Records Room <archivists@records-room.invalid>' });
      await mailer.send({ to: 'reader@example.org', subject: 'Façade', text: 'Une façade rénovée.' });
      mailer.close();
      const mail = await catcher.messageTo('reader@example.org');
      expect(mail.subject).toBe('Façade');
      expect(mail.text?.trim()).toBe('Une façade rénovée.');
      expect(mail.from?.value[0]?.address).toBe('archivists@records-room.invalid');
    } finally {
      await catcher.close();
    }
  });
});
