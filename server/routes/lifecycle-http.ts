/**
 * What the lifecycle routes (staff and resident) share: reading a JSON body,
 * validating it with its schema (every failing field, with its path), the
 * Idempotency-Key header, and turning a refused action into its HTTP answer.
 */
import type { Context, MiddlewareHandler } from 'hono';
import * as v from 'valibot';
import { toFieldIssues } from '../../shared/errors.ts';
import { LIMITS } from '../../shared/schemas/complaint.ts';
import { createHash } from 'node:crypto';
import { MessageSchema } from '../../shared/schemas/lifecycle.ts';
import type { VerifiedAttachment } from '../domain/complaints.ts';
import type { ActionOutcome, RequestedAction } from '../domain/lifecycle/actions.ts';
import { readAttachment } from '../domain/lifecycle/message-files.ts';
import type { Queryable } from '../domain/lifecycle/record.ts';
import { bodyLimit } from '../body-limit.ts';
import { apiError, refusal, validationError } from '../http-errors.ts';
import { UUID, checkSubmission, parseStorable, readSubmission, submissionBodyLimit } from './complaints.ts';

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

/** An action as read from a request, with the files that came with it (checked by their bytes). */
export interface ReadAction {
  action: RequestedAction;
  files: VerifiedAttachment[];
}

/** One action's route: the schema of its body (for OpenAPI too) and how the checked body becomes the action. */
export interface ActionRoute {
  schema: v.GenericSchema;
  /** Takes `multipart/form-data` with photos and documents as well as JSON. */
  files?: true;
  /** Reads and validates the body, then makes the state machine's action from it. */
  read(c: Context): Promise<ReadAction>;
}

export function actionRoute<S extends v.GenericSchema>(schema: S, action: (body: v.InferOutput<S>) => RequestedAction): ActionRoute {
  return { schema, read: async (c) => ({ action: action(await readBody(c, schema)), files: [] }) };
}

/**
 * Sending a message (Code 6.8), either way: JSON `{ text }`, or multipart with that as its `message`
 * part and up to five `attachments`, read and checked exactly as a new complaint's are
 * (./complaints.ts); every problem is a 422 with its field path. The files' hashes make the action's
 * fingerprint, so the same message sent again with the same Idempotency-Key is recognised.
 */
export const messageRoute: ActionRoute = {
  schema: MessageSchema,
  files: true,
  async read(c) {
    const checked = await checkSubmission(MessageSchema, await readSubmission(c, 'message'));
    if (!checked.ok) throw validationError(checked.issues);
    const attachments = checked.files.map((file) => ({
      filename: file.filename,
      mediaType: file.mediaType,
      size: file.content.byteLength,
      sha256: createHash('sha256').update(file.content).digest('hex'),
    }));
    return { action: { type: 'send_message', text: checked.output.text, attachments }, files: checked.files };
  },
};

/** The body limit for an action: a complaint's for one that takes files, JSON's otherwise. */
export function actionBodyLimit(routes: Record<string, ActionRoute>): MiddlewareHandler {
  return (c, next) => (routes[c.req.param('action') ?? '']?.files ? submissionBodyLimit(c, next) : jsonBodyLimit(c, next));
}

/**
 * A file of a complaint as a download (a message's, or with no `messageId` in the address the
 * complaint's own), once the route's middleware has checked who is asking: 404 for a file that
 * does not exist or an address that could name none. Never shown inline, never cached on the way.
 */
export async function fileDownload(c: Context, db: Queryable, reference: string) {
  const messageId = c.req.param('messageId') ?? null;
  const position = c.req.param('position') ?? '';
  if ((messageId !== null && !/^m\d{1,6}$/.test(messageId)) || !/^\d{1,2}$/.test(position)) throw refusal(404, 'not_found', ['url']);
  const file = await readAttachment(db, reference, messageId, Number(position));
  if (!file) throw refusal(404, 'not_found', ['url']);
  return c.body(file.content as Uint8Array<ArrayBuffer>, 200, {
    'Content-Type': file.mediaType,
    'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
    'Cache-Control': 'private, no-store',
    'X-Content-Type-Options': 'nosniff',
  });
}
