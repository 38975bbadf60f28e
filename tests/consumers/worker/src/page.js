// The page's side: once the worker says it is ready, hand it the API's origin (tmr-mock serves
// the page too) and the keys from the query string (?owner=…&viewer=…), show what it posts back,
// and keep it for test.mjs.
export function talkTo(worker) {
  const params = new URLSearchParams(location.search);
  const done = (results) => {
    document.querySelector('#out').textContent = results.crash ?? `${results.team}: ${results.members.join(', ')}`;
    window.__results = results;
  };
  worker.onmessage = ({ data }) => {
    if (data === 'ready') worker.postMessage({ baseUrl: location.origin, owner: params.get('owner'), viewer: params.get('viewer') });
    else done(data);
  };
  worker.onerror = (e) => done({ crash: `worker error: ${e.message}` });
}
