/** Secrets handed to a browser or printed once (session cookies, set-password links): stored only as a hash. */
import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes, base64url: unguessable, so a fast hash is enough to store it. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database keeps of a token: its SHA-256, hex. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
