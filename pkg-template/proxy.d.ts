/**
 * The `tmr-client/proxy` entry: a server-side handler that lets web pages call the API without
 * holding the key.
 * @module tmr-client/proxy
 */
import type { EndpointName, RateLimitOptions, Role, TmrClientOptions } from './index.js';

/** The groups of the endpoint table (`"members"` in `"members.list"`). */
export type EndpointGroup = EndpointName extends `${infer G}.${string}` ? G : never;

/** An entry of `allow`: an endpoint name, or every endpoint of a group (`users.uploadAvatar`, whose
 * multipart body the proxy does not check, cannot be allowed). */
export type ProxyAllowEntry = Exclude<EndpointName, "users.uploadAvatar"> | `${EndpointGroup}.*`;

/** What `authorize` is told about a routed page request (its values already checked). */
export interface ProxyCall {
  /** The endpoint the request names. */
  readonly endpoint: EndpointName;
  readonly method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** The team the request acts on (lower-cased); `undefined` for endpoints outside a team. */
  readonly teamId: string | undefined;
  /** The minimum team role the endpoint needs (`null` outside a team): the proxy acts with the
   * key's role, so check the signed-in user's own role against it, e.g.
   * `roleSatisfies(userRole, call.requiredRole)`. */
  readonly requiredRole: Role | null;
  /** The path parameters by name (`teamId`, `userId`, `clientId`, `connectorId`, …), checked;
   * UUIDs lower-cased. */
  readonly params: Readonly<Record<string, string>>;
}

/** Options of `createTmrProxy(…)`: `TmrClient`'s (for the upstream calls) and the proxy's own. */
export interface TmrProxyOptions extends Omit<TmrClientOptions, "apiKey" | "dangerouslyAllowBrowser"> {
  /** The API key added to every request forwarded upstream (never to an answer, a header or a log line). */
  apiKey: string;
  /** The prefix the page calls (`"/api/tmr"`), stripped before routing. Default `""`. */
  basePath?: string | undefined;
  /** What pages may call: endpoint names or `"group.*"`. Nothing is forwarded unless listed.
   * `users.uploadAvatar` cannot be listed (its multipart body is not checked); `users.*` leaves it out. */
  allow?: readonly ProxyAllowEntry[] | undefined;
  /** The app's own check, awaited for every request that passed `allow` and the path's checks,
   * before the body is read (it must not read `request`'s body itself; `request.clone()` can):
   * only `true` forwards it (anything else: 403 `FORBIDDEN`; a throw, a rejection or no answer
   * within `timeoutMs`: 500). The proxy acts with the key's role, so an app whose users have roles
   * of their own checks `call.requiredRole` here. */
  authorize?: ((request: Request, call: ProxyCall) => boolean | Promise<boolean>) | undefined;
  /** Largest request body read (default 1 048 576); larger: 413 `PAYLOAD_TOO_LARGE`. */
  maxBodyBytes?: number | undefined;
  /** Origins besides the proxy's own (`"https://app.example"`) whose pages may send writes. A
   * write (any method but GET) that a browser marks as coming from another origin
   * (`Sec-Fetch-Site`, `Origin`) is refused with 403: a page on another site could otherwise
   * make a visitor's browser send it. */
  allowedOrigins?: readonly string[] | undefined;
  /** As `TmrClient`'s, but `maxWaitMs` defaults to 10 000: a page hears 429 with `Retry-After`
   * rather than waiting minutes. */
  rateLimit?: boolean | RateLimitOptions | undefined;
}

/** A standard fetch handler: Hono, Next route handlers, Deno, Bun, workers; node:http through an adapter. */
export type TmrProxyHandler = (request: Request) => Promise<Response>;

/**
 * A handler that forwards what `allow` and `authorize` permit to the API with the key, after
 * checking every request with the client's own validators; everything else is answered in the
 * API's error envelope (`{ success: false, error: { code, message } }`): 400 `BAD_REQUEST`,
 * 403 `FORBIDDEN`, 404 `NOT_FOUND`, 405 `METHOD_NOT_ALLOWED`, 413 `PAYLOAD_TOO_LARGE`,
 * 429 `TOO_MANY_REQUESTS` (with `Retry-After`), 502/504 when the API gave no answer.
 * One pacer per key for all visitors; identical concurrent reads share one upstream request.
 * Throws a `TmrError` (`INVALID_ARGUMENT`) for a bad option.
 */
export declare function createTmrProxy(options: TmrProxyOptions): TmrProxyHandler;
