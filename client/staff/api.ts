/** The staff API (server/routes/staff.ts): one function per call; results as values, never thrown. */
import type { ErrorBody } from '../../shared/errors.ts';
import type { AddStaff, PasswordLinkView, SignIn, StaffMemberView, StaffRole } from '../../shared/schemas/staff.ts';

export interface SignedInMember {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
}

export type ApiFailure = { status: number; error: ErrorBody['error'] };
export type ApiResult<T> = ({ ok: true } & T) | ({ ok: false } & ApiFailure);

export type Refusal = { ok: false } & ApiFailure;

/**
 * A request to `/api/staff…`, JSON both ways: the answer as `data`, or the API's refusal with its code and
 * field issues (shared/errors.ts), so a form shows each beside its field; a lost connection is `network`.
 */
export async function staffRequest<T>(method: string, path: string, body?: unknown): Promise<{ ok: true; data: T } | Refusal> {
  let response: Response;
  try {
    // Same origin: the browser sends the session cookie and Sec-Fetch-Site: same-origin (server/auth/staff.ts).
    response = await fetch(`/api/staff${path}`, {
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

async function call<T extends object>(method: string, path: string, body?: unknown): Promise<ApiResult<T>> {
  const result = await staffRequest<T>(method, path, body);
  return result.ok ? { ok: true, ...result.data } : result;
}

export const staffApi = {
  me: () => call<{ staff: SignedInMember }>('GET', '/me'),
  signIn: (input: SignIn) => call<{ staff: SignedInMember }>('POST', '/sign-in', input),
  signOut: () => call<object>('POST', '/sign-out'),
  checkLink: (token: string) => call<{ email: string; name: string }>('POST', '/password-links/check', { token }),
  setPassword: (token: string, password: string) => call<{ email: string }>('POST', '/password', { token, password }),
  members: () => call<{ members: StaffMemberView[] }>('GET', '/members'),
  addMember: (input: AddStaff) => call<{ member: StaffMemberView; link: PasswordLinkView }>('POST', '/members', input),
  newLink: (id: string) => call<{ member: StaffMemberView; link: PasswordLinkView }>('POST', `/members/${encodeURIComponent(id)}/password-link`),
  removeMember: (id: string) => call<{ member: StaffMemberView }>('DELETE', `/members/${encodeURIComponent(id)}`),
};
