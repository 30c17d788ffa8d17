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
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { StaffRole } from '../../shared/schemas/staff.ts';
import type { Db } from '../db/client.ts';
import { staff, staffSessions } from '../db/schema.ts';
import { rateLimitedError, refusal } from '../http-errors.ts';
import { decoyHash, verifyPassword } from './passwords.ts';
import { beginSignInAttempt, finishSignInAttempt } from './rate-limit.ts';
import { hashToken, newToken } from './tokens.ts';

export interface StaffMember {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'officer';
}

/** What requireStaff puts in the context for the handlers after it. */
export type StaffVariables = { staff: StaffMember };

/** Settings the staff middlewares read, installed once by staffAuthContext. */
export interface StaffAuth {
  db: Db;
  /** The app's public address: decides the cookie's name and Secure flag, and which origin is "this site". */
  publicUrl: string;
  /** Behind a reverse proxy: the client's address is the last entry of X-Forwarded-For. */
  trustProxy: boolean;
}

type AuthEnv = { Variables: { staffAuth: StaffAuth } };
type StaffEnv = { Variables: StaffVariables & { staffAuth: StaffAuth } };

export const SESSION_LIMITS = {
  /** A session ends this long after sign-in, whatever happens: about a working day. */
  absoluteHours: 12,
  /** …or after this long with no request. */
  idleMinutes: 120,
  /** last_seen_at is written at most this often, not on every request. */
  touchEverySeconds: 60,
} as const;

/**
 * The session cookie. `__Host-` makes the browser refuse it unless it is Secure,
 * has Path=/ and no Domain, so no subdomain can plant or widen it. Browsers only
 * store a Secure cookie over HTTPS (localhost excepted in some, not all), so on a
 * plain-HTTP address (`npm start` on http://localhost) the cookie is the plain
 * `staff_session` without Secure; PUBLIC_URL (https:// in any real deployment) decides.
 */
export function sessionCookie(publicUrl: string): { name: string; secure: boolean } {
  const secure = new URL(publicUrl).protocol === 'https:';
  return { name: secure ? '__Host-staff_session' : 'staff_session', secure };
}

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

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses a state-changing request made by a page of another site (403
 * `cross_site`): by Sec-Fetch-Site where the browser sends it, else by Origin.
 * A request with neither comes from no browser (the CLI, curl): no cross-site
 * forgery is possible there, and it still needs a session to do anything.
 */
export const crossSiteGuard: MiddlewareHandler = async (c, next) => {
  if (!SAFE_METHODS.has(c.req.method)) {
    const site = c.req.header('sec-fetch-site');
    const origin = c.req.header('origin');
    if (site !== undefined) {
      // 'same-site' is a sibling subdomain: another site as far as staff sessions go.
      if (site !== 'same-origin') throw refusal(403, 'cross_site', ['headers', 'sec-fetch-site']);
    } else if (origin !== undefined) {
      const allowed = new Set([new URL(authOf(c).publicUrl).origin, new URL(c.req.url).origin]);
      if (!allowed.has(origin)) throw refusal(403, 'cross_site', ['headers', 'origin']);
    }
  }
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
      stale: sql<boolean>`${staffSessions.lastSeenAt} < now() - ${sql.raw(`interval '${SESSION_LIMITS.touchEverySeconds} seconds'`)}`,
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

/** Idle timeout from now, never beyond the absolute limit from sign-in. */
function sessionExpiry(createdAt: ReturnType<typeof sql>) {
  return sql`least(${createdAt} + ${sql.raw(`interval '${SESSION_LIMITS.absoluteHours} hours'`)},
    now() + ${sql.raw(`interval '${SESSION_LIMITS.idleMinutes} minutes'`)})`;
}

/** 401 `staff_signed_out` without a valid session; otherwise `c.var.staff` is the member. */
export const requireStaff: MiddlewareHandler<StaffEnv> = async (c, next) => {
  const auth = authOf(c);
  const member = await memberForSession(c, auth);
  if (!member) {
    // An expired or ended session's cookie is of no more use: the browser can drop it.
    if (getCookie(c, sessionCookie(auth.publicUrl).name)) clearSessionCookie(c, auth);
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

/** The address a request came from, for the per-address sign-in limit. */
export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    // The proxy appends the address it saw: the last entry is the one it vouches for.
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // app.request() in tests: no socket.
  }
}

function setSessionCookie(c: Context, auth: StaffAuth, token: string) {
  const { name, secure } = sessionCookie(auth.publicUrl);
  // No Max-Age: the cookie goes when the browser closes; the session's expiry is kept in the database.
  setCookie(c, name, token, { httpOnly: true, secure, sameSite: 'Strict', path: '/' });
}

function clearSessionCookie(c: Context, auth: StaffAuth) {
  const { name, secure } = sessionCookie(auth.publicUrl);
  deleteCookie(c, name, { httpOnly: true, secure, sameSite: 'Strict', path: '/' });
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
  setSessionCookie(c, auth, token);
  return { id: row.id, email: row.email, name: row.name, role: row.role as StaffRole };
}

/** Ends the request's session (if any) and clears its cookie. */
export async function signOut(c: Context): Promise<void> {
  const auth = authOf(c);
  const token = getCookie(c, sessionCookie(auth.publicUrl).name);
  if (token) await auth.db.delete(staffSessions).where(eq(staffSessions.tokenHash, hashToken(token)));
  clearSessionCookie(c, auth);
}
