// Browser and bundler entry (ES module). The .wasm is fetched on first use from next to this
// file; `new URL(…, import.meta.url)` lets bundlers such as Vite emit it as an asset.
import init, * as glue from './wasm/tmr_client.js';
import { createApi } from './client.js';

const api = createApi({
  load: async () => {
    await init({ module_or_path: new URL('./wasm/tmr_client_bg.wasm', import.meta.url) });
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
} = api;
