// The mock's Outlign bearer tokens, for the persona picker: [] when the base URL is not tmr-mock.
// The mock lists them in an `outlign` section of GET /__mock/personas, or at a path of their own
// (GET /__mock/personas/outlign) when that list stays the TMR array; both are read.

const tokensOf = (section) => (Array.isArray(section) ? section : section?.tokens ?? []);

async function json(url) {
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(5000) });
    return r.ok ? await r.json() : null;
  } catch {
    return null; // Not the mock (or not reachable): no picker.
  }
}

/** `[{ persona, token, label }]`, in the mock's order. */
export async function outlignPersonas(base) {
  const all = await json(`${base}/__mock/personas`);
  if (all === null) return [];
  const section = Array.isArray(all) ? await json(`${base}/__mock/personas/outlign`) : all.outlign;
  return tokensOf(section)
    .filter((t) => typeof t?.token === 'string')
    .map((t) => ({
      persona: t.persona ?? t.token,
      token: t.token,
      label: `${t.persona ?? t.token}${t.name ? ` (${t.name})` : ''}${t.expires === 'always' ? ' — always expired' : ''}`,
    }));
}
