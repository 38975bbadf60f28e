// The mock's Outlign bearer tokens, for the persona picker: [] when the base URL is not tmr-mock
// (GET /__mock/personas/outlign answers { tokens: [{ persona, token, name, expires }], … }).
// Served by the demo server (make demo), the page learns the mock's URL from GET /demo/outlign:
// the Outlign API is not behind the demo's proxy (the page uses an access token of its own).

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

/** The mock's URL when this page is served by the demo server (`{ baseUrl }`), else null. */
export async function demoOutlignBase() {
  const found = await json('/demo/outlign');
  return typeof found?.baseUrl === 'string' ? found.baseUrl : null;
}
