// tmr-client/mock for Node (ES module; also bundled into node.cjs for `require`): the mock's .wasm
// is compiled and instantiated synchronously at import, from its file beside this one.
import { readFileSync } from 'node:fs';
import { initSync, MockEngine, builtinWorld as worldJson } from './wasm/tmr_mock.js';
import { mockFetchApi } from './fetch.js';

initSync({ module: readFileSync(new URL('./wasm/tmr_mock_bg.wasm', import.meta.url)) });

export const { createMockFetch, builtinWorld } = mockFetchApi({ MockEngine, builtinWorld: worldJson });
