/**
 * What the residents' sign-in endpoints accept (server/routes/resident-sessions.ts):
 * the app checks with these before sending, the server checks again.
 */
import * as v from 'valibot';
import { LIMITS } from './complaint.ts';

/** POST /api/sign-in-links: the address to send a link to. */
export const SignInLinkRequestSchema = v.strictObject(
  {
    email: v.pipe(
      v.string('type'),
      v.trim(),
      v.nonEmpty('required'),
      v.maxLength(LIMITS.email, 'too_long'),
      v.check((value) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value), 'email'),
    ),
  },
  'type',
);
export type SignInLinkRequest = v.InferOutput<typeof SignInLinkRequestSchema>;

/** base64url of 32 random bytes (server/auth/tokens.ts). */
export const SIGN_IN_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** POST /api/sessions: the token from the emailed link (after `#`, never in a URL the server sees). */
export const SessionStartSchema = v.strictObject(
  { token: v.pipe(v.string('type'), v.nonEmpty('required'), v.maxLength(100, 'too_long')) },
  'type',
);

/** One line of GET /api/my/complaints: what "Your complaints and drafts" lists. */
export interface MyComplaint {
  reference: string;
  /** Whose complaint it is to the signed-in person: theirs, or one they act on for a resident (Code 3.6). */
  role: 'resident' | 'representative';
  /** What it is about: the officer's category once acknowledged, and the start of the resident's own words. */
  about: { category: string | null; summary: string };
  stage: 1 | 2;
  status: string;
  receivedAt: string;
  /** The next date the landlord owes something, or null when nothing is owed. */
  nextDeadline: { kind: string; dueOn: string } | null;
}

export interface MyComplaints {
  email: string;
  complaints: MyComplaint[];
}
