/**
 * What the staff sign-in and staff members endpoints accept: the console checks
 * with these before sending, the server checks again (server/routes/staff.ts).
 */
import * as v from 'valibot';

export const STAFF_ROLES = ['admin', 'officer'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const STAFF_LIMITS = {
  /** Long enough that three random words fit and guessing is hopeless within the sign-in limits. */
  passwordMin: 12,
  /** Hashing cost grows with length: a bound keeps a huge "password" from tying up the server. */
  passwordMax: 200,
  email: 254,
  name: 100,
} as const;

const email = v.pipe(
  v.string('type'),
  v.trim(),
  v.nonEmpty('required'),
  v.maxLength(STAFF_LIMITS.email, 'too_long'),
  v.check((value) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value), 'email'),
);

/** A new password: length only (no composition rules, as NCSC advises). */
export const NewPasswordSchema = v.pipe(
  v.string('type'),
  v.nonEmpty('required'),
  v.minLength(STAFF_LIMITS.passwordMin, 'password_too_short'),
  v.maxLength(STAFF_LIMITS.passwordMax, 'password_too_long'),
);

export const SignInSchema = v.strictObject({
  email,
  // Not checked for length here: a wrong password of any length is just a wrong password.
  password: v.pipe(v.string('type'), v.nonEmpty('required'), v.maxLength(STAFF_LIMITS.passwordMax, 'password_too_long')),
});
export type SignIn = v.InferOutput<typeof SignInSchema>;

export const SetPasswordSchema = v.strictObject({
  token: v.pipe(v.string('type'), v.nonEmpty('link_invalid'), v.maxLength(200, 'link_invalid')),
  password: NewPasswordSchema,
});
export type SetPassword = v.InferOutput<typeof SetPasswordSchema>;

export const AddStaffSchema = v.strictObject({
  email,
  name: v.pipe(v.string('type'), v.trim(), v.nonEmpty('required'), v.maxLength(STAFF_LIMITS.name, 'too_long')),
  role: v.picklist(STAFF_ROLES, 'choice'),
});
export type AddStaff = v.InferOutput<typeof AddStaffSchema>;

/** A staff member as the API shows them. */
export interface StaffMemberView {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  /** False until they have set a password from their link. */
  hasPassword: boolean;
  createdAt: string;
}

/** A one-time link to set a password, as returned once when it is made. */
export interface PasswordLinkView {
  url: string;
  expiresAt: string;
}
