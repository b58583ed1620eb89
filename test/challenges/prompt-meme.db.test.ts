import { beforeAll, describe, expect, it } from 'vitest';
import { addToCollection, makeCollection, makeUser, makeWork, type TestUser } from '../support/factories.ts';
import { page } from '../support/dom.ts';
import { useTestServer } from '../support/server.ts';

const server = useTestServer();
let moderator: TestUser;
let prompter: TestUser;
let writer: TestUser;
let other: TestUser;
let meme: string;

const promptIdFrom = (response: Response) => Number(/\/prompts\/(\d+)$/.exec(response.headers.get('location') ?? '')?.[1]);

beforeAll(async () => {
  moderator = await makeUser(server.ctx);
  prompter = await makeUser(server.ctx, { login: `secret_prompter_${Date.now().toString(36)}` });
  writer = await makeUser(server.ctx);
  other = await makeUser(server.ctx);
  meme = (await makeCollection(server.ctx, moderator, { title: 'Kansas Kink Meme', challengeType: 'prompt_meme' })).name;
});

describe('a prompt meme', () => {
  it('takes prompts with tags, claims and many fills, end to end', async () => {
    const asPrompter = await server.agent().signInAs(prompter.id);
    expect((await asPrompter.get(`/collections/${meme}/prompts/new`)).status).toBe(200);
    const posted = await asPrompter.post(`/collections/${meme}/prompts`, { title: 'Rain on the barn', description: 'Clark and a storm.', tags: 'Rain, Clark Kent' });
    expect(posted.status).toBe(303);
    const id = promptIdFrom(posted);

    const asWriter = await server.agent().signInAs(writer.id);
    expect((await asWriter.post(`/collections/${meme}/prompts/${id}/claim`)).status).toBe(303);
    const twice = await asWriter.post(`/collections/${meme}/prompts/${id}/claim`);
    expect(twice.status).toBe(422);
    expect(await twice.text()).toContain('You have already claimed this prompt.');
    const asOther = await server.agent().signInAs(other.id);
    expect((await asOther.post(`/collections/${meme}/prompts/${id}/claim`)).status).toBe(303);

    const first = await makeWork(server.ctx, writer, { title: 'Storm Fill' });
    await addToCollection(server.ctx, writer, first, meme);
    const second = await makeWork(server.ctx, other, { title: 'Second Storm Fill' });
    await addToCollection(server.ctx, other, second, meme);
    expect((await asWriter.post(`/collections/${meme}/prompts/${id}/fill`, { workId: String(first) })).status).toBe(303);
    expect((await asOther.post(`/collections/${meme}/prompts/${id}/fill`, { workId: String(second) })).status).toBe(303);

    const shown = page(await (await server.agent().get(`/collections/${meme}/prompts/${id}`)).text());
    expect(shown.text('h1')).toBe('Rain on the barn');
    expect(shown.text('.prompter')).toBe(`by ${prompter.login}`);
    expect(shown.all('.claims li')).toEqual([writer.login, other.login]);
    expect(shown.all('.fills li a')).toEqual(['Storm Fill', 'Second Storm Fill']);

    // Filters: by tag (any case) and unfilled.
    await asPrompter.post(`/collections/${meme}/prompts`, { title: 'Snow in Smallville', tags: 'Snow' });
    const byTag = page(await (await server.agent().get(`/collections/${meme}/prompts?tag=rain`)).text());
    expect(byTag.all('.prompt h3 a')).toEqual(['Rain on the barn']);
    const unfilled = page(await (await server.agent().get(`/collections/${meme}/prompts?unfilled=1`)).text());
    expect(unfilled.all('.prompt h3 a')).toEqual(['Snow in Smallville']);

    // Unclaiming, and the claimer's own list.
    const mine = page(await (await asWriter.get(`/users/${writer.login}/prompt_claims`)).text());
    expect(mine.all('.prompt-claims li a')).toEqual(['Rain on the barn']);
    expect((await asOther.get(`/users/${writer.login}/prompt_claims`)).status).toBe(403);
    expect((await asWriter.post(`/collections/${meme}/prompts/${id}/unclaim`)).status).toBe(303);
    expect(page(await (await server.agent().get(`/collections/${meme}/prompts/${id}`)).text()).all('.claims li')).toEqual([other.login]);
  });

  it('refuses an empty prompt, filling with someone else\'s work or a work outside the meme, and anonymous visitors', async () => {
    const asPrompter = await server.agent().signInAs(prompter.id);
    const empty = await asPrompter.post(`/collections/${meme}/prompts`, { title: '  ', description: '', tags: 'Kept, Tags' });
    expect(empty.status).toBe(422);
    const form = page(await empty.text());
    expect(form.fieldError('title')).toBe('A prompt needs a title or a description.');
    expect(form.value('tags')).toBe('Kept, Tags');

    const id = promptIdFrom(await asPrompter.post(`/collections/${meme}/prompts`, { title: 'Lex in the rain' }));
    const othersWork = await makeWork(server.ctx, other);
    await addToCollection(server.ctx, other, othersWork, meme);
    const asWriter = await server.agent().signInAs(writer.id);
    const stolen = await asWriter.post(`/collections/${meme}/prompts/${id}/fill`, { workId: String(othersWork) });
    expect(stolen.status).toBe(422);
    expect(page(await stolen.text()).fieldError('workId')).toBe('You can fill a prompt only with a work of your own.');
    const outside = await makeWork(server.ctx, writer);
    const notIn = await asWriter.post(`/collections/${meme}/prompts/${id}/fill`, { workId: String(outside) });
    expect(page(await notIn.text()).fieldError('workId')).toContain('Add the work to “Kansas Kink Meme” first');
    expect(page(await (await server.agent().get(`/collections/${meme}/prompts/${id}`)).text()).count('.fills li')).toBe(0);

    expect((await server.agent().post(`/collections/${meme}/prompts`, { title: 'Guest' })).status).toBe(303);
    expect((await server.agent().get(`/collections/${meme}/prompts/new`)).status).toBe(303);
    const plain = (await makeCollection(server.ctx, moderator)).name;
    expect((await server.agent().get(`/collections/${plain}/prompts`)).status).toBe(404);
  });

  it('refuses prompts, claims and fills once the meme is closed', async () => {
    const closed = (await makeCollection(server.ctx, moderator, { title: 'Closed Meme', challengeType: 'prompt_meme' })).name;
    const asPrompter = await server.agent().signInAs(prompter.id);
    const id = promptIdFrom(await asPrompter.post(`/collections/${closed}/prompts`, { title: 'Before the end' }));
    await server.ctx.db.kysely.updateTable('collections').set({ isClosed: 1 }).where('name', '=', closed).execute();
    const late = await asPrompter.post(`/collections/${closed}/prompts`, { title: 'Too late' });
    expect(late.status).toBe(422);
    const html = page(await late.text());
    expect(html.text('.error-summary, [role=alert]') ?? (await Promise.resolve(''))).toContain('is closed');
    expect(html.value('title')).toBe('Too late');
    const claim = await (await server.agent().signInAs(writer.id)).post(`/collections/${closed}/prompts/${id}/claim`);
    expect(claim.status).toBe(422);
    expect(await claim.text()).toContain('can no longer be claimed');
  });

  it('expires claims after the moderators\' days, shown as expired, and a claim may be made again', async () => {
    const timed = (await makeCollection(server.ctx, moderator, { title: 'Timed Meme', challengeType: 'prompt_meme' })).name;
    const asModerator = await server.agent().signInAs(moderator.id);
    const asWriter0 = () => server.agent();
    expect((await (await server.agent().signInAs(writer.id)).post(`/collections/${timed}/prompts/settings`, { claimDays: '7' })).status).toBe(403);
    expect(page(await (await asModerator.get(`/collections/${timed}/prompts`)).text()).exists('form.claim-settings')).toBe(true);
    expect(page(await (await asWriter0().get(`/collections/${timed}/prompts`)).text()).exists('form.claim-settings')).toBe(false);
    expect((await asModerator.post(`/collections/${timed}/prompts/settings`, { claimDays: '7' })).status).toBe(303);
    expect(page(await (await asModerator.get(`/collections/${timed}/prompts`)).text()).value('claimDays')).toBe('7');
    const id = promptIdFrom(await (await server.agent().signInAs(prompter.id)).post(`/collections/${timed}/prompts`, { title: 'Slow burn' }));
    const asWriter = await server.agent().signInAs(writer.id);
    await asWriter.post(`/collections/${timed}/prompts/${id}/claim`);
    const eightDaysAgo = new Date(server.ctx.now().getTime() - 8 * 86_400_000).toISOString();
    await server.ctx.db.kysely.updateTable('promptClaims').set({ createdAt: eightDaysAgo }).where('promptId', '=', id).execute();
    const shown = page(await (await server.agent().get(`/collections/${timed}/prompts/${id}`)).text());
    expect(shown.all('.claims li.expired')).toEqual([`${writer.login} (expired)`]);
    expect((await asWriter.post(`/collections/${timed}/prompts/${id}/claim`)).status).toBe(303);
    expect(page(await (await server.agent().get(`/collections/${timed}/prompts/${id}`)).text()).all('.claims li')).toEqual([writer.login]);
  });

  it('an anonymous prompter\'s name appears nowhere but to the prompter', async () => {
    const meme = (await makeCollection(server.ctx, moderator, { title: 'Masked Meme', challengeType: 'prompt_meme' })).name;
    const asPrompter = await server.agent().signInAs(prompter.id);
    const id = promptIdFrom(await asPrompter.post(`/collections/${meme}/prompts`, { title: 'Masked wish', description: 'Who asked?', tags: 'Mystery', anonymous: '1' }));
    const asWriter = await server.agent().signInAs(writer.id);
    await asWriter.post(`/collections/${meme}/prompts/${id}/claim`);
    const addresses = [`/collections/${meme}/prompts/${id}`, `/collections/${meme}/prompts`, `/collections/${meme}/prompts?tag=Mystery`, `/users/${writer.login}/prompt_claims`];
    for (const viewer of [server.agent(), asWriter, await server.agent().signInAs(moderator.id)]) {
      for (const address of addresses) {
        const html = await (await viewer.get(address)).text();
        expect(html, address).not.toContain(prompter.login);
      }
    }
    expect(page(await (await server.agent().get(`/collections/${meme}/prompts/${id}`)).text()).text('.prompter')).toBe('by Anonymous');
    expect(page(await (await asPrompter.get(`/collections/${meme}/prompts/${id}`)).text()).text('.prompter')).toBe(`by ${prompter.login}`);
  });
});
