// tmr-client/proxy in Node (ES module): the handler on the Node entry's instance.
export { createTmrProxy } from './node.mjs';
