// tmr-client/proxy for browsers, workers, Deno, Bun and bundlers: the handler on the main
// entry's instance (one .wasm, one pacer per key).
export { createTmrProxy } from './index.js';
