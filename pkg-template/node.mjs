// Node entry (ES module; also bundled into node.cjs for `require`): the .wasm is compiled and
// instantiated synchronously at import, so everything works at once; unless a copy of this build
// (node.cjs beside node.mjs) already did, whose exports it then shares (api.js).
import { readFileSync } from 'node:fs';
import { AsyncResource } from 'node:async_hooks';
import { createGlue } from './wasm/tmr_client.js';
import { loaded, start } from './api.js';

let compiled;
export const {
  TmrClient, TmrError, isTmrError, ready, requiredRole, requiredScope, roleSatisfies, scopeAllows, canCall,
  wouldLeaveNoOwner, planHeadroom, queryAccountId, errorCodes, endpoints,
  OutlignClient, outlignAuthorizeUrl, exchangeOutlignCode, refreshOutlignToken, createTmrProxy,
} = loaded() ?? start(() => {
  compiled ??= new WebAssembly.Module(readFileSync(new URL('./wasm/tmr_client_bg.wasm', import.meta.url)));
  const glue = createGlue();
  glue.initSync({ module: compiled });
  return glue;
}, {
  // Each call captures its caller's async context; its fetch, hooks and callbacks run inside it.
  capture: () => new AsyncResource('tmr-client'),
  run: AsyncResource.prototype.runInAsyncScope,
  fetch: (resource, request) => resource.runInAsyncScope(globalThis.fetch, globalThis, request),
  method: (call, group, index, a, b, c, d, e) => call.call(group, index, a, b, c, d, e, new AsyncResource('tmr-client')),
});
