import { describe, expect, it } from 'vitest';
import { drainJobs, makeUser, makeWork } from '../support/factories.ts';
import { useMailServer } from '../support/mail.ts';

// Without the inbound listener (INBOUND_SMTP_PORT unset, the default) a reply address would
// lead nowhere: comment mail then carries no Reply-To and points to the site alone.

const { server, mail } = useMailServer();

describe('comment mail without the inbound listener', () => {
  it('has no reply address and does not offer answering by mail', async () => {
    const author = await makeUser(server.ctx, { confirmed: true });
    const reader = await makeUser(server.ctx);
    const workId = await makeWork(server.ctx, author, { title: 'Dead Letter' });
    const chapter = await server.ctx.db.kysely.selectFrom('chapters').select('id').where('workId', '=', workId).executeTakeFirstOrThrow();
    const posted = await (await server.agent().signInAs(reader.id)).post(`/works/${workId}/comments`, { body: 'Hello from the site.', chapter_id: String(chapter.id) });
    expect(posted.status).toBe(303);
    await drainJobs(server.ctx);
    const got = await mail.messageTo(author.email);
    expect(got.subject).toBe('[Records Room] Comment on "Dead Letter"');
    expect(got.text).toContain('Reply on the site: https://records-room.test/comments/');
    expect(got.replyTo).toBeUndefined();
    expect(got.text).not.toContain('answer this mail');
    const prefs = await (await server.agent().signInAs(author.id)).get(`/users/${author.login}/preferences/mail`);
    expect(await prefs.text()).not.toContain('can be answered');
  });
});
