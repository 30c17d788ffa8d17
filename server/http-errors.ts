/**
 * Errors as the API sends them: `{ error: { code, issues? } }` (shared/errors.ts).
 * Handlers throw ApiError; app.onError turns anything else into a bare 500.
 */
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorBody, ErrorCode, FieldIssue, IssuePath } from '../shared/errors.ts';

export class ApiError extends HTTPException {
  readonly body: ErrorBody;
  /** Headers sent with the error (Retry-After with a 429). */
  readonly headers: Record<string, string> = {};
  constructor(status: ContentfulStatusCode, code: ErrorBody['error']['code'], issues?: FieldIssue[]) {
    super(status, { message: code });
    this.body = { error: issues ? { code, issues } : { code } };
  }
}

/** 422 with every failing field at once. */
export function validationError(issues: FieldIssue[]): ApiError {
  return new ApiError(422, 'validation', issues);
}

export function apiError(status: ContentfulStatusCode, code: ErrorCode, issues?: FieldIssue[]): ApiError {
  return new ApiError(status, code, issues);
}

/** 429 `rate_limited`, saying when to try again (in the body for the app, and as Retry-After). */
export function rateLimitedError(retryAfterSeconds: number): ApiError {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  const error = new ApiError(429, 'rate_limited', [{ path: ['body'], code: 'rate_limited' }]);
  error.body.error.retryAfter = seconds;
  error.headers['Retry-After'] = String(seconds);
  return error;
}

/** A refusal about one part of the request (`['body']`, `['headers', 'content-type']`, `['url']`): the code names it at that path. */
export function refusal(status: ContentfulStatusCode, code: ErrorCode, path: IssuePath): ApiError {
  return new ApiError(status, code, [{ path, code }]);
}
