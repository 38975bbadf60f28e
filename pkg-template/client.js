// The public JS surface, shared by every entry (browser ESM, Node ESM, Node CJS). It is a thin
// facade: a synchronous TmrClient whose methods load the wasm core on first use and run each
// call by endpoint name (call.js). All decisions (validation, requests, decoding, retries,
// policy) are made in Rust; this file only shapes the API and makes errors real `TmrError`s.
import { context, run } from './call.js';

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
 * Build the API around a loader: `{ sync(): glue | null, load?(): Promise<glue> }`, each call
 * giving a fresh instance. Node entries load synchronously; the browser entry loads
 * asynchronously on first use, then synchronously (from the compiled module) after a reset.
 */
export function createApi(loader) {
  let wasm = null;
  let loading = null;
  // Bumped when an instance panics: clients then make a new core on the fresh instance.
  let generation = 0;
  let panicMessage = null;
  // In-flight calls, so a panic settles every one of them instead of leaving them hanging.
  const pending = new Set();

  function adoptInstance(glue) {
    const gen = generation;
    glue.setPanicHandler((message) => {
      if (gen !== generation) return;
      panicMessage = message;
      reset();
      for (const entry of pending) {
        if (entry.gen === gen) entry.reject(internal(new Error(message)));
      }
    });
    wasm = glue;
    return glue;
  }

  /** Drop the current instance; the next use creates a fresh one. */
  function reset() {
    wasm = null;
    loading = null;
    generation += 1;
  }

  function internal(e) {
    const why = panicMessage ?? (e instanceof Error ? e.message : String(e));
    return new TmrError(`Internal SDK error (the WebAssembly instance was reset; later calls use a fresh one): ${why}`, { code: 'INTERNAL_SDK_ERROR', cause: e });
  }

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
  // copy's prototype (keeping the stack). Anything else escaping the core (a trap after a
  // panic) is an SDK bug: report it as one and reset the instance.
  function adopt(e) {
    if (isTmrError(e)) return e;
    if (e instanceof Error && e.name === 'TmrError' && typeof e.code === 'string') {
      return Object.setPrototypeOf(e, TmrError.prototype);
    }
    reset();
    return internal(e);
  }

  function loadSync() {
    if (!wasm) {
      try {
        const glue = loader.sync();
        if (glue) adoptInstance(glue);
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
        adoptInstance(glue);
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
    #context = null;
    #generation = -1;

    constructor(options) {
      this.#options = options;
      // Validate now when the module is loaded (always in Node); in a browser before the first
      // load, the first call validates instead.
      if (loadSync()) this.#coreNow();
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

    /** This client's core on the current instance (a new one after a reset). */
    #coreNow() {
      if (this.#generation !== generation || !this.#core) {
        this.#core = sync((glue) => new glue.Core(this.#options));
        const gen = generation;
        // A call still running when its instance is reset stops at its next step (call.js).
        this.#context = context(this.#options, this.#core, () => gen === generation);
        this.#generation = generation;
      }
      return this.#core;
    }

    /** The base URL this client talks to (the key is never exposed). */
    get baseUrl() {
      return this.#core?.baseUrl ?? this.#options?.baseUrl ?? 'https://api.twominutereports.com/v1';
    }

    #call(name, args, callOptions, meta) {
      // Not async: on the common path (module loaded) no extra promise or microtask per call.
      if (!wasm) return ready().then(() => this.#call(name, args, callOptions, meta), (e) => Promise.reject(adopt(e)));
      let core;
      try {
        core = this.#coreNow();
      } catch (e) {
        return Promise.reject(adopt(e));
      }
      const ctx = this.#context;
      return new Promise((resolve, reject) => {
        // Pending until settled: a panic anywhere rejects it at once (see adoptInstance).
        const entry = { reject, gen: generation };
        pending.add(entry);
        run(core, ctx, name, args, callOptions, meta).then(
          (value) => {
            pending.delete(entry);
            resolve(value);
          },
          (e) => {
            pending.delete(entry);
            // After a reset this call was already rejected; its late failure is not news.
            if (entry.gen === generation) reject(adopt(e));
          },
        );
      });
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
    /** Benchmarks only: bytes of the current instance's linear memory. Not part of the API. */
    __wasmMemoryBytes: () => loadSync()?.memory?.buffer.byteLength ?? 0,
    /** Test-only: make the instance panic, to prove recovery. Not part of the API. */
    __testPanic: (message) => sync((g) => g.__testPanic(message)),
  };
}
