// Run-query answers of an exact size for the streaming bench (Node and the page). The mock's rows
// are the cartesian product of the dimensions' values (mock/src/engine/rows.rs): a date dimension
// has one value per day of the range, any other three. 200,000 and 1,000,000 are not multiples of
// 3, so the only dimension is `date` and the range is exactly `rows` days long:
// {"date":"1000-01-01","clicks":…,"cost":…,"impressions":…}, about 69 bytes a row.
export const START = '1000-01-01';

/** The last day of a range of `n` days from `start` (proleptic Gregorian, as the mock's). */
export function lastDay(start, n) {
  const d = new Date(`${start}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n - 1);
  return d.toISOString().slice(0, 10);
}

/** A query whose answer has exactly `rows` rows. */
export const rowsQuery = (account, rows) => ({
  accounts: [account],
  dimensions: ['date'],
  metrics: ['clicks', 'cost', 'impressions'],
  dateRange: { startDate: START, endDate: lastDay(START, rows) },
});

/**
 * A fetch for the SDK's `fetch` option whose answer body passes through a TransformStream that
 * notes when its first chunk arrives (`probe.firstChunk`, performance.now()), so the time from the
 * first byte to the first batch can be seen from outside. `probe.reset()` before each call.
 */
export function firstByteFetch() {
  const probe = { firstChunk: 0, reset() { this.firstChunk = 0; } };
  probe.fetch = async (url, init) => {
    const r = await fetch(url, init);
    if (!r.body) return r;
    const stamp = new TransformStream({
      transform(chunk, out) {
        if (!probe.firstChunk) probe.firstChunk = performance.now();
        out.enqueue(chunk);
      },
    });
    return new Response(r.body.pipeThrough(stamp), { status: r.status, statusText: r.statusText, headers: r.headers });
  };
  return probe;
}

/**
 * The probe's own cost: the time from its timestamp to a plain reader getting that chunk (the hop
 * through the TransformStream that the SDK's reader pays too, so it is inside the measure).
 */
export async function probeHop(probe, url, init) {
  probe.reset();
  const reader = (await probe.fetch(url, init)).body.getReader();
  await reader.read();
  const hop = performance.now() - probe.firstChunk;
  await reader.cancel();
  return hop;
}
