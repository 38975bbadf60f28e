// One call of any endpoint, driven here and decided by the core: `core.prepare` checks the call
// and builds the request, `core.slot` paces, `transport.js` sends one attempt, `core.judge` and
// `core.failure` say whether it is data, a retry after a delay or the final error, and
// `core.cached`/`core.remember` keep the opt-in cache. Identical concurrent GETs without their
// own signal share one request; each caller still gets its own fresh objects.
import { send } from './transport.js';

const LEVELS = ['silent', 'error', 'warn', 'info', 'debug'];
// Invalid UTF-8 never reaches here as data: the core refuses it before anything is parsed.
const decoder = new TextDecoder();

/**
 * What a client keeps between calls: its hooks, logger and the GETs in flight. `live()` says
 * whether `core`'s instance is still the current one (false after a panic reset it).
 */
export function context(options, core, live = () => true) {
  const o = options ?? {};
  const level = core.logLevel;
  const logger = o.logger ?? (level > 0 ? globalThis.console : undefined);
  const hook = (f, event) => {
    try {
      f(event);
    } catch {
      // A hook that throws is ignored: observing must not change the call.
    }
  };
  const log = (at, message) => {
    if (!logger || at > level) return;
    const method = typeof logger[LEVELS[at]] === 'function' ? logger[LEVELS[at]] : logger.log;
    if (typeof method === 'function') {
      try {
        method.call(logger, `tmr-client: ${message}`);
      } catch {
        // Same as hooks.
      }
    }
  };
  return {
    fetch: o.fetch,
    /** Stop a call whose instance was reset while it waited: never touch a dead instance. */
    check() {
      if (!live()) throw new Error('tmr-client: the WebAssembly instance was reset during this call');
    },
    inflight: new Map(),
    debug: logger !== undefined && level >= 4,
    log,
    request(endpoint, method, url, attempt) {
      if (this.debug) log(4, `→ ${method} ${url} (${endpoint}, attempt ${attempt})`);
      if (o.onRequest) hook(o.onRequest, { endpoint, method, url, attempt });
    },
    response(endpoint, status, durationMs, attempt) {
      if (this.debug) log(4, `← ${status ?? 'no answer'} in ${Math.round(durationMs)} ms (${endpoint}, attempt ${attempt})`);
      if (o.onResponse) hook(o.onResponse, { endpoint, status, durationMs, attempt });
    },
    retry(endpoint, attempt, delayMs, error) {
      log(2, `retrying ${endpoint} in ${delayMs} ms after ${error.code} (attempt ${attempt} failed)`);
      if (o.onRetry) hook(o.onRetry, { endpoint, attempt, delayMs, code: error.code, status: error.status });
    },
    rateLimit(endpoint, waitMs, after429) {
      log(3, `${endpoint} waits ${waitMs} ms for a rate-limit slot${after429 ? ' after a 429' : ''}`);
      if (o.onRateLimit) hook(o.onRateLimit, { endpoint, waitMs, after429 });
    },
    failed(endpoint, error) {
      log(1, `${endpoint} failed: ${error?.code} ${error?.status ?? ''}`);
    },
  };
}

/** Wait `ms`; resolves `false` if `signal` aborts first. */
function sleep(ms, signal) {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** An avatar given as a Blob: its bytes, and its type as the default `contentType`. */
async function blobArgs(args) {
  const [file, options] = args;
  if (typeof Blob === 'undefined' || !(file instanceof Blob)) return args;
  let bytes;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch (cause) {
    throw Object.assign(new Error('file: the Blob could not be read', { cause }), { name: 'TmrError', code: 'INVALID_ARGUMENT', endpoint: 'users.uploadAvatar' });
  }
  if (!file.type) return [bytes, options];
  if (options === undefined || options === null) return [bytes, { contentType: file.type }];
  if (typeof options === 'object' && !Array.isArray(options) && options.contentType === undefined) return [bytes, { ...options, contentType: file.type }];
  return [bytes, options];
}

/**
 * Run endpoint `name` with positional `args` and per-call `options`. Resolves with `data` (with
 * `meta`: `{ data, status, headers, attempts, durationMs }`); rejects with the core's TmrError.
 */
export async function run(core, ctx, name, args, options, meta) {
  if (name === 'users.uploadAvatar') {
    args = await blobArgs(args);
    ctx.check();
  }
  const plan = core.prepare(name, args, options);
  const url = plan[2];
  if (plan[7] && !meta) {
    const hit = core.cached(url);
    if (hit !== undefined) {
      ctx.log(4, `cache hit ${url} (${name})`);
      return JSON.parse(hit);
    }
    if (!options?.signal) {
      let shared = ctx.inflight.get(url);
      if (!shared) {
        shared = execute(core, ctx, name, plan, options, false).then((ok) => {
          ctx.check();
          if (core.caching) core.remember(plan[0], url, JSON.stringify(data(ok)), args);
          return ok;
        });
        const done = () => {
          if (ctx.inflight.get(url) === shared) ctx.inflight.delete(url);
        };
        shared.then(done, done);
        ctx.inflight.set(url, shared);
      }
      // Each caller parses the shared answer itself: its own fresh objects.
      const ok = await shared;
      return data(ok);
    }
  }
  const ok = await execute(core, ctx, name, plan, options, meta);
  ctx.check();
  const value = data(ok);
  if (core.caching) core.remember(plan[0], url, plan[7] ? JSON.stringify(value) : undefined, args);
  if (!meta) return value;
  return { data: value, status: ok.status, headers: ok.headers ?? {}, attempts: ok.attempts, durationMs: ok.durationMs };
}

/** The caller's value: the engine parses the body as received, or the core's normalised text. */
function data(ok) {
  return ok.verdict === 0 ? JSON.parse(decoder.decode(ok.body)).data : JSON.parse(ok.verdict[1]);
}

/** Pace, send, judge and retry until data or the final error, with one deadline over all attempts. */
async function execute(core, ctx, name, plan, options, meta) {
  const [index, method, url, headerLines, body, timeoutMs, maxRetries] = plan;
  const signal = options?.signal ?? undefined;
  const fetch = ctx.fetch ?? globalThis.fetch;
  const started = Date.now();
  // The deadline starts with the first send: time queued for a rate-limit slot does not count.
  let deadline;
  let attempt = 0;
  const stop = (kind) => core.failure(index, kind, undefined, undefined, attempt, 0, maxRetries, timeoutMs)[1];
  try {
    if (typeof fetch !== 'function') throw stop('nofetch');
    for (;;) {
      if (signal?.aborted) throw stop('aborted');
      const queued = Date.now();
      for (let wait; (wait = core.slot(index, Date.now() - queued)) > 0; ) {
        ctx.rateLimit(name, wait, false);
        const slept = await sleep(wait, signal);
        ctx.check();
        if (!slept) throw stop('aborted');
      }
      deadline ??= Date.now() + timeoutMs;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw stop('expired');
      attempt += 1;
      ctx.request(name, method, url, attempt);
      const sent = Date.now();
      let verdict;
      try {
        const [status, answer, retryAfter, headers] = await send(fetch, url, method, headerLines, body, signal, remaining, meta);
        ctx.check();
        ctx.response(name, status, Date.now() - sent, attempt);
        verdict = core.judge(index, status, answer, retryAfter, attempt, deadline - Date.now(), maxRetries);
        if (verdict === 0 || verdict[0] === 1) return { verdict, body: answer, status, headers, attempts: attempt, durationMs: Date.now() - started };
      } catch (f) {
        if (typeof f?.kind !== 'string' || f instanceof Error) throw f;
        ctx.check();
        ctx.response(name, undefined, Date.now() - sent, attempt);
        verdict = core.failure(index, f.kind, f.message, f.cause, attempt, deadline - Date.now(), maxRetries, timeoutMs);
      }
      const retry = verdict[0] === 2;
      const drained = retry ? verdict[3] : verdict[2];
      if (drained !== undefined) ctx.rateLimit(name, drained, true);
      if (!retry) throw verdict[1];
      ctx.retry(name, attempt, verdict[1], verdict[2]);
      const slept = await sleep(verdict[1], signal);
      ctx.check();
      if (!slept) throw stop('aborted');
    }
  } catch (e) {
    ctx.failed(name, e);
    throw e;
  }
}
