// The same package from a CommonJS module of the node16 project (a .cts file; verbatimModuleSyntax
// wants `import … = require(…)` there): the types come from the `require` condition (index.d.cts)
// and the code from node.cjs.
import assert = require('node:assert/strict');
import tmr = require('tmr-client');

type TeamSummary = tmr.TeamSummary;
const { TmrClient, isTmrError } = tmr;

async function main(): Promise<void> {
  const baseUrl = process.env['TMR_MOCK_URL'];
  const apiKey = process.env['TMR_TOKEN_OWNER'];
  if (!baseUrl || !apiKey) throw new Error('TMR_MOCK_URL and TMR_TOKEN_OWNER must be set');
  assert.match(require.resolve('tmr-client'), /node\.cjs$/);
  const client = new TmrClient({ apiKey, baseUrl });
  const teams: TeamSummary[] = await client.teams.list();
  const first = teams[0];
  assert.ok(first !== undefined);
  try {
    await client.teams.get('nope');
  } catch (e) {
    if (!isTmrError(e)) throw e;
    assert.equal(e.code, 'INVALID_ARGUMENT');
  }
  console.log(`ts-strict (node16, CommonJS): ${teams.length} teams, the first "${first.name ?? '(unnamed)'}"; ok`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
