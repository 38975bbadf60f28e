// The worker's work, given the package's module: on a message with the API's origin and keys, read
// the team's data, meet a 403 and an abort, and post what it saw (plain data: a TmrError's fields,
// since structured cloning keeps only an Error's name and message).
export function serve({ TmrClient, isTmrError, planHeadroom }) {
  self.onmessage = async ({ data: { baseUrl, owner, viewer } }) => {
    try {
      const tmr = new TmrClient({ apiKey: owner, baseUrl });
      const teams = await tmr.teams.list();
      const acme = teams.find((t) => t.name === 'Acme Marketing');
      const [team, members] = await Promise.all([tmr.teams.get(acme.id), tmr.members.list(acme.id)]);
      const denied = await new TmrClient({ apiKey: viewer, baseUrl, maxRetries: 0 }).teams.rename(acme.id, 'x').catch((e) => e);
      const ctrl = new AbortController();
      const pending = tmr.members.list(acme.id, { signal: ctrl.signal });
      ctrl.abort();
      const aborted = await pending.then(() => 'resolved', (e) => e.code);
      self.postMessage({
        scope: typeof window === 'undefined' && typeof WorkerGlobalScope === 'function' ? 'worker' : 'window',
        team: team.name,
        members: members.map((m) => m.email),
        headroom: planHeadroom(team).members?.count,
        denied: { code: denied.code, status: denied.status, isTmr: isTmrError(denied) },
        aborted,
      });
    } catch (e) {
      self.postMessage({ crash: String(e?.stack ?? e) });
    }
  };
  // Say when the handler is there: the import above settles (the entry's top-level await) after
  // the worker starts, and a message that arrives before would find no handler.
  self.postMessage('ready');
}
