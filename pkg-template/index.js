// Browser and bundler entry (ES module). The .wasm is fetched on first use from next to this
// file; `new URL(…, import.meta.url)` lets bundlers such as Vite emit it as an asset.
import { createGlue } from './wasm/tmr_client.js';
import { createApi } from './client.js';

let compiled = null;
const api = createApi({
  load: async () => {
    const glue = createGlue();
    await glue.init({ module_or_path: new URL('./wasm/tmr_client_bg.wasm', import.meta.url) });
    compiled = glue.module;
    return glue;
  },
  // After the first load (or a reset), new instances come from the compiled module.
  sync: () => {
    if (!compiled) return null;
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
