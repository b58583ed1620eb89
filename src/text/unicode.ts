const NON_ASCII = /[^\x00-\x7f]/;

/** The text composed (NFC). ASCII, most of what an archive holds, is composed already and is not copied. */
export function composed(text: string): string {
  return NON_ASCII.test(text) ? text.normalize('NFC') : text;
}
