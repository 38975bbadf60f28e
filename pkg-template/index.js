// Browser and bundler entry (ES module). The .wasm is fetched and instantiated by a top-level
// await, so `new TmrClient()` works as soon as the import resolves; `new URL(…, import.meta.url)`
// lets bundlers such as Vite emit it as an asset. Fresh instances after a panic come from the
// compiled module, synchronously. A copy of this build already loaded in the realm is shared
// instead (api.js).
import { createGlue } from './wasm/tmr_client.js';
import { loaded, start } from './api.js';

async function load() {
  const first = createGlue();
  await first.init({ module_or_path: new URL('./wasm/tmr_client_bg.wasm', import.meta.url) });
  const compiled = first.module;
  let made = 0;
  return start(() => {
    if (made++ === 0) return first;
    const glue = createGlue();
    glue.initSync({ module: compiled });
    return glue;
  });
}

export const {
  TmrClient, TmrError, isTmrError, ready, requiredRole, requiredScope, roleSatisfies, scopeAllows, canCall,
  wouldLeaveNoOwner, planHeadroom, queryAccountId, errorCodes, endpoints,
  OutlignClient, outlignAuthorizeUrl, exchangeOutlignCode, refreshOutlignToken, createTmrProxy,
} = loaded() ?? await load();
