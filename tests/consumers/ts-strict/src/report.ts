// The program's logic, shared by the Node program (main.ts) and the page (page.ts): a team's
// overview, one query, what to tell the user for each failure, and Outlign's clients.
import {
  OutlignClient, TmrClient, isTmrError, planHeadroom, queryAccountId,
  type Member, type OutlignClientRecord, type Query, type Role, type Row, type TmrErrorCode,
} from 'tmr-client';

export interface Overview {
  team: string;
  plan: string;
  members: Member[];
  owners: string[];
  seatsLeft: number | null;
  clients: string[];
  clicksByDay: Map<string, number>;
}

/** The overview of the team called `name`: its plan, members, clients and a week of clicks. */
export async function overview(tmr: TmrClient, name: string, signal?: AbortSignal): Promise<Overview> {
  const options = { signal };
  const summary = (await tmr.teams.list(options)).find((t) => t.name === name);
  if (!summary) throw new Error(`no team called ${name}`);
  const [team, members, clients] = await Promise.all([
    tmr.teams.get(summary.id, options), tmr.members.list(summary.id, options), tmr.clients.list(summary.id, options),
  ]);
  const room = planHeadroom(team);
  const byRole = (role: Role): string[] => members.filter((m) => m.role === role).map((m) => m.name ?? m.email);
  const clicksByDay = new Map<string, number>();
  // noUncheckedIndexedAccess: the first account may not be there.
  const [account] = await tmr.connectors.accounts(summary.id, 'gadw', { status: 'enabled' }, options);
  if (account) {
    const query: Query = {
      accounts: [queryAccountId(account)], dimensions: ['date'], metrics: ['clicks'],
      dateRange: { startDate: '2026-03-01', endDate: '2026-03-07' }, sort: [{ fieldId: 'date', direction: 'asc' }],
    };
    const rows: Row[] = await tmr.data.runQuery(summary.id, query, options);
    for (const row of rows) {
      const date = row['date'];
      const clicks = row['clicks'];
      if (typeof date === 'string') clicksByDay.set(date, Number(clicks ?? 0));
    }
  }
  return {
    team: team.name ?? '(unnamed)',
    plan: team.plan ? `${team.plan.name} (${team.plan.status})` : 'no plan',
    members,
    owners: byRole('owner'),
    seatsLeft: room.members?.remaining ?? null,
    clients: clients.map((c) => c.name),
    clicksByDay,
  };
}

/** What a failure means for the user; every code must be placed (the compiler checks the record). */
export type Advice = 'fix the input' | 'sign in again' | 'not allowed' | 'try later' | 'report a bug' | 'check the data';
const ADVICE: Record<TmrErrorCode, Advice> = {
  BAD_REQUEST: 'fix the input', VALIDATION_ERROR: 'fix the input', INVALID_ARGUMENT: 'fix the input',
  PAYLOAD_TOO_LARGE: 'fix the input', CONFLICT: 'check the data', NOT_FOUND: 'check the data',
  AMBIGUOUS_WRITE: 'check the data', UNAUTHORIZED: 'sign in again', FORBIDDEN: 'not allowed',
  INSUFFICIENT_PERMISSIONS: 'not allowed', PAYMENT_REQUIRED: 'not allowed', TOO_MANY_REQUESTS: 'try later',
  RATE_LIMITED: 'try later', INTERNAL_SERVER_ERROR: 'try later', NETWORK_ERROR: 'try later', TIMEOUT: 'try later',
  ABORTED: 'try later', NOT_READY: 'try later', INVALID_RESPONSE: 'report a bug', INTERNAL_SDK_ERROR: 'report a bug',
  UNKNOWN_API_ERROR: 'report a bug',
};

export function explain(e: unknown): { advice: Advice; line: string } {
  if (!isTmrError(e)) return { advice: 'report a bug', line: String(e) };
  // Narrowing on `code`: the fields that only some failures have.
  switch (e.code) {
    case 'TOO_MANY_REQUESTS':
    case 'RATE_LIMITED':
      return { advice: ADVICE[e.code], line: `${e.code}: retry in ${e.retryAfterMs ?? 'a few'} ms` };
    case 'UNKNOWN_API_ERROR':
      return { advice: ADVICE[e.code], line: `${e.apiCode ?? '?'} (${e.status ?? 'no status'}): ${e.message}` };
    default: {
      const where = e.endpoint ?? 'a call';
      return { advice: ADVICE[e.code], line: `${e.code} from ${where}${e.status === undefined ? '' : ` (${e.status})`}: ${e.message}` };
    }
  }
}

/** Outlign: add a client to the user's first company, rename it, read it back, remove it. */
export async function outlignRoundTrip(outlign: OutlignClient, title: string): Promise<OutlignClientRecord> {
  const [company] = await outlign.companies.list();
  if (company === undefined) throw new Error('no Outlign company');
  const made = await outlign.clients.create({ title, companyId: company.id });
  const renamed = await outlign.clients.update(made.id, { title: `${title} (renamed)` });
  const companyId: number | undefined = renamed.company_id ?? renamed.company?.id;
  if (companyId !== company.id) throw new Error(`client ${made.id} is in company ${companyId}`);
  const deleted: void = await outlign.clients.delete(made.id);
  void deleted;
  return renamed;
}
