/**
 * A resident's or representative's sign-in by email (server/routes/resident-sessions.ts): ask for a link, open
 * it, list their complaints, sign out. The session is an HttpOnly cookie the page never sees; these calls are
 * how the page learns whether there is one. Results as values, never thrown.
 */
import type { MyComplaints } from '../../shared/schemas/sign-in.ts';
import { jsonRequest } from './json-request.ts';

/** POST /api/sign-in-links: 202 for any address (the same answer whether or not it is known), 429 over the limits. */
export const requestSignInLink = (email: string) => jsonRequest<{ sent: 'if_known' }>('POST', '/api/sign-in-links', { email });
/** POST /api/sessions: the token from the link (after `#`); 201 with the session cookie, or 410 for a link that no longer works. */
export const openSignInLink = (token: string) => jsonRequest<{ email: string }>('POST', '/api/sessions', { token });
/** GET /api/my/complaints: 401 `signed_out` without a live session. */
export const fetchMyComplaints = () => jsonRequest<MyComplaints>('GET', '/api/my/complaints');
/** DELETE /api/sessions/current. */
export const endSession = () => jsonRequest<object>('DELETE', '/api/sessions/current');
