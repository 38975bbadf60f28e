// Turning a TmrError into what a command line user can act on: the flag or argument that was
// wrong, and for a refused team the difference between "not your team" and "role too low".
import { isTmrError, requiredRole } from 'tmr-client';
import { CliError, EXIT } from './exit.mjs';

/**
 * Rethrow a local INVALID_ARGUMENT naming the SDK parameter as one naming the flag or argument.
 * @param {unknown} e
 * @param {Record<string, string>} names SDK parameter (`teamId`, `query.dateRange`) → `TEAM`, `--range`
 * @param {Record<string, string>} [hints] extra text per flag
 */
export function renameParams(e, names, hints = {}) {
  if (!isTmrError(e) || e.code !== 'INVALID_ARGUMENT') return e;
  const param = Object.keys(names)
    .sort((a, b) => b.length - a.length)
    .find((p) => e.message.startsWith(p) && /^[\s.[(]/.test(e.message.slice(p.length)));
  if (!param) return e;
  const flag = names[param];
  return new CliError(EXIT.USAGE, `${flag}: ${e.message}${hints[flag] ? ` ${hints[flag]}` : ''}`);
}

/**
 * Run a team-scoped call. The API answers FORBIDDEN both for a team the key's user is not a
 * member of and for a role too low; one look at the user's teams tells them apart.
 */
export async function inTeam(client, teamId, call, options = {}) {
  try {
    return await call();
  } catch (e) {
    if (!isTmrError(e) || e.code !== 'FORBIDDEN' || !e.message.startsWith('You do not have permission')) throw e;
    let mine;
    try {
      mine = await client.teams.list(options);
    } catch {
      throw e;
    }
    if (!mine.some((t) => t.id.toLowerCase() === teamId.toLowerCase())) {
      throw new CliError(EXIT.NOT_FOUND, `team ${teamId} is not one of your teams (tmr teams list shows them)`);
    }
    const role = e.endpoint ? requiredRole(e.endpoint) : null;
    if (!role) throw e;
    throw new CliError(EXIT.DENIED, `${describe(e)} (${e.endpoint} needs the ${role} role in the team)`);
  }
}

/** One line for a TmrError: code, status, endpoint, message. */
export function describe(e) {
  const status = e.status ? ` (${e.status})` : '';
  const from = e.endpoint ? ` from ${e.endpoint}` : '';
  const retry = e.retryAfterMs ? ` (retry after ${Math.ceil(e.retryAfterMs / 1000)} s)` : '';
  return `${e.code}${status}${from}: ${e.message}${retry}`;
}
