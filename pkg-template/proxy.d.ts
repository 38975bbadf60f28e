/**
 * The `tmr-client/proxy` entry: a server-side handler that lets web pages call the API without
 * holding the key.
 * @module tmr-client/proxy
 */
import type { EndpointName, TmrClientOptions } from './index.js';

/** The groups of the endpoint table (`"members"` in `"members.list"`). */
export type EndpointGroup = EndpointName extends `${infer G}.${string}` ? G : never;

/** An entry of `allow`: an endpoint name, or every endpoint of a group. */
export type ProxyAllowEntry = EndpointName | `${EndpointGroup}.*`;

/** What `authorize` is told about a routed page request (its values already checked). */
export interface ProxyCall {
  /** The endpoint the request names. */
  readonly endpoint: EndpointName;
  readonly method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** The team the request acts on; `undefined` for endpoints outside a team. */
  readonly teamId: string | undefined;
  /** The path parameters by name (`teamId`, `userId`, `clientId`, `connectorId`, …). */
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
  /** The app's own check, awaited for every request that passed `allow` and the validators: only
   * `true` forwards it (anything else: 403 `FORBIDDEN`; a throw or rejection: 500). */
  authorize?: ((request: Request, call: ProxyCall) => boolean | Promise<boolean>) | undefined;
  /** Largest request body read (default 1 048 576); larger: 413 `PAYLOAD_TOO_LARGE`. */
  maxBodyBytes?: number | undefined;
  /** Retries of an upstream request. Default 0: the page's own `TmrClient` retries what may be
   * retried, and retrying in both places would multiply the attempts. */
  maxRetries?: number | undefined;
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
