// Public types of tmr-client's Outlign client (re-exported by index.d.ts).
// A different product with its own conventions: bare JSON, integer ids, snake_case fields kept as
// the API sends them, OAuth bearer tokens that expire after an hour. Errors are `TmrError`s:
// `code` from the HTTP status, `message` from the body.

/** Options of `new OutlignClient(…)`. */
export interface OutlignClientOptions {
  /** The OAuth access token (`Authorization: Bearer …`). Never appears in errors, logs or `JSON.stringify`. */
  accessToken: string;
  /** The origin, default `https://go.outlign.co` (paths are `/api/v1/…` under it). `http://` only for loopback. */
  baseUrl?: string | undefined;
  /** Called once after a 401 for a fresh access token; the refused request is then sent once more
   * with it. Concurrent 401s share one call (and its failure). If it throws, the call rejects with
   * `UNAUTHORIZED` and what it threw as `cause`; if it returns anything but a token string, with
   * `INVALID_ARGUMENT`; if it does not settle within the call's deadline, with `TIMEOUT`. */
  onUnauthorized?: (() => string | Promise<string>) | undefined;
  /** Per-call deadline in ms, retries and a refresh included. Default 60 000. */
  timeoutMs?: number | undefined;
  /** Retries after a network failure, 429 or 5xx where safe (never a create after its answer was lost). Default 2, at most 10. */
  maxRetries?: number | undefined;
  /** A fetch to use instead of the global one, called as `fetch(url, init)` (see `TmrClientOptions.fetch`). */
  fetch?: ((input: string, init: RequestInit) => Promise<Response>) | undefined;
}

/** The last argument of every Outlign method. */
export interface OutlignCallOptions {
  /** Cancels the call at once; it rejects with code `ABORTED`. */
  signal?: AbortSignal | undefined;
  /** This call's deadline in ms, overriding the client's. */
  timeoutMs?: number | undefined;
  /** This call's retry budget, overriding the client's. */
  maxRetries?: number | undefined;
}

/** A client (an organisation or person projects are made for). Two versions of the object are in
 * use: A carries `company_id`; B carries `company` in lists and neither in single answers. */
export interface OutlignClientRecord {
  id: number;
  title: string;
  /** Version A: the owning company's id. */
  company_id?: number | null;
  /** Version B, in list answers: the owning company. */
  company?: OutlignCompanyRef | null;
  /** ISO 8601, with or without microseconds. */
  created_at: string;
  updated_at: string;
  [field: string]: unknown;
}

/** The company inside a version-B client. */
export interface OutlignCompanyRef {
  id: number;
  title: string;
  [field: string]: unknown;
}

/** A company the token's user can access. */
export interface OutlignCompany {
  id: number;
  title: string;
  created_at: string;
  updated_at: string;
  [field: string]: unknown;
}

/** Filters of `clients.list`. */
export interface OutlignClientQuery {
  /** Only this company's clients. */
  companyId?: number | undefined;
  /** Part of a title, matched without regard to case (blank: no filter; at most 255 characters). */
  title?: string | undefined;
  /** 1–1000 (the API's default applies when absent). */
  perPage?: number | undefined;
}

/** `clients.create` input; `title` is trimmed, 1–255 characters. */
export interface OutlignClientInput {
  title: string;
  /** From `companies.list()`. */
  companyId: number;
}

/** `clients.update` input. */
export interface OutlignClientUpdate {
  title?: string | undefined;
}

/** The answer of the token endpoint, as sent. */
export interface OutlignToken {
  access_token: string;
  /** Present when the server issues one (the code exchange does). */
  refresh_token?: string | null;
  token_type: string;
  /** Seconds the access token lasts (3600; a server may leave it out). */
  expires_in?: number | null;
  [field: string]: unknown;
}

// BEGIN GENERATED outlign-groups: from OUTLIGN_ENDPOINTS (src/core/outlign/endpoint.rs) by tests/generated.rs; edit the table, then run UPDATE_GENERATED=1 cargo test --test generated
export interface OutlignClientsApi {
  list(query?: OutlignClientQuery, options?: OutlignCallOptions): Promise<OutlignClientRecord[]>;
  get(id: number, options?: OutlignCallOptions): Promise<OutlignClientRecord>;
  create(input: OutlignClientInput, options?: OutlignCallOptions): Promise<OutlignClientRecord>;
  update(id: number, input: OutlignClientUpdate, options?: OutlignCallOptions): Promise<OutlignClientRecord>;
  delete(id: number, options?: OutlignCallOptions): Promise<void>;
}
export interface OutlignCompaniesApi {
  list(options?: OutlignCallOptions): Promise<OutlignCompany[]>;
}
// END GENERATED outlign-groups

/** Every Outlign endpoint's name, as `TmrError.endpoint` reports it. */
// BEGIN GENERATED outlign-endpoint-name: from OUTLIGN_ENDPOINTS (src/core/outlign/endpoint.rs) by tests/generated.rs; edit the table, then run UPDATE_GENERATED=1 cargo test --test generated
export type OutlignEndpointName =
  | "outlign.clients.list" | "outlign.clients.get" | "outlign.clients.create" | "outlign.clients.update" | "outlign.clients.delete"
  | "outlign.companies.list"
  | "outlign.oauth.token";
// END GENERATED outlign-endpoint-name

/** A client of the Outlign Clients API. The constructor is synchronous and does no I/O. */
export declare class OutlignClient {
  constructor(options: OutlignClientOptions);
  readonly baseUrl: string;
  readonly clients: OutlignClientsApi;
  readonly companies: OutlignCompaniesApi;
  /** Send `token` from now on (after refreshing it yourself). */
  setAccessToken(token: string): void;
  toJSON(): { baseUrl: string };
}

/** Where to send the user to sign in (`GET /oauth/authorize` with `response_type=code` and scope
 * `outlign:all`); they come back to `redirectUri?code=…&state=…`. Synchronous. */
export declare function outlignAuthorizeUrl(options: { clientId: string; redirectUri: string; state?: string | undefined; baseUrl?: string | undefined }): string;

/** Where and how a token request is sent. */
export interface OutlignTokenRequestOptions {
  baseUrl?: string | undefined;
  fetch?: ((input: string, init: RequestInit) => Promise<Response>) | undefined;
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
}

/** Exchange the `code` the redirect brought back for tokens (form-encoded `POST /oauth/token`).
 * For servers and scripts: the secret must not ship in a page. It never appears in errors. */
export declare function exchangeOutlignCode(
  options: { clientId: string; clientSecret: string; code: string; redirectUri: string } & OutlignTokenRequestOptions,
): Promise<OutlignToken>;

/** A fresh access token for a refresh token (form-encoded `POST /oauth/token`). */
export declare function refreshOutlignToken(
  options: { clientId: string; clientSecret: string; refreshToken: string } & OutlignTokenRequestOptions,
): Promise<OutlignToken>;
