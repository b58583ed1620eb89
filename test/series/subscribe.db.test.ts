import { beforeAll, describe, expect, it } from 'vitest';
import { page } from '../support/dom.ts';
import { drainJobs, makeUser, makeWork, workForm, type TestUser } from '../support/factories.ts';
import { useMailServer, type ReceivedMail } from '../support/mail.ts';
import type { Agent } from '../support/server.ts';

// Subscribing to a series from its page: a new work joining it (posted into it, or a posted work
// added later) and a new chapter of one of its works reach its subscribers by mail, once each,
// never for a draft, never to the author.

const { server, mail } = useMailServer();
const db = () => server.ctx.db.kysely;
let author: TestUser;
let reader: TestUser;
let authorAgent: Agent;
let readerAgent: Agent;
let seriesId: number;
let firstWork: number;

async function settled(address: string): Promise<ReceivedMail[]> {
  await drainJobs(server.ctx);
  await new Promise((resolve) => setTimeout(resolve, 150));
  return mail.messagesTo(address);
}

async function post(agent: Agent, fields: Record<string, string>): Promise<number> {
  const response = await agent.post('/works', workForm(author, fields));
  expect(response.status, await response.clone().text()).toBe(303);
  return Number(/\/works\/(\d+)$/.exec(response.headers.get('location')!)![1]);
}

beforeAll(async () => {
  author = await makeUser(server.ctx, { confirmed: true });
  reader = await makeUser(server.ctx, { confirmed: true });
  authorAgent = await server.agent().signInAs(author.id);
  readerAgent = await server.agent().signInAs(reader.id);
  firstWork = await post(authorAgent, { title: 'Beacon One', newSeriesTitle: 'Beacons' });
  seriesId = (await db().selectFrom('serialWorks').select('seriesId').where('workId', '=', firstWork).executeTakeFirstOrThrow()).seriesId;
  await drainJobs(server.ctx);
});

describe('subscribing to a series', () => {
  it('subscribes from the series page, is listed among one’s subscriptions, and refuses a series one may not see', async () => {
    const shown = page(await (await readerAgent.get(`/series/${seriesId}`)).text());
    const form = shown.$('form.subscribe');
    expect(form.find('button').text().trim()).toBe('Subscribe');
    const response = await readerAgent.post(form.attr('action')!, { subscribable_type: 'Series', subscribable_id: String(seriesId), return_to: `/series/${seriesId}` });
    expect(response.status).toBe(303);
    const after = page(await (await readerAgent.get(`/series/${seriesId}`)).text());
    expect(after.text('.flash')).toContain('You are now subscribed to “Beacons”');
    expect(after.text('form.subscribe button')).toBe('Unsubscribe');
    const list = page(await (await readerAgent.get(`/users/${reader.login}/subscriptions?type=series`)).text());
    expect(list.all('li.subscription a')).toEqual(['Beacons']);
    // No button for guests; a series of drafts alone is not there to subscribe to.
    expect(page(await (await server.agent().get(`/series/${seriesId}`)).text()).exists('form.subscribe')).toBe(false);
    const draft = await post(authorAgent, { title: 'Hidden Beacon', newSeriesTitle: 'Draft Beacons', action: 'draft' });
    const draftSeries = (await db().selectFrom('serialWorks').select('seriesId').where('workId', '=', draft).executeTakeFirstOrThrow()).seriesId;
    expect((await readerAgent.post(`/users/${reader.login}/subscriptions`, { subscribable_type: 'Series', subscribable_id: String(draftSeries) })).status).toBe(404);
    expect(await db().selectFrom('subscriptions').select('targetId').where('userId', '=', reader.id).execute()).toEqual([{ targetId: seriesId }]);
  });

  it('mails a new work posted into the series, a posted work added to it and a new chapter of a part; not a draft', async () => {
    const second = await post(authorAgent, { title: 'Beacon Two', seriesId: String(seriesId) });
    let got = await settled(reader.email);
    expect(got.map((m) => m.subject)).toEqual(['[Records Room] New work in the series "Beacons": "Beacon Two"']);
    expect(got[0]!.text).toContain(`https://records-room.test/works/${second}`);
    expect(got[0]!.text).toContain('you subscribed to the series "Beacons"');

    // A draft joining says nothing; a posted work added later from the series' form does.
    await post(authorAgent, { title: 'Beacon Draft', seriesId: String(seriesId), action: 'draft' });
    const older = await makeWork(server.ctx, author, { title: 'Beacon Older' });
    await drainJobs(server.ctx);
    const edit = page(await (await authorAgent.get(`/series/${seriesId}/edit`)).text());
    const fields: Record<string, string> = { title: 'Beacons', addWork: `/works/${older}` };
    edit.$('input[name^="position-"]').each((_, el) => void (fields[edit.$(el).attr('name')!] = edit.$(el).attr('value')!));
    expect((await authorAgent.post(`/series/${seriesId}/edit`, fields)).status).toBe(303);
    got = await settled(reader.email);
    expect(got.map((m) => m.subject)).toEqual(['[Records Room] New work in the series "Beacons": "Beacon Two"', '[Records Room] New work in the series "Beacons": "Beacon Older"']);

    // A new chapter of a part.
    const form = await (await authorAgent.get(`/works/${firstWork}/chapters/new`)).text();
    const chapter = await authorAgent.post(`/works/${firstWork}/chapters`, { chapterTitle: 'Second Light', text: 'The second lamp was lit.', submissionKey: page(form).value('submissionKey')! });
    expect(chapter.status).toBe(303);
    got = await settled(reader.email);
    expect(got).toHaveLength(3);
    expect(got[2]!.subject).toBe('[Records Room] New chapter of "Beacon One" in the series "Beacons"');
    expect(mail.messagesTo(author.email)).toHaveLength(0);
  });
});
