// A progress bar on stderr (cli-progress), drawn only on a terminal unless forced; data never
// goes through it. Off, it is a set of no-ops.
import cliProgress from 'cli-progress';

/**
 * @param {NodeJS.WriteStream} stream
 * @param {{ enabled: boolean, total: number, label: string }} options
 */
export function progressBar(stream, { enabled, total, label }) {
  if (!enabled) return { status() {}, tick() {}, stop() {} };
  const bar = new cliProgress.SingleBar({
    stream,
    format: `${label} {bar} {value}/{total} {status}`,
    barsize: 24,
    hideCursor: Boolean(stream.isTTY),
    noTTYOutput: !stream.isTTY,
    notTTYSchedule: 1000,
    etaBuffer: 20,
  }, cliProgress.Presets.shades_classic);
  bar.start(total, 0, { status: '' });
  return {
    status: (status) => bar.update({ status }),
    tick: (status = '') => bar.increment(1, { status }),
    stop: () => bar.stop(),
  };
}

const counts = new Intl.NumberFormat('en-US');

/**
 * A running count on stderr with no bar, for work whose total is known only at its end (a query's
 * rows): `query 12,000 rows (0.8 MB)`. Drawn only when `enabled`; off, a set of no-ops.
 * @param {NodeJS.WriteStream} stream
 * @param {{ enabled: boolean, label: string, unit: string }} options
 */
export function progressCount(stream, { enabled, label, unit }) {
  if (!enabled) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar({
    stream,
    format: `${label} {count} ${unit} ({size} MB)`,
    hideCursor: Boolean(stream.isTTY),
    noTTYOutput: !stream.isTTY,
    notTTYSchedule: 1000,
  });
  const payload = (n, bytes) => ({ count: counts.format(n), size: (bytes / 1e6).toFixed(1) });
  bar.start(0, 0, payload(0, 0));
  return {
    update: (n, bytes) => bar.update(n, payload(n, bytes)),
    stop: () => bar.stop(),
  };
}
