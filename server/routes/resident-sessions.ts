/**
 * Residents and representatives signing in from any device (server/auth/resident.ts):
 *
 *   POST   /api/sign-in-links    { email }  202 whether or not the address is known; 429 over the limits
 *   POST   /api/sessions         { token }  201 { email } and the session cookie; 410 `sign_in_link_invalid`
 *   GET    /api/sessions/current            200 { email }; 401 `signed_out`
 *   DELETE /api/sessions/current            204, the session ended and its cookie cleared
 *   GET    /api/my/complaints               200 { email, complaints: MyComplaint[] } (shared/schemas/sign-in.ts); 401 `signed_out`
 *
 * State-changing requests from another site's page are refused for the whole API (server/app.ts).
 */
import { Hono, type Context } from 'hono';
import { SessionStartSchema, SignInLinkRequestSchema, type MyComplaints } from '../../shared/schemas/sign-in.ts';
import type { AuthSettings } from '../auth/http.ts';
import { complaintsFor, requestSignInLink, residentSession, signOutResident, startResidentSession } from '../auth/resident.ts';
import { refusal } from '../http-errors.ts';
import { readBody } from './lifecycle-http.ts';
import { smallBodyLimit } from './staff.ts';

/** The signed-in address, or 401 `signed_out` (no cookie, or a session that has ended). */
async function signedIn(c: Context, auth: AuthSettings): Promise<string> {
  const session = await residentSession(c, auth);
  if (typeof session === 'string') throw refusal(401, 'signed_out', ['headers', 'cookie']);
  return session.email;
}

export function signInLinkRoutes(auth: AuthSettings) {
  return new Hono().post('/', smallBodyLimit, async (c) => {
    const { email } = await readBody(c, SignInLinkRequestSchema);
    await requestSignInLink(c, auth, email);
    // The same answer for any address: whether it is on a complaint is said only by email, to that address.
    return c.json({ sent: 'if_known' }, 202);
  });
}

export function residentSessionRoutes(auth: AuthSettings) {
  return new Hono()
    .post('/', smallBodyLimit, async (c) => {
      // The token travels in the body, never in a URL: URLs end up in logs.
      const { token } = await readBody(c, SessionStartSchema);
      const session = await startResidentSession(c, auth, token);
      if (!session) throw refusal(410, 'sign_in_link_invalid', ['token']);
      return c.json(session, 201);
    })
    .get('/current', async (c) => c.json({ email: await signedIn(c, auth) }))
    .delete('/current', async (c) => {
      await signOutResident(c, auth);
      return c.body(null, 204);
    });
}

export function myComplaintsRoutes(auth: AuthSettings) {
  return new Hono().get('/complaints', async (c) => {
    const email = await signedIn(c, auth);
    const body: MyComplaints = { email, complaints: await complaintsFor(auth.db, email) };
    return c.json(body);
  });
}
