// An axe-core pass on what a page shows now (axe-core pinned in tools/package.json, injected into
// the page, nothing fetched). Serious and critical violations fail a test; the rest are printed.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';

const AXE = fileURLToPath(new URL('../../tools/node_modules/axe-core/axe.min.js', import.meta.url));
const BLOCKING = new Set(['serious', 'critical']);

const describe = (v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.slice(0, 5).map((n) => `    ${n.target.join(' ')}: ${n.failureSummary?.split('\n').join(' ')}`).join('\n')}`;

/** Run axe on `page` (`name` for the log); fail on serious or critical violations. */
export async function axeCheck(page, name) {
  if (!(await page.evaluate(() => typeof globalThis.axe === 'object'))) await page.addScriptTag({ path: AXE });
  const { violations, passes } = await page.evaluate(() => axe.run(document, { resultTypes: ['violations'] }));
  const blocking = violations.filter((v) => BLOCKING.has(v.impact));
  console.log(`# axe ${name}: ${violations.length} violations (${blocking.length} serious or critical), ${passes.length} rules passed`);
  for (const v of violations.filter((x) => !BLOCKING.has(x.impact))) console.log(`#   ${describe(v).split('\n')[0]}`);
  assert.deepEqual(blocking.map(describe), [], `no serious or critical axe violations on ${name}`);
  return violations;
}
