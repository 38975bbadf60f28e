// The public JS surface, shared by every entry (browser ESM, Node ESM, Node CJS). It is a thin
// facade: a synchronous TmrClient whose methods load the wasm core on first use and hand each
// call to it by endpoint name. All decisions (validation, requests, decoding, retries, policy)
// are made in Rust; this file only shapes the API and makes errors real `TmrError`s.

// Shared across copies of the package (ESM + CJS, or two versions): `isTmrError` and
// `instanceof TmrError` recognise errors from any copy, so the dual-package hazard is harmless.
const BRAND = Symbol.for('tmr-client.TmrError');

// group → method → number of positional arguments before the per-call options.
// A test checks this table against the Rust endpoint table (names and arity).
export const METHODS = {
  users: { me: 0, updateName: 1, uploadAvatar: 2, deleteAvatar: 0, preferences: 0, updatePreferences: 1 },
  teams: { list: 0, get: 1, rename: 2 },
  members: { list: 1, updateRole: 3, remove: 2 },
  invites: { list: 1, create: 2 },
  connections: { list: 1, get: 2, accounts: 2, delete: 2 },
  clients: { list: 1, get: 2, accounts: 2, accountsByConnector: 3, linkAccount: 4, unlinkAccount: 4 },
  connectors: { list: 1, allAccounts: 2, accounts: 3, fields: 3, enableAccount: 3, disableAccount: 3 },
  data: { runQuery: 2 },
  platform: { plans: 0 },
};

const NOT_READY =
  'The WebAssembly module is not loaded yet: `await ready()` once before calling the synchronous helpers';

/**
 * Build the API around a loader: `{ sync?(): glue, load?(): Promise<glue> }`. Node entries load
 * synchronously; the browser entry loads asynchronously on first use.
 */
export function createApi(loader) {
  let wasm = null;
  let loading = null;

  class TmrError extends Error {
    constructor(message, details = {}) {
      super(message, details.cause === undefined ? undefined : { cause: details.cause });
      this.name = 'TmrError';
      this.code = details.code ?? 'INTERNAL_SDK_ERROR';
      this.status = details.status;
      this.endpoint = details.endpoint;
      if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
      if (details.apiCode !== undefined) this.apiCode = details.apiCode;
    }

    static [Symbol.hasInstance](value) {
      return isTmrError(value);
    }
  }
  Object.defineProperty(TmrError.prototype, BRAND, { value: true });

  function isTmrError(value) {
    return typeof value === 'object' && value !== null && value[BRAND] === true;
  }

  // Errors built in Rust are `Error`s named TmrError with their fields set; give them this
  // copy's prototype (keeping the stack). Anything else escaping the core is an SDK bug.
  function adopt(e) {
    if (isTmrError(e)) return e;
    if (e instanceof Error && e.name === 'TmrError' && typeof e.code === 'string') {
      return Object.setPrototypeOf(e, TmrError.prototype);
    }
    const message = e instanceof Error ? e.message : String(e);
    return new TmrError(`Internal SDK error: ${message}`, { code: 'INTERNAL_SDK_ERROR', cause: e });
  }

  function loadSync() {
    if (!wasm && loader.sync) {
      try {
        wasm = loader.sync();
      } catch (e) {
        throw new TmrError(`The WebAssembly module could not be loaded: ${e?.message ?? e}`, { code: 'NOT_READY', cause: e });
      }
    }
    return wasm;
  }

  /** Resolves once the module is loaded; needed only before the synchronous helpers in browsers. */
  function ready() {
    if (loadSync()) return Promise.resolve();
    loading ??= loader.load().then(
      (glue) => {
        wasm = glue;
      },
      (e) => {
        loading = null;
        throw new TmrError(`The WebAssembly module could not be loaded: ${e?.message ?? e}`, { code: 'NOT_READY', cause: e });
      },
    );
    return loading;
  }

  function sync(fn) {
    const glue = loadSync();
    if (!glue) throw new TmrError(NOT_READY, { code: 'NOT_READY' });
    try {
      return fn(glue);
    } catch (e) {
      throw adopt(e);
    }
  }

  class TmrClient {
    #options;
    #core = null;

    constructor(options) {
      this.#options = options;
      // Validate now when the module is loaded (always in Node); in a browser before the first
      // load, the first call validates instead.
      if (loadSync()) this.#core = sync((glue) => new glue.Core(options));
      const groups = (meta) => {
        const out = {};
        for (const [group, methods] of Object.entries(METHODS)) {
          const api = {};
          for (const [method, arity] of Object.entries(methods)) {
            const name = `${group}.${method}`;
            api[method] = (...args) => this.#call(name, args.slice(0, arity), args[arity], meta);
          }
          out[group] = Object.freeze(api);
        }
        return out;
      };
      for (const [group, api] of Object.entries(groups(false))) {
        Object.defineProperty(this, group, { value: api, enumerable: true });
      }
      // The same methods resolving `{ data, status, headers, attempts, durationMs }`.
      Object.defineProperty(this, 'withResponse', { value: Object.freeze(groups(true)) });
    }

    /** The base URL this client talks to (the key is never exposed). */
    get baseUrl() {
      return this.#core?.baseUrl ?? this.#options?.baseUrl ?? 'https://api.twominutereports.com/v1';
    }

    async #call(name, args, callOptions, meta) {
      try {
        await ready();
        this.#core ??= new wasm.Core(this.#options);
        return await this.#core.call(name, args, callOptions, meta);
      } catch (e) {
        throw adopt(e);
      }
    }

    toJSON() {
      return { baseUrl: this.baseUrl };
    }

    get [Symbol.toStringTag]() {
      return 'TmrClient';
    }
  }

  return {
    TmrClient,
    TmrError,
    isTmrError,
    ready,
    requiredRole: (endpoint) => sync((g) => g.requiredRole(endpoint)),
    requiredScope: (endpoint) => sync((g) => g.requiredScope(endpoint)),
    roleSatisfies: (role, required) => sync((g) => g.roleSatisfies(role, required)),
    scopeAllows: (grantedScopes, scope) => sync((g) => g.scopeAllows(grantedScopes, scope)),
    canCall: (role, grantedScopes, endpoint) => sync((g) => g.canCall(role, grantedScopes, endpoint)),
    wouldLeaveNoOwner: (members, userId, newRole) => sync((g) => g.wouldLeaveNoOwner(members, userId, newRole)),
    planHeadroom: (team) => sync((g) => g.planHeadroom(team)),
    queryAccountId: (account) => sync((g) => g.queryAccountId(account)),
    errorCodes: () => sync((g) => g.errorCodes()),
    endpoints: () => sync((g) => g.endpoints()),
  };
}
