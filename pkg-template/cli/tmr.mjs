#!/usr/bin/env node
// The `tmr` command line of tmr-client (package.json "bin"). `tmr --help` lists the commands.
import { main } from './main.mjs';

const controller = new AbortController();
// Ctrl-C: calls in flight and a waiting invite batch stop, and the batch prints what was sent.
process.once('SIGINT', () => controller.abort());
process.exitCode = await main(process.argv.slice(2), { signal: controller.signal });
