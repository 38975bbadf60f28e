// tmr-client/proxy in Node (CommonJS): the handler on the CommonJS entry's instance, which
// shares one instance with the ES module entry when both are loaded.
'use strict';
exports.createTmrProxy = require('./node.cjs').createTmrProxy;
