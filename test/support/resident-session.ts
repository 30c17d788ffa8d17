/**
 * Signed-in residents and representatives for API tests: a link is made the way the
 * sign-in email's job makes it (server/auth/resident.ts issueSignInLink), then opened
 * through POST /api/sessions, so the cookie is a real session as a browser holds it.
 *
 *   const cookie = await signInResident(app, database.db, 'amina@example.org');
 *   await app.request('/api/my/complaints', { headers: { cookie } });
 */
import { issueSignInLink } from '../../server/auth/resident.ts';
import type { Db } from '../../server/db/client.ts';
import { SAME_ORIGIN, send, type Target } from './staff.ts';

/** `name=value` of the resident session cookie a response sets. */
export function residentCookieFrom(response: Response): string {
  const header = response.headers.getSetCookie().find((c) => /^(__Host-)?resident_session=/.test(c));
  if (!header) throw new Error(`No resident session cookie in the response (${response.status})`);
  return header.split(';')[0]!;
}

/** Opens a session with a link's token: the response (201 and the cookie, or the refusal). */
export function openLink(target: Target, token: string, headers: Record<string, string> = {}): Promise<Response> {
  return send(target, '/api/sessions', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...SAME_ORIGIN, ...headers },
    body: JSON.stringify({ token }),
  });
}

/** A session for this address: the `cookie` header value to send. */
export async function signInResident(target: Target, db: Db, email: string): Promise<string> {
  const response = await openLink(target, await issueSignInLink(db, email));
  if (response.status !== 201) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  return residentCookieFrom(response);
}
