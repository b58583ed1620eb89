import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { expectLinear } from '../../test/support/growth.ts';
import type { SourceDocument, Skipped } from './legacy.types.ts';
import { mboxSource } from './mbox.source.ts';
import { type FileEvent, readFile } from './parse.ts';

// Hostile files (issue 16): each shape is a file a parser pass once read in quadratic time, made
// at three sizes and read by readFile, what the dry run reads each file with. A file twice the
// size must take about twice the time (test/support/growth.ts). Each file also holds ordinary
// prose in proportion to its size, some 10 ms of linear work: the hostile part is small, as the
// quadratic passes took seconds at these sizes (minutes at a megabyte), and on its own a linear
// pass reads it too fast to measure.

const folder = mkdtempSync(join(tmpdir(), 'rr-growth-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** `unit` repeated to `length` characters. */
const run = (unit: string, length: number) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
const story = 'The rain came down on the roof of the old house, and nobody in the kitchen said a word about it.\n\n'.repeat(4);
const PARAGRAPH = 'Jim watched the window while the kettle boiled; Blair read his notes again, slowly, as if the words might change.';
const prose = (length: number) => run(`${PARAGRAPH}\n\n`, length);
const proseHtml = (length: number) => run(`<p>${PARAGRAPH}</p>\n`, length);
const mailHead = 'From: Hesper Quill <hesper@example.invalid>\nSubject: Lamplight\nDate: Sat, 10 Jan 2004 20:02:11 +0000\n';
const mboxLine = 'From hesper@example.invalid Sat Jan 10 20:02:11 2004\n';
// Prose at the smallest size of each shape (HTML and quoted-printable are slower to read).
const FILLER = { text: 100_000, html: 25_000, email: 60_000, mbox: 100_000 };

let files = 0;
function fileOf(content: string): string {
  const path = join(folder, `shape-${++files}`);
  writeFileSync(path, content, 'latin1');
  return path;
}

// No budget: a slow pass must show its time, not be cut off by the file time limit.
const OPTIONS = { fileSeconds: 3600 };

async function read(path: string): Promise<FileEvent[]> {
  const events: FileEvent[] = [];
  for await (const event of readFile(path, OPTIONS)) events.push(event);
  return events;
}

interface Shape {
  kind: 'text' | 'html' | 'email' | 'mbox';
  /** The smallest size of the hostile part. */
  size: number;
  /** Prose at the smallest size, when not FILLER[kind]. */
  filler?: number;
  /** The file: the hostile part of `size` characters, and `filler` characters of prose. */
  make: (size: number, filler: number) => string;
}

/** The file is read as the kind it is made as, and its time grows linearly with its size. */
async function expectLinearFile(shape: Shape): Promise<void> {
  const make = (size: number) => shape.make(size, Math.round(((shape.filler ?? FILLER[shape.kind]) * size) / shape.size));
  const sample = await read(fileOf(make(shape.size)));
  expect(sample[0]).toMatchObject({ type: 'file', kind: shape.kind });
  expect(sample.some((event) => event.type === 'skipped' && /could not be parsed|took longer/.test(event.skipped.reason))).toBe(false);
  await expectLinear({ size: shape.size, input: (size) => fileOf(make(size)), run: read });
}

// Several seconds each before the fix; a few hundred milliseconds after.
const SLOW = 120_000;

describe('the import passes take time in proportion to the file', () => {
  describe('HTML', () => {
    it('an unclosed comment opener repeated', { timeout: SLOW }, async () => {
      await expectLinearFile({ kind: 'html', size: 12_000, make: (n, f) => `<html><body>${proseHtml(f)}${run('<!--', n)}` });
    });

    it('an unclosed tag repeated ("<a ")', { timeout: SLOW }, async () => {
      await expectLinearFile({ kind: 'html', size: 16_000, make: (n, f) => `<html><body>${proseHtml(f)}${run('<a ', n)}` });
    });

    it('unclosed script elements', { timeout: SLOW }, async () => {
      await expectLinearFile({ kind: 'html', size: 16_000, make: (n, f) => `<html><body>${proseHtml(f)}${run('<script>x', n)}` });
    });

    it('unclosed titles', { timeout: SLOW }, async () => {
      await expectLinearFile({ kind: 'html', size: 16_000, make: (n, f) => `<html><body>${proseHtml(f)}${run('<title>', n)}` });
    });

    it('unclosed declarations ("<!x")', { timeout: SLOW }, async () => {
      await expectLinearFile({ kind: 'html', size: 16_000, make: (n, f) => `<html><body>${proseHtml(f)}${run('<!x', n)}` });
    });
  });

  describe('plain text', () => {
    it('one long token of address characters in a closing paragraph', { timeout: SLOW }, async () => {
      await expectLinearFile({ kind: 'text', size: 16_000, make: (n, f) => `${prose(f)}Write to ${run('a.', n)}\n` });
    });

    it('one long word (no lost letter to look for)', { timeout: SLOW }, async () => {
      // The answer for each word is remembered, so every reading gets a word of its own; and V8
      // hashes a string of over 16,383 characters by its length alone, so the words stay shorter.
      const size = 3_000;
      const word = (n: number, variant: number) => `${'bcdefghijklmnopq'[variant]}${run('abc', n - 1)}`;
      const make = (n: number) => Array.from({ length: 16 }, (_, variant) => fileOf(`${prose((FILLER.text * n) / size)}${word(n, variant)}\n\n${story}`));
      const sample = await read(make(size)[0] as string);
      expect(sample[0]).toMatchObject({ type: 'file', kind: 'text' });
      await expectLinear({ size, input: make, run: (paths) => read(paths.shift() as string) });
    });

    it('a run of dashes inside a title', { timeout: SLOW }, async () => {
      await expectLinearFile({ kind: 'text', size: 12_000, make: (n, f) => `Title: A${run('-', n)}x\nAuthor: Hesper\n\n${prose(f)}` });
    });

    it('a run of colons inside a title', { timeout: SLOW }, async () => {
      await expectLinearFile({ kind: 'text', size: 12_000, make: (n, f) => `Title: A${run(':', n)}x\nAuthor: Hesper\n\n${prose(f)}` });
    });

    it('a run of commas inside a title', { timeout: SLOW }, async () => {
      await expectLinearFile({ kind: 'text', size: 12_000, make: (n, f) => `Title: A${run(',', n)}x\nAuthor: Hesper\n\n${prose(f)}` });
    });

    it('a run of spaces inside a header value', { timeout: SLOW }, async () => {
      await expectLinearFile({ kind: 'text', size: 8_000, make: (n, f) => `Title: A${run(' ', n)}x\nAuthor: Hesper\n\n${prose(f)}` });
    });

    it('a line of spaces that is no label', { timeout: SLOW }, async () => {
      await expectLinearFile({ kind: 'text', size: 8_000, make: (n, f) => `${run(' ', n)}1\n\n${prose(f)}` });
    });

    it('an unclosed parenthesis in an author', { timeout: SLOW }, async () => {
      await expectLinearFile({ kind: 'text', size: 8_000, make: (n, f) => `Title: X\nAuthor: ${run('(', n)}\n\n${prose(f)}` });
    });

    it('unclosed parentheses in the characters', { timeout: SLOW }, async () => {
      await expectLinearFile({ kind: 'text', size: 12_000, make: (n, f) => `Title: X\nCharacters: ${run('(', n)}\n\n${prose(f)}` });
    });

    it('a long signature line asking for feedback', { timeout: SLOW }, async () => {
      await expectLinearFile({ kind: 'text', size: 48_000, filler: 0, make: (n) => `${story}-- \n${run('feedback the ', n)}\n` });
    });
  });

  describe('e-mail', () => {
    it('a run of dashes inside a subject', { timeout: SLOW }, async () => {
      await expectLinearFile({ kind: 'email', size: 12_000, make: (n, f) => `From: Hesper <hesper@example.invalid>\nSubject: A${run('-', n)}x\n\n${prose(f)}` });
    });

    it('an unclosed comment in the sender', { timeout: SLOW }, async () => {
      await expectLinearFile({ kind: 'email', size: 4_000, make: (n, f) => `Subject: Lamplight\nDate: Sat, 10 Jan 2004\nFrom: ${run('(', n)}\n\n${prose(f)}` });
    });

    it('a long list of addresses in the To header', { timeout: SLOW }, async () => {
      const addresses = (n: number) => Array.from({ length: Math.ceil(n / 24) }, (_, i) => `reader${i}@list${i % 7}.example`).join(', ');
      await expectLinearFile({ kind: 'email', size: 24_000, make: (n, f) => `${mailHead}To: ${addresses(n)}\n\n${prose(f)}` });
    });

    it('spaces at the end of a quoted-printable body', { timeout: SLOW }, async () => {
      await expectLinearFile({ kind: 'email', size: 3_000, filler: 30_000, make: (n, f) => `${mailHead}Content-Transfer-Encoding: quoted-printable\n\n${prose(f)}${run(' ', n)}x` });
    });
  });

  describe('mbox', () => {
    it('a long "From " line that opens no message', { timeout: SLOW }, async () => {
      await expectLinearFile({ kind: 'mbox', size: 16_000, make: (n, f) => `${mboxLine}${mailHead}\n${prose(f)}\nFrom ${run('a@', n)}\n\n${story}` });
    });
  });
});

describe('an mbox message over the size limit', () => {
  const MAX_BYTES = 64 * 1024;

  async function readMbox(bytes: Buffer, maxBytes: number): Promise<Array<SourceDocument | Skipped>> {
    const chunks: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += 64 * 1024) chunks.push(bytes.subarray(i, i + 64 * 1024));
    const file = { path: 'big.mbox', head: bytes.subarray(0, 64 * 1024).toString('latin1'), size: bytes.length, maxBytes, readAll: async () => bytes, stream: () => Readable.from(chunks) };
    const out: Array<SourceDocument | Skipped> = [];
    for await (const item of mboxSource.read(file)) out.push(item);
    return out;
  }

  const mbox = (bodyBytes: number) =>
    Buffer.from(`${mboxLine}${mailHead}\n${run('All work and no play makes a long message.\n', bodyBytes)}\n\n${mboxLine}${mailHead}\n${story}`, 'latin1');

  it('is reported as too large, and the next message is still read', async () => {
    const items = await readMbox(mbox(4 * MAX_BYTES), MAX_BYTES);
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({ source: 'big.mbox#1', reason: expect.stringMatching(/^too large for one story \(\d+ bytes\)$/) });
    expect(items[1]).toMatchObject({ source: 'big.mbox#2', mail: { subject: 'Lamplight' } });
  });

  it('costs time in proportion to its size, not the parsing of a huge message', { timeout: SLOW }, async () => {
    await expectLinear({ size: 1 << 23, input: mbox, run: (bytes) => readMbox(bytes, MAX_BYTES) });
  });
});
