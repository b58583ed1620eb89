import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeBytes, decodeCp1252, looksBinary } from './decode.ts';

const fixture = (name: string) => readFileSync(new URL(`../../test/fixtures/importer/${name}`, import.meta.url));

describe('decodeBytes', () => {
  it('reads cp1252 bytes through iconv-lite, not as C1 controls', () => {
    const bytes = Uint8Array.of(0x93, 0x49, 0x74, 0x92, 0x73, 0x94, 0x20, 0x97, 0x20, 0x63, 0x61, 0x66, 0xe9);
    const decoded = decodeBytes(bytes);
    expect(decoded.encoding).toBe('windows-1252');
    expect(decoded.text).toBe('“It’s” — café');
  });

  it('keeps the five undefined cp1252 bytes instead of deleting them', () => {
    expect(decodeCp1252(Uint8Array.of(0x61, 0x9d, 0x62))).toBe('a\u009Db');
  });

  it('names latin-1 without cp1252 punctuation windows-1252, as the WHATWG standard does', () => {
    expect(decodeBytes(Uint8Array.of(0x6e, 0x61, 0xef, 0x76, 0x65)).text).toBe('naïve');
    expect(decodeBytes(Uint8Array.of(0x6e, 0x61, 0xef, 0x76, 0x65)).encoding).toBe('windows-1252');
  });

  it('recognises MacRoman by its quotes and dashes', () => {
    const decoded = decodeBytes(fixture('macroman.txt'));
    expect(decoded.encoding).toBe('macintosh');
    expect(decoded.text).toContain('“It’s cold,” Ray said — as if Fraser hadn’t noticed.');
    expect(decoded.text).toContain('café au lait…');
  });

  it('reads a cp1252 file with CRLF line ends byte for byte', () => {
    const decoded = decodeBytes(fixture('cp1252.txt'));
    expect(decoded.encoding).toBe('windows-1252');
    expect(decoded.text).not.toContain('\r');
    expect(decoded.text).toContain('“You’re late,” Clark said, and Lex smiled the naïve smile');
  });

  it('repairs double-encoded mojibake and lists the repairs', () => {
    const decoded = decodeBytes(fixture('mojibake-double.txt'));
    expect(decoded.encoding).toBe('utf-8');
    expect(decoded.text).toContain('“It’s a façade,” she said — and meant the whole town.');
    expect(decoded.text).not.toMatch(/â€|Ã/);
    expect(decoded.repairs.some((r) => r.rule === 'mojibake')).toBe(true);
  });

  it('repairs a right double quote whose third byte was lost', () => {
    expect(decodeBytes(Buffer.from('â€œHello,â€\uFFFD she said. â€œBye.â€', 'utf8')).text).toBe('“Hello,” she said. “Bye.”');
    expect(decodeBytes(Buffer.from('â€œHello,â€? she said.', 'utf8')).text).toBe('“Hello,” she said.');
  });

  it('turns C1 controls and entities in plain text into what the author typed', () => {
    const decoded = decodeBytes(fixture('entities.txt'));
    expect(decoded.text).toContain('She didn’t say it — not then.');
    expect(decoded.text).toContain('It’s a clich');
    expect(decoded.text).toContain('"Fine," he said.');
    expect(decoded.repairs).toContainEqual(expect.objectContaining({ rule: 'html-entity', before: '&#146;', after: '’' }));
    expect(decoded.repairs).toContainEqual(expect.objectContaining({ rule: 'c1-control', after: '’' }));
  });

  it('leaves correct accented text alone and normalises to NFC', () => {
    const decoded = decodeBytes(Buffer.from('São Paulo, naïve cafe\u0301 — “fine”', 'utf8'));
    expect(decoded.text).toBe('São Paulo, naïve café — “fine”');
    expect(decoded.repairs).toEqual([]);
  });

  it('reads UTF-16 saved without a byte order mark', () => {
    const bytes = Buffer.from('Title: A\nAuthor: B\n\nText here.', 'utf16le');
    expect(looksBinary(bytes)).toBe(false);
    expect(decodeBytes(bytes)).toMatchObject({ text: 'Title: A\nAuthor: B\n\nText here.', encoding: 'utf-16le' });
  });

  it('honours a byte order mark', () => {
    expect(decodeBytes(Uint8Array.of(0xef, 0xbb, 0xbf, 0x68, 0x69)).text).toBe('hi');
    expect(decodeBytes(Uint8Array.of(0xff, 0xfe, 0x68, 0x00, 0x69, 0x00)).text).toBe('hi');
  });

  it('leaves entities to the HTML reader when the bytes are markup', () => {
    expect(decodeBytes(Buffer.from('a &lt;b&gt;', 'utf8'), null, true).text).toBe('a &lt;b&gt;');
  });
});

describe('looksBinary', () => {
  it('tells binary files from text', () => {
    expect(looksBinary(fixture('binary.dat'))).toBe(true);
    expect(looksBinary(fixture('cp1252.txt'))).toBe(false);
    expect(looksBinary(Uint8Array.of(0xff, 0xfe, 0x68, 0x00))).toBe(false);
  });
});

describe('mojibake repairs are logged from what the file held to what the author wrote', () => {
  it('logs a double encoding as one repair', () => {
    const decoded = decodeBytes(Buffer.from('It\u00c3\u00a2\u00e2\u201a\u00ac\u00e2\u201e\u00a2s', 'utf8'));
    expect(decoded.text).toBe('It’s');
    expect(decoded.repairs).toEqual([{ rule: 'mojibake', before: 'Ã¢â‚¬â„¢', after: '’', count: 1 }]);
  });

  it('repairs UTF-8 read as MacRoman', () => {
    const decoded = decodeBytes(Buffer.from('\u201a\u00c4\u00faIt\u201a\u00c4\u00f4s\u201a\u00c4\u00f9 na\u221a\u00d8ve\u201a\u00c4\u00b6', 'utf8'));
    expect(decoded.text).toBe('“It’s” naïve…');
  });
});
