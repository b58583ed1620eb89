import { splitDigest } from './digest.split.ts';
import { looksLikeMessage, opensWithSenderLine, parseMessage } from './email.ts';
import type { SourceAdapter } from './source.types.ts';

/** A single saved message (.eml) or a Usenet post kept with its headers; or several such posts
 *  saved one after another, each under its own header (digest.split.ts), read as one each. */
export const emailSource: SourceAdapter = {
  kind: 'email',
  sniff: (head) => looksLikeMessage(head) || opensWithSenderLine(head),
  async *read(file) {
    const bytes = await file.readAll();
    // Bytes travel as latin-1 strings: one char per byte, so no byte changes before MIME decoding.
    const posts = splitDigest(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'));
    if (posts.length === 1) {
      yield parseMessage(bytes, file.path);
      return;
    }
    for (const [index, post] of posts.entries()) yield parseMessage(Buffer.from(post, 'latin1'), `${file.path}#${index + 1}`);
  },
};
