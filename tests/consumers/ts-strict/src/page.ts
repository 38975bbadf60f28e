// The browser side of the same program (checked with moduleResolution bundler and the DOM's types,
// without Node's): the overview rendered into the page, failures shown as notices.
import { TmrClient } from 'tmr-client';
import { explain, overview } from './report.js';

export async function show(root: HTMLElement, apiKey: string, baseUrl?: string): Promise<void> {
  const tmr = new TmrClient({ apiKey, baseUrl });
  const notice = document.createElement('p');
  notice.setAttribute('role', 'status');
  root.replaceChildren(notice);
  try {
    const report = await overview(tmr, 'Acme Marketing', AbortSignal.timeout(10_000));
    const heading = document.createElement('h1');
    heading.textContent = `${report.team} (${report.plan})`;
    const list = document.createElement('ul');
    for (const m of report.members) {
      const item = document.createElement('li');
      item.textContent = `${m.name ?? m.email}: ${m.role}`;
      list.append(item);
    }
    root.prepend(heading, list);
  } catch (e) {
    const { advice, line } = explain(e);
    notice.textContent = `${line} (${advice})`;
  }
}
