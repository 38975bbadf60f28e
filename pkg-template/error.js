// The package's error class. Errors are built in Rust (a real `Error` with `code`, `status`,
// `endpoint`, …) and given this prototype, so `instanceof TmrError` and `isTmrError` hold; the
// brand is a registered symbol, so errors from the package's other copy (ESM and CJS in one
// process, or two versions) are recognised too.
const BRAND = Symbol.for('tmr-client.TmrError');

export class TmrError extends Error {
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

export function isTmrError(value) {
  return typeof value === 'object' && value !== null && value[BRAND] === true;
}
