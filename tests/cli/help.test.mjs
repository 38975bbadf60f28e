// --help for the program and each command, --version, and what running without a command does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { tmr } from './helpers.mjs';

const pkg = JSON.parse(readFileSync(new URL('./node_modules/tmr-client/package.json', import.meta.url), 'utf8'));
const CANARY = 'tmrc_live_HELPCANARY000000000000000000000';

test('tmr --help: commands, environment, exit codes; no key needed, none shown', async () => {
  for (const args of [['--help'], ['-h'], ['help']]) {
    const r = await tmr(args, { key: CANARY });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    for (const text of ['Usage: tmr [options] [command]', 'tmr teams list', 'tmr team get ID', 'tmr members list TEAM', 'tmr clients list TEAM',
      'tmr invites list TEAM', 'tmr invites send TEAM --from members.csv', 'tmr query TEAM --accounts IDS', 'TMR_API_KEY', 'TMR_BASE_URL',
      'default https://api.twominutereports.com/v1', 'Exit codes:']) {
      assert.ok(r.stdout.includes(text), `${text} in tmr ${args[0]}`);
    }
    for (const code of [0, 1, 2, 3, 4, 5, 6, 7, 8, 130]) assert.match(r.stdout, new RegExp(`^ +${code}  \\S`, 'm'), `exit ${code}`);
  }
  // Without TMR_API_KEY at all, help still works.
  assert.equal((await tmr(['--help'], { key: null })).code, 0);
});

test('the README documents the same exit codes as tmr --help', async () => {
  const help = (await tmr(['--help'])).stdout;
  const codes = [...help.slice(help.indexOf('Exit codes:')).matchAll(/^ +(\d+)  /gm)].map((m) => m[1]);
  const readme = readFileSync(new URL('../../pkg-template/README.md', import.meta.url), 'utf8');
  const start = readme.indexOf('## The `tmr` command line');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  assert.ok(section.length > 100, 'the README has a section on the tmr command line');
  const documented = [...section.matchAll(/^\| (\d+) \|/gm)].map((m) => m[1]);
  assert.deepEqual(documented, codes);
});

test('--help of every command: usage, arguments, flags', async () => {
  const commands = {
    'teams list': ['Usage: tmr teams list [options]', '--json', '--csv'],
    'team get': ['Usage: tmr team get [options] <ID>', '--json', '--csv'],
    'members list': ['Usage: tmr members list [options] <TEAM>', 'team id'],
    'clients list': ['Usage: tmr clients list [options] <TEAM>'],
    'invites list': ['Usage: tmr invites list [options] <TEAM>', 'owner only'],
    'invites send': ['Usage: tmr invites send [options] <TEAM>', '--from <file>', '--progress', '--no-progress',
      'email   required', 'role    optional: viewer, editor or owner', 'exit\ncode 7', '15 per 5 minutes'],
    query: ['Usage: tmr query [options] <TEAM>', '--accounts <ids>', '--metrics <ids>', '--dimensions <ids>', '--range <range>',
      '--sort <field[:dir]>', 'last_30_days', 'START..END', '"<connectorId>_<accountId>"', '--progress', '--no-progress',
      '--csv and --json write the rows as they arrive', 'Ctrl-C stops the query'],
    teams: ['Usage: tmr teams [options] [command]', 'list [options]'],
    invites: ['Usage: tmr invites [options] [command]', 'send [options] <TEAM>'],
  };
  for (const [command, texts] of Object.entries(commands)) {
    const r = await tmr([...command.split(' '), '--help'], { key: CANARY });
    assert.equal(r.code, 0, `${command}: ${r.stderr}`);
    for (const text of texts) assert.ok(r.stdout.includes(text), `${JSON.stringify(text)} in tmr ${command} --help:\n${r.stdout}`);
    if (command.includes(' ') || command === 'query') assert.ok(r.stdout.includes('TMR_API_KEY holds the key'), command);
  }
});

test('--version prints the package version', async () => {
  for (const flag of ['--version', '-V']) {
    const r = await tmr([flag], { key: null });
    assert.deepEqual([r.code, r.stdout, r.stderr], [0, `${pkg.version}\n`, '']);
  }
});

test('no command, a group without its command, an unknown command: help on stderr, exit 2', async () => {
  const none = await tmr([]);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /^Usage: tmr \[options\] \[command\]/);
  const group = await tmr(['teams']);
  assert.equal(group.code, 2);
  assert.match(group.stderr, /^Usage: tmr teams \[options\] \[command\]/);
  const unknown = await tmr(['teems', 'list']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /error: unknown command 'teems'\n\(Did you mean teams\?\)/);
  assert.equal(unknown.stdout, '');
});
