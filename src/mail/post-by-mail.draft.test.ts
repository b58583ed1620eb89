import { describe, expect, it } from 'vitest';
import { draftPlan, mailSubmissionKey, readMailedStory } from './post-by-mail.draft.ts';

// The pure half of post by mail: a message read by the importer's parser into a draft.

const message = (body: string[], headers: string[] = ['From: Willow <willow@example.test>', 'Subject: Rain', 'Message-ID: <m1@example.test>']) =>
  Buffer.from([...headers, 'To: post@records-room.test', '', ...body, ''].join('\r\n'));

describe('readMailedStory', () => {
  it('gives the From address and the work the importer reads', () => {
    const read = readMailedStory(message(['Title: Rain', 'Fandom: Smallville', 'Rating: R', '', 'The rain came down on the barn roof all night, and Clark listened.', '', 'END']));
    expect(read.from).toBe('willow@example.test');
    expect(read.story.ok && read.story.value.work).toMatchObject({ title: 'Rain', fandoms: ['Smallville'], rating: 'Mature' });
    expect(read.story.ok && read.story.value.mail?.messageId).toBe('<m1@example.test>');
  });

  it("gives the parser's reason when there is no story", () => {
    expect(readMailedStory(message(['', '  '])).story).toEqual({ ok: false, errors: 'no text' });
  });
});

describe('draftPlan', () => {
  it('fills what the form needs and lists what it filled in', () => {
    const read = readMailedStory(message(['It rained on the farm for a week, and nobody minded very much at all.'], ['From: willow@example.test', 'Subject: ']));
    if (!read.story.ok) throw new Error(read.story.errors);
    const plan = draftPlan(read.story.value.work, 7, 'key', () => undefined);
    expect(plan.input).toMatchObject({ title: 'Untitled', asDraft: true, pseudIds: [7], fandoms: [], warnings: ['Choose Not To Use Archive Warnings'], submissionKey: 'key', moreChapters: [] });
    expect(plan.notRead).toEqual(expect.arrayContaining([expect.stringMatching(/No title was found/), 'No fandom was found: add one before posting.']));
  });

  it('leaves out a name the archive has as another type', () => {
    const read = readMailedStory(message(['Title: Rain', 'Fandom: Smallville', 'Characters: Lantern Keeper', '', 'The lantern keeper came down the hill at dusk, as every evening.']));
    if (!read.story.ok) throw new Error(read.story.errors);
    const plan = draftPlan(read.story.value.work, 7, 'key', (name) => (name === 'Lantern Keeper' ? 'Freeform' : undefined));
    expect(plan.input.characters).toEqual([]);
    expect(plan.notRead).toContain('“Lantern Keeper” is already a tag of another type here (additional tag), so it was not added as character.');
  });
});

describe('mailSubmissionKey', () => {
  it('is the same for one author and Message-ID, and differs across authors', () => {
    const raw = Buffer.from('x');
    expect(mailSubmissionKey(1, '<A@x>', raw)).toBe(mailSubmissionKey(1, ' <a@x> ', Buffer.from('y')));
    expect(mailSubmissionKey(1, '<a@x>', raw)).not.toBe(mailSubmissionKey(2, '<a@x>', raw));
    expect(mailSubmissionKey(1, null, raw)).not.toBe(mailSubmissionKey(1, null, Buffer.from('y')));
  });
});
