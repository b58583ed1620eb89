import { looksLikeMessage, parseMessage } from './email.ts';
import type { SourceAdapter } from './source.types.ts';

/** A single saved message (.eml) or a Usenet post kept with its headers. */
export const emailSource: SourceAdapter = {
  kind: 'email',
  sniff: looksLikeMessage,
  async *read(file) {
    yield parseMessage(await file.readAll(), file.path);
  },
};
