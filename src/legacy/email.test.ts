import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { decodeHeaderValue, looksLikeMessage, parseMessage } from './email.ts';
import type { SourceDocument, Skipped } from './legacy.types.ts';
import { looksLikeMbox, mboxSource } from './mbox.source.ts';
import { adapterFor } from './source.registry.ts';

const fixture = (name: string) => readFileSync(new URL(`../../test/fixtures/importer/${name}`, import.meta.url));

describe('e-mail messages', () => {
  it('decodes RFC 2047 words in any charset', () => {
    expect(decodeHeaderValue('=?windows-1252?Q?It=92s_late?=')).toBe('It’s late');
    expect(decodeHeaderValue('=?UTF-8?B?Q2Fmw6k=?= =?UTF-8?B?IG9wZW4=?=')).toBe('Café open');
  });

  it('undoes quoted-printable to bytes before applying the charset', () => {
    const doc = parseMessage(fixture('qp-cp1252.eml'), 'qp.eml');
    expect(doc.encoding).toBe('windows-1252');
    expect(doc.text).toContain('It’s late, and the loft is quiet — quiet enough that Jim can hear the whole street breathing below the windows tonight.');
    expect(doc.mail?.subject).toBe('NEW: Lamplight – a story [PG] Jim/Blair');
    expect(doc.mail?.fromName).toBe('Hesper Quill');
    expect(doc.addresses).toContain('hesper@example.invalid');
  });

  it('reads the text part of a base64 multipart message', () => {
    const doc = parseMessage(fixture('base64-multipart.eml'), 'b64.eml');
    expect(doc.text).toContain('Willow said “Oh” in the doorway.');
    expect(doc.text).not.toContain('<p>');
    expect(doc.mail?.listName).toBe('bfic');
  });

  it('joins format=flowed lines', () => {
    const doc = parseMessage(fixture('flowed.eml'), 'flowed.eml');
    expect(doc.text).toContain('and thought about Abydos, where it never snowed at all.');
  });

  it('is recognised by content, not by name', () => {
    expect(looksLikeMessage(fixture('qp-cp1252.eml').toString('latin1'))).toBe(true);
    expect(looksLikeMessage('Title: A Story\nAuthor: Someone\n\nText.')).toBe(false);
    expect(adapterFor(fixture('parts.mbox').toString('latin1')).kind).toBe('mbox');
    expect(adapterFor(fixture('tagsoup.html').toString('latin1')).kind).toBe('html');
    expect(adapterFor(fixture('wrapped.txt').toString('latin1')).kind).toBe('text');
  });
});

describe('mbox', () => {
  async function readAll(bytes: Buffer, chunkSize: number, maxBytes = 1 << 24): Promise<Array<SourceDocument | Skipped>> {
    const chunks: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(bytes.subarray(i, i + chunkSize));
    const file = { path: 'x.mbox', head: bytes.toString('latin1'), size: bytes.length, maxBytes, readAll: async () => bytes, stream: () => Readable.from(chunks) };
    const out: Array<SourceDocument | Skipped> = [];
    for await (const item of mboxSource.read(file)) out.push(item);
    return out;
  }

  it('streams messages one at a time, whatever the chunk size, and undoes >From quoting', async () => {
    const bytes = fixture('parts.mbox');
    expect(looksLikeMbox(bytes.toString('latin1'))).toBe(true);
    for (const size of [7, 64, 100_000]) {
      const docs = (await readAll(bytes, size)) as SourceDocument[];
      expect(docs.map((d) => d.source)).toEqual(['x.mbox#1', 'x.mbox#2', 'x.mbox#3', 'x.mbox#4', 'x.mbox#5', 'x.mbox#6', 'x.mbox#7']);
      expect(docs[1]?.text).toContain('\nFrom the loft he could see');
      expect(docs[3]?.mail?.isReply).toBe(true);
    }
  });
});

describe('inline tags in plain text', () => {
  it('become emphasis marks without turning the file into a web page', async () => {
    const { inlineTagsToText, looksLikeHtmlDocument } = await import('./html.flatten.ts');
    const text = 'She said <i>no</i>.\n\nAnd then, <i>very</i> quietly, yes.';
    expect(looksLikeHtmlDocument(text)).toBe(false);
    expect(inlineTagsToText(text)).toBe('She said *no*.\n\nAnd then, *very* quietly, yes.');
  });
});

describe('mbox envelope lines', () => {
  it('are told from story lines that start with "From"', () => {
    expect(looksLikeMbox('From sedge@example.org Sat Jan 10 20:02:11 2004\nFrom: Sedge <s@example.org>\nSubject: x\n\nbody')).toBe(true);
    expect(looksLikeMbox('From - Sat Jan 10 20:02:11 2004\nFrom: Sedge <s@example.org>\nSubject: x\n\nbody')).toBe(true);
    expect(looksLikeMbox('From her bed the town looked small.\nSubject: x\n\nbody')).toBe(false);
  });
});

describe('a sender line alone over the text', () => {
  it('is a message whose sender is named', () => {
    const raw = 'From: wren@example.org (Wren "Jay" Hollis)\n\nA note.\n\nHARVEST MOON\n\nIt rained.\n';
    expect(adapterFor(raw).kind).toBe('email');
    const doc = parseMessage(Buffer.from(raw), 'x.txt');
    expect(doc.mail?.fromName).toBe('Wren "Jay" Hollis');
    expect(doc.text.startsWith('A note.')).toBe(true);
  });

  it('is not a memo in a story, nor a sender line with text under it', () => {
    expect(adapterFor('From: Scully\n\nMulder, the file is on your desk.\n').kind).toBe('text');
    expect(adapterFor('From: wren@example.org\nthe rain had stopped.\n').kind).toBe('text');
  });
});

describe('whitespace on blank lines', () => {
  it('still parts headers from body and messages from each other', () => {
    const raw = 'From: A <a@example.org>\nSubject: NEW: Rain [G]\n  \nTitle: Rain\n\nIt rained.\n';
    expect(looksLikeMessage(raw)).toBe(true);
    expect(parseMessage(Buffer.from(raw), 'x.eml').text).toBe('Title: Rain\n\nIt rained.\n');
  });
});

describe('bold labels in one HTML paragraph', () => {
  it('each start a line of their own', async () => {
    const { htmlToText } = await import('./html.flatten.ts');
    expect(htmlToText('<p><b>Title:</b> Lantern <b>Author:</b> Moth <b>Rating:</b> G</p><p>Text with <b>bold</b> words.</p>').text).toBe(
      'Title: Lantern\nAuthor: Moth\nRating: G\n\nText with bold words.',
    );
  });
});

describe('entities escaped twice in HTML', () => {
  it('are resolved and logged', async () => {
    const { htmlToText } = await import('./html.flatten.ts');
    const html = htmlToText('<p>&amp;quot;Fine,&amp;quot; he said &#151; and left.</p>');
    expect(html.text).toBe('"Fine," he said — and left.');
    expect(html.repairs).toContainEqual(expect.objectContaining({ rule: 'html-entity', before: '&quot;', after: '"' }));
  });
});
