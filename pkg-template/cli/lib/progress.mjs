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
