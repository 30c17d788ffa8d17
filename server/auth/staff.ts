/**
 * Staff sign-in: sessions in the database (only a hash of each cookie's token),
 * the session cookie, and the middlewares every staff route stands behind:
 *
 *   new Hono<{ Variables: StaffVariables }>()
 *     .use(crossSiteGuard, requireStaff)      // any member of staff
 *     .post('/x', requireAdmin, handler)       // administrators only
 *
 * The app installs what they need (database, cookie, proxy settings) once for
 * `/api/staff/*` with `staffAuthContext` (server/app.ts), so routes mounted
 * there use the middlewares as they are.
 */
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { StaffRole } from '../../shared/schemas/staff.ts';
import { staff, staffSessions } from '../db/schema.ts';
import { rateLimitedError, refusal } from '../http-errors.ts';
import { decoyHash, verifyPassword } from './passwords.ts';
import { beginSignInAttempt, finishSignInAttempt } from './rate-limit.ts';
import { hashToken, newToken } from './tokens.ts';
import {
  clearSessionCookie,
  clientAddress,
  refuseCrossSite,
  SESSION_LIMITS,
  sessionCookie as sharedSessionCookie,
  sessionExpiry,
  sessionStale,
  setSessionCookie,
  type AuthSettings,
} from './http.ts';

export interface StaffMember {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'officer';
}

/** What requireStaff puts in the context for the handlers after it. */
export type StaffVariables = { staff: StaffMember };

/** Settings the staff middlewares read, installed once by staffAuthContext. */
export type StaffAuth = AuthSettings;

type AuthEnv = { Variables: { staffAuth: StaffAuth } };
type StaffEnv = { Variables: StaffVariables & { staffAuth: StaffAuth } };

/** The staff session cookie: `__Host-staff_session` over HTTPS (server/auth/http.ts). */
export function sessionCookie(publicUrl: string): { name: string; secure: boolean } {
  return sharedSessionCookie(publicUrl, STAFF_COOKIE);
}
const STAFF_COOKIE = 'staff_session';

/** Installs the settings the staff middlewares read. */
export function staffAuthContext(auth: StaffAuth): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    c.set('staffAuth', auth);
    await next();
  };
}

function authOf(c: Context): StaffAuth {
  const auth = (c as Context<AuthEnv>).get('staffAuth');
  if (!auth) throw new Error('staffAuthContext is not installed for this route (server/app.ts mounts it on /api/staff/*)');
  return auth;
}

/** Refuses a state-changing request made by a page of another site (403 `cross_site`; server/auth/http.ts). */
export const crossSiteGuard: MiddlewareHandler = async (c, next) => {
  refuseCrossSite(c, authOf(c).publicUrl);
  await next();
};

/** The signed-in member for the request's cookie, or null; keeps the session alive. */
async function memberForSession(c: Context, auth: StaffAuth): Promise<StaffMember | null> {
  const token = getCookie(c, sessionCookie(auth.publicUrl).name);
  if (!token) return null;
  const tokenHash = hashToken(token);
  const [row] = await auth.db
    .select({
      id: staff.id,
      email: staff.email,
      name: staff.name,
      role: staff.role,
      stale: sessionStale(staffSessions.lastSeenAt),
    })
    .from(staffSessions)
    .innerJoin(staff, eq(staff.id, staffSessions.staffId))
    .where(and(eq(staffSessions.tokenHash, tokenHash), gt(staffSessions.expiresAt, sql`now()`), isNull(staff.removedAt)));
  if (!row) return null;
  if (row.stale) {
    await auth.db
      .update(staffSessions)
      .set({ lastSeenAt: sql`now()`, expiresAt: sessionExpiry(sql`${staffSessions.createdAt}`) })
      .where(eq(staffSessions.tokenHash, tokenHash));
  }
  return { id: row.id, email: row.email, name: row.name, role: row.role as StaffRole };
}

/** 401 `staff_signed_out` without a valid session; otherwise `c.var.staff` is the member. */
export const requireStaff: MiddlewareHandler<StaffEnv> = async (c, next) => {
  const auth = authOf(c);
  const member = await memberForSession(c, auth);
  if (!member) {
    // An expired or ended session's cookie is of no more use: the browser can drop it.
    if (getCookie(c, sessionCookie(auth.publicUrl).name)) clearStaffCookie(c, auth);
    throw refusal(401, 'staff_signed_out', ['headers', 'cookie']);
  }
  c.set('staff', member);
  await next();
};

/** 403 `forbidden` unless the signed-in member is an administrator (after requireStaff). */
export const requireAdmin: MiddlewareHandler<StaffEnv> = async (c, next) => {
  const member = c.get('staff');
  if (!member) throw new Error('requireAdmin must come after requireStaff');
  if (member.role !== 'admin') throw refusal(403, 'forbidden', ['headers', 'cookie']);
  await next();
};

function setStaffCookie(c: Context, auth: StaffAuth, token: string) {
  setSessionCookie(c, auth.publicUrl, STAFF_COOKIE, token);
}

function clearStaffCookie(c: Context, auth: StaffAuth) {
  clearSessionCookie(c, auth.publicUrl, STAFF_COOKIE);
}

/**
 * Signs a member in: within the limits, a right password starts a session and
 * sets its cookie. A wrong email and a wrong password get the same answer
 * (401 `sign_in_failed`) in about the same time.
 */
export async function signIn(c: Context, email: string, password: string): Promise<StaffMember> {
  const auth = authOf(c);
  const start = await beginSignInAttempt(auth.db, email, clientAddress(c, auth.trustProxy));
  if (!start.allowed) throw rateLimitedError(start.retryAfterSeconds);
  const [row] = await auth.db
    .select()
    .from(staff)
    .where(and(sql`lower(${staff.email}) = ${email.trim().toLowerCase()}`, isNull(staff.removedAt)));
  const ok = await verifyPassword(password, row?.passwordHash ?? (await decoyHash()));
  if (!row || !row.passwordHash || !ok) {
    await finishSignInAttempt(auth.db, start.id, 'failed');
    // The body as a whole: saying which field was wrong would say whether the email is a member's.
    throw refusal(401, 'sign_in_failed', ['body']);
  }
  const token = newToken();
  await auth.db.insert(staffSessions).values({
    tokenHash: hashToken(token),
    staffId: row.id,
    expiresAt: sessionExpiry(sql`now()`),
  });
  await finishSignInAttempt(auth.db, start.id, 'succeeded');
  setStaffCookie(c, auth, token);
  return { id: row.id, email: row.email, name: row.name, role: row.role as StaffRole };
}

/** Ends the request's session (if any) and clears its cookie. */
export async function signOut(c: Context): Promise<void> {
  const auth = authOf(c);
  const token = getCookie(c, sessionCookie(auth.publicUrl).name);
  if (token) await auth.db.delete(staffSessions).where(eq(staffSessions.tokenHash, hashToken(token)));
  clearStaffCookie(c, auth);
}
