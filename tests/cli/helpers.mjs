// Shared by the CLI suites: run the installed `tmr` binary (node_modules/.bin/tmr, from the packed
// tarball) against tmr-mock, the built-in world's ids, and a proxy that adds `x-mock-fault`.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';

export const MOCK = process.env.TMR_MOCK_URL;
assert.ok(MOCK, 'run through scripts/with-mock.sh --rate-window-scale 0.02 (TMR_MOCK_URL is not set)');
export const TOKEN = (persona) => process.env[`TMR_TOKEN_${persona.toUpperCase()}`];
const BIN = fileURLToPath(new URL('./node_modules/.bin/tmr', import.meta.url));

/** Ids of the mock's built-in world (`tmr-mock --print-world`). */
export const ACME = '0190f8b0-0002-7001-8002-000000001ef1';
export const NO_PLAN = '0190f8b0-0002-7004-8002-000000007bbe';
export const FULL_HOUSE = '0190f8b0-0002-7006-8002-00000000b99c';
export const UNKNOWN_TEAM = '0190f8b0-0002-7fff-8002-000000000000';

/**
 * Run `tmr ARGS` as a persona (or with `key`; `null`: no TMR_API_KEY), wait for it to exit. Every run checks that the
 * key it was given appears in neither stdout nor stderr.
 * @returns {Promise<{ code: number | null, signal: string | null, stdout: string, stderr: string, child }>}
 */
export function tmr(args, { persona = 'owner', key = TOKEN(persona), env = {}, input, onSpawn } = {}) {
  const childEnv = { PATH: process.env.PATH, TMR_BASE_URL: MOCK, ...env };
  if (key !== null) childEnv.TMR_API_KEY = key;
  const child = spawn(BIN, args, { env: childEnv, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s) => { stdout += s; });
  child.stderr.setEncoding('utf8').on('data', (s) => { stderr += s; });
  child.stdin.end(input);
  onSpawn?.(child, () => stderr);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (key) {
        assert.ok(!stdout.includes(key), `the key appeared on stdout of tmr ${args.join(' ')}`);
        assert.ok(!stderr.includes(key), `the key appeared on stderr of tmr ${args.join(' ')}`);
      }
      resolve({ code, signal, stdout, stderr, child });
    });
  });
}

/** Back to the built-in world. */
export async function reset() {
  assert.equal((await fetch(`${MOCK}/__mock/reset`, { method: 'POST' })).status, 200);
}

export const stats = async () => (await fetch(`${MOCK}/__mock/stats`)).json();

/**
 * A loopback proxy to the mock that adds `x-mock-fault: FAULT` to the requests `when(req)` picks
 * (it is called for every request). Answers are passed on as they arrive, so a body the mock cuts
 * (`cut=N`) reaches tmr cut after the same N bytes, and one it stalls (`stall=N`) stalls there too.
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function faultProxy(fault, when = () => true) {
  const hop = ['host', 'connection', 'keep-alive', 'content-length', 'transfer-encoding'];
  const inFlight = new AbortController();
  const server = createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !hop.includes(k)));
    if (when(req)) headers['x-mock-fault'] = fault;
    try {
      const body = chunks.length ? Buffer.concat(chunks) : undefined;
      const answer = await fetch(MOCK + req.url, { method: req.method, headers, body, redirect: 'manual', signal: inFlight.signal });
      const out = Object.fromEntries([...answer.headers].filter(([k]) => !hop.includes(k) && k !== 'content-encoding'));
      res.writeHead(answer.status, out);
      // Read as fast as it comes (answers here are a few MB at most): what the mock sent is all
      // with tmr or on its way when a cut or close() breaks the body.
      try {
        for await (const chunk of answer.body ?? []) res.write(chunk);
      } catch {
        // Broken: what came is passed on, then the connection ends without the answer's end.
        res.socket?.end();
        return;
      }
      res.end();
    } catch {
      req.socket.destroy();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => { inFlight.abort(); server.closeAllConnections(); server.close(resolve); }),
  };
}

/** A loopback URL nothing listens on. */
export async function closedPort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

/** Lines of text, for comparing tables. */
export const lines = (...rows) => `${rows.join('\n')}\n`;
