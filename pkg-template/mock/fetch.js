// createMockFetch(): tmr-mock's engine, compiled to wasm from the code the server runs, behind a
// standard fetch. The engine answers (rules, 429s, faults, control paths, CORS headers); this file
// does what fetch and the socket do around it: read the Request, wait out a latency fault (the
// request's signal aborts the wait), fail a dropped connection with a TypeError as fetch does, and
// build a real Response. The origin of the URL is ignored, so any base URL works.
import { makeEngine, faultsOf } from './options.js';

const STATUS_TEXT = {
  200: 'OK', 201: 'Created', 204: 'No Content', 302: 'Found', 400: 'Bad Request', 401: 'Unauthorized',
  402: 'Payment Required', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 409: 'Conflict',
  413: 'Payload Too Large', 422: 'Unprocessable Content', 429: 'Too Many Requests', 500: 'Internal Server Error',
  502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};
// Statuses a Response may not carry a body with.
const NULL_BODY = [101, 103, 204, 205, 304];
const EMPTY = new Uint8Array(0);
const text = new TextDecoder();

/** The entry's exports over the loaded wasm-bindgen glue (`MockEngine`, `builtinWorld`). */
export function mockFetchApi(wasm) {
  function createMockFetch(options) {
    const engine = makeEngine(wasm.MockEngine, options);
    const faultFor = faultsOf(options?.faults);
    let broken = null;
    // A trap (a bug in the engine) leaves the instance unusable: every later call says so.
    const handle = (method, path, query, headers, body) => {
      if (broken) throw broken;
      try {
        return engine.handle(method, path, query, headers.authorization, headers.contentType, headers.fault, body, Date.now());
      } catch (e) {
        broken = new Error(`tmr-client/mock: the mock engine failed (a bug; create a new mock): ${e?.message ?? e}`, { cause: e });
        throw broken;
      }
    };
    const control = (method, path) => JSON.parse(text.decode(handle(method, path, '', {}, EMPTY).body));

    async function mockFetch(input, init) {
      const request = new Request(input, init);
      const { signal } = request;
      signal.throwIfAborted();
      const fault = [request.headers.get('x-mock-fault'), await directive(faultFor, request)].filter(Boolean).join('; ');
      const body = new Uint8Array(await request.arrayBuffer());
      signal.throwIfAborted();
      const url = new URL(request.url);
      const headers = { authorization: request.headers.get('authorization'), contentType: request.headers.get('content-type'), fault: fault || undefined };
      const answer = handle(request.method, url.pathname, url.search.slice(1), headers, body);
      if (answer.delayMs > 0) await sleep(answer.delayMs, signal);
      if (answer.drop) throw networkError('the mock dropped the connection (x-mock-fault: drop)');
      return respond(answer, request);
    }

    const tokens = {};
    for (const p of control('GET', '/__mock/personas')) if (p.persona) tokens[p.persona] = p.token;
    for (const p of control('GET', '/__mock/personas/outlign').tokens) tokens[`outlign_${p.persona}`] = p.token;
    Object.defineProperties(mockFetch, {
      tokens: { value: Object.freeze(tokens), enumerable: true },
      reset: { value: () => void control('POST', '/__mock/reset'), enumerable: true },
      stats: { value: () => control('GET', '/__mock/stats'), enumerable: true },
      // Tells TmrClient's browser-key guard that keys sent here are the mock's, not secrets.
      [Symbol.for('tmr-client.mockFetch')]: { value: true },
    });
    return mockFetch;
  }

  const builtinWorld = () => JSON.parse(wasm.builtinWorld());
  return { createMockFetch, builtinWorld };
}

async function directive(faultFor, request) {
  const d = await faultFor(request);
  if (d === undefined || d === null || typeof d === 'string') return d;
  throw new TypeError('createMockFetch: the faults function must return a directive string or undefined');
}

function respond(answer, request) {
  const { status } = answer;
  if (status < 200 || status > 599) throw networkError(`the mock answered status ${status}, which is no final HTTP answer`);
  if (status >= 300 && status < 400 && request.redirect === 'error') throw networkError(`redirect (${status}) with redirect: "error"`);
  const headers = new Headers();
  for (const [name, value] of answer.headers) {
    // A value no HTTP header can hold (a `Location` built from a redirect URI with a line break)
    // is left out, as the server leaves it out, rather than failing the whole answer.
    try {
      headers.append(name, value);
    } catch {
      /* dropped */
    }
  }
  const empty = NULL_BODY.includes(status) || request.method === 'HEAD';
  if (!empty) headers.set('content-length', String(answer.body.length));
  const response = new Response(empty ? null : answer.body, { status, statusText: STATUS_TEXT[status] ?? '', headers });
  // As a fetched Response: its URL (redirects are answered, never followed: see the README).
  Object.defineProperty(response, 'url', { value: request.url });
  return response;
}

/** What fetch rejects with when no HTTP answer came. */
function networkError(why) {
  return new TypeError('fetch failed', { cause: new Error(why) });
}

function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
