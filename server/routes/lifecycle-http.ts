/**
 * What the lifecycle routes (staff and resident) share: reading a JSON body,
 * validating it with its schema (every failing field, with its path), the
 * Idempotency-Key header, and turning a refused action into its HTTP answer.
 */
import type { Context, MiddlewareHandler } from 'hono';
import * as v from 'valibot';
import { toFieldIssues } from '../../shared/errors.ts';
import { LIMITS } from '../../shared/schemas/complaint.ts';
import type { ActionOutcome, RequestedAction } from '../domain/lifecycle/actions.ts';
import { bodyLimit } from '../body-limit.ts';
import { apiError, refusal, validationError } from '../http-errors.ts';
import { UUID, parseStorable } from './complaints.ts';

/** A JSON body of at most the size of a complaint's JSON. */
export const jsonBodyLimit: MiddlewareHandler = bodyLimit(LIMITS.jsonBodyBytes);

/** The request's JSON body, checked against `schema`: 415, 400 or 422 with field paths when it is not right. */
export async function readBody<S extends v.GenericSchema>(c: Context, schema: S): Promise<v.InferOutput<S>> {
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  if (!type.startsWith('application/json')) {
    throw apiError(415, 'content_type', [{ path: ['headers', 'content-type'], code: 'content_type' }]);
  }
  const text = await c.req.text();
  if (text.trim() === '') throw apiError(400, 'body_empty', [{ path: ['body'], code: 'body_empty' }]);
  let body: unknown;
  try {
    body = parseStorable(text);
  } catch {
    throw apiError(400, 'malformed_json', [{ path: ['body'], code: 'malformed_json' }]);
  }
  // valibot's object schemas take an array for an object: an array body is the wrong type.
  const parsed = v.safeParse(schema, Array.isArray(body) ? null : body);
  if (!parsed.success) throw validationError(toFieldIssues(parsed.issues));
  return parsed.output;
}

/** The Idempotency-Key header as a lower-case UUID; required or optional. */
export function idempotencyKey(c: Context, required: boolean): string | undefined {
  const key = c.req.header('idempotency-key');
  if (key === undefined || key === '') {
    if (required) throw apiError(400, 'idempotency_key', [{ path: ['headers', 'idempotency-key'], code: 'required' }]);
    return undefined;
  }
  if (!UUID.test(key)) throw apiError(400, 'idempotency_key', [{ path: ['headers', 'idempotency-key'], code: 'type' }]);
  return key.toLowerCase();
}

/**
 * A refused action as the API answers it: a field at fault is a 422 with its path, like any
 * validation error; a refusal about the complaint's state or the caller names the action's URL.
 */
export function refusedAction(outcome: Extract<ActionOutcome, { ok: false }>): never {
  if (outcome.status === 422 && outcome.path) throw validationError([{ path: outcome.path, code: outcome.code }]);
  throw refusal(outcome.status, outcome.code, outcome.path ?? ['url']);
}

/** Drops keys whose value is undefined (optional answers left out). */
export function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** One action's route: the schema of its body (for OpenAPI too) and how the checked body becomes the action. */
export interface ActionRoute {
  schema: v.GenericSchema;
  /** Reads and validates the body, then makes the state machine's action from it. */
  read(c: Context): Promise<RequestedAction>;
}

export function actionRoute<S extends v.GenericSchema>(schema: S, action: (body: v.InferOutput<S>) => RequestedAction): ActionRoute {
  return { schema, read: async (c) => action(await readBody(c, schema)) };
}
