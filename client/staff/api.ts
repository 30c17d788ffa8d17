/** The staff API (server/routes/staff.ts): one function per call; results as values, never thrown. */
import { jsonRequest, type ApiFailure, type Refusal } from '../api/json-request.ts';
import type { AddStaff, PasswordLinkView, SignIn, StaffMemberView, StaffRole } from '../../shared/schemas/staff.ts';

export interface SignedInMember {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
}

export type { ApiFailure, Refusal };
export type ApiResult<T> = ({ ok: true } & T) | ({ ok: false } & ApiFailure);

/** A request to `/api/staff…` (client/api/json-request.ts). */
export function staffRequest<T>(method: string, path: string, body?: unknown): Promise<{ ok: true; data: T } | Refusal> {
  return jsonRequest<T>(method, `/api/staff${path}`, body);
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
