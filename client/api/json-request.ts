/**
 * A JSON request to our API, same origin (the browser sends the session cookie and
 * Sec-Fetch-Site: same-origin): the answer as `data`, or the API's refusal with its code
 * and field issues (shared/errors.ts), so a form shows each beside its field. Never thrown:
 * a lost connection is the code `network`.
 */
import type { ErrorBody } from '../../shared/errors.ts';

export type ApiFailure = { status: number; error: ErrorBody['error'] };
export type Refusal = { ok: false } & ApiFailure;

export async function jsonRequest<T>(method: string, url: string, body?: unknown): Promise<{ ok: true; data: T } | Refusal> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return { ok: false, status: 0, error: { code: 'network' } };
  }
  if (response.status === 204) return { ok: true, data: {} as T };
  const answer = (await response.json().catch(() => null)) as (T & Partial<ErrorBody>) | null;
  if (response.ok && answer) return { ok: true, data: answer };
  if (answer?.error?.code) return { ok: false, status: response.status, error: answer.error };
  return { ok: false, status: response.status, error: { code: response.status >= 500 ? 'unavailable' : 'internal' } };
}
