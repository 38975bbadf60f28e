// createMockFetch(): tmr-mock's engine, compiled to wasm from the code the server runs, behind a
// standard fetch. The engine answers (rules, 429s, faults, control paths, CORS headers); this file
// does what fetch and the socket do around it: read the Request, wait out a latency fault (the
// request's signal aborts the wait), fail a dropped connection with a TypeError as fetch does, and
// build a real Response. The origin of the URL is ignored, so any base URL works. A streamed
// answer (run-query's rows) is read from the engine one chunk per pull, as the server sends it.
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
// How long a body stalled by `stall=N` stays open when nothing aborts it (the server's limit).
const STALL_LIMIT_MS = 600_000;

/** The entry's exports over the loaded wasm-bindgen glue (`MockEngine`, `builtinWorld`). */
export function mockFetchApi(wasm) {
  function createMockFetch(options) {
    const engine = makeEngine(wasm.MockEngine, options);
    const faultFor = faultsOf(options?.faults);
    let broken = null;
    // A trap (a bug in the engine) leaves the instance unusable: every later call says so.
    const call = (run) => {
      if (broken) throw broken;
      try {
        return run();
      } catch (e) {
        broken = new Error(`tmr-client/mock: the mock engine failed (a bug; create a new mock): ${e?.message ?? e}`, { cause: e });
        throw broken;
      }
    };
    const handle = (method, path, query, headers, body) =>
      call(() => engine.handle(method, path, query, headers.authorization, headers.contentType, headers.fault, body, Date.now()));
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
      if (answer.delayMs > 0) {
        try {
          await sleep(answer.delayMs, signal);
        } catch (e) {
          answer.stream?.free();
          throw e;
        }
      }
      if (answer.drop) throw networkError('the mock dropped the connection (x-mock-fault: drop)');
      return respond(answer, request, call);
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

function respond(answer, request, call) {
  const { status, stream } = answer;
  const refuse = (why) => {
    stream?.free();
    throw networkError(why);
  };
  if (status < 200 || status > 599) refuse(`the mock answered status ${status}, which is no final HTTP answer`);
  if (status >= 300 && status < 400 && request.redirect === 'error') refuse(`redirect (${status}) with redirect: "error"`);
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
  let body = null;
  if (empty) {
    stream?.free();
  } else if (stream) {
    // Chunked on the server: no content-length.
    body = streamed(stream, request.signal, call);
  } else {
    headers.set('content-length', String(answer.body.length));
    body = answer.body;
  }
  const response = new Response(body, { status, statusText: STATUS_TEXT[status] ?? '', headers });
  // As a fetched Response: its URL (redirects are answered, never followed: see the README).
  Object.defineProperty(response, 'url', { value: request.url });
  return response;
}

/** A streamed answer's body: one engine chunk per pull (nothing is made before it is read). Ends
 * as the server's does: closes when whole; errors with `TypeError: terminated`, as undici does
 * when the connection fails, when cut (`cut=N`, `truncate`); when stalled (`stall=N`), waits for
 * the request's signal and errors with its reason (or gives up after the server's limit). An
 * abort of the signal errors it at any point; `cancel()` frees the engine's side at once. */
function streamed(body, signal, call) {
  let controller, timer, wake;
  let freed = false;
  const release = () => {
    if (!freed) body.free();
    freed = true;
  };
  const finish = () => {
    release();
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
    wake?.();
  };
  const fail = (error) => {
    finish();
    controller.error(error);
  };
  const onAbort = () => fail(signal.reason);
  return new ReadableStream(
    {
      start(c) {
        controller = c;
        signal.addEventListener('abort', onAbort, { once: true });
      },
      pull() {
        if (signal.aborted) return fail(signal.reason);
        let chunk;
        try {
          chunk = call(() => body.next());
        } catch (e) {
          return fail(e);
        }
        if (chunk !== undefined) return controller.enqueue(chunk);
        const ending = body.ending;
        if (ending === 'cut') return fail(terminated('the mock cut the connection (x-mock-fault: cut or truncate)'));
        if (ending !== 'stall') {
          finish();
          return controller.close();
        }
        // Nothing more will come: the engine's side can go now; the wait ends at an abort, a
        // cancel or the limit.
        release();
        return new Promise((resolve) => {
          wake = resolve;
          // Not unref'd: as an open socket would, the stalled answer keeps Node running until
          // it ends (an AbortSignal.timeout's own timer does not).
          timer = setTimeout(() => fail(terminated('the mock stalled past its limit (x-mock-fault: stall)')), STALL_LIMIT_MS);
        });
      },
      cancel() {
        finish();
      },
    },
    { highWaterMark: 0 },
  );
}

/** What reading a body rejects with when the connection fails mid-body (undici's wording). */
function terminated(why) {
  return new TypeError('terminated', { cause: new Error(why) });
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
