// The TmrClient of a command, from the environment: TMR_API_KEY (never a flag, never printed),
// TMR_BASE_URL, and TMR_RATE_WINDOW_SCALE for tests against `tmr-mock --rate-window-scale`; the
// same environment read the same way by `tmr proxy`.
import { TmrClient, isTmrError } from 'tmr-client';
import { CliError, EXIT } from './exit.mjs';

export const DEFAULT_BASE_URL = 'https://api.twominutereports.com/v1';

// A command line waits for its rate-limit slots however long they take (an invite batch waits
// out the 15 / 5 min bucket); Ctrl-C stops it.
const MAX_WAIT_MS = 2_147_483_647;

// The documented limits (README "Pacing"), only needed here to scale them.
const LIMITS = { default: [120, 60], runQuery: [30, 60], invite: [15, 300], avatar: [10, 300] };

/** The rate-limit buckets TMR_RATE_WINDOW_SCALE asks for (none set: the client's defaults). */
export function rateBuckets(env) {
  const raw = env.TMR_RATE_WINDOW_SCALE;
  if (raw === undefined || raw === '') return {};
  const scale = Number(raw);
  if (!(scale > 0 && scale <= 1)) {
    throw new CliError(EXIT.USAGE, `TMR_RATE_WINDOW_SCALE must be a number above 0 and at most 1; got ${JSON.stringify(raw)}`);
  }
  return Object.fromEntries(Object.entries(LIMITS).map(([name, [requests, seconds]]) =>
    [name, { requests, windowMs: Math.max(1, Math.round(seconds * 1000 * scale)) }]));
}

const rateLimit = (env) => ({ maxWaitMs: MAX_WAIT_MS, ...rateBuckets(env) });

/** TMR_API_KEY, or the error every command ends with when it is not set. */
export function apiKeyOf(env) {
  const apiKey = env.TMR_API_KEY;
  if (!apiKey) {
    throw new CliError(EXIT.DENIED, 'TMR_API_KEY is not set: export the API key from hub.twominutereports.com (Settings → API keys)');
  }
  return apiKey;
}

/** TMR_BASE_URL, or the official API. */
export const baseUrlOf = (env) => env.TMR_BASE_URL || DEFAULT_BASE_URL;

/**
 * An INVALID_ARGUMENT about `apiKey` or `baseUrl` (from new TmrClient or createTmrProxy) as one
 * naming the environment variable; anything else unchanged.
 */
export function envError(e) {
  if (isTmrError(e) && e.code === 'INVALID_ARGUMENT') {
    // The SDK's messages never hold the key ("value not shown"); name the variable instead.
    if (e.message.startsWith('apiKey')) return new CliError(EXIT.DENIED, `TMR_API_KEY: ${e.message}`);
    if (e.message.startsWith('baseUrl')) return new CliError(EXIT.USAGE, `TMR_BASE_URL: ${e.message}`);
  }
  return e;
}

/**
 * A client for this command. `hooks` are TmrClient options such as `onRateLimit`.
 * @param {Record<string, string | undefined>} env
 */
export function createClient(env, hooks = {}) {
  const apiKey = apiKeyOf(env);
  try {
    return new TmrClient({ apiKey, baseUrl: baseUrlOf(env), rateLimit: rateLimit(env), ...hooks });
  } catch (e) {
    throw envError(e);
  }
}
