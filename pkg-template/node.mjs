// Node entry (ES module; also bundled into node.cjs for `require`): the .wasm is compiled and
// instantiated synchronously at import, so everything works at once.
import { readFileSync } from 'node:fs';
import { createGlue } from './wasm/tmr_client.js';
import { start } from './api.js';

const compiled = new WebAssembly.Module(readFileSync(new URL('./wasm/tmr_client_bg.wasm', import.meta.url)));

export const {
  TmrClient, TmrError, isTmrError, ready, requiredRole, requiredScope, roleSatisfies, scopeAllows, canCall,
  wouldLeaveNoOwner, planHeadroom, queryAccountId, errorCodes, endpoints,
  OutlignClient, outlignAuthorizeUrl, exchangeOutlignCode, refreshOutlignToken,
} = start(() => {
  const glue = createGlue();
  glue.initSync({ module: compiled });
  return glue;
});
