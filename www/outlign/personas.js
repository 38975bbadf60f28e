// The mock's Outlign bearer tokens, for the persona picker: [] when the base URL is not tmr-mock
// (GET /__mock/personas/outlign answers { tokens: [{ persona, token, name, expires }], … }).

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
  const section = await json(`${base}/__mock/personas/outlign`);
  return (section?.tokens ?? [])
    .filter((t) => typeof t?.token === 'string')
    .map((t) => ({
      persona: t.persona ?? t.token,
      token: t.token,
      label: `${t.persona ?? t.token}${t.name ? ` (${t.name})` : ''}${t.expires === 'always' ? ' — always expired' : ''}`,
    }));
}
