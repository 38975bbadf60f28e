// Exit codes by error class: one table, read by the error reporter, `tmr --help` and the README.

export const EXIT = Object.freeze({
  OK: 0,
  UNEXPECTED: 1,
  USAGE: 2,
  DENIED: 3,
  NOT_FOUND: 4,
  RATE_LIMITED: 5,
  NETWORK: 6,
  PARTIAL: 7,
  SERVER: 8,
  INTERRUPTED: 130,
});

/** Each class: exit code, what it means, the TmrError codes that end with it. */
export const EXIT_CLASSES = [
  [EXIT.OK, 'success', []],
  [EXIT.UNEXPECTED, 'unexpected: a bug in tmr or the SDK', ['INTERNAL_SDK_ERROR']],
  [EXIT.USAGE, 'bad input: an unknown command or flag, a missing or invalid argument or flag value, an unreadable CSV file, or input the API refused',
    ['INVALID_ARGUMENT', 'BAD_REQUEST', 'VALIDATION_ERROR', 'CONFLICT', 'PAYLOAD_TOO_LARGE']],
  [EXIT.DENIED, 'not allowed: TMR_API_KEY missing or refused, a role too low, a key without the scope, a plan limit, a cancelled plan',
    ['UNAUTHORIZED', 'FORBIDDEN', 'INSUFFICIENT_PERMISSIONS', 'PAYMENT_REQUIRED']],
  [EXIT.NOT_FOUND, 'not found, or a team id that is not one of your teams', ['NOT_FOUND']],
  [EXIT.RATE_LIMITED, 'rate limited past what tmr waits for', ['TOO_MANY_REQUESTS', 'RATE_LIMITED']],
  [EXIT.NETWORK, 'no answer: the network, a timeout, or an invite whose answer was lost', ['NETWORK_ERROR', 'TIMEOUT', 'AMBIGUOUS_WRITE']],
  [EXIT.PARTIAL, 'a batch finished with rows that failed (invites send)', []],
  [EXIT.SERVER, 'the API failed or sent an answer that is not the API\'s', ['INTERNAL_SERVER_ERROR', 'INVALID_RESPONSE', 'UNKNOWN_API_ERROR']],
  [EXIT.INTERRUPTED, 'interrupted by Ctrl-C', ['ABORTED']],
];

const BY_CODE = Object.fromEntries(EXIT_CLASSES.flatMap(([exit, , codes]) => codes.map((code) => [code, exit])));

/** The exit code for a `TmrError` code. */
export const exitFor = (code) => BY_CODE[code] ?? EXIT.UNEXPECTED;

/** An error of the command line itself, with the exit code it ends with. */
export class CliError extends Error {
  constructor(exitCode, message) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** Words of `text` in lines of at most `width` columns. */
function wrap(text, width) {
  const lines = [''];
  for (const word of text.split(' ')) {
    const last = lines.length - 1;
    if (lines[last] && lines[last].length + 1 + word.length > width) lines.push(word);
    else lines[last] = lines[last] ? `${lines[last]} ${word}` : word;
  }
  return lines;
}

/** The exit-code section of `tmr --help`. */
export function exitHelp() {
  const out = ['Exit codes:'];
  for (const [exit, text, codes] of EXIT_CLASSES) {
    const body = wrap(codes.length ? `${text} (${codes.join(', ')})` : text, 72);
    out.push(`  ${String(exit).padStart(3)}  ${body[0]}`, ...body.slice(1).map((l) => `       ${l}`));
  }
  return out.join('\n');
}
