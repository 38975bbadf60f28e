// The browser half of `make bench`: Debian's headless Chromium via playwright-core, pages served
// by the mock (same origin). Prints JSON results.
import { createRequire } from 'node:module';
import { CHROMIUM_ARGS } from '../tests/browser/chromium.mjs';
import { median, round } from './stats.mjs';

const require = createRequire(new URL('../tools/', import.meta.url));
const { chromium } = require('playwright-core');
const URL_ = process.env.TMR_MOCK_URL;
const KEY = process.env.TMR_TOKEN_OWNER;
// Precise performance.memory and window.gc for the streaming page (neither changes timings).
const args = [...CHROMIUM_ARGS, '--enable-precise-memory-info', '--js-flags=--expose-gc'];
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args });
const run = async (mode) => {
  const page = await browser.newPage();
  page.on('pageerror', (e) => process.stderr.write(`bench: page ${mode}: ${e.stack ?? e}\n`));
  await page.goto(`${URL_}/bench/page.html?mode=${mode}&key=${encodeURIComponent(KEY)}`);
  const out = await page.waitForFunction(() => window.__bench, null, { timeout: 120_000 }).then((h) => h.jsonValue());
  await page.close();
  return out;
};
// `node bench/browser.mjs stream`: the streaming page alone (scripts/bench.sh --stream-only).
const streamOnly = process.argv[2] === 'stream';
const results = {};
if (!streamOnly) {
  const starts = [];
  for (let i = 0; i < 7; i++) starts.push((await run('startup')).instantiate_ms);
  const full = await run('full');
  Object.assign(results, { instantiate_ms: round(median(starts)), small_call: full.small_call, large_list: full.large_list });
}
results.stream = (await run('stream')).stream;
await browser.close();
console.log(JSON.stringify(results, null, 2));
