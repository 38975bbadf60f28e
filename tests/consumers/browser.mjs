// Shared by the consumers that run in headless Chromium (vite-app, plain-page, worker): Debian's
// chromium driven by playwright-core from the repo's tools/, Vite builds, a page served by the
// consumer's own tmr-mock (`--static`), and everything that went wrong on it. TMR_REPO is set by
// scripts/test-consumers.sh (the consumers run from a temporary copy).
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

export const REPO = process.env.TMR_REPO;
export const MOCK = process.env.TMR_MOCK_URL;
if (!REPO || !MOCK) throw new Error('run through scripts/test-consumers.sh (TMR_REPO or TMR_MOCK_URL is not set)');
export const tools = createRequire(`${REPO}/tools/`);
const { chromium } = tools('playwright-core');
const { CHROMIUM_ARGS } = await import(pathToFileURL(`${REPO}/tests/browser/chromium.mjs`).href);

// What Chromium logs for an answer the page asked for on purpose (a 403, a 404).
const HTTP_ERROR = /^Failed to load resource: the server responded with a status of (403|404)/;

/**
 * Open `path` on the mock, wait for the page to set `window.__results`, and return them with the
 * page's text, the responses it got (`{ path, status, type }`) and its problems (uncaught errors,
 * console errors other than `allowed` and the deliberate HTTP errors, failed requests).
 */
export async function visit(path, { allowed = [] } = {}) {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    const problems = [];
    const served = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      const text = m.text();
      if (m.type() === 'error' && !HTTP_ERROR.test(text) && !allowed.some((re) => re.test(text))) problems.push(`console: ${text}`);
    });
    page.on('requestfailed', (r) => problems.push(`requestfailed: ${r.url()} ${r.failure()?.errorText}`));
    page.on('response', (r) => served.push({ path: new URL(r.url()).pathname, status: r.status(), type: r.headers()['content-type'] }));
    await page.goto(new URL(path, MOCK).href);
    const results = await page.waitForFunction(() => window.__results, null, { timeout: 20_000 }).then((h) => h.jsonValue());
    const text = await page.locator('body').innerText();
    return { results, text, served, problems };
  } finally {
    await browser.close();
  }
}

/** Build the Vite app in `root` (its own config, if any) with Vite 7 from tools/; what Vite warned of. */
export async function viteBuild(root) {
  const { build } = await import(pathToFileURL(tools.resolve('vite')).href);
  const warnings = [];
  const output = await build({
    root,
    logLevel: 'warn',
    customLogger: {
      info() {}, warnOnce(m) { warnings.push(m); }, warn(m) { warnings.push(m); }, error(m) { warnings.push(m); },
      clearScreen() {}, hasErrorLogged: () => false, hasWarned: false,
    },
  });
  return { files: (Array.isArray(output) ? output : [output]).flatMap((o) => o.output), warnings };
}

/** The query string that hands a page the mock's tokens (pages read their key as a user types it). */
export const keys = (...personas) => personas.map((p) => `${p}=${encodeURIComponent(process.env[`TMR_TOKEN_${p.toUpperCase()}`])}`).join('&');
