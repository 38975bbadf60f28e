// Shared by the package suites: a recording fetch stub and the documented fixtures.
import { readFileSync } from 'node:fs';

export const TEAM = '0190f8b0-1a2b-7c3d-8e4f-5a6b7c8d9e0f';
export const USER = '0190f8a1-2b3c-7d4e-8f90-1a2b3c4d5e6f';
export const CLIENT = '0190f8c0-1a2b-7c3d-8e4f-5a6b7c8d9e0f';
export const KEY = 'tmrc_live_SECRETSECRETSECRETSECRETSECRET00';
export const fixtures = JSON.parse(readFileSync(new URL('../fixtures/responses.json', import.meta.url), 'utf8'));

/** A fetch that records calls and answers with `respond(url, init, n)` → { status, body }. */
export function recordingFetch(respond) {
  const calls = [];
  const fetch = async (url, init) => {
    calls.push({ url, init });
    const { status = 200, body, headers } = await respond(url, init, calls.length);
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers });
  };
  return { fetch, calls };
}

export const envelope = (data) => ({ body: { success: true, data } });
export const apiError = (status, code, message) => ({ status, body: { success: false, error: { code, message } } });
