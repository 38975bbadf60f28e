// The `tmr` program: commands registered from commands/, errors turned into a message on stderr
// and an exit code by class (lib/exit.mjs). The API key is read from TMR_API_KEY only and is
// scrubbed from anything written to stderr.
import { setMaxListeners } from 'node:events';
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { isTmrError } from 'tmr-client';
import { createClient, DEFAULT_BASE_URL } from './lib/client.mjs';
import { describe } from './lib/errors.mjs';
import { CliError, EXIT, exitFor, exitHelp } from './lib/exit.mjs';
import * as clients from './commands/clients.mjs';
import * as invites from './commands/invites.mjs';
import * as members from './commands/members.mjs';
import * as proxy from './commands/proxy.mjs';
import * as query from './commands/query.mjs';
import * as teams from './commands/teams.mjs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const COMMANDS_HELP = `
Commands in full (each takes --help; all but proxy print an aligned table, or --json or --csv):
  tmr teams list
  tmr team get ID
  tmr members list TEAM
  tmr clients list TEAM
  tmr invites list TEAM
  tmr invites send TEAM --from members.csv   (CSV columns: email, optional role)
  tmr query TEAM --accounts IDS [--metrics IDS] [--dimensions IDS] [--range RANGE] [--sort FIELD[:desc]]
  tmr proxy --allow ENDPOINTS [--port N] [--host H] [--base-path P] [--static DIR] [--verbose]
                         (serves the API to local pages without the key; Ctrl-C stops it)`;

const ENV_HELP = `
Environment:
  TMR_API_KEY            the API key (required; read from here only, never printed)
  TMR_BASE_URL           the API's base URL (default ${DEFAULT_BASE_URL})
  TMR_RATE_WINDOW_SCALE  scale the client's rate-limit windows (0 < F <= 1), to match
                         tmr-mock --rate-window-scale F in tests`;

const FOOTER = '\nTMR_API_KEY holds the key, TMR_BASE_URL the base URL. Exit codes: tmr --help.';

/** Text with the key replaced, should anything ever carry it. */
const scrub = (text, key) => (key && key.length >= 4 ? String(text).split(key).join('[key]') : String(text));

function build(ctx) {
  const program = new Command('tmr')
    .description(`The Two Minute Reports API from the command line (tmr-client ${version}).\nData goes to stdout (aligned table, --json or --csv); messages and progress to stderr.`)
    .version(version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showHelpAfterError('(tmr --help lists the commands and flags)')
    .configureOutput({
      writeOut: (s) => ctx.out.write(s),
      // An unknown `--flag=value` is named without its value.
      writeErr: (s) => ctx.err.write(scrub(s, ctx.env.TMR_API_KEY).replace(/(unknown option '[^'=]*=)[^']*'/, '$1…\'')),
    })
    .exitOverride()
    .addHelpText('after', `${COMMANDS_HELP}\n${ENV_HELP}\n\n${exitHelp()}`);
  for (const command of [teams, members, clients, invites, query, proxy]) command.register(program, ctx);
  for (const command of program.commands) {
    for (const sub of [command, ...command.commands]) if (sub.commands.length === 0) sub.addHelpText('after', FOOTER);
  }
  return program;
}

/**
 * Run the command line; resolves the exit code.
 * @param {string[]} argv the arguments after `tmr`
 * @param {{ out?: NodeJS.WriteStream, err?: NodeJS.WriteStream, env?: Record<string, string | undefined>, signal?: AbortSignal }} io
 */
export async function main(argv, io = {}) {
  const signal = io.signal ?? new AbortController().signal;
  setMaxListeners(0, signal);
  const ctx = {
    out: io.out ?? process.stdout,
    err: io.err ?? process.stderr,
    env: io.env ?? process.env,
    call: { signal },
    exitCode: EXIT.OK,
    client: (hooks) => createClient(ctx.env, hooks),
  };
  // A key given as a flag is refused without being repeated (it belongs in TMR_API_KEY).
  const end = argv.indexOf('--');
  if ((end < 0 ? argv : argv.slice(0, end)).some((a) => /^--?(api[-_]?key|key|token)(=|$)/i.test(a))) {
    ctx.err.write('error: the API key is read from the TMR_API_KEY environment variable only, never from a flag\n');
    return EXIT.USAGE;
  }
  try {
    await build(ctx).parseAsync(argv, { from: 'user' });
    return ctx.exitCode;
  } catch (e) {
    // Commander has printed its own message (an unknown flag or command, a missing argument).
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    let message;
    let code;
    if (e instanceof CliError) [message, code] = [e.message, e.exitCode];
    else if (isTmrError(e)) [message, code] = [describe(e), exitFor(e.code)];
    else [message, code] = [`unexpected: ${e?.stack ?? e}`, EXIT.UNEXPECTED];
    ctx.err.write(`error: ${scrub(message, ctx.env.TMR_API_KEY)}\n`);
    return code;
  }
}
