// Sending an invite batch: rows checked against the team first (already a member, already
// invited, repeated in the file), then one invite at a time, paced by the client's own rate
// limiting (15 per 5 min: a rate-limited invite waits for its slot, it does not fail).
// A row's own error (bad e-mail or role, a conflict) fails that row; an error every later row
// would meet too (the key, the plan's user limit, the network, the server) stops the batch.
import { setTimeout as sleep } from 'node:timers/promises';
import { isTmrError } from 'tmr-client';
import { EXIT, exitFor } from './exit.mjs';

const ROW_ERRORS = new Set(['INVALID_ARGUMENT', 'BAD_REQUEST', 'VALIDATION_ERROR', 'CONFLICT', 'PAYLOAD_TOO_LARGE']);
const RATE_ERRORS = new Set(['TOO_MANY_REQUESTS', 'RATE_LIMITED']);
// A 429 the client's pacing did not prevent (another process using the key) is waited out and
// the row sent again, this many times at most.
const RATE_ROUNDS = 10;

const mark = (row, status, code = null, message = null) => Object.assign(row, { status, code, message });

/** Mark rows that need no request: repeated in the file, already members, already invited. */
function precheck(rows, members, invites) {
  const memberOf = new Set(members.map((m) => m.email.toLowerCase()));
  const invited = new Set(invites.filter((i) => i.status === 'pending').map((i) => i.email.toLowerCase()));
  const firstLine = new Map();
  for (const row of rows) {
    const key = row.email.toLowerCase();
    if (key && firstLine.has(key)) mark(row, 'failed', 'INVALID_ARGUMENT', `the same e-mail as line ${firstLine.get(key)}`);
    else if (memberOf.has(key)) mark(row, 'skipped', null, 'already a member of the team');
    else if (invited.has(key)) mark(row, 'skipped', null, 'an invite is already pending for this e-mail');
    if (key && !firstLine.has(key)) firstLine.set(key, row.line);
  }
}

/** Longest `Retry-After` an invite waits out: three invite windows (15 minutes). */
const MAX_RATE_WAIT_MS = 15 * 60_000;

/** Send one row's invite; a rate-limited one waits and goes again. Resolves the error, if any. */
async function inviteOne(client, teamId, row, call, bar) {
  const body = row.role === undefined ? { email: row.email } : { email: row.email, role: row.role };
  for (let round = 1; ; round += 1) {
    try {
      await client.invites.create(teamId, body, call);
      return null;
    } catch (e) {
      if (!isTmrError(e) || !RATE_ERRORS.has(e.code) || round === RATE_ROUNDS) return e;
      const ms = e.retryAfterMs ?? 60_000;
      // A server asking for longer than a rate window ever lasts is not waited out (and timers
      // cannot hold more than 2^31 - 1 ms): the batch stops with the rate-limit exit code.
      if (ms > MAX_RATE_WAIT_MS) return e;
      bar.status(`rate limited: waiting ${Math.ceil(ms / 1000)} s`);
      try {
        await sleep(ms, undefined, { signal: call.signal });
      } catch {
        return { code: 'ABORTED', message: 'interrupted' };
      }
    }
  }
}

/**
 * @param {{ client, teamId: string, rows: object[], call: { signal: AbortSignal }, bar }} batch
 * @returns {Promise<number>} the exit code
 */
export async function sendInvites({ client, teamId, rows, call, bar, members, invites }) {
  precheck(rows, members, invites);
  let stop;
  try {
    stop = await send(client, teamId, rows, call, bar);
  } finally {
    bar.stop();
  }
  if (stop) return stop.exit;
  return rows.some((r) => r.status === 'failed') ? EXIT.PARTIAL : EXIT.OK;
}

/** The rows one by one; resolves what stopped the batch, if anything did. */
async function send(client, teamId, rows, call, bar) {
  let stop = null;
  for (const row of rows) {
    if (row.status) {
      bar.tick(row.status);
      continue;
    }
    if (stop) {
      mark(row, 'not sent', null, stop.why);
      continue;
    }
    bar.status(`inviting ${row.email}`);
    const e = await inviteOne(client, teamId, row, call, bar);
    if (!e) {
      mark(row, 'invited');
    } else if (e.code === 'ABORTED') {
      mark(row, 'not sent', null, 'interrupted');
      stop = { exit: EXIT.INTERRUPTED, why: 'interrupted' };
    } else {
      const code = isTmrError(e) ? e.code : 'INTERNAL_SDK_ERROR';
      mark(row, 'failed', code, String(e.message).replace(/^invite\./, ''));
      if (!ROW_ERRORS.has(code)) stop = { exit: exitFor(code), why: `the batch stopped at line ${row.line} (${code})` };
    }
    bar.tick(row.status);
  }
  return stop;
}
