// Node entry (ES module; also bundled into node.cjs for `require`). The .wasm is read and
// instantiated synchronously on first use, so every helper works without `await ready()`.
import { readFileSync } from 'node:fs';
import { createGlue } from './wasm/tmr_client.js';
import { createApi } from './client.js';

let compiled = null;
const api = createApi({
  sync: () => {
    compiled ??= new WebAssembly.Module(readFileSync(new URL('./wasm/tmr_client_bg.wasm', import.meta.url)));
    const glue = createGlue();
    glue.initSync({ module: compiled });
    return glue;
  },
});

export const {
  TmrClient,
  TmrError,
  isTmrError,
  ready,
  requiredRole,
  requiredScope,
  roleSatisfies,
  scopeAllows,
  canCall,
  wouldLeaveNoOwner,
  planHeadroom,
  queryAccountId,
  errorCodes,
  endpoints,
  __testPanic,
  __wasmMemoryBytes,
} = api;
