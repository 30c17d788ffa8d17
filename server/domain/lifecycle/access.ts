/**
 * The access token of the phone that sent a complaint: 32 random bytes, given once
 * with the receipt and kept on the device; the server keeps only its SHA-256 hash.
 * A token opens one complaint and nothing else.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { complaintAccessTokens, complaints } from '../../db/schema.ts';
import type { Queryable } from './record.ts';

/** base64url of 32 bytes: 43 characters. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export function hashAccessToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A new token and the hash to store (the receipt's statement stores it as one of its steps). */
export function newAccessToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashAccessToken(token) };
}

/** A new token for a complaint, stored as a hash. Each call issues another (a replayed receipt gets its own). */
export async function issueAccessToken(db: Queryable, complaintId: string): Promise<string> {
  const { token, hash } = newAccessToken();
  await db.insert(complaintAccessTokens).values({ tokenHash: hash, complaintId });
  return token;
}

/** A new token for the complaint with this reference; null when there is none. */
export async function issueAccessTokenFor(db: Queryable, reference: string): Promise<string | null> {
  const [row] = await db.select({ id: complaints.id }).from(complaints).where(eq(complaints.reference, reference));
  return row ? issueAccessToken(db, row.id) : null;
}

const sameHash = (stored: string | null | undefined, hash: string): boolean =>
  !!stored && stored.length === hash.length && timingSafeEqual(Buffer.from(stored), Buffer.from(hash));

/**
 * Whether `token` opens the complaint with `reference`: the receipt's first token (its hash on the
 * complaint's row) or a later one (complaint_access_tokens). The same answer (false) for a malformed
 * token, an unknown one, and one that belongs to another complaint.
 */
export async function tokenOpens(db: Queryable, reference: string, token: string | undefined): Promise<boolean> {
  if (!token || !TOKEN.test(token)) return false;
  const hash = hashAccessToken(token);
  const [row] = await db
    .select({ first: complaints.accessTokenHash, later: complaintAccessTokens.tokenHash })
    .from(complaints)
    .leftJoin(complaintAccessTokens, and(eq(complaintAccessTokens.complaintId, complaints.id), eq(complaintAccessTokens.tokenHash, hash)))
    .where(eq(complaints.reference, reference));
  // The lookup is by hash; compare again in constant time for good measure.
  return !!row && (sameHash(row.first, hash) || sameHash(row.later, hash));
}
