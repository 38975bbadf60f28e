// Strict type test: uses every method and model of the public API (tsc --noEmit, strict).
// `@ts-expect-error` lines prove the types reject misuse.
import {
  TmrClient, TmrError, isTmrError, ready, requiredRole, requiredScope, roleSatisfies, scopeAllows, canCall,
  wouldLeaveNoOwner, planHeadroom, queryAccountId, errorCodes, endpoints,
  type Account, type Client, type Connection, type Connector, type Fields, type Invite, type Member, type Plan,
  type Preferences, type Row, type Team, type TeamSummary, type User, type TmrErrorCode, type Role, type Query,
  type PlanHeadroom, type EndpointInfo, type CallOptions, type RowBatches, type QueryRowsOptions,
} from 'tmr-client';

const team = '0190f8b0-1a2b-7c3d-8e4f-5a6b7c8d9e0f';
const user = '0190f8a1-2b3c-7d4e-8f90-1a2b3c4d5e6f';
const client = new TmrClient({
  apiKey: 'tmrc_live_x', baseUrl: 'http://127.0.0.1:4010', timeoutMs: 5000, maxRetries: 1, maxRetryDelayMs: 10_000,
  fetch: (u, i) => fetch(u, i),
  rateLimit: { maxWaitMs: 60_000, default: { requests: 60, windowMs: 60_000 } },
  onRequest: (e) => void e.url, onResponse: (e) => void e.status, onRetry: (e) => void e.code, onRateLimit: (e) => void e.waitMs,
  logger: console, logLevel: 'warn', cache: { ttlMs: 30_000 },
});
const unpaced = new TmrClient({ apiKey: 'k', rateLimit: false });
void unpaced;
const opts: CallOptions = { signal: new AbortController().signal, timeoutMs: 1000 };

async function everything(): Promise<void> {
  const me: User = await client.users.me(opts);
  const renamed: User = await client.users.updateName('Ada');
  const avatar: User = await client.users.uploadAvatar(new Blob([]), { contentType: 'image/png' }, opts);
  await client.users.uploadAvatar(new Uint8Array(4));
  const gone: User = await client.users.deleteAvatar();
  const prefs: Preferences = await client.users.preferences();
  await client.users.updatePreferences({ appearance: 'dark', notifications: { email: { promotional: false } } });
  const teams: TeamSummary[] = await client.teams.list();
  const t: Team = await client.teams.get(team);
  const n: { name: string } = await client.teams.rename(team, 'Acme');
  const members: Member[] = await client.members.list(team);
  const updated: boolean = (await client.members.updateRole(team, user, 'editor')).updated;
  const removed: boolean = (await client.members.remove(team, user)).removed;
  const invites: Invite[] = await client.invites.list(team);
  const invited: boolean = (await client.invites.create(team, { email: 'a@b.co', role: 'viewer' })).invited;
  const conns: Connection[] = await client.connections.list(team);
  const conn: Connection = await client.connections.get(team, user);
  const connAccounts: Account[] = await client.connections.accounts(team, user);
  const deleted: boolean = (await client.connections.delete(team, user)).deleted;
  const clients: Client[] = await client.clients.list(team);
  const c: Client = await client.clients.get(team, user);
  const linked: Account[] = await client.clients.accounts(team, user);
  const byConnector: Account[] = await client.clients.accountsByConnector(team, user, 'gadw');
  const added: boolean = (await client.clients.linkAccount(team, user, 'gadw', '123')).added;
  const unlinked: boolean = (await client.clients.unlinkAccount(team, user, 'gadw', '123')).deleted;
  const connectors: Connector[] = await client.connectors.list(team);
  const all: Account[] = await client.connectors.allAccounts(team, { status: 'enabled' }, opts);
  const some: Account[] = await client.connectors.accounts(team, 'gadw', { status: 'all' });
  const fields: Fields = await client.connectors.fields(team, 'gadw', { accountIds: ['gadw_123'] });
  const enabled: boolean = (await client.connectors.enableAccount(team, 'gadw', '123')).enabled;
  const disabled: boolean = (await client.connectors.disableAccount(team, 'gadw', '123')).disabled;
  const query: Query = { accounts: [queryAccountId(some[0] ?? { id: '1', connectorId: 'gadw' })], metrics: ['cost'], dateRange: { startDate: '2026-01-01', endDate: '2026-01-31' }, sort: [{ fieldId: 'date', direction: 'asc' }], filters: [{ fieldId: 'cost', operator: 'greaterThan', value: '10' }] };
  const rows: Row[] = await client.data.runQuery(team, query);
  const rowOptions: QueryRowsOptions = { batchSize: 500, signal: new AbortController().signal, timeoutMs: 60_000 };
  const batches: RowBatches = client.data.queryRows(team, query, rowOptions);
  for await (const batch of batches) {
    const first: Row | undefined = batch[0];
    void first;
    if (batches.rows > 1000) break;
  }
  const progress: [number, number] = [batches.rows, batches.bytes];
  const over: IteratorResult<Row[], undefined> = await batches.return();
  void [progress, over];
  // @ts-expect-error: a stream has no single answer, so withResponse has no queryRows
  client.withResponse.data.queryRows(team, query);
  const plans: Plan[] = await client.platform.plans();
  const info = await client.withResponse.teams.get(team, opts);
  const fromInfo: Team = info.data;
  const meta: [number, number, number, string | undefined] = [info.status, info.attempts, info.durationMs, info.headers['content-type']];
  void [fromInfo, meta];

  // Field-level precision.
  const avatarUrl: string | null = me.avatarUrl;
  const planName: string | undefined = t.plan?.name;
  const fb = t.usage?.accountsPerConnector['fb']?.status;
  const role: Role | undefined = members[0]?.role;
  const inviteId: number | undefined = invites[0]?.id;
  const brand = clients[0]?.metadata.brandColor;
  const price: number | undefined = plans[0]?.pricing['usd']?.monthly;
  const firstCell = rows[0]?.['cost'];
  const desc: string | null | undefined = fields.dimensions[0]?.fields[0]?.description;
  void [renamed, avatar, gone, prefs, teams, n, updated, removed, invited, conns, conn, connAccounts, deleted, c, linked,
    byConnector, added, unlinked, connectors, all, enabled, disabled, avatarUrl, planName, fb, role, inviteId, brand, price, firstCell, desc];

  // @ts-expect-error: roles are a closed set
  await client.members.updateRole(team, user, 'admin');
  // @ts-expect-error: status filter values are a closed set
  await client.connectors.allAccounts(team, { status: 'on' });
  // @ts-expect-error: teams.get needs a team id
  await client.teams.get();
  // @ts-expect-error: date presets are a closed set
  await client.data.runQuery(team, { accounts: ['gadw_1'], dateRange: 'last_week' });
}

async function errors(): Promise<void> {
  try {
    await everything();
  } catch (e: unknown) {
    if (isTmrError(e)) {
      const code: TmrErrorCode = e.code;
      const status: number | undefined = e.status;
      const retry: number | undefined = e.retryAfterMs;
      void [code, status, retry, e.endpoint, e.message, e.stack];
    }
    if (e instanceof TmrError && e.code === 'TOO_MANY_REQUESTS') void e.retryAfterMs;
  }
  const made = new TmrError('x', { code: 'NOT_FOUND', status: 404 });
  void made;
}

async function helpers(): Promise<void> {
  await ready();
  const r: Role | null = requiredRole('members.updateRole');
  const s: string = requiredScope('clients.unlinkAccount');
  const ok: boolean = roleSatisfies('owner', 'viewer') && scopeAllows(['clients:*', '*:read'], 'clients:delete') && canCall(null, null, 'platform.plans');
  const last: boolean = wouldLeaveNoOwner([{ id: user, role: 'owner' }], user, null);
  const t = await client.teams.get(team);
  const h: PlanHeadroom = planHeadroom(t);
  const remaining: number | null | undefined = h.members?.remaining;
  const codes: TmrErrorCode[] = errorCodes();
  const table: EndpointInfo[] = endpoints();
  // @ts-expect-error: endpoint names are a closed set
  requiredRole('members.nope');
  // @ts-expect-error: scope patterns are checked
  scopeAllows(['clients:maybe'], 'clients:read');
  void [r, s, ok, last, remaining, codes, table];
}

void [errors, helpers];
