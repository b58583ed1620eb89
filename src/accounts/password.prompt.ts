import { checkPassword, PASSWORD_MIN_LENGTH } from './password.ts';

// The command line's password question. On a terminal the password is read with echo off
// (raw mode: we see each key and print nothing), asked twice, and asked again when it is too
// short or the two differ. Elsewhere (a script, CI) one line is read from standard input.
// Prompts go to standard error, so `user create … > file` keeps only the command's result.

/** Ctrl-C or Ctrl-D at the question: nothing is created. */
export class PromptCancelled extends Error {}

/** What the password question decided: a password, '' to generate one, or a problem with piped input. */
export type PasswordAnswer = { ok: true; password: string } | { ok: false; message: string };

const FIRST_PROMPT = `Password (at least ${PASSWORD_MIN_LENGTH} characters; leave empty to generate one): `;

export async function askForNewPassword(input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stderr): Promise<PasswordAnswer> {
  if (!input.isTTY) return readPipedPassword(input);
  const reader = new HiddenLineReader(input, output);
  try {
    for (;;) {
      const password = await reader.ask(FIRST_PROMPT);
      if (password === '') return { ok: true, password };
      const problem = checkPassword(password);
      if (problem) {
        output.write(`${problem} Try again.\n`);
        continue;
      }
      if ((await reader.ask('Password again, to confirm: ')) === password) return { ok: true, password };
      output.write('The two passwords do not match. Try again.\n');
    }
  } finally {
    reader.close();
  }
}

/** One line from a pipe or file; the line ending is not part of the password (spaces are). */
async function readPipedPassword(input: NodeJS.ReadStream): Promise<PasswordAnswer> {
  input.setEncoding('utf8');
  let text = '';
  for await (const chunk of input) {
    text += chunk as string;
    if (text.includes('\n')) break;
  }
  const password = text.split('\n')[0]!.replace(/\r$/, '');
  const problem = password === '' ? null : checkPassword(password);
  if (!problem) return { ok: true, password };
  return {
    ok: false,
    message:
      `password: ${problem} (It was read from standard input, which is not a terminal: ` +
      'give one line with the password, or an empty one to have a password generated.)',
  };
}

const CTRL_C = '\u0003';
const CTRL_D = '\u0004';
const CTRL_U = '\u0015';
const BACKSPACES = new Set(['\u007f', '\b']);

/** Reads lines from a terminal in raw mode, echoing nothing. Keys typed ahead carry over to the next question. */
class HiddenLineReader {
  private pending = '';
  private wasRaw: boolean;

  constructor(
    private readonly input: NodeJS.ReadStream,
    private readonly output: NodeJS.WriteStream,
  ) {
    this.wasRaw = input.isRaw;
    input.setRawMode(true);
    input.setEncoding('utf8');
  }

  ask(prompt: string): Promise<string> {
    this.output.write(prompt);
    return new Promise((resolve, reject) => {
      let line = '';
      const finish = (settle: () => void) => {
        this.input.off('data', onData);
        this.input.pause();
        this.output.write('\n');
        settle();
      };
      const onData = (chunk: string) => {
        // An arrow or function key arrives as one escape sequence: not part of a password.
        const keys = [...(this.pending + chunk).replace(/\u001b\[?[0-9;]*[A-Za-z~]?/g, '')];
        this.pending = '';
        for (const [index, key] of keys.entries()) {
          if (key === '\r' || key === '\n') {
            this.pending = keys.slice(index + 1).join('').replace(/^\n/, '');
            return finish(() => resolve(line));
          }
          if (key === CTRL_C || (key === CTRL_D && line === '')) return finish(() => reject(new PromptCancelled()));
          if (BACKSPACES.has(key)) line = [...line].slice(0, -1).join('');
          else if (key === CTRL_U) line = '';
          else if (key >= ' ') line += key;
        }
      };
      this.input.on('data', onData);
      this.input.resume();
      if (this.pending) onData('');
    });
  }

  close(): void {
    this.input.setRawMode(this.wasRaw);
    this.input.pause();
  }
}
