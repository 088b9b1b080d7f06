/**
 * Where the CLI takes secrets from: an environment variable, standard input, or a hidden prompt
 * on a terminal — never a command-line argument (it would sit in `ps` and shell history).
 */
import { SwitchboardError } from '../shared/errors.js';

let stdinLines: Promise<string[]> | undefined;
let stdinCursor = 0;

/** The next unread line of standard input: secrets given on stdin are read in the order the command asks for them. */
export async function takeStdinLine(what: string): Promise<string> {
  const lines = await readStdinLines();
  const line = lines[stdinCursor++];
  if (line === undefined || line === '') {
    throw new SwitchboardError('INVALID_INPUT', `Expected ${what} on line ${stdinCursor} of standard input.`);
  }
  return line;
}

/** Read all of standard input once, as strict UTF-8, split into lines. */
export function readStdinLines(): Promise<string[]> {
  stdinLines ??= (async () => {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of process.stdin) {
      size += (chunk as Buffer).length;
      if (size > 64 * 1024) throw new SwitchboardError('INVALID_INPUT', 'Standard input is too large for a passphrase or key.');
      chunks.push(chunk as Buffer);
    }
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
    } catch {
      throw new SwitchboardError('INVALID_INPUT', 'Standard input is not valid UTF-8 text.');
    }
    return text.split(/\r?\n/);
  })();
  return stdinLines;
}

/** Ask for a secret on the terminal without echoing it. */
export function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    return Promise.reject(
      new SwitchboardError(
        'INVALID_INPUT',
        `No terminal to ask for the passphrase: set ${PASSPHRASE_ENV} or pass --passphrase-stdin.`,
      ),
    );
  }
  return new Promise((resolve, reject) => {
    process.stderr.write(question);
    let value = '';
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const done = (err?: Error): void => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.removeListener('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string): void => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new SwitchboardError('INVALID_INPUT', 'Cancelled.'));
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

export interface PassphraseSource {
  passphraseStdin?: boolean;
}

/** The name of the environment variable a passphrase may come from (MCP client configs set it). */
export const PASSPHRASE_ENV = 'SWITCHBOARD_PASSPHRASE';

/** SWITCHBOARD_PASSPHRASE, when set and not empty. */
export function envPassphrase(): string | undefined {
  const env = process.env[PASSPHRASE_ENV];
  return env !== undefined && env !== '' ? env : undefined;
}

/** The current passphrase: SWITCHBOARD_PASSPHRASE, else line 1 of stdin, else a prompt. */
export async function currentPassphrase(opts: PassphraseSource, label = 'Passphrase'): Promise<string> {
  const env = envPassphrase();
  if (env !== undefined) return env;
  if (opts.passphraseStdin) return takeStdinLine('the passphrase');
  return promptHidden(`${label}: `);
}

/** The passphrase of a profile being created: SWITCHBOARD_PASSPHRASE, else stdin, else asked twice. */
export async function passphraseForNewProfile(fromStdin: boolean): Promise<string> {
  const env = envPassphrase();
  if (env !== undefined) return env;
  if (fromStdin) return takeStdinLine('the passphrase');
  const first = await promptHidden('Passphrase for the new profile: ');
  const second = await promptHidden('Repeat it: ');
  if (first !== second) throw new SwitchboardError('INVALID_INPUT', 'The two passphrases differ. Nothing was created; try again.');
  return first;
}

/**
 * A new passphrase: SWITCHBOARD_NEW_PASSPHRASE, else the next line of stdin when stdin is
 * used, else asked twice on the terminal.
 */
export async function newPassphrase(opts: { useStdin: boolean }): Promise<string> {
  const env = process.env.SWITCHBOARD_NEW_PASSPHRASE;
  if (env !== undefined && env !== '') return env;
  if (opts.useStdin) return takeStdinLine('the new passphrase (or set SWITCHBOARD_NEW_PASSPHRASE)');
  const first = await promptHidden('New passphrase: ');
  const second = await promptHidden('Repeat the new passphrase: ');
  if (first !== second) throw new SwitchboardError('INVALID_INPUT', 'The two passphrases differ. Nothing was changed; try again.');
  return first;
}
