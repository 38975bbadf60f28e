// Medians, percentiles and interleaved A/B timing.
export const median = (xs) => percentile(xs, 50);
export function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

/** Run `a` and `b` `n` times each, interleaved (alternating order), after `warm` warm-up rounds. */
export async function ab(a, b, n, warm = 5) {
  for (let i = 0; i < warm; i++) { await a(); await b(); }
  const ta = [], tb = [];
  for (let i = 0; i < n; i++) {
    const pair = i % 2 ? [[b, tb], [a, ta]] : [[a, ta], [b, tb]];
    for (const [f, t] of pair) {
      const t0 = performance.now();
      await f();
      t.push(performance.now() - t0);
    }
  }
  return { a: summary(ta), b: summary(tb), ratio: median(ta) / median(tb) };
}

export const summary = (xs) => ({ median: round(median(xs)), p99: round(percentile(xs, 99)), n: xs.length });
export const round = (x, d = 3) => Math.round(x * 10 ** d) / 10 ** d;
