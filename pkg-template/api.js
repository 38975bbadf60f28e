// The package's exports over one WebAssembly instance at a time. Each entry passes a way to make
// a fresh, initialised instance. Should the instance ever panic, Rust rejects every pending call
// with INTERNAL_SDK_ERROR and calls back here, and the exports move to a fresh instance: they are
// stable functions that use whichever instance is current, so even a copy of `TmrClient` taken
// before the panic makes working clients, while clients of the old instance reject at once.
import { TmrError, isTmrError } from './error.js';

const HELPERS = [
  'requiredRole', 'requiredScope', 'roleSatisfies', 'scopeAllows', 'canCall',
  'wouldLeaveNoOwner', 'planHeadroom', 'queryAccountId', 'errorCodes', 'endpoints',
  'outlignAuthorizeUrl', 'exchangeOutlignCode', 'refreshOutlignToken',
];
const CLASSES = ['TmrClient', 'OutlignClient'];

let current = null;

// One instance per build in a JS realm: a copy of this build loaded beside another (the ESM and
// the CommonJS entry in one Node process, or two bundles on one page) takes the first one's
// exports, so the copies pace each key together and share one TmrError class. The id is the
// version and a hash of the .wasm, stamped by scripts/build-pkg.sh: other builds keep apart.
const SHARED = Symbol.for('tmr-client@dev');

/** The exports of a copy of this build already started in this realm, if any. */
export function loaded() {
  return globalThis[SHARED];
}

/** Not part of the public API (no `exports` entry): the current instance, for the test suites and benchmarks. */
export const internals = { glue: () => current };

/** Make the first instance (again after each panic); the package's exports (the realm's, if a copy
 * of this build was quicker). `context` (Node): `{ capture, run }`, how a call keeps its caller's
 * async context (AsyncLocalStorage) for the JS it runs later from the shared task queue. */
export function start(instantiate, context) {
  const fresh = () => {
    const glue = instantiate();
    glue.__init(TmrError.prototype, fresh, context);
    for (const name of CLASSES) Object.defineProperty(glue[name].prototype, Symbol.toStringTag, { value: name });
    current = glue;
  };
  fresh();

  const api = { TmrError, isTmrError, ready, createTmrProxy };
  for (const name of CLASSES) api[name] = forwarding(name);
  for (const name of HELPERS) api[name] = (...args) => guard(() => current[name](...args));
  // Two copies of a browser entry can both be awaiting their .wasm: the first to finish wins.
  if (!loaded()) Object.defineProperty(globalThis, SHARED, { value: Object.freeze(api) });
  return loaded();
}

// A client class is the instance's own (made by wasm-bindgen); this constructor makes one on the
// current instance, and recognises clients of any instance.
function forwarding(name) {
  const Class = class {
    constructor(options) {
      return new current[name](options);
    }

    static [Symbol.hasInstance](value) {
      return typeof value === 'object' && value !== null && value[Symbol.toStringTag] === name;
    }
  };
  Object.defineProperty(Class, 'name', { value: name });
  return Class;
}

/** `tmr-client/proxy`'s handler. Its proxy lives on the current instance; should that instance be
 * replaced after a panic, the next request makes a fresh proxy there from the same options. */
function createTmrProxy(options) {
  let instance = current;
  let proxy = guard(() => new instance.TmrProxy(options));
  return function tmrProxy(request) {
    try {
      if (instance !== current) {
        instance = current;
        proxy = guard(() => new instance.TmrProxy(options));
      }
      return proxy.handle(request);
    } catch (e) {
      return Promise.reject(e);   // a handler answers with a Promise, whatever happens
    }
  };
}

/** The module is loaded when the entry's import resolves; kept so code written for lazy loading still works. */
function ready() {
  return Promise.resolve();
}

// A trap surfaces as a RuntimeError after the panic hook has moved to a fresh instance: report
// it as the SDK bug it is.
function guard(run) {
  try {
    return run();
  } catch (e) {
    if (!(e instanceof WebAssembly.RuntimeError)) throw e;
    throw new TmrError(`Internal SDK error: ${e.message}; the WebAssembly instance was replaced, later calls use a fresh one`, { code: 'INTERNAL_SDK_ERROR', cause: e });
  }
}
