/**
 * The `tmr-client` entry (the name the API reference gives it).
 * @module tmr-client
 */
// Public types of tmr-client. Field names follow the Two Minute Reports API v1 exactly.
// Objects may carry fields this version does not know yet; they are kept as the API sent them.
// The Outlign client's types are in outlign.d.ts, re-exported here.

import type { OutlignEndpointName } from './outlign.js';
export * from './outlign.js';
/** Also exported by `tmr-client/proxy`, the entry to import it from. */
export { createTmrProxy } from './proxy.js';

// ---------------------------------------------------------------- options and errors

/** Options of `new TmrClient(…)`. */
export interface TmrClientOptions {
  /** The API key (`Authorization: Bearer …`). Never appears in errors, logs or `JSON.stringify`.
   * Leave it out when `baseUrl` is a proxy that adds the key (`createTmrProxy` from
   * `tmr-client/proxy`): the client then sends no `Authorization` header. In a browser or worker
   * a key is refused (every visitor could read it) unless `baseUrl` is on a loopback host or
   * `dangerouslyAllowBrowser` is set. */
  apiKey?: string | undefined;
  /** Default `https://api.twominutereports.com/v1`. `http://` only for localhost / 127.0.0.0/8 /
   * [::1], or anywhere for a client without a key. In a browser or worker, a relative URL such as
   * `/api/tmr` resolves against the page's location. */
  baseUrl?: string | undefined;
  /** Allow `apiKey` in a browser or worker realm, where every visitor of the page can read it.
   * Only for pages nobody else opens: a dashboard's key belongs on a server behind `tmr-client/proxy`. */
  dangerouslyAllowBrowser?: boolean | undefined;
  /** Per-call deadline in ms, retries included. Default 60 000 (run-query 360 000). */
  timeoutMs?: number | undefined;
  /** Retries after a network failure, 429 or 5xx where safe. Default 2, at most 10. */
  maxRetries?: number | undefined;
  /** Longest wait between attempts, `Retry-After` included (default 60 000). A server asking for
   * longer fails the call at once with `TOO_MANY_REQUESTS` and `retryAfterMs`. */
  maxRetryDelayMs?: number | undefined;
  /** Client-side pacing with token buckets per API key, shared by every client using the key in
   * this JS realm (default: the documented limits). `false` turns it off. */
  rateLimit?: boolean | RateLimitOptions | undefined;
  /** Opt-in read cache: GET answers stay fresh for `ttlMs` and are dropped by the writes that
   * change them (link/unlink → that client's accounts; role change/remove → members; enable/
   * disable → accounts and usage; invite → invites and usage). Identical concurrent GETs share one
   * request whether or not the cache is on (calls with their own `signal` run alone). */
  cache?: false | { ttlMs: number } | undefined;
  /** A fetch to use instead of the global one. It gets `(url, init)` with a plain `init`
   * (`headers` a plain object, `body` a `Uint8Array`, `signal`, `redirect: "manual"`). It may
   * return a `Response` or a Response-like object with `status`, `headers.get()` and
   * `arrayBuffer()` (or `text()`). */
  fetch?: ((input: string, init: RequestInit) => Promise<Response>) | undefined;
  /** Called before each attempt is sent. Hooks must not throw (what they throw is ignored). */
  onRequest?: ((event: RequestEvent) => void) | undefined;
  /** Called when an attempt ends (`status` undefined when no HTTP answer came). */
  onResponse?: ((event: ResponseEvent) => void) | undefined;
  /** Called before sleeping for a retry. */
  onRetry?: ((event: RetryEvent) => void) | undefined;
  /** Called when a call waits for a rate-limit slot. */
  onRateLimit?: ((event: RateLimitEvent) => void) | undefined;
  /** Where log lines go (default `console` once `logLevel` is set). Lines never hold the key or bodies. */
  logger?: Logger | undefined;
  /** Default `"silent"`; `"info"` when only `logger` is given. */
  logLevel?: "silent" | "error" | "warn" | "info" | "debug" | undefined;
}

/** One bucket: at most `requests` per `windowMs`. */
export interface BucketLimit { requests: number; windowMs: number }
export interface RateLimitOptions {
  /** Longest a call waits for a slot before failing with `RATE_LIMITED` (default 300 000). */
  maxWaitMs?: number | undefined;
  /** Default 120 / 60 s (every request counts here too). */
  default?: BucketLimit | undefined;
  /** Default 30 / 60 s. */
  runQuery?: BucketLimit | undefined;
  /** Default 15 / 5 min. */
  invite?: BucketLimit | undefined;
  /** Default 10 / 5 min. */
  avatar?: BucketLimit | undefined;
}
export interface Logger {
  debug?(message: string): void;
  info?(message: string): void;
  warn?(message: string): void;
  error?(message: string): void;
  log?(message: string): void;
}
export interface RequestEvent { endpoint: EndpointName; method: string; url: string; attempt: number }
export interface ResponseEvent { endpoint: EndpointName; status: number | undefined; durationMs: number; attempt: number }
export interface RetryEvent { endpoint: EndpointName; attempt: number; delayMs: number; code: TmrErrorCode; status: number | undefined }
export interface RateLimitEvent { endpoint: EndpointName; waitMs: number; after429: boolean }

/** What `client.withResponse.<group>.<method>()` resolves with. */
export interface ResponseInfo<T> {
  data: T;
  status: number;
  /** Response headers, names lower-case. */
  headers: Record<string, string>;
  /** Attempts made (1 when no retry was needed). */
  attempts: number;
  /** From the call to its answer, queueing and retries included. */
  durationMs: number;
}
export type WithResponseGroup<G> = {
  readonly [K in keyof G as G[K] extends (...args: never[]) => Promise<unknown> ? K : never]: G[K] extends (...args: infer A) => Promise<infer R> ? (...args: A) => Promise<ResponseInfo<R>> : never;
};
export interface WithResponseApi {
  readonly users: WithResponseGroup<UsersApi>;
  readonly teams: WithResponseGroup<TeamsApi>;
  readonly members: WithResponseGroup<MembersApi>;
  readonly invites: WithResponseGroup<InvitesApi>;
  readonly connections: WithResponseGroup<ConnectionsApi>;
  readonly clients: WithResponseGroup<ClientsApi>;
  readonly connectors: WithResponseGroup<ConnectorsApi>;
  readonly data: WithResponseGroup<DataApi>;
  readonly platform: WithResponseGroup<PlatformApi>;
}

/** The optional last argument of every method. */
export interface CallOptions {
  /** Cancels the call at once; it rejects with code `ABORTED`. */
  signal?: AbortSignal | undefined;
  /** This call's deadline in ms, overriding the client's. */
  timeoutMs?: number | undefined;
  /** This call's retry budget, overriding the client's. */
  maxRetries?: number | undefined;
}

/** Options of `data.queryRows`: a call's, and the size of its batches. */
export interface QueryRowsOptions extends CallOptions {
  /** Rows per batch (the last may hold fewer): an integer from 1 to 100000. Default 1000. */
  batchSize?: number | undefined;
}

/**
 * A run-query answer's rows in batches, handed out while the answer arrives:
 * `for await (const rows of tmr.data.queryRows(teamId, query)) { … }`. Memory holds one batch,
 * however large the answer. Nothing is sent until the first `next()`; the call is paced, timed
 * and retried as `runQuery` is until the answer's first bytes, and after them a failure (the
 * deadline, an abort, a broken or cut answer) rejects `next()` with a `TmrError` once the rows
 * read before it were handed out. Leaving the loop early (`break`, `return`, a throw) calls
 * `return()`, which cancels the rest of the answer.
 */
export interface RowBatches extends AsyncIterableIterator<Row[]> {
  next(): Promise<IteratorResult<Row[], undefined>>;
  return(value?: undefined): Promise<IteratorResult<Row[], undefined>>;
  [Symbol.asyncIterator](): RowBatches;
  /** Rows handed out so far. */
  readonly rows: number;
  /** Bytes of the answer received so far. */
  readonly bytes: number;
}

/** Every `code` a `TmrError` can carry: the API's codes, then the SDK's own. */
export type TmrErrorCode =
  | "BAD_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "INSUFFICIENT_PERMISSIONS"
  | "NOT_FOUND"
  | "CONFLICT"
  | "PAYLOAD_TOO_LARGE"
  | "VALIDATION_ERROR"
  | "TOO_MANY_REQUESTS"
  | "PAYMENT_REQUIRED"
  | "INTERNAL_SERVER_ERROR"
  | "UNKNOWN_API_ERROR"
  | "INVALID_ARGUMENT"
  | "NETWORK_ERROR"
  | "TIMEOUT"
  | "ABORTED"
  | "INVALID_RESPONSE"
  | "NOT_READY"
  | "INTERNAL_SDK_ERROR"
  | "AMBIGUOUS_WRITE"
  | "RATE_LIMITED";

/** Every failure of the SDK. A real `Error`; `instanceof TmrError` works across package copies. */
export declare class TmrError extends Error {
  constructor(message: string, details?: { code?: TmrErrorCode; status?: number; endpoint?: EndpointName | OutlignEndpointName; retryAfterMs?: number; apiCode?: string; cause?: unknown });
  readonly name: "TmrError";
  /** Stable machine-readable code. */
  readonly code: TmrErrorCode;
  /** HTTP status, when an HTTP answer arrived. */
  readonly status: number | undefined;
  /** The method that failed, e.g. `"members.updateRole"` or `"outlign.clients.update"`. */
  readonly endpoint: EndpointName | OutlignEndpointName | undefined;
  /** Milliseconds the server asked to wait (from `Retry-After`), when it said. */
  readonly retryAfterMs?: number;
  /** The API's code as sent, when it is not one this version knows (`code` is then
   * `UNKNOWN_API_ERROR`). Outlign errors carry no code: `"HTTP_<status>"`, or OAuth's own
   * (`"invalid_grant"`). */
  readonly apiCode?: string;
}

/** Whether `e` is a `TmrError` from any copy of this package. */
export declare function isTmrError(e: unknown): e is TmrError;

/** Resolves at once: the module is loaded when the import resolves (a top-level await in the
 * browser entry). Kept for code written against 0.1, which loaded the module lazily. */
export declare function ready(): Promise<void>;

// ---------------------------------------------------------------- enums and ids

export type Role = "viewer" | "editor" | "owner";
export type Appearance = "auto" | "light" | "dark";
export type UsageStatus = "ok" | "reached" | "exceeded";
export type AccountStatus = "enabled" | "disabled";
export type AccountStatusFilter = AccountStatus | "all";
export type PlanStatus = "active" | "in_trial" | "non_renewing" | "cancelled";
export type ConnectionStatus = "active" | "revoked";
export type ScopeResource = "account" | "teams" | "connections" | "connectors" | "clients" | "data" | "platform";
export type ScopeAction = "read" | "write" | "delete";
export type Scope = `${ScopeResource}:${ScopeAction}`;
/** A granted scope pattern; wildcards allowed (`clients:*`, `*:read`, `*:*`). */
export type ScopePattern = `${ScopeResource | "*"}:${ScopeAction | "*"}`;
/** A JSON value as the API may send it in free-form objects. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

// ---------------------------------------------------------------- models (CONTRACT §6)

export interface EmailNotifications { billing: boolean; productUpdates: boolean; promotional: boolean }
export interface Preferences { appearance: Appearance; notifications: { email: EmailNotifications } }
export interface User {
  id: string;
  name: string | null;
  email: string;
  avatarUrl: string | null;
  preferences: Preferences;
  createdAt: string;
}
/** A partial, nested preferences update. */
export interface PreferencesPatch {
  appearance?: Appearance;
  notifications?: { email?: Partial<EmailNotifications> };
}

export interface TeamSummary { id: string; name: string | null; createdAt: string }
export interface Limit { base: number; addons: number; total: number }
export interface TeamPlan {
  name: string;
  status: PlanStatus;
  endsOn: string | null;
  currencyCode: string;
  frequency: "month" | "year";
  destinations: { core: string; additional: string[] };
  limits: {
    users: Limit;
    accountsPerConnector: Limit;
    schedules: { total: number | null; allowedFrequencies: string[] | null };
  };
}
export interface UsageCount { count: number; status: UsageStatus }
export interface Usage {
  members: UsageCount;
  /** connectorId → usage. */
  accountsPerConnector: Record<string, UsageCount>;
  schedules: {
    count: number;
    byFrequency: Record<string, number>;
    status: UsageStatus;
    hasRestrictedFrequency: boolean;
  };
}
export interface Team {
  id: string;
  name: string | null;
  createdAt: string;
  updatedAt: string | null;
  /** `null`: no subscription. */
  plan: TeamPlan | null;
  usage: Usage | null;
}
export interface Member { id: string; name: string | null; email: string; role: Role; joinedAt: string }
export interface Invite { id: number; email: string; role: Role; status: string; createdAt: string }
export interface Client {
  id: string;
  name: string;
  domain: string | null;
  status: string;
  metadata: { logoUrl?: string | null; brandColor?: string | null; [key: string]: JsonValue | undefined };
  link: string;
  createdAt: string;
  updatedAt: string | null;
  createdBy: string | null;
}
export interface Connection {
  id: string;
  connectorId: string | null;
  name: string | null;
  status: ConnectionStatus;
  accountCount: number;
  config: { [key: string]: JsonValue };
  createdAt: string;
  updatedAt: string | null;
  createdBy: string | null;
}
export interface Account {
  /** Provider's id, unprefixed: the `accountId` of link/unlink/enable/disable. */
  id: string;
  name: string;
  displayId: string;
  description: string | null;
  accessible: boolean;
  status: AccountStatus;
  connectorId: string;
}
export interface Connector { id: string; name: string; connectionCount: number; enabledAccountCount: number }
export interface Field { id: string; name: string; description: string | null }
export interface FieldGroup { groupId: string; groupName: string; fields: Field[] }
export interface Fields { dimensions: FieldGroup[]; metrics: FieldGroup[] }
export interface Price { monthly: number; yearly: number }
export interface Plan {
  name: string;
  key: string;
  limits: { users: number; accountsPerConnector: number };
  features: string[];
  /** Currency (`usd`, `inr`, `eur`) → price in minor units. */
  pricing: Record<string, Price>;
  addons: { [key: string]: JsonValue };
}
/** One run-query row: field id → value. */
export type Row = Record<string, JsonValue>;

// ---------------------------------------------------------------- inputs

export interface InviteInput { email: string; role?: Role }
export type DatePreset =
  | "today" | "yesterday" | "last_7_days" | "last_30_days" | "this_month"
  | "last_month" | "last_3_months" | "last_6_months" | "last_year" | "this_year";
export interface CustomDateRange { startDate: string; endDate: string }
export type FilterOperator = "equals" | "notEquals" | "contains" | "notContains" | "greaterThan" | "lesserThan";
export interface Query {
  /** 1–100 ids of the form `<connectorId>_<accountId>`; see {@link queryAccountId}. */
  accounts: string[];
  /** Up to 50 field ids to group by. */
  dimensions?: string[];
  /** Up to 50 field ids. */
  metrics?: string[];
  /** Default `last_7_days`. */
  dateRange?: DatePreset | CustomDateRange;
  sort?: { fieldId: string; direction: "asc" | "desc" }[];
  /** Every value is a string, numbers included. */
  filters?: { fieldId: string; operator: FilterOperator; value: string }[];
}
export interface AvatarOptions {
  /** An `image/*` type; defaults to the Blob's type or is sniffed (PNG, JPEG, GIF, WebP). */
  contentType?: string;
}

// ---------------------------------------------------------------- the client

export type Ack<K extends string> = { [key in K]: boolean };

// BEGIN GENERATED endpoint-groups: from ENDPOINTS (src/core/endpoint.rs) by tests/generated.rs; edit the table, then run UPDATE_GENERATED=1 cargo test --test generated
export interface UsersApi {
  me(options?: CallOptions): Promise<User>;
  updateName(name: string, options?: CallOptions): Promise<User>;
  uploadAvatar(file: Blob | Uint8Array | ArrayBuffer, avatar?: AvatarOptions, options?: CallOptions): Promise<User>;
  deleteAvatar(options?: CallOptions): Promise<User>;
  preferences(options?: CallOptions): Promise<Preferences>;
  updatePreferences(patch: PreferencesPatch, options?: CallOptions): Promise<Preferences>;
}
export interface TeamsApi {
  list(options?: CallOptions): Promise<TeamSummary[]>;
  get(teamId: string, options?: CallOptions): Promise<Team>;
  rename(teamId: string, name: string, options?: CallOptions): Promise<{ name: string }>;
}
export interface MembersApi {
  list(teamId: string, options?: CallOptions): Promise<Member[]>;
  updateRole(teamId: string, userId: string, role: Role, options?: CallOptions): Promise<Ack<"updated">>;
  remove(teamId: string, userId: string, options?: CallOptions): Promise<Ack<"removed">>;
}
export interface InvitesApi {
  list(teamId: string, options?: CallOptions): Promise<Invite[]>;
  create(teamId: string, invite: InviteInput, options?: CallOptions): Promise<Ack<"invited">>;
}
export interface ConnectionsApi {
  list(teamId: string, options?: CallOptions): Promise<Connection[]>;
  get(teamId: string, connectionId: string, options?: CallOptions): Promise<Connection>;
  accounts(teamId: string, connectionId: string, options?: CallOptions): Promise<Account[]>;
  delete(teamId: string, connectionId: string, options?: CallOptions): Promise<Ack<"deleted">>;
}
export interface ClientsApi {
  list(teamId: string, options?: CallOptions): Promise<Client[]>;
  get(teamId: string, clientId: string, options?: CallOptions): Promise<Client>;
  accounts(teamId: string, clientId: string, options?: CallOptions): Promise<Account[]>;
  accountsByConnector(teamId: string, clientId: string, connectorId: string, options?: CallOptions): Promise<Account[]>;
  linkAccount(teamId: string, clientId: string, connectorId: string, accountId: string, options?: CallOptions): Promise<Ack<"added">>;
  unlinkAccount(teamId: string, clientId: string, connectorId: string, accountId: string, options?: CallOptions): Promise<Ack<"deleted">>;
}
export interface ConnectorsApi {
  list(teamId: string, options?: CallOptions): Promise<Connector[]>;
  allAccounts(teamId: string, filter?: { status?: AccountStatusFilter }, options?: CallOptions): Promise<Account[]>;
  accounts(teamId: string, connectorId: string, filter?: { status?: AccountStatusFilter }, options?: CallOptions): Promise<Account[]>;
  fields(teamId: string, connectorId: string, filter?: { accountIds?: string[] }, options?: CallOptions): Promise<Fields>;
  enableAccount(teamId: string, connectorId: string, accountId: string, options?: CallOptions): Promise<Ack<"enabled">>;
  disableAccount(teamId: string, connectorId: string, accountId: string, options?: CallOptions): Promise<Ack<"disabled">>;
}
export interface DataApi {
  runQuery(teamId: string, query: Query, options?: CallOptions): Promise<Row[]>;
  queryRows(teamId: string, query: Query, options?: QueryRowsOptions): RowBatches;
}
export interface PlatformApi {
  plans(options?: CallOptions): Promise<Plan[]>;
}
// END GENERATED endpoint-groups

/** The Two Minute Reports API v1 client. The constructor is synchronous and does no I/O. */
export declare class TmrClient {
  constructor(options: TmrClientOptions);
  readonly baseUrl: string;
  readonly users: UsersApi;
  readonly teams: TeamsApi;
  readonly members: MembersApi;
  readonly invites: InvitesApi;
  readonly connections: ConnectionsApi;
  readonly clients: ClientsApi;
  readonly connectors: ConnectorsApi;
  readonly data: DataApi;
  readonly platform: PlatformApi;
  /** Every method again, resolving `{ data, status, headers, attempts, durationMs }`. */
  readonly withResponse: WithResponseApi;
  toJSON(): { baseUrl: string };
}

// ---------------------------------------------------------------- policy helpers
// Synchronous, usable as soon as the import resolves.

// BEGIN GENERATED endpoint-name: from ENDPOINTS (src/core/endpoint.rs) by tests/generated.rs; edit the table, then run UPDATE_GENERATED=1 cargo test --test generated
export type EndpointName =
  | "users.me" | "users.updateName" | "users.uploadAvatar" | "users.deleteAvatar" | "users.preferences" | "users.updatePreferences"
  | "teams.list" | "teams.get" | "teams.rename"
  | "members.list" | "members.updateRole" | "members.remove"
  | "invites.list" | "invites.create"
  | "connections.list" | "connections.get" | "connections.accounts" | "connections.delete"
  | "clients.list" | "clients.get" | "clients.accounts" | "clients.accountsByConnector" | "clients.linkAccount" | "clients.unlinkAccount"
  | "connectors.list" | "connectors.allAccounts" | "connectors.accounts" | "connectors.fields" | "connectors.enableAccount" | "connectors.disableAccount"
  | "data.runQuery"
  | "platform.plans";
// END GENERATED endpoint-name

export interface EndpointInfo {
  id: string;
  name: EndpointName;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  role: Role | null;
  scope: Scope;
  /** Positional arguments before the per-call options. */
  arity: number;
  /** The group's method that hands this endpoint's answer out in batches of rows as it arrives
   * (`"queryRows"` for `data.runQuery`), with the same arguments; `null` for the others. */
  streamedAs: string | null;
}

export interface Headroom { count: number; limit: number | null; remaining: number | null; status: UsageStatus }
export interface PlanHeadroom {
  members: Headroom | null;
  accountsPerConnector: Record<string, Headroom>;
  schedules: Headroom | null;
}

/** Minimum team role an endpoint needs, or `null` (users, teams.list, platform). */
export declare function requiredRole(endpoint: EndpointName): Role | null;
/** API-key scope an endpoint needs. */
export declare function requiredScope(endpoint: EndpointName): Scope;
/** Whether `role` meets the minimum `required` (viewer < editor < owner). */
export declare function roleSatisfies(role: Role, required: Role): boolean;
/** Whether granted scope patterns allow `scope`; `null` is an unrestricted key. */
export declare function scopeAllows(grantedScopes: readonly ScopePattern[] | null, scope: Scope): boolean;
/** Whether a caller with `role` in the team (`null`: not a member) and these scopes may call `endpoint`. */
export declare function canCall(role: Role | null, grantedScopes: readonly ScopePattern[] | null, endpoint: EndpointName): boolean;
/** Whether changing `userId` to `newRole` (`null`: removing them) would leave the team without an owner. */
export declare function wouldLeaveNoOwner(members: readonly Pick<Member, "id" | "role">[], userId: string, newRole: Role | null): boolean;
/** Count, limit, remaining and status of the team's limited quantities. */
export declare function planHeadroom(team: Team): PlanHeadroom;
/** `"<connectorId>_<id>"` for run-query `accounts` and fields `accountIds`; an already prefixed id is left alone. */
export declare function queryAccountId(account: Pick<Account, "id" | "connectorId">): string;
/** Every error code (equals the `TmrErrorCode` union). */
export declare function errorCodes(): TmrErrorCode[];
/** The endpoint table. */
export declare function endpoints(): EndpointInfo[];
