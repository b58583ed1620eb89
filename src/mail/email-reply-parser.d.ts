// The parts of email-reply-parser 1.9 (CommonJS, no types of its own) that reply.text.ts uses.
declare module 'email-reply-parser' {
  interface ParsedEmail {
    /** The text without quoted fragments, quote headers ("On … wrote:") and signatures. */
    getVisibleText(options?: { aggressive?: boolean }): string;
  }
  export default class EmailReplyParser {
    read(text: string): ParsedEmail;
  }
}
