import { decodeBytes } from './decode.ts';
import { inlineTagsToText } from './html.flatten.ts';
import type { SourceAdapter } from './source.types.ts';

/** Plain text: the fallback kind, for anything the other adapters do not claim. */
export const textSource: SourceAdapter = {
  kind: 'text',
  sniff: () => true,
  async *read(file) {
    const decoded = decodeBytes(await file.readAll());
    yield { source: file.path, ...decoded, text: inlineTagsToText(decoded.text), mail: null, htmlTitle: null, addresses: [] };
  },
};
