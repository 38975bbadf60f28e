// The package's exports over one WebAssembly instance at a time. Each entry passes a way to make
// a fresh, initialised instance; should the instance ever panic, Rust rejects every pending call
// with INTERNAL_SDK_ERROR and calls back here, and the exports move to a fresh instance: a new
// `TmrClient` works, while clients of the old instance reject at once saying so.
import { TmrError, isTmrError } from './error.js';

const HELPERS = [
  'requiredRole', 'requiredScope', 'roleSatisfies', 'scopeAllows', 'canCall',
  'wouldLeaveNoOwner', 'planHeadroom', 'queryAccountId', 'errorCodes', 'endpoints',
];

let current = null;

/** Not part of the public API (no `exports` entry): the current instance, for the test suites and benchmarks. */
export const internals = { glue: () => current };

/** Make the first instance and hand its exports to `adopt`; again after each panic. */
export function start(instantiate, adopt) {
  const fresh = () => {
    const glue = instantiate();
    glue.__init(TmrError.prototype, fresh);
    Object.defineProperty(glue.TmrClient.prototype, Symbol.toStringTag, { value: 'TmrClient' });
    const api = { TmrClient: glue.TmrClient, TmrError, isTmrError, ready };
    for (const name of HELPERS) api[name] = guard(glue[name]);
    current = glue;
    adopt(api);
  };
  fresh();
}

/** The module is loaded when the entry's import resolves; kept so code written for lazy loading still works. */
function ready() {
  return Promise.resolve();
}

// A trap surfaces as a RuntimeError after the panic hook has moved to a fresh instance: report
// it as the SDK bug it is.
function guard(helper) {
  return function (...args) {
    try {
      return helper(...args);
    } catch (e) {
      if (!(e instanceof WebAssembly.RuntimeError)) throw e;
      throw new TmrError(`Internal SDK error: ${e.message}; the WebAssembly instance was replaced, later calls use a fresh one`, { code: 'INTERNAL_SDK_ERROR', cause: e });
    }
  };
}
