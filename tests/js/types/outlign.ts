// Strict type test of the Outlign part of the public API: every method, model and helper, and
// `@ts-expect-error` lines proving the types reject misuse.
import {
  OutlignClient, TmrError, isTmrError, outlignAuthorizeUrl, exchangeOutlignCode, refreshOutlignToken,
  type OutlignClientRecord, type OutlignCompany, type OutlignToken, type OutlignCallOptions, type OutlignEndpointName,
} from 'tmr-client';

const outlign = new OutlignClient({
  accessToken: 'eyJ', baseUrl: 'http://127.0.0.1:4010', timeoutMs: 5000, maxRetries: 1,
  onUnauthorized: async () => 'fresh', fetch: (u, i) => fetch(u, i),
});
new OutlignClient({ accessToken: 'eyJ', onUnauthorized: () => 'sync is fine too' });
const opts: OutlignCallOptions = { signal: new AbortController().signal, timeoutMs: 1000 };

async function everything(): Promise<void> {
  const all: OutlignClientRecord[] = await outlign.clients.list();
  const some: OutlignClientRecord[] = await outlign.clients.list({ companyId: 456, title: 'acme', perPage: 25 }, opts);
  const one: OutlignClientRecord = await outlign.clients.get(123, opts);
  const made: OutlignClientRecord = await outlign.clients.create({ title: 'New', companyId: 456 });
  const renamed: OutlignClientRecord = await outlign.clients.update(made.id, { title: 'Newer' });
  await outlign.clients.update(made.id, {});
  const nothing: void = await outlign.clients.delete(made.id);
  const companies: OutlignCompany[] = await outlign.companies.list(opts);
  // Either version of the object: the company's id from A or B.
  const owner: number | undefined = one.company_id ?? one.company?.id;
  const stamp: string = renamed.updated_at;
  void [all, some, nothing, companies, owner, stamp];
  outlign.setAccessToken('another');

  const url: string = outlignAuthorizeUrl({ clientId: 'app', redirectUri: 'https://app.example.com/cb', state: 'csrf' });
  const token: OutlignToken = await exchangeOutlignCode({ clientId: 'app', clientSecret: 's', code: 'c', redirectUri: url });
  const again: OutlignToken = await refreshOutlignToken({ clientId: 'app', clientSecret: 's', refreshToken: token.refresh_token ?? '', timeoutMs: 5000 });
  const seconds: number | null | undefined = again.expires_in;
  void seconds;

  try {
    await outlign.clients.get(1);
  } catch (e) {
    if (isTmrError(e) && e.endpoint === 'outlign.clients.get') {
      const name: OutlignEndpointName | undefined = e.endpoint;
      void name;
    }
    if (e instanceof TmrError && e.code === 'VALIDATION_ERROR') void e.status;
  }
}
void everything;

async function misuse(): Promise<void> {
  // @ts-expect-error an Outlign id is a number
  await outlign.clients.get('7');
  // @ts-expect-error create needs the company
  await outlign.clients.create({ title: 'x' });
  // @ts-expect-error per_page is spelled the JS way
  await outlign.clients.list({ per_page: 10 });
  // @ts-expect-error the token is required
  new OutlignClient({ baseUrl: 'http://127.0.0.1:4010' });
  // @ts-expect-error the secret is required
  await refreshOutlignToken({ clientId: 'app', refreshToken: 'r' });
  // @ts-expect-error there is no companies.get
  await outlign.companies.get(1);
}
void misuse;
