/**
 * The `tmr-client/mock` entry (the name the API reference gives it).
 * @module tmr-client/mock
 */
// Types of `tmr-client/mock`: tmr-mock's engine (the code the local server runs, compiled to its
// own WebAssembly module) behind a standard `fetch`, for tests that must not touch the real API.

/** Options of `createMockFetch(…)`. Unknown keys are refused (a typo must not silently test nothing). */
export interface MockFetchOptions {
  /** The world to serve: an object in the format `tmr-mock --print-world` prints (and
   * `--fixtures` loads), or its JSON text. Default: the built-in world (see `builtinWorld()`). */
  world?: MockWorld | string | undefined;
  /** Persona → the bearer token it answers to instead of its own, e.g. `{ owner: 'test-key' }`
   * so an app under test can keep the key it is configured with. TMR's personas are the world's
   * (`owner`, `editor`, `viewer`, `outsider`, `readonly`, `cancelled` in the built-in one),
   * Outlign's are `outlign_alice`, `outlign_bob`, `outlign_expired`. The other personas keep
   * their tokens; an unknown persona or a token already taken is refused. */
  personas?: Readonly<Record<string, string>> | undefined;
  /** Faults for every request, as the `x-mock-fault` header takes them (`"latency=300"`,
   * `"status=503"`, `"status=429; retry-after=7"`, `"drop"`, `"malformed"`, `"truncate"`,
   * `"cut=N"`, `"stall=N"`, `"after-write"`), or a function of the request (a clone: its body may
   * be read) returning such a string, or `undefined` for none. Added to a request's own
   * `x-mock-fault` header. `cut=N` gives the body's first N bytes, then reading it rejects with
   * `TypeError: terminated` (a connection that failed); `stall=N` gives them, then nothing until
   * the request's signal aborts (reading rejects with its reason). `truncate` halves a buffered
   * body, and cuts a streamed one (run-query's) at half of its first chunk. */
  faults?: string | ((request: Request) => string | undefined | null | Promise<string | undefined | null>) | undefined;
  /** The API's rate buckets per token (429 with `Retry-After`): `true` (default), `false` (counted,
   * never refused), or `{ windowScale }` (0.02 makes a minute's window last 1.2 s). */
  rateLimits?: boolean | { windowScale?: number | undefined } | undefined;
  /** Most rows one run-query answer may have, as `tmr-mock --max-query-rows N`: a whole number
   * from 1 to 100,000,000 (default 200,000); a query over it answers 400. The rows are made while
   * the answer's body is read (a `ReadableStream` of about 64 KiB chunks, no `content-length`),
   * so a large cap costs no memory unless the query sorts. */
  maxQueryRows?: number | undefined;
  /** Outlign's side: `objects` is the stored version of the client object (`"a"` default, or
   * `"b"`), `tokenTtl` the life in seconds of the access tokens `/oauth/token` issues (3600). */
  outlign?: { objects?: "a" | "b" | undefined; tokenTtl?: number | undefined } | undefined;
}

/** The built-in personas, present unless a `world` without them is given. */
export type BuiltinPersona =
  | "owner" | "editor" | "viewer" | "outsider" | "readonly" | "cancelled"
  | "outlign_alice" | "outlign_bob" | "outlign_expired";

/** Persona → bearer token (after `personas` renames). */
export type MockTokens = { readonly [P in BuiltinPersona]: string } & { readonly [persona: string]: string | undefined };

/** What `GET /__mock/stats` answers. */
export interface MockStats {
  /** Endpoint name → persona (or token prefix) → requests that passed authentication. */
  requests: Record<string, Record<string, number>>;
  /** Endpoint name → persona → writes applied. */
  writes: Record<string, Record<string, number>>;
  /** Rate bucket (`default`, `run-query`, `invite`, `avatar`) → the most one window admitted. */
  maxAdmittedPerWindow: Record<string, number>;
}

/** A standard `fetch` answered by the mock, with its tokens and controls. */
export interface MockFetch {
  // Not the DOM lib's `RequestInfo`: a Node project with only @types/node must compile too.
  (input: string | URL | Request, init?: RequestInit): Promise<Response>;
  /** Bearer tokens by persona: `tokens.owner`, `tokens.outlign_alice`, … */
  readonly tokens: MockTokens;
  /** Back to the world as created (what `POST /__mock/reset` does); options are kept. */
  reset(): void;
  /** Requests and writes per endpoint and persona (what `GET /__mock/stats` answers). */
  stats(): MockStats;
}

/** A world's API key. */
export interface MockWorldToken {
  token: string;
  userId: string;
  /** `null` or absent: every scope. */
  scopes?: string[] | null;
  /** The name `tokens` and `personas` use. */
  persona?: string | null;
}

/** A mock world (`tmr-mock --print-world`). Objects keep the fields the API documents. */
export interface MockWorld {
  users: Array<{ id: string; name: string | null; email: string; [field: string]: unknown }>;
  tokens: MockWorldToken[];
  teams: Array<{ id: string; name: string | null; [field: string]: unknown }>;
  plans: Array<Record<string, unknown>>;
  /** Connector id → display name; other ids are 400 `Invalid connector ID`. */
  connectors: Record<string, string>;
  nextInviteId: number;
}

/** A `fetch` answered in-process by the mock: pass it as a client's `fetch` option, to MSW, or as
 * `globalThis.fetch` in a test. Any origin works (it is ignored), as does the production base
 * path `/v1`, so a client left on its default `baseUrl` needs no change. Throws a `TypeError` on
 * a bad option. */
export function createMockFetch(options?: MockFetchOptions): MockFetch;

/** A fresh copy of the built-in world, to change and pass as `world`. */
export function builtinWorld(): MockWorld;
