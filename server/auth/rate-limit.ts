/**
 * Limits on signing in, kept in the database so every server process on it
 * shares them. Staff: at most 5 failed sign-ins per account and 20 per address
 * in any 15 minutes; a success clears the account's count (not the address's:
 * one good password must not buy an attacker more guesses at others).
 * Residents' sign-in links: every request counts, at most 5 per email address
 * and 20 per client in any 15 minutes, whether or not the address is known.
 *
 * Race-free without locks: an attempt is written first (`pending`), then the
 * failed and pending attempts up to and including it are counted, so of many
 * concurrent attempts only as many as the limit allows go on to check a password.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { signInAttempts } from '../db/schema.ts';

export const SIGN_IN_LIMITS = {
  perAccount: 5,
  perAddress: 20,
  windowMinutes: 15,
} as const;

/** Requests for a resident's sign-in link (POST /api/sign-in-links). */
export const LINK_LIMITS = {
  perAccount: 5,
  perAddress: 20,
  windowMinutes: 15,
} as const;

/** Which limits: staff passwords, or residents' emailed links. Each kind is counted apart. */
export type AttemptKind = 'staff' | 'link';
const LIMITS: Record<AttemptKind, { perAccount: number; perAddress: number; windowMinutes: number }> = {
  staff: SIGN_IN_LIMITS,
  link: LINK_LIMITS,
};

/** `requested`: a link request, which always counts. */
export type AttemptOutcome = 'failed' | 'succeeded' | 'requested';

/** Either the attempt may go on (its id, to record how it ended), or when to try again. */
export type AttemptStart = { allowed: true; id: number } | { allowed: false; retryAfterSeconds: number };

interface Counted {
  n: number;
  /** Seconds until enough of the counted attempts leave the window to allow one more. */
  wait: number | null;
}

/**
 * Counts the failed (and still pending) attempts in the window up to and
 * including `id` (the newest) that match `where`; and, when over `limit`, how
 * long until enough of the earlier ones leave the window for another attempt
 * (this one is then marked `limited` and no longer counts).
 */
async function count(db: Db, id: number, where: ReturnType<typeof sql>, limit: number, windowMinutes: number): Promise<Counted> {
  const window = sql.raw(`interval '${windowMinutes} minutes'`);
  // Both drivers (PGlite, node-postgres) answer with `rows`.
  const result = (await db.execute(sql`
    with counted as (
      select a.at, row_number() over (order by a.at, a.id) as position
      from sign_in_attempts a
      where ${where}
        and a.id <= ${id}
        and a.outcome in ('pending', 'failed', 'requested')
        and a.at > now() - ${window}
    )
    select (select count(*)::int from counted) as n,
           (select extract(epoch from (c.at + ${window} - now()))::float8 from counted c
             where c.position = (select count(*) from counted) - ${limit}) as wait`)) as unknown as {
    rows: { n: number; wait: number | null }[];
  };
  const row = result.rows[0]!;
  return { n: Number(row.n), wait: row.wait === null ? null : Number(row.wait) };
}

/** Records the start of an attempt and says whether it may go on (check a password, send a link). */
export async function beginSignInAttempt(db: Db, email: string, address: string, kind: AttemptKind = 'staff'): Promise<AttemptStart> {
  const limits = LIMITS[kind];
  const account = email.trim().toLowerCase();
  const [attempt] = await db
    .insert(signInAttempts)
    .values({ kind, email: account, address, outcome: 'pending' })
    .returning({ id: signInAttempts.id });
  const id = attempt!.id;
  // Failures since the account's last success count against it.
  const sinceSuccess = sql`a.kind = ${kind} and a.email = ${account} and a.at > coalesce(
    (select max(s.at) from sign_in_attempts s where s.kind = ${kind} and s.email = ${account} and s.outcome = 'succeeded'), '-infinity')`;
  const byAccount = await count(db, id, sinceSuccess, limits.perAccount, limits.windowMinutes);
  const byAddress = await count(db, id, sql`a.kind = ${kind} and a.address = ${address}`, limits.perAddress, limits.windowMinutes);
  // The attempt itself is counted: more than the limit means this one is over it.
  const over = [
    byAccount.n > limits.perAccount ? byAccount : null,
    byAddress.n > limits.perAddress ? byAddress : null,
  ].filter((c): c is Counted => c !== null);
  if (over.length === 0) return { allowed: true, id };
  await db.update(signInAttempts).set({ outcome: 'limited' }).where(eq(signInAttempts.id, id));
  const wait = Math.max(...over.map((c) => c.wait ?? limits.windowMinutes * 60));
  return { allowed: false, retryAfterSeconds: wait };
}

/** Records how an allowed attempt ended. */
export async function finishSignInAttempt(db: Db, id: number, outcome: AttemptOutcome): Promise<void> {
  await db
    .update(signInAttempts)
    .set({ outcome })
    .where(and(eq(signInAttempts.id, id), eq(signInAttempts.outcome, 'pending')));
}
