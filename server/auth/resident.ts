/**
 * Residents and representatives signing in from any device, by email: a request
 * for a link (limited per address and per client in the database, answered the
 * same whether or not the address is known), a single-use link valid 20 minutes
 * (made by the job that sends it, stored only as a hash), and a session that
 * shows every complaint whose resident, or representative not removed, has that
 * address. Cookies, expiry and the cross-site guard are staff sign-in's
 * (server/auth/http.ts).
 */
import { and, desc, eq, gt, isNull, or, sql } from 'drizzle-orm';
import type { Context } from 'hono';
import type { Db } from '../db/client.ts';
import { complaints, residentSessions, residentSignInLinks } from '../db/schema.ts';
import { enqueueJobs } from '../jobs/queue.ts';
import { rateLimitedError } from '../http-errors.ts';
import { SIGN_IN_TOKEN, type MyComplaint } from '../../shared/schemas/sign-in.ts';
import type { Queryable } from '../domain/lifecycle/record.ts';
import {
  clearSessionCookie,
  clientAddress,
  readSessionCookie,
  sessionExpiry,
  sessionStale,
  setSessionCookie,
  type AuthSettings,
} from './http.ts';
import { beginSignInAttempt, finishSignInAttempt } from './rate-limit.ts';
import { hashToken, newToken } from './tokens.ts';

export const SIGN_IN_LINK_MINUTES = 20;
/** The job that makes and sends a link (server/mail/sign-in-mail.ts). */
export const SIGN_IN_LINK_JOB = 'sign_in_link';
export const RESIDENT_COOKIE = 'resident_session';

const normalise = (email: string) => email.trim().toLowerCase();

/** Where an emailed link opens: the token after `#`, so it never reaches a server log or a Referer header. */
export function signInLinkUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/sign-in/link#${token}`;
}

/**
 * Asks for a link to be emailed. Within the limits, a job is queued for any address:
 * the job finds (or not) complaints for it, so this answers the same, in about the same
 * time, whether or not the address is known. Over the limits: 429 with Retry-After.
 */
export async function requestSignInLink(c: Context, auth: AuthSettings, email: string): Promise<void> {
  const address = normalise(email);
  const start = await beginSignInAttempt(auth.db, address, clientAddress(c, auth.trustProxy), 'link');
  if (!start.allowed) throw rateLimitedError(start.retryAfterSeconds);
  await auth.db.transaction(async (tx) => {
    await enqueueJobs(tx as unknown as Db, [{ kind: SIGN_IN_LINK_JOB, key: `${SIGN_IN_LINK_JOB}:${start.id}`, payload: { email: address } }]);
    await finishSignInAttempt(tx as unknown as Db, start.id, 'requested');
  });
}

/** Whose the address is on a complaint: the resident's, a representative's not removed, or neither. */
function holds(email: string) {
  return {
    resident: sql`lower(${complaints.residentEmail}) = ${email}`,
    representative: sql`lower(${complaints.representative} ->> 'email') = ${email}`,
  };
}

/**
 * The newest complaint the address belongs to, for the link's email (its language and the
 * name to greet); null when the address is on no complaint: then no link is made.
 */
export async function newestComplaintFor(
  db: Queryable,
  email: string,
): Promise<{ language: string; name: string; role: 'resident' | 'representative' } | null> {
  const address = normalise(email);
  const is = holds(address);
  const [row] = await db
    .select({
      language: complaints.language,
      residentName: complaints.residentName,
      representative: complaints.representative,
      isResident: sql<boolean>`${is.resident}`,
    })
    .from(complaints)
    .where(or(is.resident, is.representative))
    .orderBy(desc(complaints.receivedAt))
    .limit(1);
  if (!row) return null;
  const representativeName = (row.representative as { name?: string } | null)?.name;
  return row.isResident
    ? { language: row.language, name: row.residentName, role: 'resident' }
    : { language: row.language, name: representativeName ?? row.residentName, role: 'representative' };
}

/** Makes a link for the address: a new token, its hash stored with a 20-minute expiry. */
export async function issueSignInLink(db: Queryable, email: string): Promise<string> {
  const token = newToken();
  await db.insert(residentSignInLinks).values({
    tokenHash: hashToken(token),
    email: normalise(email),
    expiresAt: sql`now() + ${sql.raw(`interval '${SIGN_IN_LINK_MINUTES} minutes'`)}`,
  });
  return token;
}

/**
 * Opens a session from a link's token, once: the link is used up in the statement that checks
 * it, so two uses at the same moment cannot both succeed. Null for a malformed, unknown,
 * expired or used token (one answer for all). Sets the session cookie.
 */
export async function startResidentSession(c: Context, auth: AuthSettings, token: string): Promise<{ email: string } | null> {
  if (!SIGN_IN_TOKEN.test(token)) return null;
  const session = newToken();
  const email = await auth.db.transaction(async (tx) => {
    const [link] = await tx
      .update(residentSignInLinks)
      .set({ usedAt: sql`now()` })
      .where(
        and(
          eq(residentSignInLinks.tokenHash, hashToken(token)),
          isNull(residentSignInLinks.usedAt),
          gt(residentSignInLinks.expiresAt, sql`now()`),
        ),
      )
      .returning({ email: residentSignInLinks.email });
    if (!link) return null;
    await tx.insert(residentSessions).values({ tokenHash: hashToken(session), email: link.email, expiresAt: sessionExpiry(sql`now()`) });
    return link.email;
  });
  if (email === null) return null;
  setSessionCookie(c, auth.publicUrl, RESIDENT_COOKIE, session);
  return { email };
}

export type SessionState = { email: string } | 'none' | 'ended';

/**
 * The signed-in address for the request's cookie: `none` without a cookie, `ended` for an expired
 * or unknown one (its cookie is cleared). Keeps a live session alive.
 */
export async function residentSession(c: Context, auth: AuthSettings): Promise<SessionState> {
  const token = readSessionCookie(c, auth.publicUrl, RESIDENT_COOKIE);
  if (!token) return 'none';
  const tokenHash = hashToken(token);
  const [row] = await auth.db
    .select({ email: residentSessions.email, stale: sessionStale(residentSessions.lastSeenAt) })
    .from(residentSessions)
    .where(and(eq(residentSessions.tokenHash, tokenHash), gt(residentSessions.expiresAt, sql`now()`)));
  if (!row) {
    clearSessionCookie(c, auth.publicUrl, RESIDENT_COOKIE);
    return 'ended';
  }
  if (row.stale) {
    await auth.db
      .update(residentSessions)
      .set({ lastSeenAt: sql`now()`, expiresAt: sessionExpiry(sql`${residentSessions.createdAt}`) })
      .where(eq(residentSessions.tokenHash, tokenHash));
  }
  return { email: row.email };
}

/** Ends the request's session (if any) and clears its cookie. */
export async function signOutResident(c: Context, auth: AuthSettings): Promise<void> {
  const token = readSessionCookie(c, auth.publicUrl, RESIDENT_COOKIE);
  if (token) await auth.db.delete(residentSessions).where(eq(residentSessions.tokenHash, hashToken(token)));
  clearSessionCookie(c, auth.publicUrl, RESIDENT_COOKIE);
}

/**
 * What the address is to the complaint with this reference: its resident, its representative
 * (until removed), or nothing (null: also when there is no such complaint).
 */
export async function roleFor(db: Queryable, email: string, reference: string): Promise<'resident' | 'representative' | null> {
  const is = holds(normalise(email));
  const [row] = await db
    .select({ resident: sql<boolean>`coalesce(${is.resident}, false)`, representative: sql<boolean>`coalesce(${is.representative}, false)` })
    .from(complaints)
    .where(eq(complaints.reference, reference));
  if (!row) return null;
  return row.resident ? 'resident' : row.representative ? 'representative' : null;
}

/** How much of the resident's own words the list shows. */
const SUMMARY_CHARACTERS = 140;

function summaryOf(description: string): string {
  const text = description.replace(/\s+/g, ' ').trim();
  if (text.length <= SUMMARY_CHARACTERS) return text;
  const cut = text.slice(0, SUMMARY_CHARACTERS);
  const space = cut.lastIndexOf(' ');
  return `${(space > SUMMARY_CHARACTERS / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** Every complaint the address made or that was made for it, newest first. */
export async function complaintsFor(db: Queryable, email: string): Promise<MyComplaint[]> {
  const is = holds(normalise(email));
  const rows = await db
    .select({
      reference: complaints.reference,
      isResident: sql<boolean>`coalesce(${is.resident}, false)`,
      category: complaints.category,
      description: complaints.description,
      stage: complaints.stage,
      status: complaints.status,
      receivedAt: complaints.receivedAt,
      nextDeadlineOn: complaints.nextDeadlineOn,
      nextDeadlineKind: complaints.nextDeadlineKind,
      acknowledgeBy: complaints.acknowledgeBy,
      untouched: sql<boolean>`${complaints.lifecycle} is null`,
    })
    .from(complaints)
    .where(or(is.resident, is.representative))
    .orderBy(desc(complaints.receivedAt));
  return rows.map((row) => ({
    reference: row.reference,
    role: row.isResident ? 'resident' : 'representative',
    about: { category: row.category, summary: summaryOf(row.description) },
    stage: row.stage === 2 ? 2 : 1,
    status: row.status,
    receivedAt: row.receivedAt.toISOString(),
    nextDeadline:
      row.nextDeadlineOn && row.nextDeadlineKind
        ? { kind: row.nextDeadlineKind, dueOn: row.nextDeadlineOn }
        : // Just received, no event since: the acknowledgement is owed (Code 6.2), as the receipt said.
          row.untouched
          ? { kind: 'acknowledge', dueOn: row.acknowledgeBy }
          : null,
  }));
}
