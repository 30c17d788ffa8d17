/**
 * The console's requests to `/api/staff/...`: JSON both ways, results as values,
 * never thrown. A refusal keeps the API's code and field issues, so a form shows
 * each beside its field (shared/errors.ts); a lost connection is the code `network`.
 */
import type { ErrorBody, FieldIssue } from '../../../shared/errors.ts';

export type Refusal = { ok: false; status: number; code: ErrorBody['error']['code']; issues: FieldIssue[] };
export type Result<T> = { ok: true; data: T } | Refusal;

export async function staffRequest<T>(method: 'GET' | 'POST', url: string, body?: unknown): Promise<Result<T>> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  let answer: unknown;
  try {
    response = await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? null : JSON.stringify(body),
    });
    answer = await response.json().catch(() => null);
  } catch {
    return { ok: false, status: 0, code: 'network', issues: [] };
  }
  if (response.ok) return { ok: true, data: answer as T };
  const error = (answer as Partial<ErrorBody> | null)?.error;
  return {
    ok: false,
    status: response.status,
    code: error?.code ?? (response.status >= 500 ? 'unavailable' : 'internal'),
    issues: error?.issues ?? [],
  };
}
