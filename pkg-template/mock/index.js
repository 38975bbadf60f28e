// tmr-client/mock for browsers and bundlers (ES module). The mock's .wasm is fetched and
// instantiated by a top-level await, so createMockFetch() works as soon as the import resolves;
// `new URL(…, import.meta.url)` lets bundlers emit it as an asset. It is a separate entry with its
// own .wasm: an app that imports only `tmr-client` loads none of it.
import init, { MockEngine, builtinWorld as worldJson } from './wasm/tmr_mock.js';
import { mockFetchApi } from './fetch.js';

await init({ module_or_path: new URL('./wasm/tmr_mock_bg.wasm', import.meta.url) });

export const { createMockFetch, builtinWorld } = mockFetchApi({ MockEngine, builtinWorld: worldJson });
