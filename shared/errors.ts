/**
 * The error envelope shared by the API and the app. Errors travel as codes,
 * never as English: the app turns each code into `t('errors.' + code)` in the
 * reader's language, beside its field and in the error summary.
 */
import type { BaseIssue } from 'valibot';

/** Staff sign-in and staff members: shown only in the console, so their messages are in its own strings. */
export const STAFF_ERROR_CODES = [
  'staff_signed_out',
  'forbidden',
  'cross_site',
  'sign_in_failed',
  'password_too_short',
  'password_too_long',
  'password_mismatch',
  'link_invalid',
  'staff_exists',
  'last_admin',
] as const;

/** Every code the API or the form can report. Each has a message in every locale (`errors.<code>`). */
export const ERROR_CODES = [
  'required',
  'type',
  'too_long',
  'choice',
  'unknown_field',
  'email',
  'phone',
  'date_invalid',
  'date_future',
  'address_or_tenancy',
  'email_for_preferred',
  'phone_for_preferred',
  'address_for_preferred',
  'contact_for_representative',
  'permission_required',
  'consent_required',
  'file_too_large',
  'file_type',
  'file_mismatch',
  'file_empty',
  'too_many_files',
  'malformed_json',
  'body_empty',
  'body_too_large',
  'content_type',
  'idempotency_key',
  'idempotency_conflict',
  'not_found',
  'internal',
  'unavailable',
  'network',
  'rate_limited',
  // hardening: refusals of the request itself (answered by server/http-server.ts)
  'headers_too_large',
  'request_timeout',
  'bad_request',
  // complaint lifecycle (shared/lifecycle.ts refusals; resident access)
  'not_allowed_now',
  'actor_not_allowed',
  'same_officer_stage2',
  'extension_limit',
  'escalation_not_open',
  'already_done',
  'decisions_mismatch',
  'remedy_required',
  'date_past',
  'date_before_stage',
  'access_token',
  'number_range',
  // residents' and representatives' sign-in by email (server/auth/resident.ts)
  'signed_out',
  'sign_in_link_invalid',
  // staff sign-in and the console's staff members (messages in client/staff/locales, not the residents' files)
  ...STAFF_ERROR_CODES,
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export type IssuePath = (string | number)[];

/** One failing field: where it is and what is wrong with it. */
export interface FieldIssue {
  path: IssuePath;
  code: ErrorCode;
}

/** The body of every error response from the API. */
export interface ErrorBody {
  error: {
    /** What kind of failure: `validation` (422) carries issues; others name the problem. */
    code: 'validation' | ErrorCode;
    issues?: FieldIssue[];
    /** With `rate_limited`: seconds until another try can succeed (also in the Retry-After header). */
    retryAfter?: number;
  };
}

const KNOWN = new Set<string>(ERROR_CODES);

/**
 * Turns valibot's issues into field issues with codes. Schemas put the code in
 * each message; structural failures (a missing or unknown key, a wrong type)
 * are recognised by their shape.
 */
export function toFieldIssues(issues: readonly BaseIssue<unknown>[]): FieldIssue[] {
  const seen = new Set<string>();
  const out: FieldIssue[] = [];
  for (const issue of issues) {
    const path: IssuePath = (issue.path ?? []).map((item) => item.key as string | number);
    let code: ErrorCode;
    if (issue.type === 'strict_object' && issue.expected === 'never') code = 'unknown_field';
    else if (issue.received === 'undefined' && path.length > 0) code = 'required';
    else if (KNOWN.has(issue.message)) code = issue.message as ErrorCode;
    else code = 'type';
    // One message per field is what a person can act on: keep the first.
    const key = path.join('.');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path, code });
  }
  return out;
}

/** The DOM id of the input for a field path, so errors can link to it: `resident.email` → `resident-email`. */
export function fieldId(path: IssuePath): string {
  return path.join('-');
}
