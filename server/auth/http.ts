/**
 * What every signed-in session shares, staff (server/auth/staff.ts) and residents
 * (server/auth/resident.ts) alike: the session cookie, how long a session lasts,
 * the client's address for the sign-in limits, and the refusal of state-changing
 * requests from another site's page.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { getConnInfo } from '@hono/node-server/conninfo';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { refusal } from '../http-errors.ts';

/** What sign-in needs to know, staff and residents alike; installed once by server/app.ts. */
export interface AuthSettings {
  db: Db;
  /** The app's public address: decides the cookie's name and Secure flag, and which origin is "this site". */
  publicUrl: string;
  /** Behind a reverse proxy: the client's address is the last entry of X-Forwarded-For. */
  trustProxy: boolean;
}

export const SESSION_LIMITS = {
  /** A session ends this long after sign-in, whatever happens: about a working day. */
  absoluteHours: 12,
  /** …or after this long with no request. */
  idleMinutes: 120,
  /** last_seen_at is written at most this often, not on every request. */
  touchEverySeconds: 60,
} as const;

/** Idle timeout from now, never beyond the absolute limit from sign-in (SQL, for expires_at). */
export function sessionExpiry(createdAt: ReturnType<typeof sql>) {
  return sql`least(${createdAt} + ${sql.raw(`interval '${SESSION_LIMITS.absoluteHours} hours'`)},
    now() + ${sql.raw(`interval '${SESSION_LIMITS.idleMinutes} minutes'`)})`;
}

/** SQL: true when a session's last_seen_at is old enough to be written again. */
export function sessionStale(lastSeenAt: unknown) {
  return sql<boolean>`${lastSeenAt} < now() - ${sql.raw(`interval '${SESSION_LIMITS.touchEverySeconds} seconds'`)}`;
}

/**
 * A session cookie named `base`. `__Host-` makes the browser refuse it unless it is Secure,
 * has Path=/ and no Domain, so no subdomain can plant or widen it. Browsers only store a
 * Secure cookie over HTTPS (localhost excepted in some, not all), so on a plain-HTTP address
 * (`npm start` on http://localhost) the cookie is the plain `base` without Secure; PUBLIC_URL
 * (https:// in any real deployment) decides.
 */
export function sessionCookie(publicUrl: string, base: string): { name: string; secure: boolean } {
  const secure = new URL(publicUrl).protocol === 'https:';
  return { name: secure ? `__Host-${base}` : base, secure };
}

export function readSessionCookie(c: Context, publicUrl: string, base: string): string | undefined {
  return getCookie(c, sessionCookie(publicUrl, base).name);
}

/** httpOnly, SameSite=Strict, Path=/; no Max-Age: the cookie goes when the browser closes, the session's expiry is in the database. */
export function setSessionCookie(c: Context, publicUrl: string, base: string, token: string): void {
  const { name, secure } = sessionCookie(publicUrl, base);
  setCookie(c, name, token, { httpOnly: true, secure, sameSite: 'Strict', path: '/' });
}

export function clearSessionCookie(c: Context, publicUrl: string, base: string): void {
  const { name, secure } = sessionCookie(publicUrl, base);
  deleteCookie(c, name, { httpOnly: true, secure, sameSite: 'Strict', path: '/' });
}

/** The address a request came from, for the per-address sign-in limits. */
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

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses a state-changing request made by a page of another site (403 `cross_site`):
 * by Sec-Fetch-Site where the browser sends it, else by Origin. A request with neither
 * comes from no browser (the CLI, curl): no cross-site forgery is possible there, and it
 * still needs a session or token to do anything.
 */
export function refuseCrossSite(c: Context, publicUrl: string): void {
  if (SAFE_METHODS.has(c.req.method)) return;
  const site = c.req.header('sec-fetch-site');
  const origin = c.req.header('origin');
  if (site !== undefined) {
    // 'same-site' is a sibling subdomain: another site as far as sessions go.
    if (site !== 'same-origin') throw refusal(403, 'cross_site', ['headers', 'sec-fetch-site']);
  } else if (origin !== undefined) {
    const allowed = new Set([new URL(publicUrl).origin, new URL(c.req.url).origin]);
    if (!allowed.has(origin)) throw refusal(403, 'cross_site', ['headers', 'origin']);
  }
}

/** refuseCrossSite as a middleware, for every API route (server/app.ts). */
export function crossSiteGuardFor(publicUrl: string): MiddlewareHandler {
  return async (c, next) => {
    refuseCrossSite(c, publicUrl);
    await next();
  };
}
