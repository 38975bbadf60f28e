// createMockFetch's options, checked at once (a typo must not silently test nothing) and applied
// to a fresh engine. Every message starts with "createMockFetch: " and every failure is a TypeError.

const KEYS = ['world', 'personas', 'faults', 'rateLimits', 'outlign', 'maxQueryRows'];
// `tmr-mock --max-query-rows N`'s range (the engine's MAX_QUERY_ROWS_RANGE).
const MAX_QUERY_ROWS = [1, 100_000_000];

const fail = (message) => {
  throw new TypeError(`createMockFetch: ${message}`);
};
const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A MockEngine set up as `options` say. */
export function makeEngine(MockEngine, options) {
  if (options === undefined || options === null) options = {};
  if (!isObject(options)) fail('options must be an object');
  for (const key of Object.keys(options)) {
    if (!KEYS.includes(key)) fail(`unknown option "${key}" (known: ${KEYS.join(', ')})`);
  }
  const { world, personas, rateLimits, outlign, maxQueryRows } = options;
  // The engine's own errors (a world that does not parse, a persona it does not have) keep its
  // wording; they become TypeErrors like the rest.
  const engine = rust(() => new MockEngine(worldText(world)));
  const limits = rateLimitsOf(rateLimits);
  rust(() => engine.setRateLimits(limits.enabled, limits.windowScale));
  if (outlign !== undefined) {
    if (!isObject(outlign)) fail('outlign must be { objects?, tokenTtl? }');
    rust(() => engine.setOutlign(outlign.objects ?? 'a', outlign.tokenTtl ?? 3600));
  }
  if (maxQueryRows !== undefined) {
    const [lo, hi] = MAX_QUERY_ROWS;
    if (!Number.isInteger(maxQueryRows) || maxQueryRows < lo || maxQueryRows > hi) {
      fail(`maxQueryRows must be a whole number from ${lo} to ${hi} (got ${shown(maxQueryRows)})`);
    }
    rust(() => engine.setMaxQueryRows(maxQueryRows));
  }
  if (personas !== undefined) {
    if (!isObject(personas)) fail('personas must be an object of persona → bearer token');
    for (const [persona, token] of Object.entries(personas)) {
      if (typeof token !== 'string') fail(`personas.${persona} must be a string (the bearer token)`);
      rust(() => engine.setPersonaToken(persona, token));
    }
  }
  return engine;
}

/** `faults` as a function of the request: a directive string, or undefined for none. A user's
 * function gets a clone, so reading its body leaves the mock's copy whole. */
export function faultsOf(faults) {
  if (faults === undefined || faults === null) return () => undefined;
  if (typeof faults === 'string') return () => faults;
  if (typeof faults === 'function') return (request) => faults(request.clone());
  return fail('faults must be a directive string (as the x-mock-fault header) or a function (request) => directive | undefined');
}

function worldText(world) {
  if (world === undefined || world === null) return undefined;
  if (typeof world === 'string') return world;
  if (isObject(world)) return JSON.stringify(world);
  return fail('world must be a world object (as `tmr-mock --print-world` prints) or its JSON text');
}

function rateLimitsOf(rateLimits) {
  if (rateLimits === undefined || rateLimits === true) return { enabled: true, windowScale: 1 };
  if (rateLimits === false) return { enabled: false, windowScale: 1 };
  if (isObject(rateLimits) && Object.keys(rateLimits).every((k) => k === 'windowScale')) {
    const { windowScale = 1 } = rateLimits;
    if (typeof windowScale === 'number') return { enabled: true, windowScale };
  }
  return fail('rateLimits must be true, false or { windowScale } (a number in (0, 1])');
}

/** A value as a message shows it: strings quoted, the rest as JS prints them. */
function shown(value) {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'an array' : 'an object';
  return String(value);
}

function rust(run) {
  try {
    return run();
  } catch (e) {
    if (e instanceof TypeError) throw e;
    return fail(e?.message ?? String(e));
  }
}
