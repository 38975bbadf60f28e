#!/usr/bin/env node
// The `tmr` command line of tmr-client (package.json "bin"). `tmr --help` lists the commands.
import { main } from './main.mjs';

// Output piped into a command that stops reading (`tmr … | head`) ends the run quietly.
process.stdout.on('error', (e) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit(process.exitCode ?? 0);
});
const controller = new AbortController();
// Ctrl-C: calls in flight and a waiting invite batch stop, and the batch prints what was sent.
process.once('SIGINT', () => controller.abort());
process.exitCode = await main(process.argv.slice(2), { signal: controller.signal });
