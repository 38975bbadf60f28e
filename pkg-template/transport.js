// The transport: one attempt of one request over `fetch` (the global one or the caller's), with a
// deadline and the caller's AbortSignal; call.js is its only caller. It lives in JS because every
// step here is a JS call: done from Rust, the same work took ~30 boundary crossings and two wasm
// closures per attempt (bench/REPORT.md). The core decides everything else.
//
// Resolves `[status, body, retryAfter, headers]` (`body` a Uint8Array; `headers` only when asked
// for); rejects with
// `{ kind: 'network' | 'timeout' | 'aborted', message, cause }`.

const TIMEOUT = 'tmr-client: deadline passed';
const encoder = new TextEncoder();
const abortLater = (controller) => controller.abort(TIMEOUT);

/** The message of a rejected fetch, with its `cause` (undici puts ECONNREFUSED there). */
function describe(e) {
  const text = (v) => (typeof v?.message === 'string' ? v.message : typeof v === 'string' ? v : undefined);
  let message = text(e) ?? 'fetch failed';
  const cause = e?.cause;
  const detail = text(cause) ?? (typeof cause?.code === 'string' ? cause.code : undefined);
  if (detail !== undefined) message = `${message} (${detail})`;
  return message;
}

const failure = (kind, message, cause) => ({ kind, message, cause });

/**
 * @param {Function} fetch
 * @param {string} url
 * @param {string} method
 * @param {string} headerLines `name\nvalue\nname\nvalue…` (the core validated every value)
 * @param {Uint8Array | undefined} body
 * @param {AbortSignal | undefined} caller
 * @param {number} timeoutMs
 * @param {boolean} wantHeaders
 */
export async function send(fetch, url, method, headerLines, body, caller, timeoutMs, wantHeaders) {
  if (caller?.aborted) throw failure('aborted');
  let controller;
  try {
    controller = new AbortController();
  } catch (e) {
    throw failure('network', 'AbortController is unavailable', e);
  }
  const timer = setTimeout(abortLater, timeoutMs, controller);
  const onAbort = caller ? () => controller.abort(caller.reason) : undefined;
  caller?.addEventListener('abort', onAbort);
  const classify = (e) => {
    if (caller?.aborted) return failure('aborted');
    if (controller.signal.reason === TIMEOUT) return failure('timeout');
    return failure('network', describe(e), e);
  };
  try {
    const parts = headerLines.split('\n');
    const headers = {};
    for (let i = 0; i + 1 < parts.length; i += 2) headers[parts[i]] = parts[i + 1];
    // Never follow redirects: a redirect to another origin must not carry the Authorization header.
    const init = { method, headers, signal: controller.signal, redirect: 'manual' };
    if (body !== undefined) init.body = body;
    let response;
    try {
      response = await Reflect.apply(fetch, globalThis, [url, init]);
    } catch (e) {
      throw classify(e);
    }
    const status = typeof response?.status === 'number' ? response.status : 0;
    if (response?.type === 'opaqueredirect' || (status >= 300 && status < 400)) {
      throw failure(
        'network',
        `the server answered with a redirect (HTTP ${status}); redirects are not followed, so the key never goes to another origin`,
      );
    }
    if (!(status >= 100 && status <= 599)) throw failure('network', `fetch returned no usable HTTP status (${status})`);
    const bytes = typeof response.arrayBuffer === 'function';
    if (!bytes && typeof response.text !== 'function') throw failure('network', 'fetch returned an object without arrayBuffer() or text()');
    const retryAfter = typeof response.headers?.get === 'function' ? (response.headers.get('retry-after') ?? undefined) : undefined;
    // Bytes, not text: they enter wasm memory in one copy, and JSON.parse gets one decode.
    let answer;
    try {
      answer = bytes ? new Uint8Array(await response.arrayBuffer()) : encoder.encode(String(await response.text()));
    } catch (e) {
      throw classify(e);
    }
    return [status, answer, retryAfter, wantHeaders ? headerObject(response.headers) : undefined];
  } finally {
    clearTimeout(timer);
    caller?.removeEventListener('abort', onAbort);
  }
}

/** All response headers as `{ name: value }` (names lower-case, as fetch gives them). */
function headerObject(headers) {
  const out = {};
  try {
    for (const [name, value] of headers ?? []) out[name] = value;
  } catch {
    // A Response-like object without iterable headers: no headers rather than no answer.
  }
  return out;
}
